package io.repflow.backend.djl.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import io.repflow.api.BatchNormConfig;
import io.repflow.api.Shape;
import java.util.Map;
import java.util.function.UnaryOperator;

/** The four tensors of one batch norm ({@code prefix.weight, .bias, .running_mean, .running_var}). */
record DjlBatchNormParameters(
        Parameter weight, Parameter bias, Parameter runningMean, Parameter runningVar, BatchNormConfig config) {

    static DjlBatchNormParameters create(
            String prefix,
            int channels,
            BatchNormConfig config,
            UnaryOperator<Parameter> add,
            Map<String, Parameter> named) {
        Shape shape = Shape.of(channels);
        DjlBatchNormParameters bn = new DjlBatchNormParameters(
                add.apply(DjlParameters.typed(prefix + ".weight", Parameter.Type.GAMMA, shape, true)),
                add.apply(DjlParameters.typed(prefix + ".bias", Parameter.Type.BETA, shape, true)),
                add.apply(DjlParameters.typed(prefix + ".running_mean", Parameter.Type.RUNNING_MEAN, shape, false)),
                add.apply(DjlParameters.typed(prefix + ".running_var", Parameter.Type.RUNNING_VAR, shape, false)),
                config);
        named.put(prefix + ".weight", bn.weight);
        named.put(prefix + ".bias", bn.bias);
        named.put(prefix + ".running_mean", bn.runningMean);
        named.put(prefix + ".running_var", bn.runningVar);
        return bn;
    }

    /** Batch statistics and a running-statistics update when training, the running statistics otherwise. */
    NDArray apply(ParameterStore store, NDArray x, boolean training) {
        return DjlBlockOps.batchNorm(
                x,
                DjlBlockOps.value(store, weight, x, training),
                DjlBlockOps.value(store, bias, x, training),
                DjlBlockOps.value(store, runningMean, x, training),
                DjlBlockOps.value(store, runningVar, x, training),
                config,
                training);
    }
}
