package dev.enlightened.wire;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RescindChannelOfferTest {

    @Test
    void encodesAndDecodesTheHandComputedRescind() {
        byte[] expected = {
            0x02, 0x00, 0x00, 0x00, // msgtype = 2 CHANNELMSG_RESCIND_CHANNELOFFER
            0x00, 0x00, 0x00, 0x00, // padding
            0x0f, 0x01, 0x00, 0x00, // child_relid = 0x10f
        };
        assertArrayEquals(expected, ChannelMessageCodec.encode(new RescindChannelOffer(0x10F)));
        assertEquals(new DecodeResult.Decoded(new RescindChannelOffer(0x10F)), ChannelMessageCodec.decode(expected));
    }

    @Test
    void rejectsARescindOfRelidZeroOrInvalidRelid() {
        byte[] zero = {0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
        byte[] invalid = {0x02, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff};
        assertEquals(new DecodeError.InvalidRelid(MessageType.RESCIND_CHANNELOFFER, "child_relid", 0),
                ChannelMessageCodec.decode(zero));
        DecodeError e = ChannelMessageCodec.decode(invalid).asError().orElseThrow();
        assertEquals("invalid relid: type=CHANNELMSG_RESCIND_CHANNELOFFER field=child_relid value=0xffffffff",
                e.describe());
        assertThrows(IllegalArgumentException.class, () -> new RescindChannelOffer(0));
    }
}
