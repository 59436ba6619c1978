package dev.enlightened.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.util.Locale;

/**
 * What one copy from a heap {@code byte[]} into a direct buffer costs by length, whole (as {@code ByteBufferRingMemory}
 * copies by default) and in pieces of at most 4,088 bytes (as it does with {@code -Denlightened.ring.copyPiece=4088}),
 * with the destination drifting as the VMBus ring's packets do (stride = length + 24, wrapping in 256 KiB) and the
 * source at each of the 8 offsets mod 64 of the array. {@code ByteBuffer.put(int, byte[], int, int)} of a direct
 * buffer ends in {@code Unsafe.copyMemory}, the call the ring makes, so this needs no {@code Unsafe} of its own.
 *
 * <p>Why: HotSpot 17's copy stub takes its 64-byte vector loop from 4096 bytes on. On an AMD EPYC of family 25 (Zen 4)
 * {@code Unsafe.copyMemory} cost about 8.9 ns per KiB below 4096 bytes and 9.4 to 10.4 from 4096 on when source and
 * destination were not co-aligned to 64 bytes, so pieces paid there; on family 26 (Zen 5) whole copies are the faster
 * ones (docs/benchmarks.md, "One-thread burst at 4 KiB: one copy per payload on this CPU"). Which holds on a host
 * is what this prints. Here the ByteBuffer's own checks add to every copy. Each cell is the best of 5 runs of
 * 100,000 copies, in CPU time.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar dev.enlightened.benchmarks.CopyPieceProbe}.
 */
public final class CopyPieceProbe {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final int DATA_LENGTH = 256 * 1024;
    private static final int PIECE = 4096 - Long.BYTES;
    private static final int[] LENGTHS = {2048, 4032, 4088, 4096, 4104, 8192};

    private final byte[] source = new byte[8192 + 64];
    private final ByteBuffer ring = ByteBuffer.allocateDirect(DATA_LENGTH + 16384);

    private CopyPieceProbe() {
    }

    private double run(int length, int sourceOffset, boolean pieces, int copies) {
        int stride = (length + 24 + 7) & ~7;
        long cpu = THREADS.getCurrentThreadCpuTime();
        int at = 0;
        for (int i = 0; i < copies; i++) {
            int dst = at + 16; // a packet past the end runs into the slack instead of wrapping its bytes
            if (pieces) {
                int done = 0;
                while (length - done > PIECE) {
                    ring.put(dst + done, source, sourceOffset + done, PIECE);
                    done += PIECE;
                }
                ring.put(dst + done, source, sourceOffset + done, length - done);
            } else {
                ring.put(dst, source, sourceOffset, length);
            }
            at = (at + stride) % DATA_LENGTH; // no padding at the end, like the ring: offsets drift lap by lap
        }
        return (double) (THREADS.getCurrentThreadCpuTime() - cpu) / copies;
    }

    private double best(int length, int sourceOffset, boolean pieces) {
        double best = Double.MAX_VALUE;
        for (int r = 0; r < 5; r++) {
            best = Math.min(best, run(length, sourceOffset, pieces, 100_000));
        }
        return best;
    }

    /** Prints, per length, the CPU ns per copy whole and in pieces, the mean and range over the source offsets. */
    public static void main(String[] args) {
        CopyPieceProbe probe = new CopyPieceProbe();
        for (int w = 0; w < 3; w++) {
            for (int length : LENGTHS) {
                probe.run(length, 0, false, 20_000);
                probe.run(length, 8, true, 20_000);
            }
        }
        for (int length : LENGTHS) {
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "length=%d", length));
            for (boolean pieces : new boolean[] {false, true}) {
                double sum = 0;
                double min = Double.MAX_VALUE;
                double max = 0;
                for (int offset = 0; offset < 64; offset += 8) {
                    double ns = probe.best(length, offset, pieces);
                    sum += ns;
                    min = Math.min(min, ns);
                    max = Math.max(max, ns);
                }
                line.append(String.format(Locale.ROOT, " %s: mean %.1f ns (%.1f to %.1f), %.2f ns/KiB",
                        pieces ? "pieces" : "whole", sum / 8, min, max, sum / 8 * 1024 / length));
            }
            System.out.println(line);
        }
    }
}
