package io.repflow.models.arch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.repflow.models.spec.ModelSpec;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TorchvisionNamesTest {

    /**
     * Every state_dict name of torchvision's model (the fixture of {@link ResNetsTest}, written by
     * src/test/python/torchvision_shapes.py) maps to the repflow tensor at the same position, and every repflow
     * tensor is reached.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "resnet18, PER_FRAME_2D, R18, 1000",
        "resnet34, PER_FRAME_2D, R34, 1000",
        "resnet50, PER_FRAME_2D, R50, 1000",
        "r3d_18, R3D, R18, 400",
        "r2plus1d_18, R2PLUS1D, R18, 400",
        "r2plus1d_50, R2PLUS1D, R50, 400",
    })
    void mapsEveryTorchvisionNameOntoTheSameTensor(String torchName, ResNetKind kind, ResNetDepth depth, int classes)
            throws IOException {
        ModelSpec spec = ResNets.builder(kind, depth).classes(classes).build();
        List<String> torch = names(torchName);
        List<String> withCounters = new ArrayList<>(torch);
        withCounters.add("bn1.num_batches_tracked");
        withCounters.add("layer1.0.downsample.1.num_batches_tracked");
        Map<String, String> mapped = TorchvisionNames.toRepflow(withCounters);
        assertEquals(torch, List.copyOf(mapped.keySet()), torchName + ": mapped names (num_batches_tracked ignored)");
        assertEquals(List.copyOf(spec.parameterShapes().keySet()), List.copyOf(mapped.values()), torchName);
    }

    @ParameterizedTest
    @CsvSource({
        "fc.weight_extra.x",
        "layer1.0.conv1.2.weight",
        "stem.2.weight",
        "classifier.weight",
        "layer1.0.downsample.2.weight"
    })
    void namesWithoutARepflowTensorAreLeftOut(String name) {
        assertTrue(TorchvisionNames.toRepflow(List.of(name)).isEmpty(), name);
    }

    private static List<String> names(String model) throws IOException {
        List<String> names = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                TorchvisionNamesTest.class.getResourceAsStream("torchvision-resnets.txt"), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                String[] f = line.split(" ");
                if (!line.startsWith("#") && f[0].equals(model) && !f[1].equals("count")) {
                    names.add(f[1]);
                }
            }
        }
        return names;
    }
}
