package io.repflow.models.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.repflow.api.FlowConfig;
import io.repflow.api.FusionMode;
import io.repflow.api.HostTensor;
import io.repflow.api.Shape;
import io.repflow.models.arch.FlowPlacement;
import io.repflow.models.arch.MotionNet;
import io.repflow.models.arch.ResNetDepth;
import io.repflow.models.arch.ResNetKind;
import io.repflow.models.arch.ResNets;
import io.repflow.models.arch.TorchvisionNames;
import io.repflow.models.spec.ClipShape;
import io.repflow.models.spec.ModelSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PretrainedWeightsTest {

    @TempDir
    Path dir;

    /** A resnet18 2D rep-flow model for 5 classes from a torchvision-named ImageNet (1000-class) state_dict. */
    @Test
    void torchvisionWeightsLoadWithTheClassifierAndFlowBlockReinitialised() throws IOException {
        ModelSpec imagenet = ResNets.builder(ResNetKind.PER_FRAME_2D, ResNetDepth.R18)
                .classes(1000)
                .clip(ClipShape.rgb(4, 64))
                .build();
        Map<String, HostTensor> file = torchvisionNamed(imagenet, 3);
        file.put("layer1.0.bn1.num_batches_tracked", HostTensor.scalar(100));
        file.put("extra.weight", HostTensor.zeros(2));
        Path weights = dir.resolve("resnet18.safetensors");
        SafeTensors.write(weights, file, Map.of());

        ModelSpec target = ResNets.builder(ResNetKind.PER_FRAME_2D, ResNetDepth.R18)
                .classes(5)
                .clip(ClipShape.rgb(4, 64))
                .flow(FlowPlacement.single(3, FusionMode.ADD))
                .build();
        Map<String, HostTensor> initial = target.initialParameters(11);
        PretrainedWeights w = PretrainedWeights.read(weights);
        assertEquals(PretrainedWeights.Origin.TORCHVISION, w.origin());
        PretrainedWeights.Result r = w.applyTo(target, initial);

        assertEquals(file.get("conv1.weight"), r.values().get("stem.conv.weight"));
        assertEquals(
                file.get("layer2.0.downsample.1.running_var"), r.values().get("layer2.0.downsample.bn.running_var"));
        assertEquals(initial.get("fc.weight"), r.values().get("fc.weight"));
        List<String> flow = target.parameterShapes().keySet().stream()
                .filter(n -> n.startsWith("rep_flow."))
                .toList();
        assertTrue(flow.size() > 5, flow.toString());
        flow.forEach(n -> assertEquals(initial.get(n), r.values().get(n), n + " keeps its design initialisation"));
        List<String> reinitialised = new java.util.ArrayList<>(flow);
        reinitialised.addAll(List.of("fc.weight", "fc.bias"));
        assertEquals(
                reinitialised.stream().sorted().toList(),
                r.reinitialised().stream().sorted().toList());
        assertEquals(imagenet.parameterShapes().size() - 2, r.loaded().size());
        assertEquals(List.of(), r.missing());
        assertEquals(List.of("extra.weight"), r.unexpected());
        assertEquals(
                List.of(
                        "loaded: " + r.loaded().size() + " tensors",
                        "re-initialised: " + reinitialised.size() + " tensors: " + String.join(", ", r.reinitialised()),
                        "missing (kept at initialisation): none",
                        "unexpected (not used): 1 tensors: extra.weight"),
                r.lines());
    }

    @Test
    void aShapeMismatchNamesTheTensorAndBothShapes() throws IOException {
        ModelSpec spec = ResNets.builder(ResNetKind.R3D, ResNetDepth.R18)
                .classes(4)
                .clip(ClipShape.rgb(8, 32))
                .build();
        Map<String, HostTensor> file = torchvisionNamed(spec, 5);
        file.put("layer1.0.conv1.0.weight", HostTensor.zeros(64, 64, 1, 3, 3));
        Path weights = dir.resolve("r3d.safetensors");
        SafeTensors.write(weights, file, Map.of());
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> PretrainedWeights.read(weights).applyTo(spec, spec.initialParameters(1)));
        assertTrue(
                e.getMessage().contains("tensor 'layer1.0.conv1.0.weight' has shape [64, 64, 1, 3, 3]")
                        && e.getMessage().contains("needs [64, 64, 3, 3, 3] for 'layer1.0.conv1.weight'")
                        && e.getMessage().contains(weights.toString()),
                e.getMessage());
    }

    /** A repflow run (any engine) as initialisation: everything loads, the flow block too; a new classifier. */
    @Test
    void aRepflowCheckpointLoadsByNameFromItsDirectoryFileOrRun() throws IOException {
        ModelSpec four = MotionNet.spec(ClipShape.rgb(4, 16), 4, 8, FlowConfig.of(8), FusionMode.NONE);
        Map<String, HostTensor> trained = new LinkedHashMap<>();
        four.initialParameters(3)
                .forEach((k, v) -> trained.put(k, HostTensor.uniform(k.hashCode(), 0.5f, 1f, v.dims())));
        Path run = dir.resolve("run");
        Path saved = new CheckpointStore(run, 1)
                .save(new Checkpoint(new CheckpointManifest(four, null, null, Map.of(), "tf", ""), trained, Map.of()));
        ModelSpec six = MotionNet.spec(ClipShape.rgb(4, 16), 6, 8, FlowConfig.of(8), FusionMode.NONE);
        for (Path from : List.of(run, saved, saved.resolve(CheckpointStore.WEIGHTS))) {
            PretrainedWeights w = PretrainedWeights.read(from);
            assertEquals(PretrainedWeights.Origin.REPFLOW, w.origin(), from.toString());
            PretrainedWeights.Result r = w.applyTo(six, six.initialParameters(9));
            assertEquals(List.of("fc.weight", "fc.bias"), r.reinitialised(), from.toString());
            assertEquals(six.parameterShapes().size() - 2, r.loaded().size());
            assertEquals(
                    trained.get(six.flowScalars().iterator().next()),
                    r.values().get(six.flowScalars().iterator().next()));
        }
        assertThrows(IllegalArgumentException.class, () -> PretrainedWeights.read(dir.resolve("nothing")));
        Files.writeString(dir.resolve("weights.pth"), "x");
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> PretrainedWeights.read(dir.resolve("weights.pth")));
        assertTrue(e.getMessage().contains(".safetensors"), e.getMessage());
    }

    /** Random values for every tensor of {@code spec} (2D or r3d), under torchvision's names. */
    private static Map<String, HostTensor> torchvisionNamed(ModelSpec spec, long seed) {
        boolean video = spec.parameterShapes().get("stem.conv.weight").rank() == 5;
        Map<String, HostTensor> out = new LinkedHashMap<>();
        long s = seed;
        for (Map.Entry<String, Shape> e : spec.parameterShapes().entrySet()) {
            String torch = torchvisionName(e.getKey(), video);
            assertEquals(Map.of(torch, e.getKey()), TorchvisionNames.toRepflow(List.of(torch)), torch);
            out.put(torch, HostTensor.uniform(s++, -1, 1, e.getValue().dims()));
        }
        return out;
    }

    private static String torchvisionName(String repflow, boolean video) {
        String n = repflow.replace("downsample.conv.", "downsample.0.").replace("downsample.bn.", "downsample.1.");
        if (!video) {
            return n.replace("stem.conv.", "conv1.").replace("stem.bn.", "bn1.");
        }
        return n.replace("stem.conv.", "stem.0.")
                .replace("stem.bn.", "stem.1.")
                .replaceAll("\\.conv(\\d)\\.", ".conv$1.0.")
                .replaceAll("\\.bn(\\d)\\.", ".conv$1.1.");
    }
}
