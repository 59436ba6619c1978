package dev.enlightened.sim;

import java.util.Arrays;

/**
 * The shared locations one actor step read and wrote, recorded by a runner that routes its actors' shared accesses
 * through it (the stepped ring: ring memory, doorbell latches). An explorer takes the footprint at each step boundary
 * and calls two steps independent when neither writes a location the other touches: swapping them then reaches the
 * same state (the sleep sets of docs/exploring.md). A location is a number the runner assigns; only equality matters.
 *
 * <p>Accesses come from the stepping party's thread, {@link #take()} from the explorer's: both synchronize here.
 */
public final class Footprint {
    /** A chooser that wants each step's footprint (an explorer does, for sleep sets). */
    public interface Aware {
        /** Called once by the runner before the first step; the runner records every step's accesses in it. */
        void footprintFrom(Footprint footprint);
    }

    /**
     * One step's accesses (sorted, distinct).
     *
     * @param everything the step is dependent on every other step, whatever it read and wrote (an explorer marks so
     *                   a step that took a branching decision inside: its other options may touch other locations)
     */
    public record Access(long[] reads, long[] writes, boolean everything) {
        /** A step's recorded accesses. */
        public Access(long[] reads, long[] writes) {
            this(reads, writes, false);
        }

        /** @return these accesses, dependent on every other step */
        public Access withEverything() {
            return new Access(reads, writes, true);
        }

        /** @return true if neither step writes a location the other reads or writes */
        public boolean independent(Access other) {
            return !everything && !other.everything && disjoint(writes, other.writes) && disjoint(writes, other.reads)
                    && disjoint(reads, other.writes);
        }

        private static boolean disjoint(long[] a, long[] b) {
            int i = 0;
            int j = 0;
            while (i < a.length && j < b.length) {
                if (a[i] == b[j]) {
                    return false;
                }
                if (a[i] < b[j]) {
                    i++;
                } else {
                    j++;
                }
            }
            return true;
        }

        @Override
        public String toString() {
            return (everything ? "everything; " : "") + "reads " + Arrays.toString(reads) + " writes "
                    + Arrays.toString(writes);
        }
    }

    private long[] reads = new long[16];
    private long[] writes = new long[16];
    private int nReads;
    private int nWrites;

    /** Records a read of {@code location} by the step in progress. */
    public synchronized void read(long location) {
        if (nReads == reads.length) {
            reads = Arrays.copyOf(reads, nReads * 2);
        }
        reads[nReads++] = location;
    }

    /** Records a write of {@code location} by the step in progress. */
    public synchronized void write(long location) {
        if (nWrites == writes.length) {
            writes = Arrays.copyOf(writes, nWrites * 2);
        }
        writes[nWrites++] = location;
    }

    /** @return the accesses since the last call (the step that just ended), and starts a new step */
    public synchronized Access take() {
        Access a = new Access(distinct(reads, nReads), distinct(writes, nWrites));
        nReads = 0;
        nWrites = 0;
        return a;
    }

    private static long[] distinct(long[] a, int n) {
        long[] s = Arrays.copyOf(a, n);
        Arrays.sort(s);
        int k = 0;
        for (int i = 0; i < s.length; i++) {
            if (k == 0 || s[i] != s[k - 1]) {
                s[k++] = s[i];
            }
        }
        return Arrays.copyOf(s, k);
    }
}
