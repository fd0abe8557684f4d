package io.repflow.bench.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.repflow.api.Mode;
import io.repflow.bench.LayerMemory;
import io.repflow.bench.LayerOperation;
import io.repflow.bench.LayerPoint;
import io.repflow.bench.report.AtomicWrite;
import io.repflow.spi.Backend;
import io.repflow.spi.FlowLayer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The layer's memory probe, run by {@link LayerMemorySuite} in a JVM of its own per backend, point and operation:
 * <pre>
 * java ... io.repflow.bench.internal.LayerMemoryProbe BACKEND POINT OPERATION OUT.json
 * </pre>
 * opens the backend (the run's threads and options), calls the layer once at {@link LayerMemory#WARM_UP} (natives
 * loaded, thread pools started), makes the inputs, reads the resident set, makes
 * {@link LayerMemory#CALLS} calls, reads the high-water mark and writes both (KiB) to {@code OUT.json}. Exit code
 * 0 when written, 1 when the call failed (the message on stderr), 2 for bad arguments.
 */
public final class LayerMemoryProbe {

    private LayerMemoryProbe() {}

    public static void main(String[] args) {
        if (args.length != 4) {
            System.err.println(
                    "usage: LayerMemoryProbe BACKEND POINT OPERATION OUT.json (got " + args.length + " arguments)");
            System.exit(2);
        }
        LayerPoint point;
        LayerOperation op;
        try {
            point = LayerPoint.parse(args[1]);
            op = LayerOperation.ofMethod(args[2]);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        try {
            ObjectNode row = measure(args[0], point, op);
            Path out = Path.of(args[3]);
            String json = new ObjectMapper().writeValueAsString(row);
            AtomicWrite.write(out, tmp -> Files.writeString(tmp, json));
        } catch (RuntimeException | IOException | OutOfMemoryError e) {
            System.err.println(args[0] + " " + op.label() + " " + point.key() + " failed: " + e);
            System.exit(1);
        }
    }

    private static ObjectNode measure(String backend, LayerPoint point, LayerOperation op) {
        try (Backend engine = BenchBackends.open(backend)) {
            // engines load their natives and start their thread pools lazily: one call on a tiny point first, so
            // that neither counts as the measured call's memory (PyTorch's baseline does the same)
            call(engine.flowLayer(LayerMemory.WARM_UP.flowConfig()), LayerInputs.at(LayerMemory.WARM_UP), op);
            LayerInputs inputs = LayerInputs.at(point);
            FlowLayer layer = engine.flowLayer(point.flowConfig());
            long before = ProcStatus.residentKib();
            for (int i = 0; i < LayerMemory.CALLS; i++) {
                call(layer, inputs, op);
            }
            long peak = ProcStatus.peakResidentKib();
            if (before < 0 || peak < 0) {
                throw new IllegalStateException("/proc/self/status is unreadable: the probe needs Linux");
            }
            ObjectNode row = new ObjectMapper().createObjectNode();
            row.put("backend", backend);
            row.put("point", point.key());
            row.put("operation", op.method());
            row.put("beforeKiB", before);
            row.put("peakKiB", peak);
            row.put("calls", LayerMemory.CALLS);
            return row;
        }
    }

    private static void call(FlowLayer layer, LayerInputs inputs, LayerOperation op) {
        if (op == LayerOperation.FORWARD) {
            layer.forward(Mode.EVAL, inputs.frames());
        } else {
            layer.backward(Mode.EVAL, inputs.frames(), inputs.gradU());
        }
    }
}
