package io.repflow.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.repflow.api.Shape;
import io.repflow.models.spec.ModelSpec;
import org.junit.jupiter.api.Test;

/** The benchmark's networks are the paper's: parameter counts, inputs and outputs. */
class PaperModelTest {

    @Test
    void parameterCountsMatchThePublishedResNets() {
        // repflow-models checks these against torchvision 0.14 (its README's table)
        VideoShape v = VideoShape.PAPER_SMALL;
        assertEquals(24_237_622L, PaperModel.REPFLOW_R50.spec(v).parameterCount());
        assertEquals(
                47_221_926L,
                PaperModel.RGB_R50.spec(v).parameterCount()
                        + PaperModel.FLOW_R50.spec(v).parameterCount());
        // ResNet-34 with 51 classes: torchvision's 21,797,672 minus its 1000-class head plus a 51-class one
        assertEquals(
                21_797_672L - 512 * 1000 - 1000 + 512 * 51 + 51,
                PaperModel.RGB_R34.spec(v).parameterCount());
    }

    @Test
    void flowStreamReadsTheFlowOfEveryPair() {
        VideoShape v = VideoShape.PAPER_LARGE;
        assertEquals(Shape.of(1, 2, 31, 224, 224), PaperModel.FLOW_R34.inputShape(v, 1));
        assertEquals(Shape.of(2, 3, 32, 224, 224), PaperModel.REPFLOW_R34.inputShape(v, 2));
    }

    @Test
    void repFlowNetworksCarryTheBlockAfterStageThree() {
        ModelSpec single = PaperModel.REPFLOW_R34.spec(VideoShape.PAPER_SMALL);
        ModelSpec fcf = PaperModel.FCF_R34.spec(VideoShape.PAPER_SMALL);
        assertTrue(
                single.parameterShapes().containsKey("rep_flow.flow.theta"),
                single.parameterShapes().keySet().toString());
        assertTrue(fcf.parameterShapes().containsKey("rep_flow.flow1.theta")
                && fcf.parameterShapes().containsKey("rep_flow.flow2.theta"));
        assertEquals(Shape.of(1, PaperModel.CLASSES), single.outputShape(1));
        assertEquals(Shape.of(1, PaperModel.CLASSES), fcf.outputShape(1));
    }

    @Test
    void twoStreamPairsByDepth() {
        assertEquals(PaperModel.RGB_R50, PaperModel.rgbStream(PaperModel.REPFLOW_R50.depth()));
        assertEquals(PaperModel.FLOW_R34, PaperModel.flowStream(PaperModel.FCF_R34.depth()));
        assertEquals(PaperModel.FCF_R34, PaperModel.of("fcf-r34"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PaperModel.of("resnet-9"));
        assertTrue(e.getMessage().contains("resnet-9") && e.getMessage().contains("repflow-r34"), e.getMessage());
    }
}
