package io.repflow.models.arch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.repflow.api.FlowConfig;
import io.repflow.api.FusionMode;
import io.repflow.api.Shape;
import io.repflow.models.spec.ClipShape;
import io.repflow.models.spec.Conv2d;
import io.repflow.models.spec.Flatten;
import io.repflow.models.spec.GlobalAvgPool;
import io.repflow.models.spec.Linear;
import io.repflow.models.spec.ModelSpec;
import io.repflow.models.spec.ModelSpecException;
import io.repflow.models.spec.ParameterGroup;
import io.repflow.models.spec.Sequential;
import io.repflow.models.spec.TemporalMean;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ResNetsTest {

    /**
     * Published parameter counts (torchvision model docs, "num_params"), re-computed with Debian's
     * python3-torchvision 0.14.1 by src/test/python/torchvision_shapes.py.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "resnet18, PER_FRAME_2D, R18, 1000, 11689512",
        "resnet34, PER_FRAME_2D, R34, 1000, 21797672",
        "resnet50, PER_FRAME_2D, R50, 1000, 25557032",
        "r3d_18, R3D, R18, 400, 33371472",
        "r2plus1d_18, R2PLUS1D, R18, 400, 31505325",
        "r2plus1d_50, R2PLUS1D, R50, 400, 53949691",
    })
    void matchesTorchvisionTensorByTensor(
            String torchName, ResNetKind kind, ResNetDepth depth, int classes, long published) throws IOException {
        ModelSpec spec = ResNets.builder(kind, depth)
                .classes(classes)
                .clip(ClipShape.rgb(16, 112))
                .build();
        assertEquals(published, spec.parameterCount(), spec.name() + " parameter count");

        List<String[]> reference = fixture(torchName);
        assertEquals(Long.parseLong(reference.get(0)[2]), published, "fixture count of " + torchName);
        List<String[]> tensors = reference.subList(1, reference.size());
        List<Map.Entry<String, Shape>> ours =
                new ArrayList<>(spec.parameterShapes().entrySet());
        assertEquals(tensors.size(), ours.size(), "number of state_dict tensors of " + torchName);
        for (int i = 0; i < ours.size(); i++) {
            int[] dims = Arrays.stream(tensors.get(i)[2].split(","))
                    .mapToInt(Integer::parseInt)
                    .toArray();
            assertEquals(
                    Shape.of(dims),
                    ours.get(i).getValue(),
                    "tensor " + i + ": ours " + ours.get(i).getKey() + ", torchvision " + tensors.get(i)[1]);
            String suffix = tensors.get(i)[1].substring(tensors.get(i)[1].lastIndexOf('.'));
            assertTrue(ours.get(i).getKey().endsWith(suffix), ours.get(i).getKey() + " vs " + tensors.get(i)[1]);
        }
    }

    @Test
    void publishedRoundedFigures() {
        assertEquals(
                21.8,
                ResNets.builder(ResNetKind.PER_FRAME_2D, ResNetDepth.R34)
                                .classes(1000)
                                .build()
                                .parameterCount()
                        / 1e6,
                0.05);
        assertEquals(
                25.6,
                ResNets.builder(ResNetKind.PER_FRAME_2D, ResNetDepth.R50)
                                .classes(1000)
                                .build()
                                .parameterCount()
                        / 1e6,
                0.05);
    }

    @Test
    void repFlowIsAboutHalfOfTwoStream() {
        // Paper: a rep-flow network has about half the parameters of a two-stream network (an RGB CNN plus a flow CNN).
        int classes = 51;
        ModelSpec rgb = ResNets.builder(ResNetKind.PER_FRAME_2D, ResNetDepth.R50)
                .classes(classes)
                .build();
        // the flow stream reads optical flow (x and y) instead of RGB
        ModelSpec flowStream = ResNets.builder(ResNetKind.PER_FRAME_2D, ResNetDepth.R50)
                .classes(classes)
                .clip(new ClipShape(2, 16, 112, 112))
                .build();
        ModelSpec repFlow = ResNets.builder(ResNetKind.PER_FRAME_2D, ResNetDepth.R50)
                .classes(classes)
                .flow(FlowPlacement.single(3, FusionMode.ADD))
                .build();
        long twoStream = rgb.parameterCount() + flowStream.parameterCount();
        double ratio = (double) repFlow.parameterCount() / twoStream;
        // 24,237,622 / 47,221,926 = 0.513: the block adds 2.6 % to one ResNet-50
        assertTrue(
                ratio > 0.5 && ratio < 0.52,
                "rep-flow " + repFlow.parameterCount() + " / two-stream " + twoStream + " = " + ratio);
        // and the block itself is small: 1x1 conv 1024->32, 3x3 conv 64->1024, BN, 9 flow tensors
        long block = repFlow.parameterCount() - rgb.parameterCount();
        assertEquals(1024 * 32 + 1024 * 64 * 9 + 2 * 1024 + 3 + 4 * 32 * 2 + 2 * 32 * 3, block);
    }

    @Test
    void lateFusionIsTwoNetworks() {
        ModelSpec plain = ResNets.builder(ResNetKind.PER_FRAME_2D, ResNetDepth.R18)
                .classes(51)
                .build();
        ModelSpec late = ResNets.builder(ResNetKind.PER_FRAME_2D, ResNetDepth.R18)
                .classes(51)
                .flow(FlowPlacement.single(3, FusionMode.LATE))
                .build();
        ModelSpec none = ResNets.builder(ResNetKind.PER_FRAME_2D, ResNetDepth.R18)
                .classes(51)
                .flow(FlowPlacement.single(3, FusionMode.NONE))
                .build();
        assertEquals(plain.parameterCount() + none.parameterCount(), late.parameterCount());
        assertTrue(late.parameters().containsKey("rgb_net.stem.conv.weight"));
        assertTrue(late.parameters().containsKey("flow_net.rep_flow.flow.theta"));
        assertEquals(ParameterGroup.FLOW, late.group("flow_net.rep_flow.flow.lambda"));
        assertEquals(Shape.of(3, 51), late.outputShape(3));
    }

    @Test
    void everyFusionAndBlockKindBuilds() {
        for (FusionMode fusion : FusionMode.values()) {
            for (FlowBlockKind kind : FlowBlockKind.values()) {
                for (int position = 0; position <= 3; position++) {
                    FlowPlacement p =
                            new FlowPlacement(position, kind, FlowConfig.of(8).withIterations(5), 3, fusion);
                    ModelSpec spec = ResNets.builder(ResNetKind.PER_FRAME_2D, ResNetDepth.R18)
                            .classes(10)
                            .clip(ClipShape.rgb(8, 112))
                            .flow(p)
                            .dropout(0.5)
                            .build();
                    assertEquals(Shape.of(1, 10), spec.outputShape(1), spec.name());
                    assertTrue(spec.parameters().keySet().stream().anyMatch(k -> k.contains("rep_flow")), spec.name());
                }
            }
        }
        ModelSpec fof = ResNets.builder(ResNetKind.R2PLUS1D, ResNetDepth.R18)
                .flow(FlowPlacement.single(2, FusionMode.ADD).withKind(FlowBlockKind.FLOW_OF_FLOW))
                .build();
        assertTrue(fof.parameters().containsKey("rep_flow_2.flow.theta"));
        ModelSpec fcf = ResNets.builder(ResNetKind.R3D, ResNetDepth.R18)
                .flow(FlowPlacement.single(1, FusionMode.CONCAT).withKind(FlowBlockKind.FLOW_CONV_FLOW))
                .build();
        assertTrue(fcf.parameters().containsKey("rep_flow.flow2.theta"));
        assertTrue(fcf.parameters().containsKey("rep_flow.fusion.weight"));
    }

    @Test
    void framesAreLostByFlowAndTimeStrides() {
        ModelSpec spec = ResNets.builder(ResNetKind.PER_FRAME_2D, ResNetDepth.R18)
                .clip(ClipShape.rgb(8, 112))
                .classes(5)
                .flow(FlowPlacement.single(0, FusionMode.ADD).withKind(FlowBlockKind.FLOW_CONV_FLOW))
                .build();
        Shape afterBlock = spec.trace().stream()
                .filter(t -> t.path().equals("rep_flow"))
                .findFirst()
                .orElseThrow()
                .output();
        assertEquals(Shape.of(1, 3, 6, 112, 112), afterBlock);
        Shape layer4 = ResNets.builder(ResNetKind.R3D, ResNetDepth.R18).build().trace().stream()
                .filter(t -> t.path().equals("layer4.1"))
                .findFirst()
                .orElseThrow()
                .output();
        assertEquals(Shape.of(1, 512, 2, 7, 7), layer4);
    }

    @Test
    void clipTooShortForFlowConvFlowIsAClearError() {
        // r3d halves T in layer2..4: 16 frames leave 2 after layer4, and FcF needs 3
        ModelSpecException e = assertThrows(
                ModelSpecException.class,
                () -> ResNets.builder(ResNetKind.R3D, ResNetDepth.R18)
                        .flow(FlowPlacement.single(4, FusionMode.ADD).withKind(FlowBlockKind.FLOW_CONV_FLOW))
                        .build());
        assertTrue(
                e.getMessage().contains("rep_flow")
                        && e.getMessage().contains("[1, 512, 2, 7, 7]")
                        && e.getMessage().contains("at least 3"),
                e.getMessage());
        ModelSpecException single = assertThrows(
                ModelSpecException.class,
                () -> ResNets.builder(ResNetKind.PER_FRAME_2D, ResNetDepth.R18)
                        .clip(ClipShape.rgb(1, 112))
                        .flow(FlowPlacement.single(0, FusionMode.ADD))
                        .build());
        assertTrue(single.getMessage().contains("T = 1"), single.getMessage());
    }

    @Test
    void tooSmallForFlowAfterLayer4() {
        // 32x32 frames are 1x1 after layer4: no image gradient
        ModelSpecException e = assertThrows(
                ModelSpecException.class,
                () -> ResNets.builder(ResNetKind.PER_FRAME_2D, ResNetDepth.R18)
                        .clip(ClipShape.rgb(4, 32))
                        .flow(FlowPlacement.single(4, FusionMode.ADD))
                        .build());
        assertTrue(
                e.getMessage().contains("[1, 512, 4, 1, 1]") && e.getMessage().contains("H and W must be >= 2"),
                e.getMessage());
    }

    @Test
    void spatialCollapseIsAClearError() {
        Sequential net = Sequential.of(
                "",
                new Conv2d("conv", 3, 8, 7, 1, 0, false),
                new GlobalAvgPool(),
                new Linear("fc", 8, 2),
                new TemporalMean(),
                new Flatten());
        ModelSpecException e =
                assertThrows(ModelSpecException.class, () -> new ModelSpec("tiny", ClipShape.rgb(2, 5), 2, net));
        assertTrue(
                e.getMessage().contains("layer conv")
                        && e.getMessage().contains("collapses to 0")
                        && e.getMessage().contains("[1, 3, 2, 5, 5]"),
                e.getMessage());
    }

    @Test
    void wrongHeadIsAClearError() {
        Sequential net = Sequential.of(
                "",
                new Conv2d("conv", 3, 8, 3, 1, 1, false),
                new GlobalAvgPool(),
                new Linear("fc", 8, 2),
                new Flatten());
        ModelSpecException e =
                assertThrows(ModelSpecException.class, () -> new ModelSpec("tiny", ClipShape.rgb(2, 5), 2, net));
        assertTrue(e.getMessage().contains("Flatten") && e.getMessage().contains("[1, 2, 2, 1, 1]"), e.getMessage());
    }

    private static List<String[]> fixture(String model) throws IOException {
        List<String[]> rows = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                ResNetsTest.class.getResourceAsStream("torchvision-resnets.txt"), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                String[] f = line.split(" ");
                if (!line.startsWith("#") && f[0].equals(model)) {
                    rows.add(f);
                }
            }
        }
        return rows;
    }
}
