package dev.enlightened.wire;

import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class GpadlBodyTest {

    @Test
    void encodesAndDecodesAHandComputedBody() {
        byte[] expected = new HandBytes(32)
                .at(0, 0x09, 0x00, 0x00, 0x00)          // msgtype = 9 CHANNELMSG_GPADL_BODY
                .at(4, 0x00, 0x00, 0x00, 0x00)          // padding
                .at(8, 0x00, 0x00, 0x00, 0x00)          // msgnumber = 0 (Linux leaves it 0)
                .at(12, 0x10, 0x1e, 0x0e, 0x00)         // gpadl = 0xe1e10
                .at(16, 0x01, 0, 0, 0, 0, 0, 0, 0)      // pfn[0] = 1
                .at(24, 0x02, 0, 0, 0, 0, 0, 0, 0)      // pfn[1] = 2
                .toArray();
        GpadlBody b = new GpadlBody(0, 0xE1E10, List.of(1L, 2L));
        assertArrayEquals(expected, ChannelMessageCodec.encode(b));
        assertEquals(new DecodeResult.Decoded(b), ChannelMessageCodec.decode(expected));
    }

    @Test
    void holdsAtMostTwentyEightPfns() {
        assertEquals(28, GpadlBody.MAX_VALUES);
        GpadlBody full = new GpadlBody(0, 1, Collections.nCopies(28, 7L));
        assertEquals(ChannelMessageHeader.MAX_LENGTH, full.encodedLength());
        assertThrows(IllegalArgumentException.class, () -> new GpadlBody(0, 1, Collections.nCopies(29, 7L)));
        assertThrows(IllegalArgumentException.class, () -> new GpadlBody(0, 1, List.of()));
    }
}
