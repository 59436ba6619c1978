package dev.enlightened.wire;

import java.nio.ByteBuffer;

/**
 * Guest releases a rescinded relid ({@code struct vmbus_channel_relid_released}), after unmapping it everywhere.
 *
 * @param childRelid the channel, a valid relid
 */
public record RelidReleased(int childRelid) implements ChannelMessage {
    /** Offset of {@code u32 child_relid}. */
    public static final int CHILD_RELID_OFFSET = 8;
    /** {@code sizeof(struct vmbus_channel_relid_released)}. */
    public static final int LENGTH = 12;

    /** @throws IllegalArgumentException if the relid is 0 or {@code INVALID_RELID} */
    public RelidReleased {
        Fields.requireRelid("child_relid", childRelid);
    }

    static DecodeResult decode(ByteBuffer m) {
        int relid = m.getInt(CHILD_RELID_OFFSET);
        DecodeError e = Fields.checkRelid(MessageType.RELID_RELEASED, "child_relid", relid);
        return e != null ? e : new DecodeResult.Decoded(new RelidReleased(relid));
    }

    @Override
    public MessageType type() {
        return MessageType.RELID_RELEASED;
    }

    @Override
    public int encodedLength() {
        return LENGTH;
    }

    @Override
    public void writeBody(ByteBuffer message) {
        message.putInt(CHILD_RELID_OFFSET, childRelid);
    }
}
