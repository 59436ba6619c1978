package dev.enlightened.validation.engine;

import java.util.Arrays;

/**
 * A cache of values by a 64-bit hash (already mixed), for {@link StepCache} and {@link InvariantCheck}'s memories:
 * open addressing with two candidate slots per hash (from its low and its high half), so a lookup is at most two
 * array probes, with no boxed key and no chain to walk (issue 15: {@code HashMap<Long, ...>} lookups were a tenth of
 * the search on a 1M-event ring trace). It may forget: a hash whose two slots hold other hashes replaces the second,
 * and it stops growing at its maximum. A caller checks that a value found is the one it wants (the values it was
 * computed from are stored with it), so forgetting costs a recomputation only.
 *
 * <p>Why two slots (issue 15, session 11): with one slot per hash, two hashes sharing a slot evict each other on
 * every alternation, and in a table at most half full that is likely already for a handful of entries (the
 * birthday bound: 9 values in 64 slots share one with a probability of about 0.45). On the 1M-event ring trace the
 * invariant conjunct {@code cPc \in ConsumerPcs} held 9 values yet missed a third of its lookups. Switch:
 * {@code -Denlightened.engine.fpCacheTwoWay=false} gives the one-slot table back (for A/B runs).
 *
 * @param <V> what is cached
 */
final class FpCache<V> {
    /** Whether a hash has a second slot ({@code enlightened.engine.fpCacheTwoWay}, default true). */
    static final boolean TWO_WAY = !"false".equals(System.getProperty("enlightened.engine.fpCacheTwoWay"));
    private final int max;
    private long[] keys;
    private Object[] vals;
    private int size;

    /** @param max the most slots it grows to, a power of two */
    FpCache(int max) {
        this.max = max;
        this.keys = new long[Math.min(64, max)];
        this.vals = new Object[keys.length];
    }

    /** @return the value cached under {@code h}, or null */
    @SuppressWarnings("unchecked")
    V get(long h) {
        int mask = keys.length - 1;
        int i = (int) h & mask;
        if (keys[i] == h) {
            return (V) vals[i];
        }
        if (!TWO_WAY) {
            return null;
        }
        int j = second(h, i, mask);
        return keys[j] == h ? (V) vals[j] : null;
    }

    /** @return the second slot of {@code h}, whose first is {@code i}: from the hash's high half, never {@code i} */
    private static int second(long h, int i, int mask) {
        int j = (int) (h >>> 32) & mask;
        return j == i ? i ^ 1 : j;
    }

    /** Caches {@code v} (not null) under {@code h}, replacing what shared its slot. */
    void put(long h, V v) {
        if (size * 2 >= keys.length && keys.length < max) {
            grow();
        }
        store(h, v);
    }

    /** Puts {@code v} in {@code h}'s first slot if it is free or {@code h}'s, else in its second. */
    private void store(long h, Object v) {
        int mask = keys.length - 1;
        int i = (int) h & mask;
        if (TWO_WAY && vals[i] != null && keys[i] != h) {
            i = second(h, i, mask);
        }
        if (vals[i] == null) {
            size++;
        }
        keys[i] = h;
        vals[i] = v;
    }

    /** Forgets everything. */
    void clear() {
        Arrays.fill(vals, null);
        Arrays.fill(keys, 0);
        size = 0;
    }

    private void grow() {
        long[] oldKeys = keys;
        Object[] oldVals = vals;
        keys = new long[oldKeys.length * 2];
        vals = new Object[keys.length];
        size = 0;
        for (int j = 0; j < oldKeys.length; j++) {
            if (oldVals[j] != null) {
                store(oldKeys[j], oldVals[j]);
            }
        }
    }
}
