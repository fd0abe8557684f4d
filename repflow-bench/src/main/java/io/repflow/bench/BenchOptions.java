package io.repflow.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * How to run the benchmarks. Build with {@link #builder()}; every field has a default.
 *
 * @param mode       QUICK (CI smoke, under two minutes) or FULL (the report's figures)
 * @param plan       shapes and JMH settings; defaults to {@link BenchPlan#of(BenchMode)}
 * @param backends   backend ids to measure; empty = every installed backend except the slow float64
 *                   {@code reference} (which is measured only when named, or when it is the only one)
 * @param parts      which parts to run
 * @param reportDir  where the report is written ({@code benchmarks.md} and {@code benchmarks/}); null = not written
 * @param threads    intra-op threads given to every engine, to PyTorch and to OpenCV (same for all, for a fair ratio)
 * @param python     the interpreter of the PyTorch baseline (needs torch)
 * @param java       the {@code java} launcher of the JMH JVMs
 * @param classPath  class path of the JMH JVMs; null = this JVM's class path and module path together
 * @param jvmArgs    extra arguments for every benchmark JVM, e.g. {@code -Xmx8g}
 * @param note       a sentence printed at the top of the report (e.g. "preliminary: shared machine")
 */
public record BenchOptions(
        BenchMode mode,
        BenchPlan plan,
        List<String> backends,
        Set<BenchPart> parts,
        Path reportDir,
        int threads,
        String python,
        Path java,
        String classPath,
        List<String> jvmArgs,
        String note) {

    public BenchOptions {
        if (mode == null) {
            throw new IllegalArgumentException("bench mode is missing; QUICK or FULL");
        }
        plan = plan == null ? BenchPlan.of(mode) : plan;
        backends = List.copyOf(backends == null ? List.of() : backends);
        parts = parts == null || parts.isEmpty() ? EnumSet.allOf(BenchPart.class) : EnumSet.copyOf(parts);
        if (threads < 1) {
            throw new IllegalArgumentException("bench threads = " + threads + " is out of range; must be >= 1");
        }
        if (python == null || python.isBlank()) {
            throw new IllegalArgumentException("python interpreter is missing");
        }
        if (java == null) {
            throw new IllegalArgumentException("java launcher is missing");
        }
        jvmArgs = List.copyOf(jvmArgs == null ? List.of() : jvmArgs);
        note = note == null ? "" : note.strip();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Quick mode with every default, written to {@code reportDir}. */
    public static BenchOptions quick(Path reportDir) {
        return builder().mode(BenchMode.QUICK).reportDir(reportDir).build();
    }

    /** Full mode with every default, written to {@code reportDir}. */
    public static BenchOptions full(Path reportDir) {
        return builder().mode(BenchMode.FULL).reportDir(reportDir).build();
    }

    public boolean runs(BenchPart part) {
        return parts.contains(part);
    }

    /**
     * The {@link BenchMain} arguments that repeat this run (report directory as given). A plan other than
     * the mode's shows as its videos, models and layer sweeps when only those differ, else as a note that it is custom.
     */
    public String commandLine() {
        List<String> args = new ArrayList<>();
        args.add(mode == BenchMode.QUICK ? "--quick" : "--full");
        args.add("--threads " + threads);
        if (!backends.isEmpty()) {
            args.add("--backends " + String.join(",", backends));
        }
        if (!parts.equals(EnumSet.allOf(BenchPart.class))) {
            args.add("--parts "
                    + parts.stream().map(p -> p.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(",")));
        }
        BenchPlan standard = BenchPlan.of(mode);
        if (!plan.videos().equals(standard.videos())) {
            args.add("--videos " + plan.videos().stream().map(VideoShape::key).collect(Collectors.joining(",")));
        }
        if (!plan.models().equals(standard.models())) {
            args.add("--models " + plan.models().stream().map(PaperModel::id).collect(Collectors.joining(",")));
        }
        sweep(args, "--iterations", plan.iterations(), standard.iterations());
        sweep(args, "--sizes", plan.sizes(), standard.sizes());
        sweep(args, "--channels", plan.channels(), standard.channels());
        sweep(args, "--batches", plan.batches(), standard.batches());
        BenchPlan rounds = standard.withLayerRounds(plan.baselineWarmup(), plan.baselineRepeat());
        boolean ownRounds = !plan.layerJmh().equals(standard.layerJmh())
                && plan.layerJmh().equals(rounds.layerJmh())
                && plan.baselineWarmup() == rounds.baselineWarmup();
        if (ownRounds) {
            args.add("--layer-rounds " + plan.baselineWarmup() + "," + plan.baselineRepeat());
        }
        jvmArgs.forEach(a -> args.add("--jvm-arg " + a));
        args.add("--report " + (reportDir == null ? "DIR" : reportDir));
        BenchPlan recreated = standard.withVideos(plan.videos())
                .withModels(plan.models())
                .withLayerSweeps(plan.iterations(), plan.sizes(), plan.channels(), plan.batches());
        if (ownRounds) {
            recreated = recreated.withLayerRounds(plan.baselineWarmup(), plan.baselineRepeat());
        }
        return String.join(" ", args) + (recreated.equals(plan) ? "" : "  # with a custom BenchPlan");
    }

    private static void sweep(List<String> args, String flag, List<Integer> values, List<Integer> standard) {
        if (!values.isEmpty() && !values.equals(standard)) {
            args.add(flag + " " + values.stream().map(String::valueOf).collect(Collectors.joining(",")));
        }
    }

    /** Builder; defaults: QUICK, its plan, all non-reference backends, all parts, threads = available processors. */
    public static final class Builder {
        private BenchMode mode = BenchMode.QUICK;
        private BenchPlan plan;
        private final List<String> backends = new ArrayList<>();
        private final Set<BenchPart> parts = EnumSet.noneOf(BenchPart.class);
        private Path reportDir;
        private int threads = Runtime.getRuntime().availableProcessors();
        private String python = defaultPython();
        private Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        private String classPath;
        private final List<String> jvmArgs = new ArrayList<>();
        private String note = "";

        private Builder() {}

        public Builder mode(BenchMode m) {
            mode = m;
            return this;
        }

        /** A custom plan (otherwise the mode's). */
        public Builder plan(BenchPlan p) {
            plan = p;
            return this;
        }

        public Builder backends(List<String> ids) {
            backends.clear();
            ids.stream().map(String::strip).filter(s -> !s.isEmpty()).forEach(backends::add);
            return this;
        }

        public Builder backends(String... ids) {
            return backends(List.of(ids));
        }

        /** Only these parts (none given = all). */
        public Builder parts(Set<BenchPart> p) {
            parts.clear();
            parts.addAll(p);
            return this;
        }

        public Builder reportDir(Path dir) {
            reportDir = dir;
            return this;
        }

        public Builder threads(int t) {
            threads = t;
            return this;
        }

        public Builder python(String interpreter) {
            python = interpreter;
            return this;
        }

        public Builder java(Path launcher) {
            java = launcher;
            return this;
        }

        public Builder classPath(String cp) {
            classPath = cp;
            return this;
        }

        public Builder jvmArgs(List<String> args) {
            jvmArgs.clear();
            jvmArgs.addAll(args);
            return this;
        }

        public Builder note(String n) {
            note = n;
            return this;
        }

        public BenchOptions build() {
            return new BenchOptions(
                    mode, plan, backends, parts, reportDir, threads, python, java, classPath, jvmArgs, note);
        }

        /** {@code -Drepflow.python}, else Debian's {@code /usr/bin/python3} (which has python3-torch), else {@code python3}. */
        private static String defaultPython() {
            String configured = System.getProperty("repflow.python");
            if (configured != null && !configured.isBlank()) {
                return configured;
            }
            return Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
        }
    }
}
