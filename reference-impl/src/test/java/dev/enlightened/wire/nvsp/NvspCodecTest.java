package dev.enlightened.wire.nvsp;

import static dev.enlightened.wire.Direction.GUEST_TO_HOST;
import static dev.enlightened.wire.Direction.HOST_TO_GUEST;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import dev.enlightened.wire.Direction;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * NVSP vectors computed by hand from the digest's offset table (§4.2): the bytes are retyped here, not derived
 * from the production constants, so a wrong offset cannot hide.
 */
class NvspCodecTest {
    private static final Gen<Byte> ANY_BYTE = integers().between(0, 255).map(Integer::byteValue);

    /** Little-endian bytes of a u32 at {@code off} in a zeroed array of {@code length}. */
    private static byte[] hand(int length, int... offsetValuePairs) {
        byte[] b = new byte[length];
        for (int i = 0; i < offsetValuePairs.length; i += 2) {
            int off = offsetValuePairs[i];
            int v = offsetValuePairs[i + 1];
            b[off] = (byte) v;
            b[off + 1] = (byte) (v >>> 8);
            b[off + 2] = (byte) (v >>> 16);
            b[off + 3] = (byte) (v >>> 24);
        }
        return b;
    }

    /** One sample per row, and its expected Linux-form bytes (40 bytes, type at 0). */
    private static List<Object[]> samples() {
        return List.of(
                new Object[] {NvspMessage.Init.of(NvspVersion.V61), hand(40, 0, 1, 4, 0x60001, 8, 0x60001)},
                new Object[] {new NvspMessage.InitComplete(0, 34, 1), hand(40, 0, 2, 8, 34, 12, 1)},
                new Object[] {new NvspMessage.SendNdisVersion(6, 30), hand(40, 0, 100, 4, 6, 8, 30)},
                new Object[] {new NvspMessage.SendReceiveBuffer(0x1234, 0xCAFE), hand(40, 0, 101, 4, 0x1234, 8,
                        0xCAFE)},
                new Object[] {NvspMessage.SendReceiveBufferComplete.success(1728, 9709), hand(40, 0, 102, 4, 1, 8,
                        1, 12, 0, 16, 1728, 20, 9709, 24, 1728 * 9709)},
                new Object[] {new NvspMessage.SendSendBuffer(0x99, 0), hand(40, 0, 104, 4, 0x99)},
                new Object[] {new NvspMessage.SendSendBufferComplete(1, 6144), hand(40, 0, 105, 4, 1, 8, 6144)},
                new Object[] {new NvspMessage.SendRndisPacket(1, -1, 0), hand(40, 0, 107, 4, 1, 8, -1)},
                new Object[] {new NvspMessage.SendRndisPacketComplete(1), hand(40, 0, 108, 4, 1)},
                new Object[] {new NvspMessage.SendNdisConfig(1518, 0x1_0000_0005L), hand(40, 0, 125, 4, 1518, 12, 5,
                        16, 1)},
                new Object[] {NvspMessage.SubchannelRequest.allocate(3), hand(40, 0, 133, 4, 1, 8, 3)},
                new Object[] {new NvspMessage.SubchannelComplete(1, 2), hand(40, 0, 133, 4, 1, 8, 2)});
    }

    private static Direction sentBy(NvspMessage m) {
        return m.type().direction().orElse(GUEST_TO_HOST);
    }

    @Test
    void encodesEveryMessageAsTheLinuxFixedSizeUnion() {
        for (Object[] s : samples()) {
            NvspMessage m = (NvspMessage) s[0];
            assertArrayEquals((byte[]) s[1], NvspCodec.encode(m), m.toString());
        }
    }

    @Test
    void decodesBothTheLinuxAndTheCompactOpenvmmForm() {
        for (Object[] s : samples()) {
            NvspMessage m = (NvspMessage) s[0];
            byte[] compact = NvspCodec.encode(m, NvspCodec.Form.COMPACT);
            assertEquals(4 + m.type().bodyLength(), compact.length);
            assertArrayEquals(Arrays.copyOf((byte[]) s[1], compact.length), compact);
            assertEquals(new NvspDecodeResult.Decoded(m), NvspCodec.decode((byte[]) s[1], sentBy(m)));
            assertEquals(new NvspDecodeResult.Decoded(m), NvspCodec.decode(compact, sentBy(m)));
        }
    }

    @Test
    void padsToOpenvmmPacketSizesAndRefusesTooSmallOnes() {
        NvspMessage m = new NvspMessage.SubchannelComplete(1, 2);
        byte[] v1 = NvspCodec.encodePadded(m, NvspCodec.PACKET_SIZE_V1);
        assertArrayEquals(hand(28, 0, 133, 4, 1, 8, 2), v1);
        assertEquals(new NvspDecodeResult.Decoded(m), NvspCodec.decode(v1, HOST_TO_GUEST));
        assertThrows(IllegalArgumentException.class, () -> NvspCodec.encodePadded(m, 11));
    }

    @Test
    void bodyLengthsMatchTheLinuxStructs() {
        // sizeof(struct nvsp_1_message_send_receive_buffer_complete) = 24: PACKET_SIZE_V1 (0x1c) is 4 + 24.
        assertEquals(0x1c, NvspMessageType.SEND_RECV_BUF_COMPLETE.minLength());
        assertEquals(16, NvspMessageType.INIT_COMPLETE.minLength());
        assertEquals(12, NvspMessageType.SUBCHANNEL_REQUEST.minLength());
        assertEquals(0x28, NvspCodec.LINUX_LENGTH);
    }

    @Test
    void rejectsEveryTruncation() {
        for (Object[] s : samples()) {
            NvspMessage m = (NvspMessage) s[0];
            byte[] full = (byte[]) s[1];
            for (int len = 0; len < m.type().minLength(); len++) {
                NvspDecodeResult r = NvspCodec.decode(Arrays.copyOf(full, len), sentBy(m));
                NvspDecodeError.Truncated t = assertInstanceOf(NvspDecodeError.Truncated.class, r, m + " len=" + len);
                assertEquals(len < 4 ? 4 : m.type().minLength(), t.minimum());
            }
        }
    }

    @Test
    void tellsSubchannelRequestFromCompletionByDirection() {
        byte[] b = hand(40, 0, 133, 4, 1, 8, 4);
        assertEquals(new NvspDecodeResult.Decoded(NvspMessage.SubchannelRequest.allocate(4)),
                NvspCodec.decode(b, GUEST_TO_HOST));
        assertEquals(new NvspDecodeResult.Decoded(new NvspMessage.SubchannelComplete(1, 4)),
                NvspCodec.decode(b, HOST_TO_GUEST));
    }

    @Test
    void rejectsWrongDirectionAndUnknownType() {
        assertEquals(new NvspDecodeError.WrongDirection(2, GUEST_TO_HOST),
                NvspCodec.decode(hand(40, 0, 2, 12, 1), GUEST_TO_HOST));
        assertEquals(new NvspDecodeError.UnknownType(0xFFFFFFFFL), NvspCodec.decode(hand(40, 0, -1), HOST_TO_GUEST));
        assertEquals(new NvspDecodeError.UnknownType(134), NvspCodec.decode(hand(40, 0, 134), HOST_TO_GUEST));
    }

    @Test
    void rejectsReceiveBufferSectionsLinuxRefuses() {
        assertInstanceOf(NvspDecodeError.InvalidField.class,
                NvspCodec.decode(hand(40, 0, 102, 4, 1, 8, 2, 16, 8, 20, 2, 24, 16), HOST_TO_GUEST));
        assertInstanceOf(NvspDecodeError.InvalidField.class,
                NvspCodec.decode(hand(40, 0, 102, 4, 1, 8, 1, 12, 8, 16, 8, 20, 2, 24, 16), HOST_TO_GUEST));
        assertInstanceOf(NvspDecodeError.InvalidField.class,
                NvspCodec.decode(hand(40, 0, 102, 4, 1, 8, 1, 16, 8, 20, 2, 24, 17), HOST_TO_GUEST));
        assertInstanceOf(NvspDecodeError.InvalidField.class,
                NvspCodec.decode(hand(40, 0, 102, 4, 1, 8, 1, 16, 0, 20, 2, 24, 0), HOST_TO_GUEST));
        // A failure's section is not read: Linux stops at the status.
        assertInstanceOf(NvspDecodeResult.Decoded.class, NvspCodec.decode(hand(40, 0, 102, 4, 2, 8, 7), HOST_TO_GUEST));
    }

    @Test
    void rejectsOtherInvalidFields() {
        assertInstanceOf(NvspDecodeError.InvalidField.class, NvspCodec.decode(hand(40, 0, 133, 4, 2, 8, 1),
                GUEST_TO_HOST));
        assertInstanceOf(NvspDecodeError.InvalidField.class, NvspCodec.decode(hand(40, 0, 101, 8, 0xCAFE),
                GUEST_TO_HOST));
        assertInstanceOf(NvspDecodeError.InvalidField.class, NvspCodec.decode(hand(40, 0, 105, 4, 1), HOST_TO_GUEST));
        assertInstanceOf(NvspDecodeError.InvalidField.class, NvspCodec.decode(hand(40, 0, 107, 4, 2),
                HOST_TO_GUEST));
        assertEquals("invalid NVSP field: type=NVSP_MSG5_TYPE_SUBCHANNEL field=op value=2 rule=op==1 (ALLOCATE)",
                ((NvspDecodeError) NvspCodec.decode(hand(40, 0, 133, 4, 2), GUEST_TO_HOST)).describe());
    }

    @Test
    void recordsRefuseToEncodeMalformedMessages() {
        assertThrows(IllegalArgumentException.class, () -> new NvspMessage.SendReceiveBuffer(0, 1));
        assertThrows(IllegalArgumentException.class, () -> new NvspMessage.SendSendBuffer(5, 0x10000));
        assertThrows(IllegalArgumentException.class, () -> new NvspMessage.SubchannelRequest(0, 1));
        assertThrows(IllegalArgumentException.class, () -> new NvspMessage.SendRndisPacket(2, 0, 0));
    }

    @Test
    void badSliceArgumentsAreAnErrorNotAnException() {
        assertInstanceOf(NvspDecodeError.Truncated.class, NvspCodec.decode(new byte[8], 6, 4, HOST_TO_GUEST));
        assertInstanceOf(NvspDecodeError.Truncated.class, NvspCodec.decode(null, HOST_TO_GUEST));
    }

    @Test
    void randomBytesNeverThrow() {
        qt().withExamples(20_000).forAll(Generate.byteArrays(integers().between(0, 48), ANY_BYTE),
                integers().between(0, 1)).checkAssert((bytes, d) ->
                        assertNotNull(NvspCodec.decode(bytes, Direction.values()[d])));
    }

    @Test
    void randomBodiesOfKnownTypesNeverThrow() {
        int[] types = {1, 2, 100, 101, 102, 104, 105, 107, 108, 125, 133};
        qt().withExamples(20_000).forAll(integers().between(0, types.length - 1),
                Generate.byteArrays(integers().between(4, 44), ANY_BYTE), integers().between(0, 1))
                .checkAssert((i, bytes, d) -> {
                    byte[] b = bytes.clone();
                    b[0] = (byte) types[i];
                    b[1] = 0;
                    b[2] = 0;
                    b[3] = 0;
                    assertNotNull(NvspCodec.decode(b, Direction.values()[d]));
                });
    }
}
