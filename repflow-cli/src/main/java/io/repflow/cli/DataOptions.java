package io.repflow.cli;

import io.repflow.data.dataset.ClassFolders;
import io.repflow.data.dataset.Hmdb51;
import io.repflow.data.dataset.Kinetics;
import io.repflow.data.dataset.ListFile;
import io.repflow.data.dataset.Subset;
import io.repflow.data.dataset.Ucf101;
import io.repflow.data.dataset.VideoDataset;
import io.repflow.data.loader.BadVideoPolicy;
import io.repflow.data.synthetic.MotionClass;
import io.repflow.data.synthetic.SyntheticMotion;
import io.repflow.models.spec.ModelSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;

/** Which data: the synthetic motion set (default) or a video dataset layout on disk. */
public final class DataOptions {

    /** The dataset layouts. */
    public enum Kind {
        SYNTHETIC,
        HMDB51,
        UCF101,
        KINETICS,
        FOLDER,
        LIST,
        /** MMAction2's rawframes: one folder of img_00001.jpg … per video, {@code <folder> <num_frames> <label>} lists. */
        FRAMES
    }

    @Option(
            names = "--data",
            defaultValue = "synthetic",
            description = "Dataset: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Kind kind;

    @Option(
            names = "--root",
            paramLabel = "DIR",
            description = "Video root: hmdb51/ucf101 videos, kinetics <split>/<label>/ tree, or class folders.")
    Path root;

    @Option(
            names = "--splits",
            paramLabel = "DIR",
            description = "hmdb51 split files or ucf101 annotation directory (classInd.txt, trainlist0k.txt …).")
    Path splits;

    @Option(
            names = "--split",
            defaultValue = "1",
            description = "Split number for hmdb51/ucf101 (default: ${DEFAULT-VALUE}).")
    int split;

    @Option(
            names = "--csv",
            paramLabel = "FILE",
            description = "Kinetics training annotation CSV (label,youtube_id,time_start,time_end,split).")
    Path csv;

    @Option(names = "--val-csv", paramLabel = "FILE", description = "Kinetics validation annotation CSV.")
    Path valCsv;

    @Option(
            names = "--class-subset",
            paramLabel = "FILE",
            description = "Kinetics: only these classes, one per line (Mini-Kinetics).")
    Path classSubset;

    @Option(
            names = "--list",
            paramLabel = "FILE",
            description = "Training list: 'path label' (--data list) or 'folder num_frames label' (--data frames).")
    Path list;

    @Option(
            names = "--val-list",
            paramLabel = "FILE",
            description = "Validation list, as --list (--data list or frames).")
    Path valList;

    @Option(names = "--val-root", paramLabel = "DIR", description = "Class folders for validation (--data folder).")
    Path valRoot;

    @Option(
            names = "--class-names",
            paramLabel = "FILE",
            description = "Class names, one per line, for --data list or frames.")
    Path classNames;

    @Option(
            names = "--motions",
            defaultValue = "translations4",
            description =
                    "Synthetic classes: translations4, translations8, all (13), or a comma list of ids (default: ${DEFAULT-VALUE}).")
    String motions;

    @Option(
            names = "--train-clips",
            defaultValue = "512",
            description = "Synthetic training clips (default: ${DEFAULT-VALUE}).")
    int trainClips;

    @Option(
            names = "--val-clips",
            defaultValue = "128",
            description = "Synthetic held-out clips (default: ${DEFAULT-VALUE}).")
    int valClips;

    @Option(names = "--frames", paramLabel = "T", description = "Frames per clip (default: 8 synthetic, 16 video).")
    Integer frames;

    @Option(names = "--size", paramLabel = "S", description = "Crop size S x S (default: 32 synthetic, 112 video).")
    Integer size;

    @Option(
            names = "--stride",
            defaultValue = "1",
            description = "Frame stride when sampling video clips (default: ${DEFAULT-VALUE}).")
    int stride;

    @Option(
            names = "--on-bad-video",
            defaultValue = "skip",
            paramLabel = "skip|fail",
            converter = BadVideoPolicyConverter.class,
            description =
                    "A corrupt, empty, truncated, unreadable or too short video: skip it (one warning, counted, listed in skipped.jsonl) or fail naming it (default: ${DEFAULT-VALUE}).")
    BadVideoPolicy onBadVideo;

    @Option(
            names = "--workers",
            defaultValue = "2",
            description = "Loader threads that decode (or render) clips ahead of the step (default: ${DEFAULT-VALUE}).")
    int workers;

    int workers() {
        if (workers < 1) {
            throw new UsageException("--workers " + workers + " is out of range; use 1 or more");
        }
        return workers;
    }

    int frames() {
        return frames != null ? frames : kind == Kind.SYNTHETIC ? 8 : 16;
    }

    int size() {
        return size != null ? size : kind == Kind.SYNTHETIC ? 32 : 112;
    }

    List<MotionClass> motionClasses() {
        return switch (motions) {
            case "translations4" -> MotionClass.translations4();
            case "translations8" -> MotionClass.translations8();
            case "all" -> MotionClass.all();
            default -> {
                try {
                    yield java.util.Arrays.stream(motions.split(","))
                            .map(String::strip)
                            .map(MotionClass::ofId)
                            .toList();
                } catch (IllegalArgumentException e) {
                    throw new UsageException("--motions " + motions + ": " + e.getMessage());
                }
            }
        };
    }

    SyntheticMotion synthetic(long seed) {
        return SyntheticMotion.builder()
                .classes(motionClasses())
                .frames(frames())
                .size(size(), size())
                .seed(seed)
                .build();
    }

    /** The training videos of a layout on disk. */
    VideoDataset training() {
        return switch (kind) {
            case HMDB51 -> Hmdb51.load(dir(root, "--root"), dir(splits, "--splits"), split, Subset.TRAIN);
            case UCF101 -> Ucf101.load(dir(root, "--root"), dir(splits, "--splits"), split, Subset.TRAIN);
            case KINETICS -> kinetics(file(csv, "--csv"));
            case FOLDER -> ClassFolders.load(dir(root, "--root"));
            case LIST -> listFile(file(list, "--list"));
            case FRAMES -> framesList(file(list, "--list"));
            case SYNTHETIC -> throw new IllegalStateException("synthetic data is not a video layout");
        };
    }

    /** The layout {@code --data} names. */
    public Kind kind() {
        return kind;
    }

    /** What {@code repflow eval} does when no clip length or crop size is given: the checkpoint's. */
    public void defaultsFrom(ModelSpec spec) {
        if (frames == null) {
            frames = spec.input().frames();
        }
        if (size == null) {
            size = spec.input().height();
        }
    }

    /** The views {@code repflow eval} makes of each held-out video. */
    public TestViews testViews(int clips, int crops, long seed, Normalization normalization) {
        return new TestViews(frames(), stride, size(), clips, crops, seed, normalization);
    }

    /** The held-out videos of a layout on disk (the test split, --val-csv, --val-root, --val-list), or null. */
    public VideoDataset heldOut() {
        return switch (kind) {
            case HMDB51 -> Hmdb51.load(dir(root, "--root"), dir(splits, "--splits"), split, Subset.TEST);
            case UCF101 -> Ucf101.load(dir(root, "--root"), dir(splits, "--splits"), split, Subset.TEST);
            case KINETICS -> valCsv == null ? null : kinetics(file(valCsv, "--val-csv"));
            case FOLDER -> valRoot == null ? null : ClassFolders.load(dir(valRoot, "--val-root"));
            case LIST -> valList == null ? null : listFile(file(valList, "--val-list"));
            case FRAMES -> valList == null ? null : framesList(file(valList, "--val-list"));
            case SYNTHETIC -> throw new IllegalStateException("synthetic data is not a video layout");
        };
    }

    private VideoDataset kinetics(Path annotations) {
        Kinetics k = Kinetics.builder(annotations, dir(root, "--root"));
        if (classSubset != null) {
            k = k.classSubset(file(classSubset, "--class-subset"));
        }
        return k.load();
    }

    private VideoDataset listFile(Path file) {
        return classNames == null ? ListFile.load(file) : ListFile.load(file, file(classNames, "--class-names"));
    }

    private VideoDataset framesList(Path file) {
        return classNames == null
                ? ListFile.loadFrames(file)
                : ListFile.loadFrames(file, file(classNames, "--class-names"));
    }

    private static Path dir(Path p, String flag) {
        if (p == null) {
            throw new UsageException(flag + " is required for this dataset");
        }
        if (!Files.isDirectory(p)) {
            throw new UsageException(flag + " " + p + " is not a directory");
        }
        return p;
    }

    private static Path file(Path p, String flag) {
        if (p == null) {
            throw new UsageException(flag + " is required for this dataset");
        }
        UsageException.requireRegularFile(flag, p, "");
        return p;
    }

    /** {@code skip} or {@code fail}, in any case. */
    static final class BadVideoPolicyConverter implements ITypeConverter<BadVideoPolicy> {
        @Override
        public BadVideoPolicy convert(String value) {
            try {
                return BadVideoPolicy.valueOf(value.strip().toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.TypeConversionException(
                        "'" + value + "' is not a bad-video policy; use skip or fail");
            }
        }
    }
}
