package io.repflow.tck.selftest;

import io.repflow.api.HostTensor;
import io.repflow.api.Mode;
import io.repflow.models.spec.ModelSpec;
import io.repflow.models.spi.Batch;
import io.repflow.models.spi.CompiledModel;
import io.repflow.models.spi.LossAndGradients;
import io.repflow.models.spi.ModelCompiler;
import io.repflow.models.spi.SgdStep;
import io.repflow.models.spi.StepResult;
import io.repflow.reference.ReferenceBackend;
import io.repflow.reference.ReferenceCompiledModel;
import io.repflow.spi.Backend;
import io.repflow.spi.BackendConfig;
import io.repflow.spi.BackendProvider;
import io.repflow.spi.Capability;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The reference without a model compiler (id {@code reference-no-models}), and deliberately broken
 * compilers that the model contracts must fail. Test class path only.
 */
final class ModelSelfTestBackends {

    private ModelSelfTestBackends() {}

    abstract static class Provider implements BackendProvider {
        private final String id;
        private final UnaryOperator<CompiledModel> damage;

        Provider(String id, UnaryOperator<CompiledModel> damage) {
            this.id = id;
            this.damage = damage;
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public int priority() {
            return -200;
        }

        @Override
        public Set<Capability> capabilities() {
            Set<Capability> c = EnumSet.copyOf(ReferenceBackend.capabilities0());
            c.add(Capability.MODEL_COMPILER);
            c.add(Capability.TRAINING);
            return c;
        }

        @Override
        public String description() {
            return "model self-test backend " + id;
        }

        @Override
        public Backend create(BackendConfig config) {
            ModelCompiler compiler = (spec, seed) -> damage.apply(new ReferenceCompiledModel(spec, seed));
            return new ReferenceBackend(id, config.seed()) {
                @Override
                public Set<Capability> capabilities() {
                    return Provider.this.capabilities();
                }

                @Override
                public <T> Optional<T> extension(Class<T> type) {
                    return type == ModelCompiler.class ? Optional.of(type.cast(compiler)) : Optional.empty();
                }
            };
        }
    }

    /** The reference without MODEL_COMPILER (and TRAINING): the model contracts must skip, saying why. */
    public static final class NoModelCompiler implements BackendProvider {
        private static final String ID = "reference-no-models";

        private static Set<Capability> without() {
            Set<Capability> c = EnumSet.copyOf(ReferenceBackend.capabilities0());
            c.remove(Capability.MODEL_COMPILER);
            c.remove(Capability.TRAINING);
            return c;
        }

        @Override
        public String id() {
            return ID;
        }

        @Override
        public int priority() {
            return -200;
        }

        @Override
        public Set<Capability> capabilities() {
            return without();
        }

        @Override
        public String description() {
            return "model self-test backend " + ID;
        }

        @Override
        public Backend create(BackendConfig config) {
            return new ReferenceBackend(ID, config.seed()) {
                @Override
                public Set<Capability> capabilities() {
                    return without();
                }

                @Override
                public <T> Optional<T> extension(Class<T> type) {
                    return Optional.empty();
                }
            };
        }
    }

    /** Forgets momentum: every step is plain SGD. */
    public static final class NoMomentum extends Provider {
        public NoMomentum() {
            super("broken-no-momentum", m -> new Delegating(m) {
                @Override
                public StepResult trainStep(Batch batch, SgdStep step, long seed) {
                    return inner.trainStep(
                            batch, new SgdStep(step.learningRate(), step.flowRateScale(), 0, step.weightDecay()), seed);
                }
            });
        }
    }

    /** Trains the flow parameters at the full rate. */
    public static final class FlowAtFullRate extends Provider {
        public FlowAtFullRate() {
            super("broken-flow-full-rate", m -> new Delegating(m) {
                @Override
                public StepResult trainStep(Batch batch, SgdStep step, long seed) {
                    return inner.trainStep(
                            batch, new SgdStep(step.learningRate(), 1, step.momentum(), step.weightDecay()), seed);
                }
            });
        }
    }

    /** Evaluates with batch statistics (a common mistake: EVAL mode not passed to batch norm). */
    public static final class EvalWithBatchStatistics extends Provider {
        public EvalWithBatchStatistics() {
            super("broken-eval-batch-statistics", m -> new Delegating(m) {
                @Override
                public HostTensor forward(Mode mode, HostTensor clips) {
                    Map<String, HostTensor> saved = inner.parameters();
                    HostTensor out = inner.forward(Mode.TRAIN, clips);
                    if (mode == Mode.EVAL) {
                        inner.setParameters(saved);
                    }
                    return out;
                }
            });
        }
    }

    /** A CompiledModel that forwards everything; the broken variants override one method. */
    static class Delegating implements CompiledModel {
        final CompiledModel inner;

        Delegating(CompiledModel inner) {
            this.inner = inner;
        }

        @Override
        public ModelSpec spec() {
            return inner.spec();
        }

        @Override
        public HostTensor parameter(String name) {
            return inner.parameter(name);
        }

        @Override
        public void setParameter(String name, HostTensor value) {
            inner.setParameter(name, value);
        }

        @Override
        public HostTensor forward(Mode mode, HostTensor clips) {
            return inner.forward(mode, clips);
        }

        @Override
        public LossAndGradients gradients(Batch batch, long seed) {
            return inner.gradients(batch, seed);
        }

        @Override
        public StepResult trainStep(Batch batch, SgdStep step, long seed) {
            return inner.trainStep(batch, step, seed);
        }

        @Override
        public Map<String, HostTensor> optimizerState() {
            return inner.optimizerState();
        }

        @Override
        public void setOptimizerState(Map<String, HostTensor> state) {
            inner.setOptimizerState(state);
        }

        @Override
        public void close() {
            inner.close();
        }
    }
}
