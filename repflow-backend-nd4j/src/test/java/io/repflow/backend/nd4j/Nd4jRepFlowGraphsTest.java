package io.repflow.backend.nd4j;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.repflow.api.FlowConfig;
import io.repflow.api.HostTensor;
import io.repflow.api.Shape;
import io.repflow.reference.DoubleTensor;
import io.repflow.reference.ReferenceFlow;
import io.repflow.reference.SeededInputs;
import io.repflow.spi.BackendConfig;
import io.repflow.tck.FlowForwardContract;
import io.repflow.tck.Subject;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The graph-building API for SameDiff users: a flow layer in the user's own graph computes the reference. */
class Nd4jRepFlowGraphsTest {

    @Test
    void flowLayerInAUsersGraphEqualsTheReference() {
        FlowConfig config = FlowConfig.builder().channels(2).iterations(9).build();
        HostTensor[] f = SeededInputs.framePairs(3, 2, 2, 10, 12);
        try (Nd4jBackend backend =
                Nd4jBackend.open(BackendConfig.DEFAULT, new Nd4jBackendProvider().capabilities(), "test")) {
            SameDiff sd = SameDiff.create();
            SDVariable a = sd.placeHolder("f1", DataType.FLOAT, 2, 2, 10, 12);
            SDVariable b = sd.placeHolder("f2", DataType.FLOAT, 2, 2, 10, 12);
            SDVariable u = Nd4jRepFlowGraphs.flowLayer(sd, "flow", a, b, config);
            assertEquals(
                    VariableType.VARIABLE,
                    sd.getVariable("flow/theta").getVariableType(),
                    "learned parameters are variables named <name>/<parameter>");
            assertEquals(
                    VariableType.CONSTANT,
                    sd.getVariable("flow/gx").getVariableType(),
                    "frozen parameters are constants");
            INDArray x = Nd4jTensors.toNative(f[0]);
            INDArray y = Nd4jTensors.toNative(f[1]);
            INDArray out = sd.output(Map.of("f1", x, "f2", y), u.name()).get(u.name());
            HostTensor actual = Nd4jTensors.toHost(out, Shape.of(2, 4, 10, 12));
            DoubleTensor expected = new ReferenceFlow(config).forward(DoubleTensor.of(f[0]), DoubleTensor.of(f[1]));
            FlowForwardContract.FORWARD.assertClose(
                    new Subject("nd4j", "Nd4jRepFlowGraphs.flowLayer", f[0].shape(), 3, "user graph"),
                    "u",
                    actual,
                    expected);
        }
    }
}
