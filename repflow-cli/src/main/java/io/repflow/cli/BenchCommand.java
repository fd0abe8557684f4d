package io.repflow.cli;

import io.repflow.bench.BenchMain;
import io.repflow.bench.BenchOptions;
import io.repflow.bench.BenchReport;
import io.repflow.bench.BenchRunner;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code repflow bench}: the cross-backend benchmarks (repflow-bench) written up as markdown and PNG charts. */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Benchmark the installed backends: the flow layer against a PyTorch eager baseline, per-video inference",
            "of the paper's networks against the two-stream TV-L1 pipeline, and training-step memory; writes DIR/benchmarks.md."
        })
final class BenchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(
            names = "--full",
            description =
                    "All shapes with JMH forks (hours); default is the quick smoke run (about a minute per backend).")
    boolean full;

    @Option(
            names = "--report",
            defaultValue = "bench-report",
            paramLabel = "DIR",
            description = "Where benchmarks.md and its charts go (default: ${DEFAULT-VALUE}).")
    Path report;

    @Option(
            names = "--backends",
            split = ",",
            paramLabel = "ID",
            description = "Backends to measure (default: every installed one but 'reference').")
    List<String> backends;

    @Option(
            names = "--threads",
            paramLabel = "N",
            description = "Threads for every engine, PyTorch and OpenCV (default: the machine's cores).")
    Integer threads;

    @Option(
            names = "--parts",
            paramLabel = "LIST",
            description =
                    "layer, pytorch_baseline, video, pytorch_video, matmul, memory, training (comma separated; default: all).")
    String parts;

    @Option(
            names = "--videos",
            paramLabel = "LIST",
            description = "Clip shapes, e.g. 16x112,32x224 (default: the mode's).")
    String videos;

    @Option(
            names = "--models",
            paramLabel = "LIST",
            description = "Networks, e.g. repflow-r34,rgb-r34 (default: the mode's).")
    String models;

    @Option(
            names = "--iterations",
            paramLabel = "LIST",
            description = "Flow-layer iteration sweep, e.g. 1,5,20 (default: the mode's).")
    String iterations;

    @Option(
            names = "--sizes",
            paramLabel = "LIST",
            description = "Flow-layer spatial-size sweep, e.g. 28,56 (default: the mode's).")
    String sizes;

    @Option(
            names = "--channels",
            paramLabel = "LIST",
            description = "Flow-layer channel sweep, e.g. 8,32 (default: the mode's).")
    String channels;

    @Option(
            names = "--batches",
            paramLabel = "LIST",
            description = "Flow-layer batch (N) sweep, e.g. 8,120 (default: the mode's).")
    String batches;

    @Option(
            names = "--python",
            paramLabel = "PATH",
            description = "Python with torch for the baseline (default: /usr/bin/python3).")
    String python;

    @Option(names = "--note", paramLabel = "TEXT", description = "A line at the top of the report.")
    String note;

    @Override
    public Integer call() {
        List<String> args = new ArrayList<>(List.of(full ? "--full" : "--quick", "--report", report.toString()));
        add(args, "--backends", backends == null ? null : String.join(",", backends));
        add(args, "--threads", threads == null ? null : threads.toString());
        add(args, "--parts", parts);
        add(args, "--videos", videos);
        add(args, "--models", models);
        add(args, "--iterations", iterations);
        add(args, "--sizes", sizes);
        add(args, "--channels", channels);
        add(args, "--batches", batches);
        add(args, "--python", python);
        add(args, "--note", note);
        BenchOptions options = BenchMain.parse(args.toArray(String[]::new));
        PrintWriter out = spec.commandLine().getOut();
        out.println("repflow bench: " + (full ? "full" : "quick") + " run; report in " + report.toAbsolutePath());
        out.flush();
        BenchReport r = BenchRunner.run(options);
        out.printf(
                "measured %d layer timings, %d per-video timings, %d memory figures on %s; %d not measured%n",
                r.layer().size(),
                r.video().size(),
                r.memory().size(),
                r.backends(),
                r.skipped().size());
        out.println("report: " + report.resolve(BenchReport.MARKDOWN).toAbsolutePath());
        return 0;
    }

    private static void add(List<String> args, String flag, String value) {
        if (value != null) {
            args.add(flag);
            args.add(value);
        }
    }
}
