package dev.enlightened.wire;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProtocolVersionTest {

    @Test
    void wireValuesAreMajorShiftedSixteenOrMinor() {
        assertEquals(0x0000_000D, ProtocolVersion.WS2008.value());
        assertEquals(0x0001_0001, ProtocolVersion.WIN7.value());
        assertEquals(0x0002_0004, ProtocolVersion.WIN8.value());
        assertEquals(0x0003_0000, ProtocolVersion.WIN8_1.value());
        assertEquals(0x0004_0000, ProtocolVersion.WIN10.value());
        assertEquals(0x0004_0001, ProtocolVersion.WIN10_V4_1.value());
        assertEquals(0x0005_0000, ProtocolVersion.WIN10_V5.value());
        assertEquals(0x0005_0001, ProtocolVersion.WIN10_V5_1.value());
        assertEquals(0x0005_0002, ProtocolVersion.WIN10_V5_2.value());
        assertEquals(0x0005_0003, ProtocolVersion.WIN10_V5_3.value());
        assertEquals(0x0006_0000, ProtocolVersion.WIN10_V6_0.value());
        assertEquals(ProtocolVersion.WIN10_V6_0, ProtocolVersion.newest());
    }

    @Test
    void declarationOrderIsAscendingWireValue() {
        ProtocolVersion[] all = ProtocolVersion.values();
        for (int i = 1; i < all.length; i++) {
            assertTrue(all[i - 1].value() < all[i].value(), all[i].toString());
            assertEquals(all[i], ProtocolVersion.fromValue(all[i].value()).orElseThrow());
        }
        assertTrue(ProtocolVersion.fromValue(0x0002_0000).isEmpty());
    }

    @Test
    void featuresAreGatedByTheirMinimumVersion() {
        assertFalse(ProtocolVersion.WIN7.supports(ProtocolVersion.Feature.SUB_CHANNELS));
        assertTrue(ProtocolVersion.WIN8.supports(ProtocolVersion.Feature.SUB_CHANNELS));
        assertFalse(ProtocolVersion.WIN10_V4_1.supports(ProtocolVersion.Feature.MESSAGE_CONNECTION_ID));
        assertTrue(ProtocolVersion.WIN10_V5.supports(ProtocolVersion.Feature.MESSAGE_CONNECTION_ID));
        assertFalse(ProtocolVersion.WIN10_V5_2.supports(ProtocolVersion.Feature.MODIFY_CHANNEL_RESPONSE));
        assertTrue(ProtocolVersion.WIN10_V5_3.supports(ProtocolVersion.Feature.MODIFY_CHANNEL_RESPONSE));
        assertFalse(ProtocolVersion.WIN10_V5_3.supports(ProtocolVersion.Feature.FEATURE_FLAGS));
        assertTrue(ProtocolVersion.WIN10_V6_0.supports(ProtocolVersion.Feature.FEATURE_FLAGS));
        for (ProtocolVersion.Feature f : ProtocolVersion.Feature.values()) {
            assertTrue(ProtocolVersion.newest().supports(f), f.name());
            assertFalse(ProtocolVersion.WS2008.supports(f), f.name());
        }
    }

    @Test
    void printsNameAndNumber() {
        assertEquals("WIN10_V5_3(5.3)", ProtocolVersion.WIN10_V5_3.toString());
    }
}
