package io.repflow.backend.djl;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import io.repflow.api.FlowConfig;
import io.repflow.api.HostTensor;
import io.repflow.backend.djl.nn.DjlFlowLayer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * Benchmark runner (not a unit test: run with {@code mvn -pl repflow-backend-djl -am verify -Pbench}):
 * the flow layer, 20 iterations, forward and forward+backward at [120,32,28,28] and [8,32,56,56] on
 * 2 threads, with peak RSS per phase (VmHWM reset through /proc/self/clear_refs), and in the same run
 * the PyTorch eager Python baseline (src/test/python/flow_eager.py, one process per case). Prints a
 * markdown table and writes it to target/bench/flow-benchmark.md.
 */
class DjlFlowBenchmark {

    private static final int THREADS = 2;
    private static final int ITERATIONS = 20;
    private static final int[][] SHAPES = {{120, 32, 28, 28}, {8, 32, 56, 56}};

    @Test
    void flowLayer() throws Exception {
        assertTrue(Boolean.getBoolean("repflow.bench"), "run through the bench profile: -Pbench");
        // DJL reads these when the engine starts
        System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(THREADS));
        System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        Engine.getEngine("PyTorch");
        JniUtils.setNumThreads(THREADS);
        List<String> rows = new ArrayList<>();
        rows.add(
                "| shape | implementation | forward (s) | forward+backward (s) | peak RSS forward (MB) | peak RSS fwd+bwd (MB) |");
        rows.add("|---|---|---|---|---|---|");
        for (int[] s : SHAPES) {
            int repeats = s[0] * s[2] * s[3] > 50_000 ? 3 : 5;
            double[] djl = djl(s, repeats);
            String shape = "[" + s[0] + "," + s[1] + "," + s[2] + "," + s[3] + "]";
            rows.add(String.format(
                    Locale.ROOT,
                    "| %s | DJL %s (PyTorch %s) | %.3f | %.3f | %.0f | %.0f |",
                    shape,
                    Engine.getDjlVersion(),
                    Engine.getEngine("PyTorch").getVersion(),
                    djl[0],
                    djl[1],
                    djl[2],
                    djl[3]));
            System.out.println(rows.get(rows.size() - 1));
            for (String variant : new String[] {"transcription", "fused"}) {
                String json;
                try {
                    json = python(variant, s, repeats);
                } catch (IOException e) {
                    // e.g. killed by the kernel's OOM killer beside this JVM: the row says so, the other rows stand
                    rows.add(String.format(
                            Locale.ROOT,
                            "| %s | Python torch, %s | %s | | | |",
                            shape,
                            variant,
                            e.getMessage().strip()));
                    continue;
                }
                double fwd = field(json, "forward_s");
                double fb = field(json, "forward_backward_s");
                rows.add(String.format(
                        Locale.ROOT,
                        "| %s | Python torch %s, %s | %.3f | %.3f | %.0f | %.0f |",
                        shape,
                        text(json, "torch"),
                        variant,
                        fwd,
                        fb,
                        field(json, "peak_rss_forward_mb"),
                        field(json, "peak_rss_mb")));
                rows.add(String.format(
                        Locale.ROOT,
                        "| %s | ratio DJL / Python %s | %.2fx | %.2fx | | |",
                        shape,
                        variant,
                        djl[0] / fwd,
                        djl[1] / fb));
            }
        }
        String table = String.join("\n", rows) + "\n";
        System.out.println(table);
        Path out = Paths.get("target", "bench", "flow-benchmark.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, table, StandardCharsets.UTF_8);
    }

    /** forward s, forward+backward s, peak RSS MB of each phase. */
    private static double[] djl(int[] s, int repeats) throws IOException {
        FlowConfig config = FlowConfig.of(s[1]);
        HostTensor[] f = TestInputs.framePair(1, s[0], s[1], s[2], s[3]);
        try (NDManager manager = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            DjlFlowLayer layer = new DjlFlowLayer(config);
            Shape shape = new Shape(s[0], s[1], s[2], s[3]);
            layer.initialize(manager, DataType.FLOAT32, shape, shape);
            NDArray f1 = manager.create(f[0].toArray(), shape);
            NDArray f2 = manager.create(f[1].toArray(), shape);
            NDArray gradU = manager.randomNormal(new Shape(s[0], 2L * s[1], s[2], s[3]));
            ParameterStore store = new ParameterStore(manager, false);
            // warm-up, then the timed forwards
            try (NDManager call = manager.newSubManager()) {
                layer.forward(store, new NDList(f1, f2), false)
                        .singletonOrThrow()
                        .attach(call);
            }
            resetPeak();
            long t = System.nanoTime();
            for (int i = 0; i < repeats; i++) {
                try (NDManager call = manager.newSubManager()) {
                    layer.forward(store, new NDList(f1, f2), false)
                            .singletonOrThrow()
                            .attach(call);
                }
            }
            double forward = (System.nanoTime() - t) / 1e9 / repeats;
            double peakForward = peakMb();
            f1.setRequiresGradient(true);
            f2.setRequiresGradient(true);
            forwardBackward(layer, store, f1, f2, gradU);
            resetPeak();
            t = System.nanoTime();
            for (int i = 0; i < repeats; i++) {
                forwardBackward(layer, store, f1, f2, gradU);
            }
            double both = (System.nanoTime() - t) / 1e9 / repeats;
            return new double[] {forward, both, peakForward, peakMb()};
        }
    }

    private static void forwardBackward(
            DjlFlowLayer layer, ParameterStore store, NDArray f1, NDArray f2, NDArray gradU) {
        try (NDManager call = f1.getManager().newSubManager();
                GradientCollector collector = Engine.getEngine("PyTorch").newGradientCollector()) {
            NDArray u = layer.forward(store, new NDList(f1, f2), true).singletonOrThrow();
            u.attach(call);
            JniUtils.backward((PtNDArray) u, (PtNDArray) gradU, false, false);
            f1.getGradient().attach(call);
        }
    }

    private static String python(String variant, int[] s, int repeats) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(
                "/usr/bin/python3",
                Paths.get("src", "test", "python", "flow_eager.py").toString(),
                "bench",
                variant));
        for (int d : s) {
            cmd.add(Integer.toString(d));
        }
        cmd.addAll(List.of(Integer.toString(ITERATIONS), Integer.toString(repeats), Integer.toString(THREADS)));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit = p.waitFor();
        if (exit != 0) {
            throw new IOException("python baseline failed with exit code " + exit
                    + (exit == 137 ? " (killed: out of memory?)" : "") + " " + out);
        }
        return out.lines()
                .filter(l -> l.startsWith("{"))
                .findFirst()
                .orElseThrow(() -> new IOException("no JSON from python: " + out));
    }

    private static double field(String json, String key) {
        return Double.parseDouble(text(json, key));
    }

    private static String text(String json, String key) {
        int i = json.indexOf("\"" + key + "\":");
        int start = i + key.length() + 3;
        int end = start;
        while (end < json.length() && json.charAt(end) != ',' && json.charAt(end) != '}') {
            end++;
        }
        return json.substring(start, end).strip().replace("\"", "");
    }

    private static void resetPeak() throws IOException {
        // "5" resets the peak resident set size (VmHWM) of this process (Linux >= 4.0)
        Files.writeString(Paths.get("/proc/self/clear_refs"), "5");
    }

    private static double peakMb() throws IOException {
        for (String line : Files.readAllLines(Paths.get("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
            }
        }
        return Double.NaN;
    }
}
