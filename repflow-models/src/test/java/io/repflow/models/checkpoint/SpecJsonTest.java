package io.repflow.models.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.repflow.api.FlowConfig;
import io.repflow.api.FusionMode;
import io.repflow.api.ImageGradient;
import io.repflow.api.Learnable;
import io.repflow.models.arch.FlowBlockKind;
import io.repflow.models.arch.FlowPlacement;
import io.repflow.models.arch.ResNetDepth;
import io.repflow.models.arch.ResNetKind;
import io.repflow.models.arch.ResNets;
import io.repflow.models.spec.ClipShape;
import io.repflow.models.spec.ModelSpec;
import org.junit.jupiter.api.Test;

class SpecJsonTest {

    @Test
    void everyArchitectureRoundTrips() {
        FlowConfig flow = FlowConfig.builder()
                .channels(16)
                .iterations(7)
                .theta(0.25)
                .learnable(Learnable.all())
                .imageGradient(ImageGradient.SOBEL)
                .build();
        for (ResNetKind kind : ResNetKind.values()) {
            for (FlowBlockKind block : FlowBlockKind.values()) {
                for (FusionMode fusion : FusionMode.values()) {
                    ModelSpec spec = ResNets.builder(kind, ResNetDepth.R18)
                            .clip(ClipShape.rgb(8, 64))
                            .classes(7)
                            .dropout(0.5)
                            .flow(new FlowPlacement(1, block, flow, 1, fusion))
                            .build();
                    assertEquals(spec, SpecJson.fromJson(SpecJson.toJson(spec)), spec.name());
                }
            }
        }
        ModelSpec r50 =
                ResNets.builder(ResNetKind.PER_FRAME_2D, ResNetDepth.R50).build();
        assertEquals(r50, SpecJson.read(SpecJson.write(r50)));
    }

    @Test
    void badJsonNamesTheField() {
        String json = SpecJson.write(
                        ResNets.builder(ResNetKind.R3D, ResNetDepth.R18).build())
                .replace("\"numClasses\"", "\"classes\"");
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class, () -> SpecJson.read(json));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("'numClasses' is missing"), e.getMessage());
    }
}
