package dev.enlightened.validation.engine;

/**
 * An open-addressing set of longs (fingerprints of (event index, spec state) pairs), so memoisation costs no
 * boxing on traces of millions of events. Zero marks empty slots, so the key zero is held by a flag of its own
 * (remapping it to another constant made that constant and zero one key: a state the search never tried would have
 * been skipped as already tried).
 */
final class LongSet {
    private long[] slots;
    private int size;
    private boolean hasZero;

    /** A set for the whole search: starts large. */
    LongSet() {
        this(1 << 12);
    }

    /** @param capacity initial slots, a power of two (small for the per-event sets of the search) */
    LongSet(int capacity) {
        slots = new long[capacity];
    }

    /** @return true when {@code key} was not yet present */
    boolean add(long key) {
        if (key == 0) {
            if (hasZero) {
                return false;
            }
            hasZero = true;
            size++;
            return true;
        }
        long k = key;
        if ((size + 1) * 2 > slots.length) {
            grow();
        }
        int mask = slots.length - 1;
        int i = (int) mix(k) & mask;
        while (slots[i] != 0) {
            if (slots[i] == k) {
                return false;
            }
            i = (i + 1) & mask;
        }
        slots[i] = k;
        size++;
        return true;
    }

    /** @return true when {@code key} is present */
    boolean contains(long key) {
        if (key == 0) {
            return hasZero;
        }
        int mask = slots.length - 1;
        int i = (int) mix(key) & mask;
        while (slots[i] != 0) {
            if (slots[i] == key) {
                return true;
            }
            i = (i + 1) & mask;
        }
        return false;
    }

    int size() {
        return size;
    }

    /** @return the keys, in no particular order */
    long[] toArray() {
        long[] out = new long[size];
        int n = 0;
        if (hasZero) {
            out[n++] = 0;
        }
        for (long k : slots) {
            if (k != 0) {
                out[n++] = k;
            }
        }
        return out;
    }

    private void grow() {
        long[] old = slots;
        slots = new long[old.length * 2];
        int mask = slots.length - 1;
        for (long k : old) {
            if (k != 0) {
                int i = (int) mix(k) & mask;
                while (slots[i] != 0) {
                    i = (i + 1) & mask;
                }
                slots[i] = k;
            }
        }
    }

    /** Stafford's variant 13 of the SplitMix64 finaliser: spreads fingerprints and indices over all bits. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** The memo key of spec state {@code fp} after {@code index} events. */
    static long key(int index, long fp) {
        return fp ^ mix(index + 0x632BE59BD9B4E019L);
    }
}
