package io.repflow.data.video;

import io.repflow.data.RgbClip;
import io.repflow.data.testing.ChildJvm;
import io.repflow.data.testing.VideoCorpus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Decodes the files of a {@link VideoCorpus} one after the other, in a JVM of its own (started by
 * {@link ChildJvm} for {@link VideoCorpusTest}), so that native memory corruption ends this process, not the test run. For each file
 * it prints {@code start I} before touching it, then one {@code result I ...} line; the frames decoded at the
 * source size go to {@code I.rgb} in the output directory.
 *
 * <p>Arguments: the list file (one path per line), the output directory, the index to start at ({@link ChildJvm}).
 */
public final class CorpusDecoder {

    private CorpusDecoder() {}

    public static void main(String[] args) throws IOException {
        List<String> files = Files.readAllLines(Path.of(args[0]), StandardCharsets.UTF_8);
        Path out = Path.of(args[1]);
        int from = Integer.parseInt(args[2]);
        for (int i = from; i < files.size(); i++) {
            System.out.println("start " + i);
            System.out.flush();
            System.out.println("result " + i + " " + decode(Path.of(files.get(i)), out.resolve(i + ".rgb")));
            System.out.flush();
        }
    }

    /**
     * Every frame at the source size, then the first and last frames scaled up, to an odd size and by the short
     * side (swscale's scaling paths from tiny sources).
     */
    private static String decode(Path file, Path dump) throws IOException {
        try (VideoReader reader = VideoReader.open(file)) {
            VideoInfo info = reader.info();
            long n = info.frameCount();
            long[] all = new long[(int) Math.min(n, 64)];
            for (int k = 0; k < all.length; k++) {
                all[k] = k;
            }
            RgbClip clip = reader.read(all, FrameSize.source());
            long[] ends = {0, all.length - 1, 0};
            for (FrameSize size : List.of(FrameSize.exact(17, 3), FrameSize.exact(64, 48), FrameSize.shortSide(5))) {
                RgbClip scaled = reader.read(ends, size);
                int[] expected = size.resolve(info.width(), info.height());
                if (scaled.width() != expected[0] || scaled.height() != expected[1] || scaled.frames() != 3) {
                    return "wrong " + size + " gave " + scaled.frames() + "x" + scaled.width() + "x" + scaled.height();
                }
            }
            Files.write(dump, clip.data());
            return "ok " + clip.frames() + " " + clip.width() + " " + clip.height() + " " + n
                    + (info.frameCountExact() ? " exact" : " estimated");
        } catch (VideoException e) {
            return "error " + e.kind() + " " + oneLine(e.getMessage());
        } catch (RuntimeException e) {
            return "other " + e.getClass().getName() + " " + oneLine(String.valueOf(e.getMessage()));
        }
    }

    private static String oneLine(String s) {
        return s.contains("\n") ? "MULTILINE " + s.replace('\n', '|') : s;
    }
}
