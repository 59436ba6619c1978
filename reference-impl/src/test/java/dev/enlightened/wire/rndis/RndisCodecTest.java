package dev.enlightened.wire.rndis;

import static dev.enlightened.wire.Direction.GUEST_TO_HOST;
import static dev.enlightened.wire.Direction.HOST_TO_GUEST;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.enlightened.wire.Direction;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * RNDIS vectors typed by hand from the Linux structs ({@code include/linux/rndis.h}, {@code hyperv_net.h}
 * {@code struct rndis_message}): every offset here is retyped, not taken from the production constants.
 */
class RndisCodecTest {

    /** Little-endian u32s at the given offsets in a zeroed array. */
    private static byte[] hand(int length, int... offsetValuePairs) {
        byte[] b = new byte[length];
        for (int i = 0; i < offsetValuePairs.length; i += 2) {
            put(b, offsetValuePairs[i], offsetValuePairs[i + 1]);
        }
        return b;
    }

    private static void put(byte[] b, int off, int v) {
        b[off] = (byte) v;
        b[off + 1] = (byte) (v >>> 8);
        b[off + 2] = (byte) (v >>> 16);
        b[off + 3] = (byte) (v >>> 24);
    }

    private static RndisMessage decoded(byte[] b, Direction d) {
        RndisDecodeResult r = RndisCodec.decode(b, d);
        assertInstanceOf(RndisDecodeResult.Decoded.class, r, () -> ((RndisDecodeError) r).describe());
        return ((RndisDecodeResult.Decoded) r).message();
    }

    private static RndisDecodeError error(byte[] b, Direction d) {
        return assertInstanceOf(RndisDecodeError.class, RndisCodec.decode(b, d));
    }

    @Test
    void initializeRequestIsTheLinuxStruct() {
        byte[] expected = hand(24, 0, 2, 4, 24, 8, 7, 12, 1, 16, 0, 20, 0x4000);
        assertArrayEquals(expected, RndisCodec.encode(RndisMessage.InitializeRequest.linux(7)));
        assertEquals(RndisMessage.InitializeRequest.linux(7), decoded(expected, GUEST_TO_HOST));
    }

    @Test
    void initializeCompleteIsElevenU32sAfterTheHeader() {
        byte[] b = hand(52, 0, 0x80000002, 4, 52, 8, 7, 12, 0, 16, 1, 20, 0, 24, 1, 28, 0, 32, 8, 36, 0x4000,
                40, 3);
        RndisMessage.InitializeComplete c = new RndisMessage.InitializeComplete(7, 0, 1, 0, 1, 0, 8, 0x4000, 3);
        assertArrayEquals(b, RndisCodec.encode(c));
        assertEquals(c, decoded(b, HOST_TO_GUEST));
    }

    @Test
    void queryRequestPutsTheInfoBufferAfterTheStruct() {
        // rndis_filter_query_device: info_buf_offset = sizeof(struct rndis_query_request) = 20, from req_id.
        byte[] b = hand(28, 0, 4, 4, 28, 8, 3, 12, 0x01010101, 16, 0, 20, 20, 24, 0);
        RndisMessage.QueryRequest q = new RndisMessage.QueryRequest(3, RndisOid.ETH_PERMANENT_ADDRESS.number(),
                new byte[0]);
        assertArrayEquals(b, RndisCodec.encode(q));
        RndisMessage.QueryRequest d = (RndisMessage.QueryRequest) decoded(b, GUEST_TO_HOST);
        assertEquals(0x01010101, d.oid());
        assertEquals(0, d.info().length);
    }

    @Test
    void queryCompleteCarriesTheMacAtBodyOffset16() {
        byte[] b = hand(30, 0, 0x80000004, 4, 30, 8, 3, 12, 0, 16, 6, 20, 16);
        byte[] mac = {0x00, 0x15, 0x5d, 0x01, 0x02, 0x03};
        System.arraycopy(mac, 0, b, 24, 6);
        assertArrayEquals(b, RndisCodec.encode(new RndisMessage.QueryComplete(3, 0, mac)));
        assertArrayEquals(mac, ((RndisMessage.QueryComplete) decoded(b, HOST_TO_GUEST)).info());
    }

    @Test
    void setPacketFilterCarriesTheU32Value() {
        byte[] b = hand(32, 0, 5, 4, 32, 8, 9, 12, 0x0001010E, 16, 4, 20, 20, 24, 0, 28, 0x0D);
        RndisMessage.SetRequest s = RndisMessage.SetRequest.ofU32(9, RndisOid.GEN_CURRENT_PACKET_FILTER,
                RndisOid.FILTER_DIRECTED | RndisOid.FILTER_ALL_MULTICAST | RndisOid.FILTER_BROADCAST);
        assertArrayEquals(b, RndisCodec.encode(s));
        assertArrayEquals(new byte[] {0x0D, 0, 0, 0}, ((RndisMessage.SetRequest) decoded(b, GUEST_TO_HOST)).info());
    }

    @Test
    void setCompleteHaltAndIndicateStatus() {
        byte[] setC = hand(16, 0, 0x80000005, 4, 16, 8, 9, 12, 0);
        assertArrayEquals(setC, RndisCodec.encode(new RndisMessage.SetComplete(9, 0)));
        assertEquals(new RndisMessage.SetComplete(9, 0), decoded(setC, HOST_TO_GUEST));
        byte[] halt = hand(12, 0, 3, 4, 12, 8, 11);
        assertArrayEquals(halt, RndisCodec.encode(new RndisMessage.HaltRequest(11)));
        byte[] ind = hand(20, 0, 7, 4, 20, 8, 0x4001000B, 12, 0, 16, 12);
        assertArrayEquals(ind, RndisCodec.encode(new RndisMessage.IndicateStatus(0x4001000B, new byte[0])));
        assertEquals(0x4001000B, ((RndisMessage.IndicateStatus) decoded(ind, HOST_TO_GUEST)).status());
    }

    /**
     * A PACKET_MSG's data and per-packet-info areas may overlap: Linux rndis_filter_receive_data checks each
     * against msg_len alone, and so does the decoder. The record then holds more bytes than msg_len (its
     * re-encoding lays the areas out one after the other) but never more than each area's; the fuzz target's
     * first run took this for a finding of the decoder (RndisFuzzTest, seed-overlapping-areas).
     */
    @Test
    void aPacketsAreasMayOverlapAndEachStaysInsideMsgLen() {
        // msg_len 80: the 36-byte struct, then 36 bytes at body offset 36 that are both the data and one PPI.
        byte[] b = hand(80, 0, 1, 4, 80, 8, 36, 12, 36, 28, 36, 32, 12, 44, 12, 48, 8, 52, 12);
        RndisMessage.Packet p = (RndisMessage.Packet) decoded(b, HOST_TO_GUEST);
        assertEquals(36, p.dataLength());
        assertEquals(List.of(new PerPacketInfo(8, false, new byte[0])), p.ppis());
        assertEquals(12, p.data()[0], "the data starts with the PPI's size field");
        assertEquals(92, p.encodedLength(), "re-encoded, the areas no longer overlap");
        assertEquals(p, decoded(RndisCodec.encode(p), HOST_TO_GUEST));
        put(b, 12, 37); // data_len one byte past msg_len: refused, overlap or not
        assertInstanceOf(RndisDecodeError.OutOfBounds.class, error(b, HOST_TO_GUEST));
    }

    @Test
    void packetMessageIsLaidOutAsNetvscXmit() {
        // 44-byte header + struct, one 16-byte PPI (NBL_HASH_VALUE), then a 4-byte frame:
        // per_pkt_info_offset = 36, data_offset = 36 + 16 = 52, msg_len = 44 + 16 + 4 = 64.
        byte[] b = hand(64, 0, 1, 4, 64, 8, 52, 12, 4, 28, 36, 32, 16, 44, 16, 48, 8, 52, 12, 56, 0xABCD,
                60, 0x04030201);
        RndisMessage.Packet p = new RndisMessage.Packet(List.of(PerPacketInfo.ofU32(8, 0xABCD)),
                new byte[] {1, 2, 3, 4});
        assertArrayEquals(b, RndisCodec.encode(p));
        assertEquals(p, decoded(b, HOST_TO_GUEST));
        assertEquals(p, decoded(b, GUEST_TO_HOST));
    }

    @Test
    void everyMessageRoundTrips() {
        List<RndisMessage> all = List.of(RndisMessage.InitializeRequest.linux(1),
                new RndisMessage.HaltRequest(2),
                new RndisMessage.QueryRequest(3, RndisOid.GEN_MAXIMUM_FRAME_SIZE.number(), new byte[] {9}),
                RndisMessage.SetRequest.ofU32(4, RndisOid.GEN_CURRENT_PACKET_FILTER, 1),
                RndisMessage.Packet.of(new byte[60]));
        for (RndisMessage m : all) {
            byte[] b = RndisCodec.encode(m);
            assertArrayEquals(b, RndisCodec.encode(decoded(b, GUEST_TO_HOST)), m.type().wireName());
        }
        List<RndisMessage> fromHost = List.of(new RndisMessage.InitializeComplete(1, 0, 1, 0, 1, 0, 1, 1514, 0),
                new RndisMessage.QueryComplete(3, 0, new byte[] {1, 2, 3, 4}), new RndisMessage.SetComplete(4, 0),
                new RndisMessage.IndicateStatus(RndisMessage.STATUS_MEDIA_DISCONNECT, new byte[] {5}),
                new RndisMessage.Packet(List.of(PerPacketInfo.ofU32(0, 7), PerPacketInfo.ofU32(8, 9)),
                        new byte[1514]));
        for (RndisMessage m : fromHost) {
            byte[] b = RndisCodec.encode(m);
            assertArrayEquals(b, RndisCodec.encode(decoded(b, HOST_TO_GUEST)), m.type().wireName());
        }
    }

    @Test
    void bytesAfterMsgLenAreIgnored() {
        byte[] b = RndisCodec.encode(RndisMessage.Packet.of(new byte[] {5, 6}));
        byte[] longer = java.util.Arrays.copyOf(b, b.length + 100);
        assertEquals(RndisMessage.Packet.of(new byte[] {5, 6}), decoded(longer, HOST_TO_GUEST));
    }

    @Test
    void refusesUnknownTypesWrongDirectionsAndBadLengths() {
        assertInstanceOf(RndisDecodeError.UnknownType.class, error(hand(8, 0, 0x42, 4, 8), HOST_TO_GUEST));
        assertInstanceOf(RndisDecodeError.WrongDirection.class,
                error(RndisCodec.encode(new RndisMessage.SetComplete(1, 0)), GUEST_TO_HOST));
        assertInstanceOf(RndisDecodeError.Truncated.class, error(new byte[7], HOST_TO_GUEST));
        byte[] b = RndisCodec.encode(new RndisMessage.SetComplete(1, 0));
        put(b, 4, 17);
        assertInstanceOf(RndisDecodeError.BadLength.class, error(b, HOST_TO_GUEST));
        put(b, 4, 15);
        assertInstanceOf(RndisDecodeError.BadLength.class, error(b, HOST_TO_GUEST));
        put(b, 4, 0xFFFFFFF0);
        RndisDecodeError e = error(b, HOST_TO_GUEST);
        assertEquals("bad RNDIS msg_len: type=RNDIS_MSG_SET_C msg_len=4294967280 available=16 minimum=16",
                e.describe());
    }

    @Test
    void refusesPacketAreasOutsideTheMessageAsUnsigned() {
        byte[] good = RndisCodec.encode(RndisMessage.Packet.of(new byte[] {1, 2, 3, 4}));
        byte[] b = good.clone();
        put(b, 12, 5); // data_len one past msg_len
        assertInstanceOf(RndisDecodeError.OutOfBounds.class, error(b, HOST_TO_GUEST));
        b = good.clone();
        put(b, 8, 0xFFFFFFFC); // data_offset + data_len wraps in u32
        RndisDecodeError e = error(b, HOST_TO_GUEST);
        assertEquals("RNDIS area outside the message: type=RNDIS_MSG_PACKET field=data_offset offset=4294967292"
                + " length=4 limit=40", e.describe());
        b = good.clone();
        put(b, 8, 8); // data overlapping the struct
        assertInstanceOf(RndisDecodeError.OutOfBounds.class, error(b, HOST_TO_GUEST));
        b = good.clone();
        put(b, 12, 0);
        assertInstanceOf(RndisDecodeError.InvalidField.class, error(b, HOST_TO_GUEST));
        b = good.clone();
        put(b, 20, 1); // oob_data_len 1 at oob_data_offset 0: inside the struct
        assertInstanceOf(RndisDecodeError.OutOfBounds.class, error(b, HOST_TO_GUEST));
    }

    @Test
    void refusesPerPacketInfoThatLoopsOrOverruns() {
        RndisMessage.Packet p = new RndisMessage.Packet(List.of(PerPacketInfo.ofU32(0, 1)), new byte[] {1});
        byte[] good = RndisCodec.encode(p);
        byte[] b = good.clone();
        put(b, 44, 0); // size 0 would loop forever in a naive walk
        assertInstanceOf(RndisDecodeError.InvalidField.class, error(b, HOST_TO_GUEST));
        b = good.clone();
        put(b, 44, 17); // size beyond the area
        assertInstanceOf(RndisDecodeError.InvalidField.class, error(b, HOST_TO_GUEST));
        b = good.clone();
        put(b, 52, 17); // ppi_offset beyond size
        assertInstanceOf(RndisDecodeError.InvalidField.class, error(b, HOST_TO_GUEST));
        b = good.clone();
        put(b, 52, 4); // ppi_offset inside the header
        assertInstanceOf(RndisDecodeError.InvalidField.class, error(b, HOST_TO_GUEST));
    }

    @Test
    void refusesAnInitializeCompleteForAnotherMedium() {
        byte[] b = RndisCodec.encode(new RndisMessage.InitializeComplete(1, 0, 1, 0, 1, 0, 1, 1514, 0));
        put(b, 28, 1);
        assertInstanceOf(RndisDecodeError.InvalidField.class, error(b, HOST_TO_GUEST));
        b = RndisCodec.encode(new RndisMessage.InitializeComplete(1, 0, 1, 0, 1, 0, 1, 1514, 0));
        put(b, 40, 32);
        assertInstanceOf(RndisDecodeError.InvalidField.class, error(b, HOST_TO_GUEST));
    }

    @Test
    void randomAndMutatedBytesNeverThrow() {
        Random r = new Random(14);
        byte[][] seeds = {RndisCodec.encode(RndisMessage.Packet.of(new byte[20])),
            RndisCodec.encode(new RndisMessage.QueryComplete(1, 0, new byte[6])),
            RndisCodec.encode(new RndisMessage.Packet(List.of(PerPacketInfo.ofU32(0, 1)), new byte[3]))};
        for (int i = 0; i < 30_000; i++) {
            byte[] b = seeds[i % seeds.length].clone();
            int flips = 1 + r.nextInt(4);
            for (int f = 0; f < flips; f++) {
                b[r.nextInt(b.length)] = (byte) r.nextInt(256);
            }
            if (i % 7 == 0) {
                b = java.util.Arrays.copyOf(b, r.nextInt(b.length + 1));
            }
            assertNotNull(RndisCodec.decode(b, i % 2 == 0 ? HOST_TO_GUEST : GUEST_TO_HOST));
        }
    }
}
