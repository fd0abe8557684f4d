package io.repflow.bench.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * This process's memory as the Linux kernel counts it in {@code /proc/self/status}: the resident set now
 * ({@code VmRSS}) and its high-water mark ({@code VmHWM}), Java heap, engine natives and everything else alike.
 * The one reader of that file for the benchmarks (the JMH profiler and the layer's memory probe).
 */
public final class ProcStatus {

    private static final Path STATUS = Path.of("/proc/self/status");

    private ProcStatus() {}

    /** {@code VmRSS} in KiB, or -1 when {@code /proc/self/status} cannot be read (not Linux). */
    public static long residentKib() {
        return field("VmRSS:");
    }

    /** {@code VmHWM} in KiB, or -1 when {@code /proc/self/status} cannot be read (not Linux). */
    public static long peakResidentKib() {
        return field("VmHWM:");
    }

    private static long field(String name) {
        try {
            for (String line : Files.readAllLines(STATUS, StandardCharsets.US_ASCII)) {
                if (line.startsWith(name)) {
                    return Long.parseLong(
                            line.substring(name.length()).replace("kB", "").strip());
                }
            }
            return -1;
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }
}
