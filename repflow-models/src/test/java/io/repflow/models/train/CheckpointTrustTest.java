package io.repflow.models.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.repflow.models.checkpoint.CheckpointFormatException;
import io.repflow.models.checkpoint.CheckpointStore;
import io.repflow.models.spec.ClipShape;
import io.repflow.models.spec.ModelSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14, item 5: a checkpoint is trusted only when it is what was written. {@code latest} must name a
 * checkpoint of its own store; every file is checked against the size and SHA-256 in its manifest; a damaged or
 * missing newest checkpoint leads to the newest one that loads; a truncated manifest is reported in one line.
 */
class CheckpointTrustTest {

    private static final ClipShape CLIP = new ClipShape(4, 3, 6, 6);
    private static final ColourDataset TRAIN = new ColourDataset(32, 4, 3, 6, 1);

    @TempDir
    Path dir;

    private CheckpointStore store;
    private Path run;

    /** A run with checkpoints after steps 4, 8 and 12, and a second run beside it. */
    @BeforeEach
    void twoRuns() {
        ModelSpec spec = JavaLinearModel.spec(CLIP, 4, 0);
        TrainingConfig cfg =
                new TrainingConfig(3, 8, 0.5, 0.01, 0.9, 1e-4, new LearningRateSchedule.Constant(), 7, 0, 0);
        run = dir.resolve("run");
        store = new CheckpointStore(run, 5);
        new Trainer(new JavaLinearModel(spec, 3), cfg, store, "java").fit(TRAIN, null);
        new Trainer(new JavaLinearModel(spec, 4), cfg, new CheckpointStore(dir.resolve("other"), 5), "java")
                .fit(TRAIN, null);
    }

    @Test
    void latestMustNameACheckpointOfItsOwnRun() throws IOException {
        for (String pointer : new String[] {
            "../other/step-0000000012", dir.resolve("other/step-0000000012").toString(), "step-0000000012/../../other"
        }) {
            Files.writeString(run.resolve(CheckpointStore.LATEST), pointer + "\n");
            CheckpointFormatException e = assertThrows(CheckpointFormatException.class, store::latest, pointer);
            assertEquals(
                    run.resolve(CheckpointStore.LATEST) + ": names '" + pointer
                            + "', which is not a checkpoint of this run directory; it must name a step-NNNNNNNNNN or"
                            + " final directory inside " + run.toAbsolutePath(),
                    e.getMessage());
        }
    }

    @Test
    void flippedBytesAreCaughtOnLoad() throws IOException {
        Path weights = run.resolve("step-0000000012").resolve(CheckpointStore.WEIGHTS);
        byte[] b = Files.readAllBytes(weights);
        b[b.length - 3] ^= 0x10; // a weight's bits, not the header: the file still parses
        Files.write(weights, b);
        CheckpointFormatException e = assertThrows(
                CheckpointFormatException.class, () -> CheckpointStore.load(run.resolve("step-0000000012")));
        assertTrue(
                e.getMessage().startsWith(weights + ": is damaged: its SHA-256 is ")
                        && e.getMessage().endsWith("(bytes changed after it was written)"),
                e.getMessage());
        Files.write(weights, Arrays.copyOf(b, b.length - 100));
        e = assertThrows(CheckpointFormatException.class, () -> CheckpointStore.load(run.resolve("step-0000000012")));
        assertTrue(
                e.getMessage()
                        .contains("is damaged: it has " + (b.length - 100) + " bytes but was written with " + b.length),
                e.getMessage());
    }

    @Test
    void aDamagedOrMissingNewestCheckpointLeadsToTheNewestThatLoads() throws IOException {
        Path optimizer = run.resolve("step-0000000012").resolve(CheckpointStore.OPTIMIZER);
        byte[] b = Files.readAllBytes(optimizer);
        b[b.length / 2] ^= 1;
        Files.write(optimizer, b);
        CheckpointStore.Loadable found = store.newestLoadable().orElseThrow();
        assertEquals("step-0000000008", found.dir().getFileName().toString());
        assertEquals(1, found.passedOver().size());
        assertTrue(
                found.passedOver().get(0).startsWith(optimizer + ": is damaged"),
                found.passedOver().toString());
        assertEquals(8, found.checkpoint().manifest().state().step());

        // latest names a directory that is gone
        Files.writeString(run.resolve(CheckpointStore.LATEST), "step-0000000016\n");
        found = store.newestLoadable().orElseThrow();
        assertEquals("step-0000000008", found.dir().getFileName().toString());
        assertTrue(
                found.passedOver().get(0).contains("names step-0000000016, which is missing"),
                found.passedOver().toString());

        // nothing damaged: the latest, with nothing passed over
        Files.write(optimizer, Files.readAllBytes(run.resolve("step-0000000008").resolve(CheckpointStore.OPTIMIZER)));
        Files.writeString(run.resolve(CheckpointStore.LATEST), "step-0000000004\n");
        found = store.newestLoadable().orElseThrow();
        assertEquals("step-0000000004", found.dir().getFileName().toString());
        assertEquals(0, found.passedOver().size());
    }

    @Test
    void aTruncatedManifestIsOneLineNamingTheFile() throws IOException {
        Path manifest = run.resolve("step-0000000012").resolve(CheckpointStore.MANIFEST);
        String text = Files.readString(manifest);
        Files.writeString(manifest, text.substring(0, text.length() / 2));
        CheckpointFormatException e = assertThrows(
                CheckpointFormatException.class, () -> CheckpointStore.load(run.resolve("step-0000000012")));
        assertTrue(
                e.getMessage().startsWith(manifest + ": is not valid JSON (it breaks off at line ")
                        && e.getMessage().endsWith("; the file is truncated or was edited"),
                e.getMessage());
        assertTrue(!e.getMessage().contains("Source:") && !e.getMessage().contains("\n"), e.getMessage());
        Files.writeString(manifest, "");
        e = assertThrows(CheckpointFormatException.class, () -> CheckpointStore.load(run.resolve("step-0000000012")));
        assertEquals(manifest + ": is empty; not a checkpoint manifest", e.getMessage());
    }
}
