package io.repflow.backend.nd4j;

import io.repflow.models.spec.ParameterGroup;
import io.repflow.models.spi.SgdStep;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The SGD step of {@link io.repflow.models.spi.CompiledModel#trainStep} on ND4J arrays, in place, so
 * that weights and momentum stay in the engine's memory (on its device). Element by element in the
 * order {@link SgdStep#apply} states ({@code d = g + weightDecay * w; buf = momentum * buf + d;
 * w = w - lr * buf}, one float32 op each), so it rounds as the host rule does.
 *
 * <p>Not SameDiff's own updaters: {@code Nesterovs} is Nesterov momentum and {@code Sgd} has none,
 * so neither is PyTorch's heavy-ball rule with weight decay added to the gradient.
 */
final class Nd4jSgd {

    private Nd4jSgd() {}

    /**
     * Updates {@code weights} and {@code momentum} of every parameter of {@code groups} from
     * {@code gradients} (a parameter with no entry has a zero gradient).
     *
     * @return the L2 norm of the gradients, summed in float64
     */
    static double apply(
            SgdStep step,
            Map<String, ParameterGroup> groups,
            Map<String, INDArray> weights,
            Map<String, INDArray> momentum,
            Map<String, INDArray> gradients) {
        float m = (float) step.momentum();
        float decay = (float) step.weightDecay();
        double squares = 0;
        for (Map.Entry<String, ParameterGroup> e : groups.entrySet()) {
            String name = e.getKey();
            INDArray w = weights.get(name);
            INDArray buf = momentum.get(name);
            INDArray g = gradients.get(name);
            float lr = (float) step.learningRate(e.getValue());
            try (INDArray d = w.mul(decay)) {
                if (g != null) {
                    INDArray gw = g.reshape(w.shape());
                    d.addi(gw);
                    try (INDArray g64 = gw.castTo(DataType.DOUBLE)) {
                        double n = g64.norm2Number().doubleValue();
                        squares += n * n;
                    }
                }
                buf.muli(m).addi(d);
            }
            try (INDArray delta = buf.mul(lr)) {
                w.subi(delta);
            }
        }
        return Math.sqrt(squares);
    }
}
