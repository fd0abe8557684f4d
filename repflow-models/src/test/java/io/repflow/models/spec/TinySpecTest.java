package io.repflow.models.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.repflow.api.FusionMode;
import io.repflow.api.RepFlowBlockConfig;
import io.repflow.api.Shape;
import java.util.List;
import org.junit.jupiter.api.Test;

class TinySpecTest {

    static ModelSpec tiny(boolean flow) {
        List<Layer> layers =
                new java.util.ArrayList<>(List.of(Conv2d.of("conv1", 3, 8, 3, 1), BatchNorm.of("bn1", 8), new Relu()));
        if (flow) {
            layers.add(new RepFlow("rep_flow", RepFlowBlockConfig.of(8, FusionMode.ADD)));
        }
        layers.addAll(List.of(
                Conv2d.of("conv2", 8, 8, 3, 2),
                new GlobalAvgPool(),
                new Linear("fc", 8, 4),
                new TemporalMean(),
                new Flatten()));
        return new ModelSpec("tiny", ClipShape.rgb(4, 16), 4, new Sequential("", layers));
    }

    @Test
    void shapesAndNames() {
        ModelSpec spec = tiny(true);
        assertEquals(Shape.of(2, 4), spec.outputShape(2));
        assertTrue(spec.parameters().containsKey("rep_flow.flow.theta"));
        assertEquals(ParameterGroup.FLOW, spec.group("rep_flow.flow.theta"));
        assertEquals(ParameterGroup.DEFAULT, spec.group("rep_flow.out.weight"));
        assertTrue(spec.buffers().contains("rep_flow.bn.running_var"));
        assertEquals(spec.parameterShapes().keySet(), spec.initialParameters(1).keySet());
        // conv1 3*8*9 + bn 16 + conv2 8*8*9 + fc 8*4+4; the block adds its own
        long plain = 3 * 8 * 9 + 16 + 8 * 8 * 9 + 36;
        assertEquals(plain, tiny(false).parameterCount());
    }

    @Test
    void tooShortForFlow() {
        ModelSpecException e = assertThrows(
                ModelSpecException.class,
                () -> new ModelSpec("short", ClipShape.rgb(1, 16), 4, tiny(true).network()));
        assertTrue(e.getMessage().contains("rep_flow"), e.getMessage());
    }
}
