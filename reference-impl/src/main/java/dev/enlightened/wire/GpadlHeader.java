package dev.enlightened.wire;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * First message of a GPADL ({@code struct vmbus_channel_gpadl_header}), variable length, at most 240 bytes.
 *
 * <pre>
 *   8 u32 child_relid   12 u32 gpadl   16 u16 range_buflen   18 u16 rangecount
 *  20 u64 values[] : the range buffer ({@code gpa_range} after {@code gpa_range}), up to 27 u64 here;
 *                    the rest of the {@code range_buflen} bytes follows in GPADL_BODY messages
 * </pre>
 * With Linux's single range the header carries the range's {@code byte_count/byte_offset} word and 26 PFNs.
 *
 * @param childRelid  the channel, valid
 * @param gpadl       the guest-chosen GPADL handle
 * @param rangeBufLen {@code range_buflen}: bytes of the whole range buffer, a multiple of 8, u16
 * @param rangeCount  {@code rangecount}: number of ranges, at least 1
 * @param values      the first u64s of the range buffer (1 to 27)
 */
public record GpadlHeader(int childRelid, int gpadl, int rangeBufLen, int rangeCount, List<Long> values)
        implements ChannelMessage {

    /** Offset of {@code u32 child_relid}. */
    public static final int CHILD_RELID_OFFSET = 8;
    /** Offset of {@code u32 gpadl}. */
    public static final int GPADL_OFFSET = 12;
    /** Offset of {@code u16 range_buflen}. */
    public static final int RANGE_BUFLEN_OFFSET = 16;
    /** Offset of {@code u16 rangecount}. */
    public static final int RANGECOUNT_OFFSET = 18;
    /** Offset of {@code struct gpa_range range[]}. */
    public static final int RANGE_OFFSET = 20;
    /** Smallest message: the fixed part plus the first range's {@code byte_count/byte_offset} word. */
    public static final int MIN_LENGTH = RANGE_OFFSET + GpaRange.HEADER_LENGTH;
    /** u64 values that fit: {@code (240 - 20) / 8 = 27} (openvmm {@code GpadlHeader::MAX_DATA_VALUES}). */
    public static final int MAX_VALUES = (ChannelMessageHeader.MAX_LENGTH - RANGE_OFFSET) / 8;
    /** PFNs that fit with one range: {@code (240 - 20 - 8) / 8 = 26} (Linux {@code create_gpadl_header}). */
    public static final int MAX_SINGLE_RANGE_PFNS = MAX_VALUES - 1;
    /** Smallest range: its header word plus one PFN. */
    static final int MIN_RANGE_LENGTH = GpaRange.HEADER_LENGTH + GpaRange.PFN_LENGTH;

    /** @throws IllegalArgumentException if the counts are inconsistent with each other or with the values */
    public GpadlHeader {
        Fields.requireRelid("child_relid", childRelid);
        values = List.copyOf(Fields.requireNonNull("values", values));
        Fields.requireRange("rangecount", rangeCount, 1, Fields.U16_MAX);
        Fields.requireRange("range_buflen", rangeBufLen, (long) MIN_RANGE_LENGTH * rangeCount, Fields.U16_MAX);
        Fields.requireRange("range_buflen%8", rangeBufLen % 8, 0, 0);
        Fields.requireRange("values", values.size(), 1, Math.min(MAX_VALUES, rangeBufLen / 8));
        if (values.size() * 8 == rangeBufLen) {
            GpaRange.Parsed p = GpaRange.parse(values, rangeCount);
            if (!p.ok()) {
                throw new IllegalArgumentException("invalid gpa_range: " + p.describe());
            }
        }
    }

    static DecodeResult decode(ByteBuffer m) {
        MessageType t = MessageType.GPADL_HEADER;
        int length = m.limit();
        int relid = m.getInt(CHILD_RELID_OFFSET);
        int bufLen = Short.toUnsignedInt(m.getShort(RANGE_BUFLEN_OFFSET));
        int count = Short.toUnsignedInt(m.getShort(RANGECOUNT_OFFSET));
        // openvmm vmbus_server channels.rs Gpadl::append: the message may be longer than its range buffer, since
        // some clients (UEFI) always pass the maximum message length; the useful part is whole u64s up to
        // range_buflen, the rest is ignored (issue 12: we rejected such messages).
        int dataBytes = (length - RANGE_OFFSET) & ~7;
        DecodeError e = Fields.checkRelid(t, "child_relid", relid);
        if (e == null && count == 0) {
            e = new DecodeError.InvalidField(t, "rangecount", 0, "rangecount>=1");
        } else if (e == null && bufLen % 8 != 0) {
            e = new DecodeError.InvalidField(t, "range_buflen", bufLen, "range_buflen%8==0");
        } else if (e == null && bufLen < MIN_RANGE_LENGTH * count) {
            e = new DecodeError.InconsistentLength(t, length, "rangecount", count, "range_buflen>=16*rangecount");
        }
        if (e != null) {
            return e;
        }
        dataBytes = Math.min(dataBytes, bufLen);
        List<Long> values = new ArrayList<>(dataBytes / 8);
        for (int off = RANGE_OFFSET; off < RANGE_OFFSET + dataBytes; off += 8) {
            values.add(m.getLong(off));
        }
        if (dataBytes == bufLen) {
            GpaRange.Parsed p = GpaRange.parse(values, count);
            if (!p.ok()) {
                return p.isLengthRule() ? new DecodeError.InconsistentLength(t, length, p.field(), p.value(), p.rule())
                        : new DecodeError.InvalidField(t, p.field(), p.value(), p.rule());
            }
        }
        return new DecodeResult.Decoded(new GpadlHeader(relid, m.getInt(GPADL_OFFSET), bufLen, count, values));
    }

    /** @return true if the whole range buffer is in this message (no GPADL_BODY follows) */
    public boolean isComplete() {
        return values.size() * 8 == rangeBufLen;
    }

    /** @return u64 values of the range buffer that GPADL_BODY messages must still bring */
    public int missingValues() {
        return rangeBufLen / 8 - values.size();
    }

    /** @return the ranges if {@link #isComplete()}, else empty */
    public Optional<List<GpaRange>> ranges() {
        return isComplete() ? Optional.of(GpaRange.parse(values, rangeCount).ranges()) : Optional.empty();
    }

    @Override
    public MessageType type() {
        return MessageType.GPADL_HEADER;
    }

    @Override
    public int encodedLength() {
        return RANGE_OFFSET + 8 * values.size();
    }

    @Override
    public void writeBody(ByteBuffer message) {
        message.putInt(CHILD_RELID_OFFSET, childRelid);
        message.putInt(GPADL_OFFSET, gpadl);
        message.putShort(RANGE_BUFLEN_OFFSET, (short) rangeBufLen);
        message.putShort(RANGECOUNT_OFFSET, (short) rangeCount);
        for (int i = 0; i < values.size(); i++) {
            message.putLong(RANGE_OFFSET + 8 * i, values.get(i));
        }
    }
}
