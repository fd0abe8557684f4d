package io.repflow.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stand-alone launcher of {@link BenchRunner} (the {@code repflow bench} command does the same):
 * <pre>
 * java -cp ... io.repflow.bench.BenchMain [--quick | --full] --report DIR [--backends djl,tf] [--threads N]
 *      [--parts layer,pytorch_baseline,video,pytorch_video,matmul,memory,training] [--videos 16x112,32x224] [--models repflow-r34,rgb-r34,...]
 *      [--iterations 1,5,...] [--sizes 14,28,...] [--channels 8,...] [--batches 1,8,...] [--layer-rounds W,M]
 *      [--python /usr/bin/python3] [--jvm-arg -Xmx8g]... [--note TEXT]
 * </pre>
 * Exit code 0 when the report was written, 2 for bad arguments.
 */
public final class BenchMain {

    private static final Logger LOG = LoggerFactory.getLogger(BenchMain.class);

    private BenchMain() {}

    public static void main(String[] args) {
        BenchOptions options;
        try {
            options = parse(args);
        } catch (IllegalArgumentException e) {
            LOG.error("{}", e.getMessage());
            LOG.error(
                    "usage: BenchMain [--quick | --full] --report DIR [--backends ID,...] [--threads N] [--parts PART,...] "
                            + "[--videos 16x112,...] [--models repflow-r34,...] [--iterations|--sizes|--channels|--batches N,...] [--layer-rounds W,M] [--python PATH] [--jvm-arg ARG]... [--note TEXT]");
            System.exit(2);
            return;
        }
        BenchReport report = BenchRunner.run(options);
        LOG.info(
                "measured {} layer timings, {} per-video timings, {} memory figures; {} not measured",
                report.layer().size(),
                report.video().size(),
                report.memory().size(),
                report.skipped().size());
    }

    /** Parses the command line into options. */
    public static BenchOptions parse(String[] args) {
        BenchOptions.Builder b = BenchOptions.builder();
        List<String> jvmArgs = new ArrayList<>();
        List<VideoShape> videos = new ArrayList<>();
        List<PaperModel> models = new ArrayList<>();
        List<List<Integer>> sweeps =
                List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        BenchMode mode = BenchMode.QUICK;
        List<Integer> rounds = List.of();
        boolean report = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--quick" -> mode = BenchMode.QUICK;
                case "--full" -> mode = BenchMode.FULL;
                case "--report" -> {
                    b.reportDir(Path.of(value(args, ++i, a)));
                    report = true;
                }
                case "--backends" ->
                    b.backends(Arrays.asList(value(args, ++i, a).split(",")));
                case "--threads" -> b.threads(number(value(args, ++i, a), a));
                case "--parts" -> b.parts(parts(value(args, ++i, a)));
                case "--videos" ->
                    Arrays.stream(value(args, ++i, a).split(","))
                            .map(VideoShape::parse)
                            .forEach(videos::add);
                case "--models" ->
                    Arrays.stream(value(args, ++i, a).split(","))
                            .map(PaperModel::of)
                            .forEach(models::add);
                case "--iterations" -> sweeps.get(0).addAll(numbers(value(args, ++i, a), a));
                case "--sizes" -> sweeps.get(1).addAll(numbers(value(args, ++i, a), a));
                case "--channels" -> sweeps.get(2).addAll(numbers(value(args, ++i, a), a));
                case "--batches" -> sweeps.get(3).addAll(numbers(value(args, ++i, a), a));
                case "--layer-rounds" -> {
                    rounds = numbers(value(args, ++i, a), a);
                    if (rounds.size() != 2 || rounds.get(0) < 0 || rounds.get(1) < 1) {
                        throw new IllegalArgumentException(
                                "--layer-rounds needs WARMUP,MEASURED with WARMUP >= 0 and MEASURED >= 1, got '"
                                        + args[i] + "'");
                    }
                }
                case "--python" -> b.python(value(args, ++i, a));
                case "--jvm-arg" -> jvmArgs.add(value(args, ++i, a));
                case "--note" -> b.note(value(args, ++i, a));
                default -> throw new IllegalArgumentException("unknown argument '" + a + "'");
            }
        }
        if (!report) {
            throw new IllegalArgumentException(
                    "--report DIR is required (where benchmarks.md and benchmarks/ are written)");
        }
        BenchPlan plan = BenchPlan.of(mode);
        if (!videos.isEmpty()) {
            plan = plan.withVideos(videos);
        }
        if (!models.isEmpty()) {
            plan = plan.withModels(models);
        }
        plan = plan.withLayerSweeps(sweeps.get(0), sweeps.get(1), sweeps.get(2), sweeps.get(3));
        if (!rounds.isEmpty()) {
            plan = plan.withLayerRounds(rounds.get(0), rounds.get(1));
        }
        return b.mode(mode).plan(plan).jvmArgs(jvmArgs).build();
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    private static int number(String v, String option) {
        try {
            return Integer.parseInt(v.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " = '" + v + "' is not a whole number");
        }
    }

    private static List<Integer> numbers(String list, String option) {
        return Arrays.stream(list.split(",")).map(v -> number(v, option)).toList();
    }

    private static Set<BenchPart> parts(String list) {
        Set<BenchPart> parts = EnumSet.noneOf(BenchPart.class);
        for (String p : list.split(",")) {
            try {
                parts.add(BenchPart.valueOf(p.strip().toUpperCase(Locale.ROOT).replace('-', '_')));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown part '" + p + "'; known: "
                        + Arrays.toString(BenchPart.values()).toLowerCase(Locale.ROOT));
            }
        }
        return parts;
    }
}
