package dev.enlightened.vp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class EventFlagsPageTest {

    @Test
    void aPageHoldsSixteenSintBitmapsOfTwoThousandFortyEightFlags() {
        assertEquals(256, EventFlagsPage.SINT_BYTES);
        assertEquals(4096, EventFlagsPage.PAGE_LENGTH);
    }

    @Test
    void testAndClearTakesTheFlagOnce() {
        EventFlagsPage p = new EventFlagsPage();
        p.set(9);
        assertTrue(p.isSet(9));
        assertFalse(p.isSet(8));
        assertTrue(p.testAndClear(9));
        assertFalse(p.testAndClear(9));
        assertFalse(p.isSet(9));
    }

    @Test
    void relidsOutsideTheBitmapAreRefusedAsUnsigned() {
        assertNull(EventFlagsPage.checkRelid(2047));
        assertEquals("relid outside the event-flags bitmap: relid=2048 flags=2048", EventFlagsPage.checkRelid(2048));
        assertEquals("relid outside the event-flags bitmap: relid=4294967295 flags=2048",
                EventFlagsPage.checkRelid(-1));
        assertThrows(IllegalArgumentException.class, () -> new EventFlagsPage().set(-1));
    }
}
