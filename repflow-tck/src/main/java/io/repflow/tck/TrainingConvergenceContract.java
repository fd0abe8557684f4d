package io.repflow.tck;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.repflow.api.FlowConfig;
import io.repflow.api.FusionMode;
import io.repflow.models.arch.MotionNet;
import io.repflow.models.eval.EvaluationResult;
import io.repflow.models.eval.Evaluator;
import io.repflow.models.spec.ClipShape;
import io.repflow.models.spec.ModelSpec;
import io.repflow.models.spi.CompiledModel;
import io.repflow.models.train.LearningRateSchedule;
import io.repflow.models.train.Trainer;
import io.repflow.models.train.TrainingConfig;
import io.repflow.spi.Capability;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Training convergence with the shared training loop: on {@link MovingSquares} clips (four
 * directions of motion; every single frame looks alike in every class) a tiny per-frame network
 * {@code conv -> rep-flow block -> conv -> pool -> linear} must reach {@value #MIN_ACCURACY}
 * held-out top-1, while the same network without the flow block stays near chance (at most
 * {@value #MAX_ACCURACY_WITHOUT_FLOW}; chance is 0.25). The run is sized for about 90 s of CPU on
 * a fast engine; its time is logged, not asserted (design rule 7.5).
 *
 * <p>Requires {@code MODEL_COMPILER} and {@code TRAINING}; skipped (with the reason) otherwise.
 */
@Tag(BackendContract.FULL_SIZE)
public abstract class TrainingConvergenceContract extends ModelContract {

    public static final double MIN_ACCURACY = 0.9;
    public static final double MAX_ACCURACY_WITHOUT_FLOW = 0.45;

    static final int FRAMES = 4;
    static final int SIDE = 16;
    static final int SQUARE = 4;
    static final int TRAIN_CLIPS = 256;
    static final int TEST_CLIPS = 128;
    static final int EPOCHS = 8;
    static final int BATCH = 16;
    static final long SEED = 4242L;

    private static final Logger LOG = LoggerFactory.getLogger(TrainingConvergenceContract.class);

    protected TrainingConvergenceContract(String backendId) {
        super(backendId);
    }

    /** conv 3->8, BN, ReLU, [rep-flow block (C' = 8, 10 iterations, fusion NONE)], conv 8->16, BN, ReLU, pool, linear, mean over time. */
    public static ModelSpec tinyModel(boolean withFlow) {
        FlowConfig flow =
                withFlow ? FlowConfig.builder().channels(8).iterations(10).build() : null;
        return MotionNet.spec(ClipShape.rgb(FRAMES, SIDE), MovingSquares.CLASSES, 8, flow, FusionMode.NONE);
    }

    /** The paper's optimiser (momentum 0.9, flow at 0.01x) with a constant rate. */
    public static TrainingConfig trainingConfig() {
        return new TrainingConfig(
                EPOCHS, BATCH, 0.05, 0.01, 0.9, 1e-4, new LearningRateSchedule.Constant(), SEED, 0, 0);
    }

    private EvaluationResult train(boolean withFlow) {
        optional(Capability.TRAINING, "training convergence");
        MovingSquares train = new MovingSquares(TRAIN_CLIPS, FRAMES, SIDE, SQUARE, SEED);
        MovingSquares test = new MovingSquares(TEST_CLIPS, FRAMES, SIDE, SQUARE, SEED + 1);
        long t0 = System.nanoTime();
        try (CompiledModel model = compile(tinyModel(withFlow), SEED)) {
            new Trainer(model, trainingConfig(), null, backendId()).fit(train, null);
            EvaluationResult result = new Evaluator(BATCH).evaluate(model, test);
            LOG.info(
                    "[{}] {}: held-out top-1 {} after {} epochs in {} s",
                    backendId(),
                    model.spec().name(),
                    result.top1(),
                    EPOCHS,
                    String.format("%.1f", (System.nanoTime() - t0) / 1e9));
            return result;
        }
    }

    @Test
    public void repFlowLearnsMotion() {
        EvaluationResult r = train(true);
        assertTrue(
                r.top1() >= MIN_ACCURACY,
                "[" + backendId() + "] tiny rep-flow model reached held-out top-1 " + r.top1() + " (< " + MIN_ACCURACY
                        + ") on synthetic motion after " + EPOCHS + " epochs; confusion:\n" + r.confusion());
    }

    @Test
    public void withoutFlowItStaysNearChance() {
        EvaluationResult r = train(false);
        assertTrue(
                r.top1() <= MAX_ACCURACY_WITHOUT_FLOW,
                "[" + backendId() + "] the model without a flow block reached held-out top-1 " + r.top1() + " (> "
                        + MAX_ACCURACY_WITHOUT_FLOW + "): the synthetic classes leak appearance; confusion:\n"
                        + r.confusion());
    }
}
