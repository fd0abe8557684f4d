package io.repflow.models.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.repflow.api.HostTensor;
import io.repflow.api.Shape;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The safetensors layout, checked against a hand-written Python parser in both directions. */
class SafeTensorsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path SCRIPT = Path.of("src/test/python/safetensors_layout.py");

    @TempDir
    Path dir;

    @Test
    void javaWritesWhatPythonReads() throws Exception {
        Map<String, HostTensor> tensors = new LinkedHashMap<>();
        tensors.put("stem.conv.weight", HostTensor.normal(1, 1f, 4, 3, 3, 3));
        tensors.put("stem.bn.running_var", HostTensor.of(new float[] {1f, Float.MIN_VALUE, -0f, Float.MAX_VALUE}, 4));
        tensors.put("fc.bias", HostTensor.uniform(2, -1, 1, 5));
        tensors.put("a.theta", HostTensor.scalar(0.3f));
        Map<String, String> meta = Map.of("format", "pt", "model", "tiny");
        Path file = dir.resolve("model.safetensors");
        SafeTensors.write(file, tensors, meta);

        ObjectNode expected = JSON.createObjectNode();
        expected.set("metadata", JSON.valueToTree(meta));
        ObjectNode ts = expected.putObject("tensors");
        tensors.forEach((name, t) -> {
            ObjectNode n = ts.putObject(name);
            n.set("shape", JSON.valueToTree(t.dims()));
            var bits = n.putArray("bits");
            for (int i = 0; i < t.size(); i++) {
                bits.add(Integer.toUnsignedLong(Float.floatToRawIntBits(t.flat(i))));
            }
        });
        Path expectedFile = dir.resolve("expected.json");
        Files.writeString(expectedFile, JSON.writeValueAsString(expected));
        String out = python("check", file, expectedFile);
        assertTrue(out.startsWith("OK 4 tensors"), out);

        // and the raw bytes: length prefix little-endian, data 8-aligned, first value little-endian
        byte[] raw = Files.readAllBytes(file);
        long n = ByteBuffer.wrap(raw, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(0, (8 + n) % 8);
        JsonNode header = JSON.readTree(new String(raw, 8, (int) n, StandardCharsets.UTF_8));
        assertEquals(
                List.of(0L, 4L * 108),
                List.of(
                        header.get("stem.conv.weight")
                                .get("data_offsets")
                                .get(0)
                                .asLong(),
                        header.get("stem.conv.weight")
                                .get("data_offsets")
                                .get(1)
                                .asLong()));
        assertEquals(
                tensors.get("stem.conv.weight").flat(0),
                ByteBuffer.wrap(raw, (int) (8 + n), 4)
                        .order(ByteOrder.LITTLE_ENDIAN)
                        .getFloat());
    }

    @Test
    void javaReadsWhatPythonWrites() throws Exception {
        Path file = dir.resolve("py.safetensors");
        Path expectedFile = dir.resolve("py.json");
        String out = python("write", file, expectedFile);
        assertTrue(out.startsWith("OK"), out);
        SafeTensors.Contents contents = SafeTensors.read(file);
        JsonNode expected = JSON.readTree(expectedFile.toFile());
        assertEquals("pt", contents.metadata().get("format"));
        assertEquals("python struct", contents.metadata().get("written_by"));
        List<String> names = new ArrayList<>();
        expected.get("tensors").fieldNames().forEachRemaining(names::add);
        assertEquals(names, new ArrayList<>(contents.tensors().keySet()), "file order is kept");
        for (String name : names) {
            JsonNode e = expected.get("tensors").get(name);
            HostTensor t = contents.tensors().get(name);
            int[] shape = JSON.convertValue(e.get("shape"), int[].class);
            assertEquals(Shape.of(shape), t.shape(), name);
            int[] bits = new int[t.size()];
            int[] want = new int[t.size()];
            for (int i = 0; i < t.size(); i++) {
                bits[i] = Float.floatToRawIntBits(t.flat(i));
                want[i] = (int) e.get("bits").get(i).asLong();
            }
            assertArrayEquals(want, bits, name);
        }
    }

    @Test
    void corruptFilesAreClearErrors() throws IOException {
        Path file = dir.resolve("m.safetensors");
        SafeTensors.write(file, Map.of("w", HostTensor.normal(3, 1f, 2, 2)), Map.of());
        byte[] raw = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(raw, raw.length - 4));
        CheckpointFormatException e = assertThrows(CheckpointFormatException.class, () -> SafeTensors.read(file));
        assertTrue(e.getMessage().contains("'w'") && e.getMessage().contains("data_offsets"), e.getMessage());
        Files.write(file, new byte[] {1, 2, 3});
        assertTrue(assertThrows(CheckpointFormatException.class, () -> SafeTensors.read(file))
                .getMessage()
                .contains("8-byte"));
    }

    @Test
    void halfPrecisionDecodes() {
        assertEquals(1.0f, SafeTensors.halfToFloat((short) 0x3c00));
        assertEquals(-2.0f, SafeTensors.halfToFloat((short) 0xc000));
        assertEquals(65504f, SafeTensors.halfToFloat((short) 0x7bff));
        assertEquals(5.9604645e-8f, SafeTensors.halfToFloat((short) 0x0001));
        assertEquals(Float.POSITIVE_INFINITY, SafeTensors.halfToFloat((short) 0x7c00));
    }

    static String python(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Python.executable(), SCRIPT.toString()));
        for (String a : args) {
            cmd.add(a);
        }
        return run(cmd);
    }

    private static String python(String mode, Path file, Path expected) throws IOException, InterruptedException {
        return python(mode, file.toString(), expected.toString());
    }

    private static String run(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "python timed out");
        assertEquals(0, p.exitValue(), String.join(" ", cmd) + " failed: " + out);
        return out;
    }
}
