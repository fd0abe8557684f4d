package io.repflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.repflow.api.FlowConfig;
import io.repflow.api.HostTensor;
import io.repflow.reference.DoubleTensor;
import io.repflow.reference.ReferenceFlow;
import io.repflow.reference.SeededInputs;
import io.repflow.tck.FlowForwardContract;
import io.repflow.tck.Subject;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command as a process: listings, flow against the reference, pictures, and one-line errors with exit code 2. */
class CommandLineTest {

    @TempDir
    Path dir;

    @Test
    void backendsListsTheInstalledEngines() throws Exception {
        CommandRunner.Result r = CommandRunner.run(dir, "backends");
        assertEquals(0, r.exitCode(), r.all());
        assertTrue(
                r.out().contains("djl") && r.out().contains("nd4j") && r.out().contains("reference"), r.out());
        assertTrue(r.out().contains("(default)") && r.out().contains("native library caches"), r.out());
    }

    @Test
    void flowOnNpyPairsEqualsTheReference() throws Exception {
        HostTensor[] f = SeededInputs.framePairs(5, 2, 3, 13, 17);
        f[0].writeNpy(dir.resolve("f1.npy"));
        f[1].writeNpy(dir.resolve("f2.npy"));
        CommandRunner.Result r = CommandRunner.run(
                dir,
                "flow",
                "--npy",
                "f1.npy",
                "f2.npy",
                "--iterations",
                "12",
                "--tau",
                "0.2",
                "--backend",
                "djl",
                "-o",
                "out");
        assertEquals(0, r.exitCode(), r.all());
        HostTensor u = HostTensor.readNpy(dir.resolve("out/flow.npy"));
        assertEquals(io.repflow.api.Shape.of(2, 6, 13, 17), u.shape());
        FlowConfig config =
                FlowConfig.builder().channels(3).iterations(12).tau(0.2).build();
        DoubleTensor expected = new ReferenceFlow(config).forward(DoubleTensor.of(f[0]), DoubleTensor.of(f[1]));
        FlowForwardContract.FORWARD.assertClose(
                new Subject("djl", "repflow flow --npy", f[0].shape(), 5, "iterations 12, tau 0.2"), "u", u, expected);
    }

    @Test
    void tensorFlowStartsWithoutItsStartUpLines() throws Exception {
        // ./repflow sets TensorFlow's native log level (read as the library loads); the processes here get it too
        assertEquals("2", LauncherEnvironment.read().get("TF_CPP_MIN_LOG_LEVEL"));
        HostTensor[] f = SeededInputs.framePairs(5, 1, 1, 8, 8);
        f[0].writeNpy(dir.resolve("q1.npy"));
        f[1].writeNpy(dir.resolve("q2.npy"));
        CommandRunner.Result r =
                CommandRunner.run(dir, "flow", "--npy", "q1.npy", "q2.npy", "--backend", "tf", "-o", "quiet");
        assertEquals(0, r.exitCode(), r.all());
        for (String chatter : new String[] {"cpu_feature_guard", "rebuild TensorFlow", "oneDNN custom operations"}) {
            assertTrue(!r.err().contains(chatter), "TensorFlow printed '" + chatter + "': " + r.err());
        }
    }

    @Test
    void flowOnTwoImagesDrawsMiddleburyPictures() throws Exception {
        BufferedImage a = new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB);
        BufferedImage b = new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 30; y++) {
            for (int x = 0; x < 40; x++) {
                int g1 = (int) (127 + 100 * Math.sin(0.4 * x) * Math.cos(0.3 * y));
                int g2 = (int) (127 + 100 * Math.sin(0.4 * (x - 1)) * Math.cos(0.3 * y));
                a.setRGB(x, y, g1 * 0x010101);
                b.setRGB(x, y, g2 * 0x010101);
            }
        }
        ImageIO.write(a, "png", dir.resolve("a.png").toFile());
        ImageIO.write(b, "png", dir.resolve("b.png").toFile());
        CommandRunner.Result r = CommandRunner.run(dir, "flow", "--images", "a.png", "b.png", "--tvl1", "-o", "pics");
        assertEquals(0, r.exitCode(), r.all());
        BufferedImage flow = ImageIO.read(dir.resolve("pics/flow-000.png").toFile());
        assertNotNull(flow, "flow PNG decodes");
        assertEquals(40, flow.getWidth());
        assertEquals(30, flow.getHeight());
        assertNotNull(ImageIO.read(dir.resolve("pics/tvl1-000.png").toFile()), "TV-L1 PNG decodes");
        // the scene moved right by one pixel: OpenCV's flow and ours both point right (u > 0) in the middle
        HostTensor u = HostTensor.readNpy(dir.resolve("pics/flow.npy"));
        HostTensor cv = HostTensor.readNpy(dir.resolve("pics/tvl1.npy"));
        assertTrue(mean(u, 0) > 0.2, "rep-flow x-flow " + mean(u, 0));
        assertTrue(mean(cv, 0) > 0.5, "TV-L1 x-flow " + mean(cv, 0));
    }

    private static double mean(HostTensor u, int channel) {
        int h = u.dim(2);
        int w = u.dim(3);
        double s = 0;
        int n = 0;
        for (int y = 5; y < h - 5; y++) {
            for (int x = 5; x < w - 5; x++) {
                s += u.get(0, channel, y, x);
                n++;
            }
        }
        return s / n;
    }

    @Test
    void badInputIsOneLineAndExitCodeTwo() throws Exception {
        Files.writeString(dir.resolve("bad.npy"), "this is plain text, not a numpy array\n");
        Files.createDirectories(dir.resolve("frames-of-a-video"));
        String[][] cases = {
            {"train", "--backend", "no-such-engine", "--train-clips", "16", "--val-clips", "8"},
            {"train", "--model", "resnet7"},
            {"train", "--epochs", "0"},
            {"train", "--frobnicate"},
            {"train", "--data", "hmdb51", "--root", "missing-dir", "--splits", "missing-splits"},
            {"flow", "--npy", "missing.npy", "also-missing.npy"},
            {"flow", "--npy", "bad.npy", "bad.npy"},
            {"eval", "--checkpoint", "no-run-here"},
            {"predict", "no-video.mp4", "--checkpoint", "no-run-here"},
            {"predict", "frames-of-a-video", "--checkpoint", "no-run-here"},
            {"train", "--config", "frames-of-a-video"},
        };
        String[] expected = {
            "unknown backend 'no-such-engine'",
            "unknown --model 'resnet7'",
            "epochs = 0",
            "frobnicate",
            "missing-dir",
            "missing.npy",
            "not a .npy file",
            "no-run-here",
            "video no-video.mp4 does not exist",
            "video frames-of-a-video is a directory, not a file (predict scores one video file",
            "config frames-of-a-video is a directory, not a file"
        };
        for (int i = 0; i < cases.length; i++) {
            CommandRunner.Result r = CommandRunner.run(dir, cases[i]);
            String what = String.join(" ", cases[i]);
            assertEquals(2, r.exitCode(), what + " -> " + r.all());
            assertTrue(r.err().contains(expected[i]), what + ": " + r.err());
            assertEquals(
                    1,
                    r.err().strip().lines().filter(l -> l.startsWith("repflow")).count(),
                    what + ": one line: " + r.err());
            assertTrue(!r.err().contains("\tat "), what + ": no stack trace without --verbose: " + r.err());
            if (java.util.List.of("eval", "predict").contains(cases[i][0])) {
                assertTrue(
                        r.err().startsWith("repflow " + cases[i][0] + ": "), what + ": names the command: " + r.err());
            }
        }
        CommandRunner.Result verbose = CommandRunner.run(dir, "flow", "--npy", "bad.npy", "bad.npy", "--verbose");
        assertTrue(verbose.err().contains("\tat "), "--verbose shows the stack trace: " + verbose.err());
    }

    @Test
    void flowErrorsNameTheirRealCause() throws Exception {
        // issue 14, item 8: --size 100000x100000 showed an int overflow, --max-frames 0 was blamed on the video,
        // image read errors did not name the file
        Path video = dir.resolve("small.avi");
        Process ffmpeg = new ProcessBuilder(
                        "ffmpeg",
                        "-v",
                        "error",
                        "-f",
                        "lavfi",
                        "-i",
                        "testsrc=size=8x8:rate=10",
                        "-t",
                        "0.5",
                        "-c:v",
                        "mpeg4",
                        video.toString())
                .redirectErrorStream(true)
                .start();
        String log = new String(ffmpeg.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(0, ffmpeg.waitFor(), "ffmpeg: " + log);
        BufferedImage picture = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
        ImageIO.write(picture, "png", dir.resolve("whole.png").toFile());
        byte[] png = Files.readAllBytes(dir.resolve("whole.png"));
        Files.write(dir.resolve("cut.png"), java.util.Arrays.copyOf(png, png.length / 2));
        Files.writeString(dir.resolve("text.png"), "not a picture\n");
        String[][] cases = {
            {"flow", "--video", video.toString(), "--size", "100000x100000"},
            {"flow", "--video", video.toString(), "--max-frames", "0"},
            {"flow", "--images", "text.png", "whole.png"},
            {"flow", "--images", "whole.png", "cut.png"},
        };
        String[][] expected = {
            {video.toString(), "more than a clip can hold"},
            {"--max-frames 0 is out of range; flow needs at least 2 frames"},
            {"image text.png is not a picture ImageIO can read"},
            {"image cut.png "},
        };
        for (int i = 0; i < cases.length; i++) {
            CommandRunner.Result r = CommandRunner.run(dir, cases[i]);
            String what = String.join(" ", cases[i]);
            assertEquals(ErrorReporter.USAGE, r.exitCode(), what + " -> " + r.all());
            // libtorch's deprecation warning may precede it (the README says why it cannot be silenced)
            List<String> lines =
                    r.err().strip().lines().filter(l -> l.startsWith("repflow")).toList();
            assertEquals(1, lines.size(), what + ": one line: " + r.err());
            assertTrue(!r.err().contains("\tat "), what + ": no stack trace: " + r.err());
            for (String fragment : expected[i]) {
                assertTrue(lines.get(0).contains(fragment), what + ": '" + fragment + "' in " + lines.get(0));
            }
            assertTrue(!lines.get(0).contains("overflow") && !lines.get(0).contains("Exception"), lines.get(0));
        }
    }

    @Test
    void tckRunsTheContractsOnTheReference() throws Exception {
        // as ./repflow runs it: the kit is not on the command's class path, so the command relaunches itself with it
        CommandRunner.Result r = CommandRunner.runPackaged(dir, "tck", "--backend", "reference", "--quick");
        assertEquals(0, r.exitCode(), r.all());
        assertTrue(r.out().contains("FlowForwardContract") && r.out().contains("all required checks passed"), r.out());
    }

    @Test
    void tckOnAGpuItCannotUseSkipsWithOneLineNamingBackendDeviceAndWhatIsAvailable() throws Exception {
        CommandRunner.Result r =
                CommandRunner.run(dir, "tck", "--backend", "reference", "--device", "gpu:0", "--quick");
        assertEquals(0, r.exitCode(), r.all());
        assertTrue(r.out().startsWith("device gpu:0"), r.out());
        String reason = "backend 'reference' does not declare GPU (its natives cannot use one; available: cpu),"
                + " so the kit does not run on gpu:0";
        List<String> lines = r.out().lines().filter(l -> l.endsWith(reason)).toList();
        assertEquals(1, lines.size(), r.out());
        assertTrue(lines.get(0).matches("reference: \\d+ checks skipped \\(the first: .*"), lines.get(0));
        assertTrue(r.out().contains("every check that ran on gpu:0 passed"), r.out());
    }

    @Test
    void containerModeWithoutDockerSaysSoAndFails() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(
                ContainerTck.dockerProblem() != null,
                "a Docker engine answers here, so the no-Docker message is not what happens");
        CommandRunner.Result r = CommandRunner.run(dir, "tck", "--container", "repflow/tck-gpu:latest");
        assertEquals(ErrorReporter.USAGE, r.exitCode(), r.all());
        assertEquals(
                "repflow tck: --container needs Docker, and no Docker engine answers (is a daemon running, or"
                        + " DOCKER_HOST pointing at one?); run 'repflow tck' without --container to test the backends"
                        + " installed here",
                r.err().strip(),
                "one line on stderr, nothing of Testcontainers' own logging");
    }

    @Test
    void tckDeviceGpusAndJobsMistakesAreOneLineUsageErrors() throws Exception {
        // the kit in a container is ContainerImageTest (needs Docker); these need no Docker and no kit run
        CommandRunner.Result gpus = CommandRunner.run(dir, "tck", "--gpus", "all");
        assertEquals(ErrorReporter.USAGE, gpus.exitCode(), gpus.all());
        assertEquals(
                "repflow tck: --gpus requests GPUs for a container; use it with --container IMAGE",
                gpus.err().strip());
        CommandRunner.Result device = CommandRunner.run(dir, "tck", "--device", "tpu");
        assertEquals(ErrorReporter.USAGE, device.exitCode(), device.all());
        assertEquals(
                "repflow tck: --device: device 'tpu' is not understood; use cpu, gpu or gpu:N (N >= 0)",
                device.err().strip());
        CommandRunner.Result jobs = CommandRunner.run(dir, "tck", "--jobs", "0");
        assertEquals(ErrorReporter.USAGE, jobs.exitCode(), jobs.all());
        assertEquals(
                "repflow tck: --jobs 0 is out of range; at least 1 backend runs at a time",
                jobs.err().strip());
    }
}
