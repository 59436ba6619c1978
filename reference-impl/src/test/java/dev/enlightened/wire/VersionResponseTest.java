package dev.enlightened.wire;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VersionResponseTest {

    private static byte[] handComputedAcceptance() {
        return new byte[] {
            0x0f, 0x00, 0x00, 0x00, // msgtype = 15 CHANNELMSG_VERSION_RESPONSE
            0x00, 0x00, 0x00, 0x00, // padding
            0x01,                   // version_supported = 1
            0x00,                   // connection_state = 0 (successful)
            0x00, 0x00,             // padding
            0x04, 0x00, 0x00, 0x00, // msg_conn_id = 4
        };
    }

    @Test
    void encodesAndDecodesTheHandComputedAcceptance() {
        assertArrayEquals(handComputedAcceptance(), ChannelMessageCodec.encode(VersionResponse.of(true, 4)));
        assertEquals(new DecodeResult.Decoded(VersionResponse.of(true, 4)),
                ChannelMessageCodec.decode(handComputedAcceptance()));
    }

    @Test
    void readsAnyNonZeroVersionSupportedAsTrueAsLinuxDoes() {
        for (int v : new int[] {1, 2, 0x80, 0xFF}) {
            byte[] bytes = handComputedAcceptance();
            bytes[8] = (byte) v;
            VersionResponse r = (VersionResponse) ((DecodeResult.Decoded) ChannelMessageCodec.decode(bytes)).message();
            assertTrue(r.versionSupported(), "version_supported=" + v);
        }
    }

    @Test
    void keepsAnUndefinedConnectionStateRawForTheGuestToJudge() {
        byte[] bytes = handComputedAcceptance();
        bytes[9] = 3;
        VersionResponse r = (VersionResponse) ((DecodeResult.Decoded) ChannelMessageCodec.decode(bytes)).message();
        assertEquals(3, r.connectionState());
        assertThrows(IllegalArgumentException.class,
                () -> new VersionResponse(true, 256, 0, VersionResponse.Form.V1, 0, 0, 0));
    }

    @Test
    void picksTheLongestFormThatFits() {
        byte[] v2 = Arrays.copyOf(handComputedAcceptance(), 20);
        v2[16] = 0x3f;                                  // supported_features = 0x3f
        VersionResponse r2 = (VersionResponse) ChannelMessageCodec.decode(v2).asMessage().orElseThrow();
        assertEquals(VersionResponse.Form.V2, r2.form());
        assertEquals(0x3f, r2.supportedFeatures());

        byte[] v3 = Arrays.copyOf(v2, 40);
        v3[24] = 0x10;                                  // parent-to-child monitor page = 0x10
        v3[32] = 0x20;                                  // child-to-parent monitor page = 0x20
        VersionResponse r3 = (VersionResponse) ChannelMessageCodec.decode(v3).asMessage().orElseThrow();
        assertEquals(VersionResponse.Form.V3, r3.form());
        assertEquals(0x10, r3.monitorPage1());
        assertEquals(0x20, r3.monitorPage2());
        assertArrayEquals(v3, ChannelMessageCodec.encode(r3));

        byte[] between = Arrays.copyOf(handComputedAcceptance(), 18);
        assertEquals(VersionResponse.Form.V1,
                ((VersionResponse) ChannelMessageCodec.decode(between).asMessage().orElseThrow()).form());
    }
}
