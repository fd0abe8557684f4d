package io.repflow.tck.selftest;

import io.repflow.api.FlowBlockConfig;
import io.repflow.api.FlowConfig;
import io.repflow.api.FusionConfig;
import io.repflow.api.HostTensor;
import io.repflow.api.Mode;
import io.repflow.api.ParameterInit;
import io.repflow.api.Shape;
import io.repflow.reference.ReferenceBackend;
import io.repflow.reference.ReferenceFlow;
import io.repflow.reference.ReferenceFlowBlock;
import io.repflow.reference.ReferenceFlowLayer;
import io.repflow.reference.ReferenceFusion;
import io.repflow.spi.Backend;
import io.repflow.spi.BackendConfig;
import io.repflow.spi.BackendProvider;
import io.repflow.spi.Capability;
import io.repflow.spi.Device;
import io.repflow.spi.FlowBlock;
import io.repflow.spi.FlowLayer;
import io.repflow.spi.Fusion;
import io.repflow.spi.Gradients;
import io.repflow.spi.UnsupportedCapabilityException;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Backends for the TCK's tests of itself: deliberately broken variants of the reference that the
 * contracts must catch (the reference itself is installed by this jar as
 * {@link ReferenceBackendProvider}). Registered in this module's test META-INF/services only.
 */
final class SelfTestBackends {

    private SelfTestBackends() {}

    /** A provider over a backend factory, refusing GPUs like a CPU-only engine. */
    abstract static class Provider implements BackendProvider {
        private final String id;
        private final Set<Capability> capabilities;
        private final Function<BackendConfig, Backend> factory;

        Provider(String id, Set<Capability> capabilities, Function<BackendConfig, Backend> factory) {
            this.id = id;
            this.capabilities = capabilities;
            this.factory = factory;
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public int priority() {
            return -100;
        }

        @Override
        public Set<Capability> capabilities() {
            return capabilities;
        }

        @Override
        public String description() {
            return "TCK self-test backend '" + id + "' on the float64 reference";
        }

        @Override
        public Backend create(BackendConfig config) {
            if (config.device().kind() != Device.Kind.CPU) {
                throw UnsupportedCapabilityException.noGpu(id, config.device(), "a CPU-only self-test backend");
            }
            return factory.apply(config);
        }
    }

    /** The reference without GRADIENTS: optional gradient checks must skip, required ones still pass. */
    public static final class NoGradients extends Provider {
        public NoGradients() {
            super(
                    "reference-no-gradients",
                    EnumSet.of(Capability.INFERENCE),
                    c -> new ReferenceBackend("reference-no-gradients", c.seed()) {
                        @Override
                        public Set<Capability> capabilities() {
                            return EnumSet.of(Capability.INFERENCE);
                        }
                    });
        }
    }

    /** The reference, remembering the threads of every config it was opened with (the kit's threads reach it). */
    public static final class ThreadsSeen extends Provider {
        static final List<Integer> SEEN = new java.util.concurrent.CopyOnWriteArrayList<>();

        public ThreadsSeen() {
            super("reference-threads-seen", ReferenceBackend.capabilities0(), c -> {
                SEEN.add(c.threads());
                return new ReferenceBackend("reference-threads-seen", c.seed());
            });
        }
    }

    /** Input gradients of the flow layer with the wrong sign. */
    public static final class GradientSign extends Provider {
        public GradientSign() {
            super(
                    "broken-gradient-sign",
                    ReferenceBackend.capabilities0(),
                    c -> new ReferenceBackend("broken-gradient-sign", c.seed()) {
                        @Override
                        public FlowLayer flowLayer(FlowConfig config) {
                            return new ReferenceFlowLayer(config) {
                                @Override
                                public Gradients backward(Mode mode, List<HostTensor> inputs, HostTensor gradOutput) {
                                    Gradients g = super.backward(mode, inputs, gradOutput);
                                    return new Gradients(
                                            g.inputs().stream()
                                                    .map(SelfTestBackends::negate)
                                                    .toList(),
                                            g.parameters());
                                }
                            };
                        }
                    });
        }
    }

    /** The border image gradient from F1 (the authors' code) instead of F2. */
    public static final class BorderFromF1 extends Provider {
        public BorderFromF1() {
            super(
                    "broken-border-from-f1",
                    ReferenceBackend.capabilities0(),
                    c -> variant("broken-border-from-f1", c, ReferenceFlow.Variant.BORDER_FROM_F1));
        }
    }

    /** tau fixed at its default. */
    public static final class TauIgnored extends Provider {
        public TauIgnored() {
            super(
                    "broken-tau-ignored",
                    ReferenceBackend.capabilities0(),
                    c -> variant("broken-tau-ignored", c, ReferenceFlow.Variant.TAU_IGNORED));
        }
    }

    /** Fusion with the RGB features of the last frames instead of the first. */
    public static final class FusionLastFrames extends Provider {
        public FusionLastFrames() {
            super(
                    "broken-fusion-last-frames",
                    ReferenceBackend.capabilities0(),
                    c -> new ReferenceBackend("broken-fusion-last-frames", c.seed()) {
                        @Override
                        public Fusion fusion(FusionConfig config) {
                            return new ReferenceFusion(
                                    config, ParameterInit.initialise(config.parameterShapes(), p -> null, c.seed())) {
                                @Override
                                public HostTensor forward(Mode mode, List<HostTensor> inputs) {
                                    return super.forward(mode, lastFrames(inputs));
                                }

                                @Override
                                public Gradients backward(Mode mode, List<HostTensor> inputs, HostTensor gradOutput) {
                                    Gradients g = super.backward(mode, lastFrames(inputs), gradOutput);
                                    return new Gradients(
                                            List.of(
                                                    HostTensor.zeros(
                                                            inputs.get(0).shape()),
                                                    g.input(1)),
                                            g.parameters());
                                }
                            };
                        }
                    });
        }
    }

    /** A backward pass that also updates the batch-norm running statistics. */
    public static final class StatisticsInBackward extends Provider {
        public StatisticsInBackward() {
            super(
                    "broken-statistics-in-backward",
                    ReferenceBackend.capabilities0(),
                    c -> new ReferenceBackend("broken-statistics-in-backward", c.seed()) {
                        @Override
                        public FlowBlock flowBlock(FlowBlockConfig config) {
                            return new ReferenceFlowBlock(config, config.initialParameters(c.seed())) {
                                @Override
                                public Gradients backward(Mode mode, List<HostTensor> inputs, HostTensor gradOutput) {
                                    forward(mode, inputs);
                                    return super.backward(mode, inputs, gradOutput);
                                }
                            };
                        }
                    });
        }
    }

    private static Backend variant(String id, BackendConfig c, ReferenceFlow.Variant variant) {
        return new ReferenceBackend(id, c.seed()) {
            @Override
            public FlowLayer flowLayer(FlowConfig config) {
                return new ReferenceFlowLayer(config) {
                    @Override
                    protected ReferenceFlow newFlow(FlowConfig fc) {
                        return new ReferenceFlow(fc, variant);
                    }
                };
            }

            @Override
            public FlowBlock flowBlock(FlowBlockConfig config) {
                return new ReferenceFlowBlock(config, config.initialParameters(c.seed())) {
                    @Override
                    protected ReferenceFlow newFlow(FlowConfig fc) {
                        return new ReferenceFlow(fc, variant);
                    }
                };
            }
        };
    }

    private static HostTensor negate(HostTensor t) {
        float[] d = t.toArray();
        for (int i = 0; i < d.length; i++) {
            d[i] = -d[i];
        }
        return HostTensor.wrap(d, t.shape());
    }

    /** rgb cut to the flow's frame count from the end instead of the start. */
    private static List<HostTensor> lastFrames(List<HostTensor> inputs) {
        HostTensor rgb = inputs.get(0);
        HostTensor flow = inputs.get(1);
        if (rgb.rank() != 5 || rgb.dim(2) == flow.dim(2)) {
            return inputs;
        }
        Shape s = rgb.shape();
        int t = s.dim(2);
        int keep = flow.dim(2);
        int hw = s.dim(3) * s.dim(4);
        float[] out = new float[s.dim(0) * s.dim(1) * keep * hw];
        for (int bc = 0; bc < s.dim(0) * s.dim(1); bc++) {
            for (int k = 0; k < keep * hw; k++) {
                out[bc * keep * hw + k] = rgb.flat((bc * t + t - keep) * hw + k);
            }
        }
        return List.of(HostTensor.wrap(out, Shape.of(s.dim(0), s.dim(1), keep, s.dim(3), s.dim(4))), flow);
    }
}
