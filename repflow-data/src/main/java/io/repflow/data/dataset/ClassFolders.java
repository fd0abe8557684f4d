package io.repflow.data.dataset;

import io.repflow.data.video.VideoFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** One folder per class: {@code <root>/<class>/<video>}; classes and videos in sorted order. */
public final class ClassFolders {

    private ClassFolders() {}

    /** Loads every video (by extension, see {@link VideoFiles#EXTENSIONS}) of every class folder. */
    public static VideoDataset load(Path root) {
        List<Path> dirs = Lines.list(root, Files::isDirectory);
        if (dirs.isEmpty()) {
            throw new DatasetException(root, "holds no class folders");
        }
        List<String> classes = new ArrayList<>();
        List<VideoSample> samples = new ArrayList<>();
        for (Path dir : dirs) {
            int label = classes.size();
            classes.add(dir.getFileName().toString());
            for (Path video : Lines.list(dir, p -> Files.isRegularFile(p) && VideoFiles.isVideoName(p))) {
                samples.add(new VideoSample(video, label));
            }
        }
        if (samples.isEmpty()) {
            throw new DatasetException(
                    root,
                    "its " + classes.size() + " class folders hold no video files ("
                            + String.join(
                                    ", ",
                                    VideoFiles.EXTENSIONS.stream().sorted().toList()) + ")");
        }
        return new VideoDataset(
                root.getFileName() == null
                        ? root.toString()
                        : root.getFileName().toString(),
                classes,
                samples);
    }
}
