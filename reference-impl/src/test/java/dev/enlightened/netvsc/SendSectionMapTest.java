package dev.enlightened.netvsc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The send-section bitmap: lowest clear section first, never handed out twice, freed once. */
class SendSectionMapTest {

    @Test
    void handsOutTheLowestClearSectionAndNeverOneInUse() {
        SendSectionMap m = new SendSectionMap(70);
        for (int i = 0; i < 70; i++) {
            assertEquals(i, m.allocate());
        }
        assertEquals(SendSectionMap.NONE, m.allocate());
        assertTrue(m.free(65));
        assertEquals(65, m.allocate());
        assertEquals(70, m.inUse());
    }

    @Test
    void refusesToFreeASectionTwiceOrOutOfRange() {
        SendSectionMap m = new SendSectionMap(4);
        int s = m.allocate();
        assertTrue(m.free(s));
        assertFalse(m.free(s));
        assertFalse(m.free(-1));
        assertFalse(m.free(4));
        assertEquals(0, m.inUse());
    }
}
