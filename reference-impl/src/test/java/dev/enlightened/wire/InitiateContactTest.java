package dev.enlightened.wire;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class InitiateContactTest {

    private static byte[] handComputedContact() {
        return new HandBytes(40)
                .at(0, 0x0e, 0x00, 0x00, 0x00)          // msgtype = 14 CHANNELMSG_INITIATE_CONTACT
                .at(4, 0x00, 0x00, 0x00, 0x00)          // padding
                .at(8, 0x03, 0x00, 0x05, 0x00)          // vmbus_version_requested = 5.3 = 0x00050003
                .at(12, 0x01, 0x00, 0x00, 0x00)         // target_vcpu = 1
                .at(16, 0x02)                           // msg_sint = 2 (VMBUS_MESSAGE_SINT)
                .at(17, 0x00)                           // msg_vtl = 0; 18..23 reserved / feature_flags = 0
                .at(24, 0x00, 0x50, 0x34, 0x12, 0x01, 0x00, 0x00, 0x00) // monitor_page1 = 0x112345000
                .at(32, 0x00, 0x60, 0x34, 0x12, 0x01, 0x00, 0x00, 0x00) // monitor_page2 = 0x112346000
                .toArray();
    }

    @Test
    void encodesAndDecodesTheHandComputedContact() {
        InitiateContact m = InitiateContact.withSint(ProtocolVersion.WIN10_V5_3, 1, 2, 0x1_1234_5000L,
                0x1_1234_6000L);
        assertArrayEquals(handComputedContact(), ChannelMessageCodec.encode(m));
        InitiateContact d = (InitiateContact) ChannelMessageCodec.decode(handComputedContact()).asMessage()
                .orElseThrow();
        assertEquals(m, d);
        assertEquals(2, d.msgSint());
        assertEquals(0, d.msgVtl());
        assertEquals(0, d.featureFlags());
        assertEquals(ProtocolVersion.WIN10_V5_3, ProtocolVersion.fromValue(d.versionRequested()).orElseThrow());
    }

    @Test
    void decodesTheClientIdOfInitiateContact2() {
        byte[] bytes = Arrays.copyOf(handComputedContact(), 56);
        bytes[20] = 0x08;                               // feature_flags = client_id (0x8)
        bytes[40] = 0x11;                               // client_id, first byte
        InitiateContact d = (InitiateContact) ChannelMessageCodec.decode(bytes).asMessage().orElseThrow();
        assertEquals(InitiateContact.Form.V2, d.form());
        assertEquals(8, d.featureFlags());
        assertEquals("00000011-0000-0000-0000-000000000000", d.clientId().toString());
        assertArrayEquals(bytes, ChannelMessageCodec.encode(d));
    }

    @Test
    void keepsAnUnknownRequestedVersionForTheHostToRefuse() {
        byte[] bytes = handComputedContact();
        bytes[10] = 0x63;                               // version 99.3: the host answers version_supported = 0
        InitiateContact d = (InitiateContact) ChannelMessageCodec.decode(bytes).asMessage().orElseThrow();
        assertEquals(0x0063_0003, d.versionRequested());
        assertEquals(true, ProtocolVersion.fromValue(d.versionRequested()).isEmpty());
    }

    @Test
    void writesTheUnionAtOffsetSixteenAsLinuxDoesForEachVersion() {
        // struct vmbus_channel_initiate_contact: before VERSION_WIN10_V5 the u64 at 16 is interrupt_page; from it,
        // u8 msg_sint, u8 msg_vtl, u16 reserved, u32 feature_flags.
        byte[] old = ChannelMessageCodec.encode(InitiateContact.forVersion(ProtocolVersion.WIN10_V4_1, 0, 2,
                0x1122_3344_5566_7788L, 0, 0));
        assertArrayEquals(new byte[] {(byte) 0x88, 0x77, 0x66, 0x55, 0x44, 0x33, 0x22, 0x11},
                java.util.Arrays.copyOfRange(old, 16, 24));
        assertArrayEquals(new byte[] {0x01, 0x00, 0x04, 0x00}, java.util.Arrays.copyOfRange(old, 8, 12),
                "vmbus_version_requested = 4.1 = 0x00040001");
        byte[] v5 = ChannelMessageCodec.encode(InitiateContact.forVersion(ProtocolVersion.WIN10_V5, 0, 2,
                0x1122_3344_5566_7788L, 0, 0));
        assertArrayEquals(new byte[] {0x02, 0, 0, 0, 0, 0, 0, 0}, java.util.Arrays.copyOfRange(v5, 16, 24));
    }
}
