package dev.enlightened.validation.engine;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** FpCache, the step cache's and invariant memories' table (pure Java, no TLC). */
class FpCacheTest {

    @Test
    void getAnswersOnlyTheLatestValuePutUnderThatHash() {
        // The memories check the values stored with an answer, but a wrong answer must not even be offered: the
        // table may forget, never confuse two hashes or return an overwritten value.
        SplittableRandom random = new SplittableRandom(7);
        for (int max : new int[] {64, 1 << 12}) {
            FpCache<Object> cache = new FpCache<>(max);
            Map<Long, Object> latest = new HashMap<>();
            for (int i = 0; i < 200_000; i++) {
                long h = i % 3 == 0 ? random.nextLong() : random.nextLong(-3000, 3000) * 0x9E3779B97F4A7C15L;
                if (random.nextBoolean()) {
                    Object v = new Object();
                    cache.put(h, v);
                    latest.put(h, v);
                    assertSame(v, cache.get(h), "a value just put is found");
                } else {
                    Object got = cache.get(h);
                    if (got != null) {
                        assertSame(latest.get(h), got, "get(" + h + ") after " + i + " operations");
                    }
                }
            }
        }
    }

    @Test
    void keepsTwoHashesThatShareTheirFirstSlot() {
        assumeTrue(FpCache.TWO_WAY, "enlightened.engine.fpCacheTwoWay=false");
        FpCache<String> cache = new FpCache<>(1 << 12);
        // Low halves equal (first slot 5 in any table size), high halves differ (second slots 7 and 9).
        long a = (7L << 32) | 5;
        long b = (9L << 32) | 5;
        cache.put(a, "a");
        cache.put(b, "b");
        assertEquals("a", cache.get(a));
        assertEquals("b", cache.get(b));
        // Replacing the one in its second slot leaves no stale copy behind.
        cache.put(b, "b2");
        assertEquals("b2", cache.get(b));
        assertEquals("a", cache.get(a));
        assertNull(cache.get((11L << 32) | 5));
    }

    @Test
    void aFewValuesAlternatingAllStay() {
        assumeTrue(FpCache.TWO_WAY, "enlightened.engine.fpCacheTwoWay=false");
        // The case that made one slot per hash thrash: a handful of mixed hashes in a table of 64 slots, some
        // sharing a first slot, looked up in turn (a program counter's values in InvariantCheck's memory).
        long[] hs = new long[9];
        FpCache<Long> cache = new FpCache<>(1 << 12);
        long h = 0x9E3779B97F4A7C15L;
        for (int k = 0; k < hs.length; k++) {
            h = LongSet.mix(h ^ k);
            hs[k] = h;
            cache.put(h, h);
        }
        // Two of them share a first slot, so one slot per hash would lose one.
        java.util.Set<Integer> first = new java.util.HashSet<>();
        boolean shared = false;
        for (long x : hs) {
            shared |= !first.add((int) x & 63);
        }
        assumeTrue(shared, "these hashes happen to share no slot");
        for (int round = 0; round < 3; round++) {
            for (long x : hs) {
                assertEquals(x, cache.get(x));
            }
        }
    }
}
