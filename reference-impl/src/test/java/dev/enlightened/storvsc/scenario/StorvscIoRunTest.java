package dev.enlightened.storvsc.scenario;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.enlightened.storvsc.StorvscDisk;
import dev.enlightened.trace.TraceSink;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * Random reads and writes through guest -> rings -> host -> disk: every read returns what a model byte array holds,
 * whatever the LBAs, lengths, queue depth and interleaving.
 */
class StorvscIoRunTest {
    private static final int BLOCKS = StorvscDisk.DEFAULT_BLOCKS;
    private static final int BLOCK = StorvscDisk.DEFAULT_BLOCK_SIZE;

    /** Mostly in range; some LBAs near the end so that ops straddle it. */
    static Gen<StorvscIoRun.Op> ops() {
        return booleans().all().zip(integers().between(0, BLOCKS - 1), integers().between(1,
                StorvscIoRun.MAX_OP_BLOCKS), longs().all(), (w, lba, n, seed) -> new StorvscIoRun.Op(w,
                        Math.min(lba, BLOCKS - n + (lba % 17 == 0 ? 1 : 0)), n, seed));
    }

    private static StorvscSystem ready(long seed) {
        StorvscSystem s = new StorvscSystem(StorvscScenario.basic(seed), TraceSink.OFF);
        StorvscRunner.run(s, TraceSink.OFF);
        return s;
    }

    @Test
    void everyReadMatchesTheModelUnderRandomInterleavingsOverBothDataPaths() {
        qt().withExamples(80).forAll(lists().of(ops()).ofSizeBetween(1, 60), integers().between(1, 12),
                booleans().all(), longs().all()).checkAssert((ops, depth, gpa, seed) -> {
                    StorvscSystem s = ready(seed);
                    StorvscIoStats st = StorvscIoRun.run(s, ops, depth, gpa, seed);
                    assertTrue(st.ok(), st.errors() + " mismatches=" + st.mismatches());
                    long past = ops.stream().filter(o -> o.lba() + o.blocks() > BLOCKS).count();
                    assertEquals(ops.size() + 3, st.ops()); // + TEST UNIT READY, INQUIRY, READ CAPACITY
                    assertEquals(past, st.checkConditions());
                    assertArrayEquals(model(ops), s.host().disk().snapshot());
                });
    }

    /** The disk after applying the in-range writes in order, computed without the I/O path. */
    private static byte[] model(List<StorvscIoRun.Op> ops) {
        byte[] m = new byte[BLOCKS * BLOCK];
        for (StorvscIoRun.Op op : ops) {
            if (op.write() && op.lba() + op.blocks() <= BLOCKS) {
                byte[] b = StorvscIoRun.bytes(op, BLOCK);
                System.arraycopy(b, 0, m, (int) op.lba() * BLOCK, b.length);
            }
        }
        return m;
    }

    @Test
    void randomOpsIncludeSomePastTheEndAndAllFit() {
        List<StorvscIoRun.Op> ops = StorvscIoRun.randomOps(7, 2000, BLOCKS);
        assertTrue(ops.stream().anyMatch(o -> o.lba() + o.blocks() > BLOCKS));
        assertTrue(ops.stream().allMatch(o -> o.lba() >= 0 && o.lba() < BLOCKS + StorvscIoRun.MAX_OP_BLOCKS));
        for (boolean gpa : new boolean[] {true, false}) {
            StorvscIoStats st = StorvscIoRun.run(ready(7), ops, 8, gpa, 7);
            assertTrue(st.ok(), st.errors().toString());
            assertEquals(2003, st.ops());
            assertEquals(8, st.maxOutstanding()); // the queue depth is reached: requests overlap
        }
    }
}
