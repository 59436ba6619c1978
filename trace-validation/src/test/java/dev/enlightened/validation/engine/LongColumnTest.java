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
    void readingPastTheLastPageFailsLoudly() {
        LongColumn column = new LongColumn();
        column.set(10, 1);
        assertThrows(IndexOutOfBoundsException.class, () -> column.get(70_000));
    }
}
