package dev.enlightened.wire;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GpadlHeaderTest {
    private static final List<Long> PFNS = List.of(0x12345L, 0x12346L, 0xAB_CDEF_0123L);

    /** A three-page GPADL as Linux lays it out: one range, byte_offset 0, byte_count = 3 pages. */
    private static byte[] handComputedThreePageHeader() {
        return new HandBytes(52)
                .at(0, 0x08, 0x00, 0x00, 0x00)          // msgtype = 8 CHANNELMSG_GPADL_HEADER
                .at(4, 0x00, 0x00, 0x00, 0x00)          // padding
                .at(8, 0x0f, 0x00, 0x00, 0x00)          // child_relid = 15
                .at(12, 0x10, 0x1e, 0x0e, 0x00)         // gpadl = 0xe1e10
                .at(16, 0x20, 0x00)                     // range_buflen = 8 + 3 * 8 = 32
                .at(18, 0x01, 0x00)                     // rangecount = 1
                .at(20, 0x00, 0x30, 0x00, 0x00)         // range[0].byte_count = 3 * 4096 = 0x3000
                .at(24, 0x00, 0x00, 0x00, 0x00)         // range[0].byte_offset = 0
                .at(28, 0x45, 0x23, 0x01, 0, 0, 0, 0, 0)               // pfn[0] = 0x12345
                .at(36, 0x46, 0x23, 0x01, 0, 0, 0, 0, 0)               // pfn[1] = 0x12346
                .at(44, 0x23, 0x01, 0xef, 0xcd, 0xab, 0, 0, 0)         // pfn[2] = 0xabcdef0123
                .toArray();
    }

    private static DecodeResult decodeWith(int offset, int value, int width, int length) {
        byte[] bytes = java.util.Arrays.copyOf(handComputedThreePageHeader(), length);
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (width == 2) {
            b.putShort(offset, (short) value);
        } else {
            b.putInt(offset, value);
        }
        return ChannelMessageCodec.decode(bytes);
    }

    @Test
    void encodesAndDecodesTheHandComputedThreePageHeader() {
        GpadlHeader h = GpadlSplitter.splitPages(15, 0xE1E10, PFNS).header();
        assertArrayEquals(handComputedThreePageHeader(), ChannelMessageCodec.encode(h));
        GpadlHeader d = (GpadlHeader) ChannelMessageCodec.decode(handComputedThreePageHeader()).asMessage()
                .orElseThrow();
        assertEquals(h, d);
        assertTrue(d.isComplete());
        assertEquals(List.of(new GpaRange(0x3000, 0, PFNS)), d.ranges().orElseThrow());
    }

    @Test
    void rejectsZeroRanges() {
        assertEquals(new DecodeError.InvalidField(MessageType.GPADL_HEADER, "rangecount", 0, "rangecount>=1"),
                decodeWith(GpadlHeader.RANGECOUNT_OFFSET, 0, 2, 52));
    }

    @Test
    void rejectsARangeBufferLengthThatIsNotWholeU64s() {
        assertEquals(new DecodeError.InvalidField(MessageType.GPADL_HEADER, "range_buflen", 33, "range_buflen%8==0"),
                decodeWith(GpadlHeader.RANGE_BUFLEN_OFFSET, 33, 2, 52));
    }

    /**
     * openvmm {@code Gpadl::append}: UEFI always passes the maximum message length (240 bytes), so what lies past
     * {@code range_buflen}, and a partial u64 at the end, is ignored (issue 12: we rejected such a header).
     */
    @Test
    void readsAFullLengthHeaderUpToItsRangeBufferAsOpenvmmDoesForUefi() {
        byte[] full = new byte[ChannelMessageHeader.MAX_LENGTH];
        java.util.Arrays.fill(full, (byte) 0xAA);
        byte[] exact = handComputedThreePageHeader();
        System.arraycopy(exact, 0, full, 0, exact.length);
        GpadlHeader d = (GpadlHeader) ChannelMessageCodec.decode(full).asMessage().orElseThrow();
        assertEquals(ChannelMessageCodec.decode(exact).asMessage().orElseThrow(), d);
        assertTrue(d.isComplete());
        assertEquals(List.of(new GpaRange(0x3000, 0, PFNS)), d.ranges().orElseThrow());
        // 52 bytes plus 4 that are not a whole u64: the same header.
        assertEquals(d, ChannelMessageCodec.decode(java.util.Arrays.copyOf(full, 56)).asMessage().orElseThrow());
    }

    @Test
    void rejectsARangeCountThatCannotFitTheRangeBuffer() {
        assertEquals(new DecodeError.InconsistentLength(MessageType.GPADL_HEADER, 52, "rangecount", 3,
                "range_buflen>=16*rangecount"), decodeWith(GpadlHeader.RANGECOUNT_OFFSET, 3, 2, 52));
    }

    @Test
    void rejectsARangeCountThatLeavesPfnsOver() {
        // Two ranges claimed: the first (3 pages) uses everything, the second has no header word left.
        assertEquals(new DecodeError.InconsistentLength(MessageType.GPADL_HEADER, 52, "rangecount", 2,
                "ranges fit in range_buflen"), decodeWith(GpadlHeader.RANGECOUNT_OFFSET, 2, 2, 52));
    }

    @Test
    void rejectsAByteCountNeedingMorePfnsThanSent() {
        DecodeResult r = decodeWith(GpadlHeader.RANGE_OFFSET, 0x4000, 4, 52);
        assertEquals(new DecodeError.InconsistentLength(MessageType.GPADL_HEADER, 52, "pfn_count", 4,
                "pfns of range 0 fit in range_buflen"), r);
    }

    @Test
    void rejectsAByteCountNeedingFewerPfnsThanSent() {
        DecodeResult r = decodeWith(GpadlHeader.RANGE_OFFSET, 0x2000, 4, 52);
        assertEquals(new DecodeError.InconsistentLength(MessageType.GPADL_HEADER, 52, "range_buflen", 32,
                "ranges fill range_buflen exactly, used=24"), r);
    }

    @Test
    void rejectsAByteOffsetOfAWholePage() {
        assertEquals(new DecodeError.InvalidField(MessageType.GPADL_HEADER, "byte_offset", 4096, "byte_offset<4096"),
                decodeWith(GpadlHeader.RANGE_OFFSET + 4, 4096, 4, 52));
    }

    @Test
    void rejectsAnEmptyRange() {
        assertEquals(new DecodeError.InvalidField(MessageType.GPADL_HEADER, "byte_count", 0, "byte_count>0"),
                decodeWith(GpadlHeader.RANGE_OFFSET, 0, 4, 52));
    }

    @Test
    void acceptsAnIncompleteHeaderWhoseBodiesFollow() {
        // range_buflen 64 announces 8 u64s; the header carries 4 of them.
        GpadlHeader h = (GpadlHeader) decodeWith(GpadlHeader.RANGE_BUFLEN_OFFSET, 64, 2, 52).asMessage()
                .orElseThrow();
        assertEquals(false, h.isComplete());
        assertEquals(4, h.missingValues());
        assertEquals(true, h.ranges().isEmpty());
    }

    @Test
    void refusesToBuildAHeaderWithMoreValuesThanFit() {
        List<Long> tooMany = java.util.Collections.nCopies(GpadlHeader.MAX_VALUES + 1, 1L);
        assertThrows(IllegalArgumentException.class, () -> new GpadlHeader(1, 1, 8 * 100, 1, tooMany));
    }
}
