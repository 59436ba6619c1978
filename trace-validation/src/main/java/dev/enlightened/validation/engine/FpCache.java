package dev.enlightened.validation.engine;

import java.util.Arrays;

/**
 * A cache of values by a 64-bit hash (already mixed), for {@link StepCache} and {@link InvariantCheck}'s memories:
 * open addressing with one slot per hash, so a lookup is one array probe, with no boxed key and no chain to walk
 * (issue 15: {@code HashMap<Long, ...>} lookups were a tenth of the search on a 1M-event ring trace). It may forget:
 * two hashes that share a slot replace each other, and it stops growing at its maximum. A caller checks that a
 * value found is the one it wants (the values it was computed from are stored with it), so forgetting costs a
 * recomputation only.
 *
 * @param <V> what is cached
 */
final class FpCache<V> {
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
        int i = (int) h & (keys.length - 1);
        return keys[i] == h ? (V) vals[i] : null;
    }

    /** Caches {@code v} (not null) under {@code h}, replacing what shared its slot. */
    void put(long h, V v) {
        if (size * 2 >= keys.length && keys.length < max) {
            grow();
        }
        int i = (int) h & (keys.length - 1);
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
                int i = (int) oldKeys[j] & (keys.length - 1);
                if (vals[i] == null) {
                    size++;
                }
                keys[i] = oldKeys[j];
                vals[i] = oldVals[j];
            }
        }
    }
}
