package dev.enlightened.wire;

import java.nio.ByteBuffer;

/**
 * Guest closes a channel ({@code struct vmbus_channel_close_channel}); no response message exists.
 *
 * @param childRelid the channel, a valid relid
 */
public record CloseChannel(int childRelid) implements ChannelMessage {
    /** Offset of {@code u32 child_relid}. */
    public static final int CHILD_RELID_OFFSET = 8;
    /** {@code sizeof(struct vmbus_channel_close_channel)}. */
    public static final int LENGTH = 12;

    /** @throws IllegalArgumentException if the relid is 0 or {@code INVALID_RELID} */
    public CloseChannel {
        Fields.requireRelid("child_relid", childRelid);
    }

    static DecodeResult decode(ByteBuffer m) {
        int relid = m.getInt(CHILD_RELID_OFFSET);
        DecodeError e = Fields.checkRelid(MessageType.CLOSECHANNEL, "child_relid", relid);
        return e != null ? e : new DecodeResult.Decoded(new CloseChannel(relid));
    }

    @Override
    public MessageType type() {
        return MessageType.CLOSECHANNEL;
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
