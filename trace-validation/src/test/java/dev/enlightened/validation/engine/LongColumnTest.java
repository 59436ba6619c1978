package dev.enlightened.validation.engine;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** LongColumn, the search path's fingerprints by event index (pure Java, no TLC). */
class LongColumnTest {

    @Test
    void valuesSurviveAcrossPageBoundariesAndOverwrites() {
        LongColumn column = new LongColumn();
        int[] indices = {0, 1, 65_535, 65_536, 65_537, 3 * 65_536 + 5, 1_000_000};
        for (int i : indices) {
            column.set(i, i * 31L - 7);
        }
        for (int i : indices) {
            assertEquals(i * 31L - 7, column.get(i), "index " + i);
        }
        column.set(65_536, -1L);
        assertEquals(-1L, column.get(65_536));
        assertEquals(65_535 * 31L - 7, column.get(65_535), "the neighbour on the previous page is untouched");
        assertEquals(0L, column.get(2), "an index never set in an allocated page reads zero");
    }

    @Test
    void theFirstPageGrowsWithoutLosingEntriesAndMatchesAPlainArray() {
        java.util.Random random = new java.util.Random(15);
        for (int round = 0; round < 50; round++) {
            LongColumn column = new LongColumn();
            long[] plain = new long[3 * 65_536];
            int bound = 1 + random.nextInt(round % 2 == 0 ? 5_000 : plain.length);
            for (int k = 0; k < 2_000; k++) {
                int i = k < 500 ? k : random.nextInt(bound); // in order first (the search's path), then anywhere
                long v = random.nextLong();
                column.set(i, v);
                plain[i] = v;
            }
            for (int i = 0; i < Math.min(bound, 65_536); i++) {
                assertEquals(plain[i], column.get(i), "round " + round + " index " + i);
            }
            for (int i = 65_536; i < bound; i++) {
                if (plain[i] != 0) {
                    assertEquals(plain[i], column.get(i), "round " + round + " index " + i);
                }
            }
        }
    }

    @Test
    void readingPastTheLastPageFailsLoudly() {
        LongColumn column = new LongColumn();
        column.set(10, 1);
        assertThrows(IndexOutOfBoundsException.class, () -> column.get(70_000));
    }
}
