package dev.enlightened.wire;

import java.nio.ByteBuffer;

/**
 * Guest tears down a GPADL; answered by GPADL_TORNDOWN, even after a rescind
 * ({@code struct vmbus_channel_gpadl_teardown}).
 *
 * @param childRelid the channel, a valid relid
 * @param gpadl {@code gpadl}
 */
public record GpadlTeardown(int childRelid, int gpadl) implements ChannelMessage {
    /** Offset of {@code u32 child_relid}. */
    public static final int CHILD_RELID_OFFSET = 8;
    /** Offset of {@code u32 gpadl}. */
    public static final int GPADL_OFFSET = 12;
    /** {@code sizeof(struct vmbus_channel_gpadl_teardown)}. */
    public static final int LENGTH = 16;

    /** @throws IllegalArgumentException if the relid is 0 or {@code INVALID_RELID} */
    public GpadlTeardown {
        Fields.requireRelid("child_relid", childRelid);
    }

    static DecodeResult decode(ByteBuffer m) {
        int relid = m.getInt(CHILD_RELID_OFFSET);
        DecodeError e = Fields.checkRelid(MessageType.GPADL_TEARDOWN, "child_relid", relid);
        return e != null ? e : new DecodeResult.Decoded(new GpadlTeardown(relid, m.getInt(GPADL_OFFSET)));
    }

    @Override
    public MessageType type() {
        return MessageType.GPADL_TEARDOWN;
    }

    @Override
    public int encodedLength() {
        return LENGTH;
    }

    @Override
    public void writeBody(ByteBuffer message) {
        message.putInt(CHILD_RELID_OFFSET, childRelid);
        message.putInt(GPADL_OFFSET, gpadl);
    }
}
