package dev.enlightened.wire;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MessageTypeTest {

    /** {@code sizeof} of the Linux structs (include/linux/hyperv.h), header included, typed from the table. */
    private static final Map<MessageType, Integer> LINUX_SIZES = Map.ofEntries(
            Map.entry(MessageType.OFFERCHANNEL, 196),
            Map.entry(MessageType.RESCIND_CHANNELOFFER, 12),
            Map.entry(MessageType.REQUESTOFFERS, 8),
            Map.entry(MessageType.ALLOFFERS_DELIVERED, 8),
            Map.entry(MessageType.OPENCHANNEL, 148),
            Map.entry(MessageType.OPENCHANNEL_RESULT, 20),
            Map.entry(MessageType.CLOSECHANNEL, 12),
            Map.entry(MessageType.GPADL_CREATED, 20),
            Map.entry(MessageType.GPADL_TEARDOWN, 16),
            Map.entry(MessageType.GPADL_TORNDOWN, 12),
            Map.entry(MessageType.RELID_RELEASED, 12),
            Map.entry(MessageType.INITIATE_CONTACT, 40),
            Map.entry(MessageType.VERSION_RESPONSE, 16),
            Map.entry(MessageType.UNLOAD, 8),
            Map.entry(MessageType.UNLOAD_RESPONSE, 8),
            Map.entry(MessageType.TL_CONNECT_REQUEST, 40),
            Map.entry(MessageType.MODIFYCHANNEL, 16),
            Map.entry(MessageType.TL_CONNECT_RESULT, 44),
            Map.entry(MessageType.MODIFYCHANNEL_RESPONSE, 16));

    @Test
    void numbersRunFromOneToTwentyFourInTableOrder() {
        MessageType[] all = MessageType.values();
        assertEquals(24, all.length);
        for (int i = 0; i < all.length; i++) {
            assertEquals(i + 1, all[i].number());
            assertEquals(all[i], MessageType.fromNumber(i + 1).orElseThrow());
            assertTrue(all[i].wireName().startsWith("CHANNELMSG_"), all[i].wireName());
        }
        assertTrue(MessageType.fromNumber(0).isEmpty());
        assertTrue(MessageType.fromNumber(25).isEmpty());
    }

    @Test
    void fixedSizeMessagesEncodeToTheSizeOfTheirLinuxStruct() {
        LINUX_SIZES.forEach((type, size) -> {
            assertEquals(size, type.minLength(), type.name());
            assertEquals(size, ChannelMessageCodec.encode(Samples.smallest(type)).length, type.name());
        });
        assertEquals(19, LINUX_SIZES.size());
    }

    @Test
    void gpadlMessagesNeverExceedMaxSizeChannelMessage() {
        // (240 - 20) / 8 = 27 u64s: 236 bytes, and one more would overflow the 240-byte payload.
        assertEquals(236, new GpadlHeader(1, 1, 8 * 30, 1,
                java.util.Collections.nCopies(GpadlHeader.MAX_VALUES, 4096L)).encodedLength());
        assertEquals(27, GpadlHeader.MAX_VALUES);
        assertEquals(26, GpadlHeader.MAX_SINGLE_RANGE_PFNS);
    }

    @Test
    void everyRecordClassNamesItsOwnRow() {
        for (MessageType t : MessageType.values()) {
            if (t.isReserved()) {
                assertTrue(t.recordClass().isEmpty(), t.name());
                continue;
            }
            ChannelMessage m = Samples.smallest(t);
            assertEquals(t, m.type());
            assertEquals(t.recordClass().orElseThrow(), m.getClass());
        }
    }

    @Test
    void reservedRowsAreExactlyEighteenToTwenty() {
        for (MessageType t : MessageType.values()) {
            assertEquals(t.number() >= 18 && t.number() <= 20, t.isReserved(), t.name());
        }
    }

    @Test
    void versionGatingFollowsTheMinimumVersionColumn() {
        assertTrue(MessageType.INITIATE_CONTACT.allowedIn(ProtocolVersion.WS2008));
        assertTrue(MessageType.INITIATE_CONTACT.minVersion().isEmpty());
        assertFalse(MessageType.UNLOAD_RESPONSE.allowedIn(ProtocolVersion.WS2008));
        assertTrue(MessageType.UNLOAD_RESPONSE.allowedIn(ProtocolVersion.WIN7));
        assertFalse(MessageType.MODIFYCHANNEL.allowedIn(ProtocolVersion.WIN10));
        assertTrue(MessageType.MODIFYCHANNEL.allowedIn(ProtocolVersion.WIN10_V4_1));
        assertFalse(MessageType.MODIFYCHANNEL_RESPONSE.allowedIn(ProtocolVersion.WIN10_V5_2));
        assertTrue(MessageType.MODIFYCHANNEL_RESPONSE.allowedIn(ProtocolVersion.WIN10_V5_3));
        assertEquals(Direction.HOST_TO_GUEST, MessageType.OFFERCHANNEL.direction());
        assertEquals(Direction.GUEST_TO_HOST, MessageType.GPADL_BODY.direction());
    }
}
