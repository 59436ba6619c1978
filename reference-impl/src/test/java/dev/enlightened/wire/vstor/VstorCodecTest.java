package dev.enlightened.wire.vstor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/** Byte-exact vectors typed by hand from the struct layouts (vmbus-protocol.md §4.1), truncation, random bytes. */
class VstorCodecTest {

    /** A 64-byte packet with literal bytes at given offsets (offsets retyped here on purpose). */
    private static byte[] hand(int[][] runs) {
        byte[] b = new byte[64];
        for (int[] run : runs) {
            for (int i = 1; i < run.length; i++) {
                b[run[0] + i - 1] = (byte) run[i];
            }
        }
        return b;
    }

    private static VstorPacket decoded(VstorDecodeResult r) {
        return assertInstanceOf(VstorDecodeResult.Decoded.class, r).packet();
    }

    @Test
    void beginInitializationIsOperation7WithTheCompletionFlag() {
        byte[] expected = hand(new int[][] {{0, 0x07, 0, 0, 0}, {4, 0x01, 0, 0, 0}});
        VstorPacket p = VstorPacket.request(VstorOperation.BEGIN_INITIALIZATION, VstorPayload.None.INSTANCE);
        assertArrayEquals(expected, p.encode());
        assertEquals(p, decoded(VstorCodec.decodeRequest(expected, 0, 64)));
    }

    @Test
    void endInitializationIsOperation8() {
        byte[] expected = hand(new int[][] {{0, 0x08, 0, 0, 0}, {4, 0x01, 0, 0, 0}});
        assertArrayEquals(expected,
                VstorPacket.request(VstorOperation.END_INITIALIZATION, VstorPayload.None.INSTANCE).encode());
    }

    @Test
    void queryProtocolVersionCarriesMajorMinorAt12() {
        // WIN10 6.2 = 0x0602: bytes 02 06 at offset 12, revision 0 at 14.
        byte[] expected = hand(new int[][] {{0, 0x09, 0, 0, 0}, {4, 0x01, 0, 0, 0}, {12, 0x02, 0x06, 0, 0}});
        VstorPacket p = VstorPacket.request(VstorOperation.QUERY_PROTOCOL_VERSION,
                new VstorPayload.ProtocolVersion(0x0602, 0));
        assertArrayEquals(expected, p.encode());
        assertEquals(p, decoded(VstorCodec.decodeRequest(expected, 0, 64)));
    }

    @Test
    void queryPropertiesCompletionCarriesChannelPropertiesAt12() {
        // COMPLETE_IO (1), flags 0, status 0; reserved @12 = 0, max_channel_cnt @16 = 2, reserved1 @18,
        // flags @20 = 1 (multi-channel), max_transfer_bytes @24 = 0x00080000, reserved2 @28 = 0.
        byte[] expected = hand(new int[][] {{0, 0x01, 0, 0, 0}, {16, 0x02, 0x00}, {20, 0x01, 0, 0, 0},
            {24, 0x00, 0x00, 0x08, 0x00}});
        VstorPacket p = VstorPacket.completion(VstorStatus.SUCCESS,
                new VstorPayload.ChannelProperties(2, VstorPayload.ChannelProperties.SUPPORTS_MULTI_CHANNEL,
                        0x80000));
        assertArrayEquals(expected, p.encode());
        VstorPacket back = decoded(VstorCodec.decodeCompletion(expected, 0, 64, VstorMember.CHANNEL_PROPERTIES));
        assertEquals(p, back);
        assertEquals(true, ((VstorPayload.ChannelProperties) back.payload()).supportsMultiChannel());
    }

    @Test
    void createSubChannelsCarriesTheCountAt12() {
        byte[] expected = hand(new int[][] {{0, 0x0d, 0, 0, 0}, {4, 0x01, 0, 0, 0}, {12, 0x03, 0x00}});
        VstorPacket p = VstorPacket.request(VstorOperation.CREATE_SUB_CHANNELS, new VstorPayload.SubChannelCount(3));
        assertArrayEquals(expected, p.encode());
        assertEquals(p, decoded(VstorCodec.decodeRequest(expected, 0, 64)));
    }

    @Test
    void completeIoCarriesTheNtStatusAt8() {
        // REVISION_MISMATCH 0xC0000059 little-endian: 59 00 00 c0.
        byte[] expected = hand(new int[][] {{0, 0x01, 0, 0, 0}, {8, 0x59, 0x00, 0x00, 0xc0}});
        VstorPacket p = VstorPacket.completion(VstorStatus.REVISION_MISMATCH, VstorPayload.None.INSTANCE);
        assertArrayEquals(expected, p.encode());
        assertEquals(p, decoded(VstorCodec.decodeCompletion(expected, 0, 64, VstorMember.NONE)));
        assertEquals("RevisionMismatch", VstorStatus.specName(decoded(
                VstorCodec.decodeCompletion(expected, 0, 64, VstorMember.NONE)).status()));
    }

    @Test
    void executeSrbLaysOutTheWin8ScsiRequest() {
        byte[] cdb = new byte[20];
        cdb[0] = 0x28; // READ(10)
        VstorPacket p = VstorPacket.request(VstorOperation.EXECUTE_SRB, new VstorPayload.ScsiRequest(0x34, 0, 0,
                1, 0, 0, 5, 10, 0x14, 1, 4096, cdb, 0, 0, 0x2, 60, 0));
        byte[] expected = hand(new int[][] {{0, 0x03, 0, 0, 0}, {4, 0x01, 0, 0, 0}, {12, 0x34, 0x00},
            {16, 0x01, 0x00, 0x00, 0x05, 0x0a, 0x14, 0x01}, {24, 0x00, 0x10, 0x00, 0x00}, {28, 0x28},
            {52, 0x02, 0, 0, 0}, {56, 60, 0, 0, 0}});
        assertArrayEquals(expected, p.encode());
        assertEquals(p, decoded(VstorCodec.decodeRequest(expected, 0, 64)));
    }

    @Test
    void everyTruncationIsRejectedWithItsLength() {
        byte[] full = VstorPacket.request(VstorOperation.BEGIN_INITIALIZATION, VstorPayload.None.INSTANCE).encode();
        for (int len = 0; len < 64; len++) {
            assertEquals(new VstorDecodeError.Truncated(len, 64),
                    VstorCodec.decodeRequest(Arrays.copyOf(full, len), 0, len));
            assertEquals(new VstorDecodeError.Truncated(len, 64),
                    VstorCodec.decodeCompletion(Arrays.copyOf(full, len), 0, len, VstorMember.CHANNEL_PROPERTIES));
        }
    }

    @Test
    void aSliceBeyondTheBufferIsTruncatedToTheBytesThere() {
        assertEquals(new VstorDecodeError.Truncated(5, 64), VstorCodec.decodeRequest(new byte[10], 5, 64));
        assertEquals(new VstorDecodeError.Truncated(0, 64), VstorCodec.decodeRequest(new byte[10], 11, 64));
        assertEquals(new VstorDecodeError.Truncated(0, 64), VstorCodec.decodeRequest(null, 0, 64));
    }

    @Test
    void unknownOperationsAndFlagsAreRejected() {
        assertEquals(new VstorDecodeError.UnknownOperation(0), VstorCodec.decodeRequest(new byte[64], 0, 64));
        byte[] op15 = hand(new int[][] {{0, 0x0f, 0, 0, 0}});
        assertEquals("unknown vstor operation: operation=15",
                ((VstorDecodeError) VstorCodec.decodeRequest(op15, 0, 64)).describe());
        byte[] badFlags = hand(new int[][] {{0, 0x07, 0, 0, 0}, {4, 0x02, 0, 0, 0}});
        assertEquals(new VstorDecodeError.InvalidFlags(2), VstorCodec.decodeRequest(badFlags, 0, 64));
    }

    @Test
    void ourOwnCodeCannotBuildAMalformedPacket() {
        assertThrows(IllegalArgumentException.class, () -> new VstorPayload.SubChannelCount(0x10000));
        assertThrows(IllegalArgumentException.class, () -> VstorPacket.request(VstorOperation.QUERY_PROTOCOL_VERSION,
                VstorPayload.None.INSTANCE));
    }

    @Test
    void randomBytesNeverThrow() {
        Gen<Byte> anyByte = Generate.bytes(Byte.MIN_VALUE, Byte.MAX_VALUE, (byte) 0);
        qt().withExamples(20_000).forAll(Generate.byteArrays(integers().between(0, 80), anyByte),
                integers().between(0, 16), integers().between(0, 4), integers().between(0, 2))
                .checkAssert((bytes, op, m, flags) -> {
                    if (bytes.length >= 8) {
                        // Mostly valid operation codes and flags, so that every union decoder runs on noise.
                        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(0, op).putInt(4, flags);
                    }
                    VstorDecodeResult a = VstorCodec.decodeCompletion(bytes, 0, bytes.length, VstorMember.values()[m]);
                    VstorDecodeResult b = VstorCodec.decodeRequest(bytes, 0, bytes.length);
                    assertEquals(bytes.length < 64, a instanceof VstorDecodeError.Truncated);
                    assertEquals(bytes.length < 64, b instanceof VstorDecodeError.Truncated);
                    if (a instanceof VstorDecodeResult.Decoded d) {
                        // Re-encoding what we decoded keeps the header words.
                        assertArrayEquals(Arrays.copyOf(bytes, 12), Arrays.copyOf(d.packet().encode(), 12));
                    }
                });
    }
}
