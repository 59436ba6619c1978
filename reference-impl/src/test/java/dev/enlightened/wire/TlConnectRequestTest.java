package dev.enlightened.wire;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TlConnectRequestTest {
    private static final Guid ENDPOINT = Guid.parse("00000001-0002-0003-0405-060708090a0b");
    private static final Guid SERVICE = Guid.parse("0000ffff-facb-11e6-bd58-64006a7986d3");

    @Test
    void encodesTheSiloIdOnlyInTheFiveTwoForm() {
        TlConnectRequest v1 = new TlConnectRequest(ENDPOINT, SERVICE, TlConnectRequest.Form.V1, Guid.NIL);
        byte[] bytes = ChannelMessageCodec.encode(v1);
        assertEquals(40, bytes.length);
        assertEquals(21, bytes[0]);
        assertArrayEquals(ENDPOINT.toWireBytes(), Arrays.copyOfRange(bytes, 8, 24));
        assertArrayEquals(SERVICE.toWireBytes(), Arrays.copyOfRange(bytes, 24, 40));

        TlConnectRequest v2 = new TlConnectRequest(ENDPOINT, SERVICE, TlConnectRequest.Form.V2, SERVICE);
        byte[] longer = ChannelMessageCodec.encode(v2);
        assertEquals(56, longer.length);
        assertEquals(new DecodeResult.Decoded(v2), ChannelMessageCodec.decode(longer));
    }

    @Test
    void refusesASiloIdInTheOldForm() {
        assertThrows(IllegalArgumentException.class,
                () -> new TlConnectRequest(ENDPOINT, SERVICE, TlConnectRequest.Form.V1, SERVICE));
    }
}
