package io.repflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.repflow.tck.TorchvisionParityContract;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code train --init-from}: a torchvision state_dict (made by Debian's python3-torchvision) and a repflow run, the
 * lines it prints per group, the normalisation it implies (recorded in run.json, a flag wins), and a shape
 * mismatch as a one-line error with both shapes.
 */
class InitFromTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private static final String[] TINY = {
        "--frames",
        "2",
        "--size",
        "32",
        "--train-clips",
        "8",
        "--val-clips",
        "4",
        "--batch",
        "4",
        "--epochs",
        "1",
        "--iterations",
        "2",
        "--backend",
        "djl"
    };

    @Test
    void torchvisionWeightsThenARepflowRun() throws Exception {
        Path script = dir.resolve("fixture.py");
        try (InputStream in = TorchvisionParityContract.class.getResourceAsStream("torchvision_parity_fixture.py")) {
            Files.copy(in, script);
        }
        // the 1000-class ImageNet head, as torchvision's pretrained resnet18
        Process p = new ProcessBuilder(python(), script.toString(), dir.toString(), "1000", "resnet18:2:32")
                .redirectErrorStream(true)
                .start();
        String pyOut = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), pyOut);
        Path weights = dir.resolve("resnet18.safetensors");

        CommandRunner.Result tv = CommandRunner.run(
                dir, concat(TINY, "train", "--model", "resnet18", "--init-from", weights.toString(), "-o", "tv"));
        assertEquals(0, tv.exitCode(), tv.all());
        assertTrue(tv.out().contains("initialised from " + weights + " (torchvision), inputs imagenet:"), tv.out());
        // resnet18 has 102 tensors besides num_batches_tracked; fc is re-initialised for 4 classes
        assertTrue(tv.out().contains("  loaded: 100 tensors"), tv.out());
        assertTrue(
                tv.out().matches("(?s).*  re-initialised: \\d+ tensors: rep_flow\\..*fc\\.weight, fc\\.bias\n.*"),
                tv.out());
        assertTrue(tv.out().contains("  missing (kept at initialisation): none"), tv.out());
        assertTrue(tv.out().contains("  unexpected (not used): none"), tv.out());
        JsonNode record =
                JSON.readTree(dir.resolve("tv").resolve(RunRecord.FILE).toFile());
        assertEquals("imagenet", record.get("normalize").asText());
        assertEquals(
                weights.toAbsolutePath().toString(), record.get("init-from").asText());

        CommandRunner.Result explicit = CommandRunner.run(
                dir,
                concat(
                        TINY,
                        "train",
                        "--model",
                        "resnet18",
                        "--init-from",
                        weights.toString(),
                        "--normalize",
                        "minus-one-to-one",
                        "-o",
                        "explicit"));
        assertEquals(0, explicit.exitCode(), explicit.all());
        assertEquals(
                "minus-one-to-one",
                JSON.readTree(dir.resolve("explicit").resolve(RunRecord.FILE).toFile())
                        .get("normalize")
                        .asText(),
                "an explicit --normalize wins");

        // a repflow run as initialisation: every tensor, the flow block too, and the run's normalisation
        CommandRunner.Result again = CommandRunner.run(
                dir, concat(TINY, "train", "--model", "resnet18", "--init-from", "tv", "-o", "again"));
        assertEquals(0, again.exitCode(), again.all());
        assertTrue(again.out().contains("(repflow), inputs imagenet:"), again.out());
        assertTrue(again.out().contains("  re-initialised: none"), again.out());

        // a 2D state_dict into a 3D network
        CommandRunner.Result wrong = CommandRunner.run(
                dir, concat(TINY, "train", "--model", "r3d18", "--flow", "none", "--init-from", weights.toString()));
        assertEquals(2, wrong.exitCode(), wrong.all());
        assertTrue(
                wrong.err().contains("tensor 'conv1.weight' has shape [64, 3, 7, 7] but model")
                        && wrong.err().contains("needs [64, 3, 3, 7, 7] for 'stem.conv.weight'"),
                wrong.err());
    }

    private static String[] concat(String[] tail, String... head) {
        String[] all = new String[head.length + tail.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(tail, 0, all, head.length, tail.length);
        return all;
    }

    private static String python() {
        String python = System.getProperty("repflow.python", "");
        if (!python.isBlank()) {
            return python;
        }
        return Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
    }
}
