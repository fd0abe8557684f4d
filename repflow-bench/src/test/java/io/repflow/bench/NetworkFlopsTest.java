package io.repflow.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.repflow.models.spec.ClipShape;
import io.repflow.models.spec.Conv2d;
import io.repflow.models.spec.Flatten;
import io.repflow.models.spec.GlobalAvgPool;
import io.repflow.models.spec.ModelSpec;
import io.repflow.models.spec.Sequential;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Operation counts against a hand count and torchvision's published figures. */
class NetworkFlopsTest {

    @Test
    void oneConvolutionByHand() {
        // 3x3 conv 4 -> 6 (stride 1, padding 1, no bias) on 2 frames of 10 x 10: 2 * 10 * 10 positions * 6 * 4 * 9
        ModelSpec spec = new ModelSpec(
                "conv",
                new ClipShape(4, 2, 10, 10),
                6,
                new Sequential(
                        "",
                        List.of(
                                new Conv2d("c", 4, 6, 3, 1, 1, false),
                                new GlobalAvgPool(),
                                new io.repflow.models.spec.TemporalMean(),
                                new Flatten())));
        assertEquals(2.0 * 2 * 100 * 6 * 4 * 9, NetworkFlops.perClip(spec), 0);
    }

    @Test
    void resNetsPerFrameMatchTorchvision() {
        // torchvision's model table: ResNet-34 3.66, ResNet-50 4.09 G multiply-adds per 224² image ("GFLOPS" there),
        // 1000 classes; per-frame 2D networks cost that per frame. Batch norm's scale and shift and the 51-class head
        // move it by well under 2 %.
        VideoShape three = new VideoShape(3, 224);
        assertEquals(3.66e9, NetworkFlops.perClip(PaperModel.RGB_R34.spec(three)) / 2 / 3, 0.02 * 3.66e9);
        assertEquals(4.09e9, NetworkFlops.perClip(PaperModel.RGB_R50.spec(three)) / 2 / 3, 0.02 * 4.09e9);
    }
}
