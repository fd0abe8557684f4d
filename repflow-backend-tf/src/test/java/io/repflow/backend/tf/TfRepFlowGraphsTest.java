package io.repflow.backend.tf;

import io.repflow.api.FlowConfig;
import io.repflow.api.HostTensor;
import io.repflow.reference.DoubleTensor;
import io.repflow.reference.ReferenceFlow;
import io.repflow.reference.SeededInputs;
import io.repflow.tck.FlowForwardContract;
import io.repflow.tck.Subject;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/** The graph-building API for TensorFlow users: a flow layer with named, initialised variables computes the reference. */
class TfRepFlowGraphsTest {

    @Test
    void flowLayerInAUsersGraphEqualsTheReference() {
        FlowConfig config = FlowConfig.builder().channels(2).iterations(9).build();
        HostTensor[] f = SeededInputs.framePairs(3, 2, 2, 10, 12);
        try (Graph g = new Graph()) {
            Ops tf = Ops.create(g);
            Placeholder<TFloat32> a = tf.placeholder(TFloat32.class, Placeholder.shape(TfTensors.shape(f[0].shape())));
            Placeholder<TFloat32> b = tf.placeholder(TFloat32.class, Placeholder.shape(TfTensors.shape(f[1].shape())));
            Operand<TFloat32> u = TfRepFlowGraphs.flowLayer(tf, "flow", a, b, config);
            org.junit.jupiter.api.Assertions.assertNotNull(
                    g.operation("flow/theta"), "variables are named <name>/<parameter>");
            try (Session s = new Session(g);
                    TFloat32 x = TfTensors.of(f[0]);
                    TFloat32 y = TfTensors.of(f[1])) {
                s.initialize();
                try (Result r = s.runner().feed(a, x).feed(b, y).fetch(u).run()) {
                    HostTensor out = TfTensors.host((TFloat32) r.get(0));
                    DoubleTensor expected =
                            new ReferenceFlow(config).forward(DoubleTensor.of(f[0]), DoubleTensor.of(f[1]));
                    FlowForwardContract.FORWARD.assertClose(
                            new Subject("tf", "TfRepFlowGraphs.flowLayer", f[0].shape(), 3, "user graph"),
                            "u",
                            out,
                            expected);
                }
            }
        }
    }
}
