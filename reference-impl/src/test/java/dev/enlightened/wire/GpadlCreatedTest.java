package dev.enlightened.wire;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class GpadlCreatedTest {

    @Test
    void encodesAndDecodesTheHandComputedFailedCreation() {
        byte[] expected = {
            0x0a, 0x00, 0x00, 0x00,             // msgtype = 10 CHANNELMSG_GPADL_CREATED
            0x00, 0x00, 0x00, 0x00,             // padding
            0x0f, 0x00, 0x00, 0x00,             // child_relid = 15
            0x10, 0x1e, 0x0e, 0x00,             // gpadl = 0x000e1e10 (Linux's first handle)
            0x01, 0x00, 0x00, (byte) 0xc0,      // creation_status = 0xc0000001 (failure)
        };
        GpadlCreated m = new GpadlCreated(15, 0xE1E10, 0xC000_0001);
        assertArrayEquals(expected, ChannelMessageCodec.encode(m));
        assertEquals(new DecodeResult.Decoded(m), ChannelMessageCodec.decode(expected));
    }

    @Test
    void rejectsACreationForRelidZero() {
        byte[] bytes = ChannelMessageCodec.encode(new GpadlCreated(15, 1, 0));
        bytes[GpadlCreated.CHILD_RELID_OFFSET] = 0;
        assertEquals(new DecodeError.InvalidRelid(MessageType.GPADL_CREATED, "child_relid", 0),
                ChannelMessageCodec.decode(bytes));
    }
}
