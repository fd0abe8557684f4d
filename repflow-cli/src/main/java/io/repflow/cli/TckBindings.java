package io.repflow.cli;

import io.repflow.tck.BackendDiscoveryContract;
import io.repflow.tck.FlowBlockContract;
import io.repflow.tck.FlowConvFlowContract;
import io.repflow.tck.FlowForwardContract;
import io.repflow.tck.FlowGradientContract;
import io.repflow.tck.FusionContract;
import io.repflow.tck.ModelParityContract;
import io.repflow.tck.ModelTrainingContract;
import io.repflow.tck.TrainingConvergenceContract;
import java.util.List;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The TCK's contracts bound to a backend chosen at run time: each subclass takes the backend id from
 * the launcher's configuration parameter {@value #BACKEND_PARAMETER}, so one class serves every
 * installed backend.
 */
final class TckBindings {

    static final String BACKEND_PARAMETER = "repflow.tck.backend";

    private TckBindings() {}

    /** The contracts in the order the table lists them; the last one trains for minutes. */
    static List<Class<?>> contracts() {
        return List.of(
                Discovery.class,
                Forward.class,
                Gradient.class,
                FusionModes.class,
                Block.class,
                Fcf.class,
                ModelParity.class,
                ModelTraining.class,
                Convergence.class);
    }

    /** Supplies the backend id to the contracts' constructors. */
    public static final class BackendId implements ParameterResolver {
        @Override
        public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
            return parameter.getParameter().getType() == String.class
                    && parameter.getDeclaringExecutable() instanceof java.lang.reflect.Constructor;
        }

        @Override
        public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
            return context.getConfigurationParameter(BACKEND_PARAMETER)
                    .orElseThrow(() ->
                            new IllegalStateException("no backend id in configuration parameter " + BACKEND_PARAMETER));
        }
    }

    /** Skips every check that has not started once a signal came ({@link StopSignals}). */
    public static final class StopBetweenChecks implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            return StopSignals.received()
                    .map(s -> ConditionEvaluationResult.disabled("not run: interrupted by SIG" + s))
                    .orElse(ConditionEvaluationResult.enabled("no signal"));
        }
    }

    @ExtendWith({BackendId.class, StopBetweenChecks.class})
    public static class Discovery extends BackendDiscoveryContract {
        public Discovery(String id) {
            super(id);
        }
    }

    @ExtendWith({BackendId.class, StopBetweenChecks.class})
    public static class Forward extends FlowForwardContract {
        public Forward(String id) {
            super(id);
        }
    }

    @ExtendWith({BackendId.class, StopBetweenChecks.class})
    public static class Gradient extends FlowGradientContract {
        public Gradient(String id) {
            super(id);
        }
    }

    @ExtendWith({BackendId.class, StopBetweenChecks.class})
    public static class FusionModes extends FusionContract {
        public FusionModes(String id) {
            super(id);
        }
    }

    @ExtendWith({BackendId.class, StopBetweenChecks.class})
    public static class Block extends FlowBlockContract {
        public Block(String id) {
            super(id);
        }
    }

    @ExtendWith({BackendId.class, StopBetweenChecks.class})
    public static class Fcf extends FlowConvFlowContract {
        public Fcf(String id) {
            super(id);
        }
    }

    @ExtendWith({BackendId.class, StopBetweenChecks.class})
    public static class ModelParity extends ModelParityContract {
        public ModelParity(String id) {
            super(id);
        }
    }

    @ExtendWith({BackendId.class, StopBetweenChecks.class})
    public static class ModelTraining extends ModelTrainingContract {
        public ModelTraining(String id) {
            super(id);
        }
    }

    @ExtendWith({BackendId.class, StopBetweenChecks.class})
    public static class Convergence extends TrainingConvergenceContract {
        public Convergence(String id) {
            super(id);
        }
    }
}
