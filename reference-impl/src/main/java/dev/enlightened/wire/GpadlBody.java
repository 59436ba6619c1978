package dev.enlightened.wire;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Continuation of a GPADL's range buffer ({@code struct vmbus_channel_gpadl_body}), variable length.
 *
 * <pre>
 *   8 u32 msgnumber (Linux leaves 0; openvmm {@code rsvd})   12 u32 gpadl   16 u64 pfn[] (1 to 28)
 * </pre>
 * It carries no relid: the host finds the GPADL by handle alone, so in-progress handles must be unique.
 *
 * @param msgNumber {@code msgnumber}, not interpreted
 * @param gpadl     the GPADL handle of a header already received
 * @param values    the next u64s of the range buffer (1 to 28)
 */
public record GpadlBody(int msgNumber, int gpadl, List<Long> values) implements ChannelMessage {
    /** Offset of {@code u32 msgnumber}. */
    public static final int MSGNUMBER_OFFSET = 8;
    /** Offset of {@code u32 gpadl}. */
    public static final int GPADL_OFFSET = 12;
    /** Offset of {@code u64 pfn[]}. */
    public static final int PFN_OFFSET = 16;
    /** Smallest message: one u64. */
    public static final int MIN_LENGTH = PFN_OFFSET + 8;
    /** u64 values that fit: {@code (240 - 16) / 8 = 28} (openvmm {@code GpadlBody::MAX_DATA_VALUES}). */
    public static final int MAX_VALUES = (ChannelMessageHeader.MAX_LENGTH - PFN_OFFSET) / 8;

    /** @throws IllegalArgumentException if there are no values or more than 28 */
    public GpadlBody {
        values = List.copyOf(Fields.requireNonNull("pfn", values));
        Fields.requireRange("pfn_count", values.size(), 1, MAX_VALUES);
    }

    static DecodeResult decode(ByteBuffer m) {
        int length = m.limit();
        // openvmm Gpadl::append: whole u64s only, a partial one at the end ignored (UEFI passes the maximum message
        // length); values beyond the range buffer are ignored by the reassembler.
        int dataBytes = (length - PFN_OFFSET) & ~7;
        List<Long> values = new ArrayList<>(dataBytes / 8);
        for (int off = PFN_OFFSET; off < PFN_OFFSET + dataBytes; off += 8) {
            values.add(m.getLong(off));
        }
        return new DecodeResult.Decoded(new GpadlBody(m.getInt(MSGNUMBER_OFFSET), m.getInt(GPADL_OFFSET), values));
    }

    @Override
    public MessageType type() {
        return MessageType.GPADL_BODY;
    }

    @Override
    public int encodedLength() {
        return PFN_OFFSET + 8 * values.size();
    }

    @Override
    public void writeBody(ByteBuffer message) {
        message.putInt(MSGNUMBER_OFFSET, msgNumber);
        message.putInt(GPADL_OFFSET, gpadl);
        for (int i = 0; i < values.size(); i++) {
            message.putLong(PFN_OFFSET + 8 * i, values.get(i));
        }
    }
}
