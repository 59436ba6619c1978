package dev.enlightened.wire;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class OpenChannelTest {

    private static OpenChannel linuxOpen() {
        return OpenChannel.of(15, 15, 0xE1E10, 3, 16, UserData.of(new byte[] {(byte) 0xaa, (byte) 0xbb}));
    }

    private static byte[] handComputedLinuxOpen() {
        return new HandBytes(148)
                .at(0, 0x05, 0x00, 0x00, 0x00)          // msgtype = 5 CHANNELMSG_OPENCHANNEL
                .at(4, 0x00, 0x00, 0x00, 0x00)          // padding
                .at(8, 0x0f, 0x00, 0x00, 0x00)          // child_relid = 15
                .at(12, 0x0f, 0x00, 0x00, 0x00)         // openid = 15 (Linux uses the relid)
                .at(16, 0x10, 0x1e, 0x0e, 0x00)         // ringbuffer_gpadlhandle = 0xe1e10
                .at(20, 0x03, 0x00, 0x00, 0x00)         // target_vp = 3
                .at(24, 0x10, 0x00, 0x00, 0x00)         // downstream_ringbuffer_pageoffset = 16 pages
                .at(28, 0xaa, 0xbb)                     // userdata[0..1]; the other 118 bytes zero
                .toArray();
    }

    @Test
    void encodesAndDecodesTheHandComputedOpen() {
        assertArrayEquals(handComputedLinuxOpen(), ChannelMessageCodec.encode(linuxOpen()));
        assertEquals(new DecodeResult.Decoded(linuxOpen()), ChannelMessageCodec.decode(handComputedLinuxOpen()));
    }

    @Test
    void decodesOpenChannel2ByLength() {
        byte[] bytes = Arrays.copyOf(handComputedLinuxOpen(), 156);
        bytes[148] = 0x22;                              // connection_id = 0x22
        bytes[152] = 0x05;                              // event_flag = 5
        bytes[154] = 0x01;                              // flags = REDIRECT_INTERRUPT
        OpenChannel o = (OpenChannel) ChannelMessageCodec.decode(bytes).asMessage().orElseThrow();
        assertEquals(OpenChannel.Form.V2, o.form());
        assertEquals(0x22, o.connectionId());
        assertEquals(5, o.eventFlag());
        assertEquals(1, o.flags());
        assertArrayEquals(bytes, ChannelMessageCodec.encode(o));
    }

    @Test
    void ignoresBytesBetweenTheTwoForms() {
        byte[] bytes = Arrays.copyOf(handComputedLinuxOpen(), 150);
        bytes[149] = 0x55;
        assertEquals(new DecodeResult.Decoded(linuxOpen()), ChannelMessageCodec.decode(bytes));
    }

    @Test
    void rejectsAnOpenOfInvalidRelid() {
        byte[] bytes = handComputedLinuxOpen();
        Arrays.fill(bytes, OpenChannel.CHILD_RELID_OFFSET, OpenChannel.CHILD_RELID_OFFSET + 4, (byte) 0xff);
        assertEquals(new DecodeError.InvalidRelid(MessageType.OPENCHANNEL, "child_relid", 0xFFFF_FFFFL),
                ChannelMessageCodec.decode(bytes));
    }

    @Test
    void refusesToBuildAV1MessageCarryingV2Fields() {
        assertThrows(IllegalArgumentException.class,
                () -> new OpenChannel(1, 1, 1, 0, 1, UserData.EMPTY, OpenChannel.Form.V1, 7, 0, 0));
    }
}
