package io.repflow.bench;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where and with what a report was measured.
 *
 * @param date      when the run started (UTC)
 * @param mode      QUICK or FULL
 * @param cpu       CPU model ({@code /proc/cpuinfo})
 * @param cores     processors available to the JVM
 * @param memoryMb  physical memory, MiB ({@code /proc/meminfo}), 0 if unknown
 * @param os        operating system and kernel
 * @param jvm       JVM of the benchmark processes
 * @param threads   intra-op threads given to every engine, PyTorch and OpenCV
 * @param backends  backend id → the provider's description (engine and version)
 * @param libraries library → version (JMH, OpenCV, PyTorch baseline, ...)
 * @param note      free text shown at the top of the report
 * @param command   the main class and arguments that repeat this run ({@code io.repflow.bench.BenchMain --full …});
 *                  one per line when several runs made it ({@link BenchMerge})
 */
public record Environment(
        Instant date,
        BenchMode mode,
        String cpu,
        int cores,
        long memoryMb,
        String os,
        String jvm,
        int threads,
        Map<String, String> backends,
        Map<String, String> libraries,
        String note,
        String command) {

    public Environment {
        backends = Collections.unmodifiableMap(new LinkedHashMap<>(backends));
        libraries = Collections.unmodifiableMap(new LinkedHashMap<>(libraries));
    }

    /** This environment dated {@code when} (a merged report is dated by its first measurement). */
    public Environment withDate(Instant when) {
        return new Environment(when, mode, cpu, cores, memoryMb, os, jvm, threads, backends, libraries, note, command);
    }

    /** This environment with one more library version. */
    public Environment withLibrary(String name, String version) {
        Map<String, String> more = new LinkedHashMap<>(libraries);
        more.put(name, version);
        return new Environment(date, mode, cpu, cores, memoryMb, os, jvm, threads, backends, more, note, command);
    }
}
