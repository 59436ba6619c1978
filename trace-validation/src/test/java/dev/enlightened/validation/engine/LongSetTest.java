package dev.enlightened.validation.engine;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** LongSet, the search's memo set (pure Java, no TLC): add is true exactly for a key not yet present. */
class LongSetTest {

    @Test
    void addIsTrueExactlyForNewKeysAcrossGrowth() {
        LongSet set = new LongSet(2);
        Set<Long> model = new HashSet<>();
        SplittableRandom random = new SplittableRandom(11);
        for (int i = 0; i < 200_000; i++) {
            // Draw from a small range half the time so repeats are frequent, including zero and negative keys.
            long key = i % 2 == 0 ? random.nextLong(-500, 500) : random.nextLong();
            assertEquals(model.add(key), set.add(key), "add(" + key + ") after " + i + " adds");
        }
        assertEquals(model.size(), set.size());
    }

    @Test
    void zeroIsAKeyLikeAnyOtherAndCollidesWithNone() {
        LongSet set = new LongSet(4);
        assertTrue(set.add(0));
        assertFalse(set.add(0));
        // The constant zero used to be remapped to: a distinct key, so it must be new.
        assertTrue(set.add(0x9E3779B97F4A7C15L));
        assertEquals(2, set.size());
    }

    @Test
    void keysOfOneStateAtDifferentEventIndicesDiffer() {
        long fp = 0x1234_5678_9ABCL;
        assertNotEquals(LongSet.key(1, fp), LongSet.key(2, fp));
        assertNotEquals(LongSet.key(1, fp), LongSet.key(1, fp + 1));
        assertEquals(LongSet.key(7, fp), LongSet.key(7, fp));
    }
}
