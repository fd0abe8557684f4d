package io.repflow.bench.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The benchmarks' memory readings against an allocation of known size. */
class ProcStatusTest {

    private static final int MIB = 1 << 20;

    @Test
    void residentSetRisesByAnAllocationThatIsTouched() {
        assumeTrue(Files.isReadable(Path.of("/proc/self/status")), "needs Linux's /proc/self/status");
        long before = ProcStatus.residentKib();
        int size = 192 * MIB;
        ByteBuffer block = ByteBuffer.allocateDirect(size);
        for (int i = 0; i < size; i += 4096) {
            block.put(i, (byte) 1); // a page counts in the resident set once written
        }
        long now = ProcStatus.residentKib();
        long peak = ProcStatus.peakResidentKib(); // read after: the kernel's mark is at least the set at reading
        assertTrue(before > 0 && peak >= now, "VmRSS " + before + " KiB before, " + now + " now, VmHWM " + peak);
        // the kernel's count: every written page of the block, give or take other threads' small allocations; the
        // high-water mark is at least the resident set now (it may be higher from earlier tests in this JVM)
        double added = (now - before) / 1024.0;
        assertTrue(added >= 190 && added < 192 + 64, "VmRSS rose by " + added + " MiB for a 192 MiB block");
        assertTrue(block.get(size - 4096) == 1);
    }
}
