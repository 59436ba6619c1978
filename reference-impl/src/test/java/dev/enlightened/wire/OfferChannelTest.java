package dev.enlightened.wire;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OfferChannelTest {
    private static final Guid STORVSC = Guid.parse("ba6163d9-04a1-4d29-b605-72e2ffb1dc7f");
    private static final Guid INSTANCE = Guid.parse("12345678-9abc-def0-0123-456789abcdef");

    private static OfferChannel storvscOffer() {
        return new OfferChannel(STORVSC, INSTANCE, OfferChannel.FLAG_ENUMERATE_DEVICE_INTERFACE
                | OfferChannel.FLAG_REQUEST_MONITORED_NOTIFICATION, 0, UserData.of(new byte[] {1, 2, 3, 4}), 2, 0,
                0x10F, 0x45, true, true, 0x0001_0010);
    }

    private static byte[] handComputedStorvscOffer() {
        return new HandBytes(196)
                .at(0, 0x01, 0x00, 0x00, 0x00)          // msgtype = 1 CHANNELMSG_OFFERCHANNEL
                .at(4, 0x00, 0x00, 0x00, 0x00)          // padding
                .at(8, 0xd9, 0x63, 0x61, 0xba,          // if_type Data1 0xba6163d9, little-endian
                        0xa1, 0x04, 0x29, 0x4d,         //   Data2 0x04a1, Data3 0x4d29, little-endian
                        0xb6, 0x05, 0x72, 0xe2, 0xff, 0xb1, 0xdc, 0x7f) // Data4 as printed
                .at(24, 0x78, 0x56, 0x34, 0x12, 0xbc, 0x9a, 0xf0, 0xde,  // if_instance 12345678-9abc-def0-
                        0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef) //   0123-456789abcdef
                // 40..55 reserved: zero
                .at(56, 0x01, 0x04)                     // chn_flags = 0x0401 (ENUMERATE | MONITORED_NOTIFICATION)
                .at(58, 0x00, 0x00)                     // mmio_megabytes = 0
                .at(60, 0x01, 0x02, 0x03, 0x04)         // user_def[0..3]; the other 116 bytes zero
                .at(180, 0x02, 0x00)                    // sub_channel_index = 2
                .at(182, 0x00, 0x00)                    // reserved3 / mmio_megabytes_optional = 0
                .at(184, 0x0f, 0x01, 0x00, 0x00)        // child_relid = 0x10f
                .at(188, 0x45)                          // monitorid = 0x45 (group 2, bit 5)
                .at(189, 0x01)                          // monitor_allocated = 1
                .at(190, 0x01, 0x00)                    // is_dedicated_interrupt = 1
                .at(192, 0x10, 0x00, 0x01, 0x00)        // connection_id = 0x00010010
                .toArray();
    }

    private static DecodeResult decodeWith(int offset, int value, int width) {
        byte[] bytes = handComputedStorvscOffer();
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (width == 1) {
            b.put(offset, (byte) value);
        } else if (width == 2) {
            b.putShort(offset, (short) value);
        } else {
            b.putInt(offset, value);
        }
        return ChannelMessageCodec.decode(bytes);
    }

    @Test
    void encodesTheStorvscOfferByteForByte() {
        assertArrayEquals(handComputedStorvscOffer(), ChannelMessageCodec.encode(storvscOffer()));
    }

    @Test
    void decodesTheHandComputedOffer() {
        DecodeResult r = ChannelMessageCodec.decode(handComputedStorvscOffer());
        assertEquals(new DecodeResult.Decoded(storvscOffer()), r);
        OfferChannel o = (OfferChannel) r.asMessage().orElseThrow();
        assertEquals("ba6163d9-04a1-4d29-b605-72e2ffb1dc7f", o.interfaceType().toString());
        assertTrue(o.isSubChannel());
    }

    @Test
    void ignoresTheReservedBytes() {
        byte[] bytes = handComputedStorvscOffer();
        bytes[OfferChannel.RESERVED_OFFSET] = 0x7f;
        assertEquals(new DecodeResult.Decoded(storvscOffer()), ChannelMessageCodec.decode(bytes));
    }

    @Test
    void rejectsRelidZeroAndInvalidRelid() {
        assertEquals(new DecodeError.InvalidRelid(MessageType.OFFERCHANNEL, "child_relid", 0),
                decodeWith(OfferChannel.CHILD_RELID_OFFSET, 0, 4));
        assertEquals(new DecodeError.InvalidRelid(MessageType.OFFERCHANNEL, "child_relid", 0xFFFF_FFFFL),
                decodeWith(OfferChannel.CHILD_RELID_OFFSET, ChannelMessageHeader.INVALID_RELID, 4));
    }

    @Test
    void ignoresReservedBitsBesideTheOneBitFieldsAsLinuxDoes() {
        OfferChannel a = (OfferChannel) ((DecodeResult.Decoded) decodeWith(OfferChannel.MONITOR_ALLOCATED_OFFSET, 0xFE,
                1)).message();
        assertEquals(false, a.monitorAllocated(), "0xFE: the bit is clear, the reserved bits are ignored");
        OfferChannel b = (OfferChannel) ((DecodeResult.Decoded) decodeWith(OfferChannel.MONITOR_ALLOCATED_OFFSET, 3,
                1)).message();
        assertEquals(true, b.monitorAllocated());
        OfferChannel c = (OfferChannel) ((DecodeResult.Decoded) decodeWith(OfferChannel.IS_DEDICATED_INTERRUPT_OFFSET,
                0x8001, 2)).message();
        assertEquals(true, c.dedicatedInterrupt());
    }

    @Test
    void rejectsAnAllocatedMonitorIdOutsideTheMonitorPage() {
        DecodeResult r = decodeWith(OfferChannel.MONITOR_ID_OFFSET, OfferChannel.MONITOR_IDS, 1);
        assertEquals(new DecodeError.InvalidField(MessageType.OFFERCHANNEL, "monitorid", 128, "monitorid<128"), r);
        assertThrows(IllegalArgumentException.class, () -> new OfferChannel(STORVSC, INSTANCE, 0, 0,
                UserData.EMPTY, 0, 0, 1, OfferChannel.MONITOR_IDS, true, false, 0));
    }

    @Test
    void acceptsAnyMonitorIdWhenNoMonitorIsAllocated() {
        byte[] bytes = handComputedStorvscOffer();
        bytes[OfferChannel.MONITOR_ID_OFFSET] = (byte) 0xC8;
        bytes[OfferChannel.MONITOR_ALLOCATED_OFFSET] = 0;
        OfferChannel o = (OfferChannel) ChannelMessageCodec.decode(bytes).asMessage().orElseThrow();
        assertEquals(200, o.monitorId());
        assertEquals(false, o.monitorAllocated());
    }
}
