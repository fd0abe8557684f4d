package io.repflow.data.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.repflow.data.testing.ChildJvm;
import io.repflow.data.testing.VideoCorpus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The decoder on the {@link VideoCorpus} (tiny and odd sizes in many codecs and pixel formats, truncated and
 * bit-flipped files), in a child JVM: every well-formed file decodes at its size to the frames that were encoded
 * (lossless RGB encodings) or to what the {@code ffmpeg} program decodes (lossy ones), every damaged one gives
 * frames or a one-line {@link VideoException}; no case crashes the JVM. A crash (before the swscale fix, 83 of
 * the 289 mpeg4 sizes aborted with heap corruption) is reported with its case and the {@code hs_err} file's
 * head, and the remaining cases still run in a new JVM.
 */
class VideoCorpusTest {

    /**
     * Largest difference, in 8-bit levels, allowed from the {@code ffmpeg} program's decode of a lossy case: both
     * use FFmpeg's decoders and bilinear swscale, and were equal to the bit here; one level leaves room for the
     * program's filter graph rounding differently on another CPU. A scrambled row layout, swapped channels or a
     * wrong frame differ by tens of levels. Lossless RGB cases must equal the encoded frames exactly.
     */
    static final int LOSSY_LEVELS = 1;

    @TempDir
    Path dir;

    @Test
    void everyCaseGivesFramesOrOneLineErrorAndNoCaseCrashes() throws Exception {
        List<VideoCorpus.Case> cases = VideoCorpus.build(Files.createDirectories(dir.resolve("corpus")));
        assertTrue(cases.size() > 600, "the corpus has " + cases.size() + " cases");
        Path list = Files.write(
                dir.resolve("files.txt"),
                cases.stream().map(c -> c.file().toString()).toList(),
                StandardCharsets.UTF_8);
        Path out = Files.createDirectories(dir.resolve("out"));
        Map<Integer, String> results = ChildJvm.run(
                CorpusDecoder.class, List.of(), List.of(list.toString(), out.toString()), cases.size(), dir);
        List<String> problems = new ArrayList<>();
        int decoded = 0;
        int refused = 0;
        for (int i = 0; i < cases.size(); i++) {
            VideoCorpus.Case c = cases.get(i);
            String r = results.get(i);
            String problem = check(c, r, dir.resolve("out").resolve(i + ".rgb"));
            if (problem != null) {
                problems.add(c.name() + ": " + problem);
            } else if (r.startsWith("ok")) {
                decoded++;
            } else {
                refused++;
            }
        }
        assertNoHsErr(dir);
        if (!problems.isEmpty()) {
            fail(problems.size() + " of " + cases.size() + " corpus cases failed:\n" + String.join("\n", problems));
        }
        assertTrue(decoded > 500 && refused > 10, decoded + " decoded, " + refused + " refused with a VideoException");
    }

    private static String check(VideoCorpus.Case c, String result, Path dump) throws IOException {
        if (result == null) {
            return "no result";
        }
        if (result.startsWith("CRASH")) {
            return result;
        }
        if (result.startsWith("other") || result.startsWith("wrong") || result.contains("MULTILINE")) {
            return result;
        }
        if (result.startsWith("error")) {
            if (c.expect() == VideoCorpus.Expect.DECODES) {
                return "a well-formed file was refused: " + result;
            }
            String message = result.split(" ", 3)[2];
            return message.startsWith(c.file().toString() + ": ")
                    ? null
                    : "the error does not name the file: " + result;
        }
        String[] p = result.split(" ");
        int frames = Integer.parseInt(p[1]);
        int w = Integer.parseInt(p[2]);
        int h = Integer.parseInt(p[3]);
        if (c.expect() == VideoCorpus.Expect.RESULT_OR_ERROR) {
            return null; // damaged, but decodable at some size: fine as long as nothing crashed
        }
        if (w != c.width() || h != c.height() || frames != VideoCorpus.FRAMES) {
            return "decoded " + frames + " frames of " + w + "x" + h + ", expected " + VideoCorpus.FRAMES + " of "
                    + c.width() + "x" + c.height() + " (" + result + ")";
        }
        byte[] expected = Files.readAllBytes(c.reference());
        byte[] actual = Files.readAllBytes(dump);
        if (actual.length != expected.length) {
            return "decoded " + actual.length + " bytes, expected " + expected.length;
        }
        int allowed = c.encoding().lossless() ? 0 : LOSSY_LEVELS;
        for (int k = 0; k < expected.length; k++) {
            int d = Math.abs((expected[k] & 0xff) - (actual[k] & 0xff));
            if (d > allowed) {
                int px = k / 3;
                return "byte " + k + " (frame " + px / (c.width() * c.height()) + ", pixel "
                        + px % (c.width() * c.height())
                        + ", channel " + k % 3 + ") is " + (actual[k] & 0xff) + " but "
                        + (c.encoding().lossless() ? "the encoded frame has " : "ffmpeg decoded ")
                        + (expected[k] & 0xff);
            }
        }
        return null;
    }

    static void assertNoHsErr(Path dir) throws IOException {
        assertEquals(List.of(), ChildJvm.crashLogs(dir), "JVM crash logs");
    }
}
