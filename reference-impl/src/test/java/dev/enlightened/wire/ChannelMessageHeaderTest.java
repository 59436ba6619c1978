package dev.enlightened.wire;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChannelMessageHeaderTest {

    @Test
    void relidsStartAtOneAndExcludeInvalidRelid() {
        assertFalse(ChannelMessageHeader.isValidRelid(0));
        assertTrue(ChannelMessageHeader.isValidRelid(1));
        assertTrue(ChannelMessageHeader.isValidRelid(2047));
        assertTrue(ChannelMessageHeader.isValidRelid(0xFFFF_FFFE));
        assertFalse(ChannelMessageHeader.isValidRelid(ChannelMessageHeader.INVALID_RELID));
    }

    @Test
    void theHeaderIsEightBytesOfAtMost240() {
        assertEquals(8, ChannelMessageHeader.LENGTH);
        assertEquals(240, ChannelMessageHeader.MAX_LENGTH);
    }
}
