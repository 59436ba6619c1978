package dev.enlightened.wire;

import java.nio.ByteBuffer;

/**
 * Host confirms a GPADL teardown ({@code struct vmbus_channel_gpadl_torndown}); it carries no relid, so Linux
 * matches it to its waiter by gpadl alone.
 *
 * @param gpadl the GPADL handle
 */
public record GpadlTorndown(int gpadl) implements ChannelMessage {
    /** Offset of {@code u32 gpadl}. */
    public static final int GPADL_OFFSET = 8;
    /** {@code sizeof(struct vmbus_channel_gpadl_torndown)}. */
    public static final int LENGTH = 12;

    static DecodeResult decode(ByteBuffer m) {
        return new DecodeResult.Decoded(new GpadlTorndown(m.getInt(GPADL_OFFSET)));
    }

    @Override
    public MessageType type() {
        return MessageType.GPADL_TORNDOWN;
    }

    @Override
    public int encodedLength() {
        return LENGTH;
    }

    @Override
    public void writeBody(ByteBuffer message) {
        message.putInt(GPADL_OFFSET, gpadl);
    }
}
