package dev.enlightened.wire;

import java.nio.ByteBuffer;

/**
 * Host answers GPADL_HEADER; matched by (child_relid, gpadl), creation_status 0 = success (Linux maps others to
 * -EDQUOT) ({@code struct vmbus_channel_gpadl_created}).
 *
 * @param childRelid the channel, a valid relid
 * @param gpadl {@code gpadl}
 * @param creationStatus {@code creation_status}
 */
public record GpadlCreated(int childRelid, int gpadl, int creationStatus) implements ChannelMessage {
    /** Offset of {@code u32 child_relid}. */
    public static final int CHILD_RELID_OFFSET = 8;
    /** Offset of {@code u32 gpadl}. */
    public static final int GPADL_OFFSET = 12;
    /** Offset of {@code u32 creation_status}. */
    public static final int CREATION_STATUS_OFFSET = 16;
    /** {@code sizeof(struct vmbus_channel_gpadl_created)}. */
    public static final int LENGTH = 20;

    /** @throws IllegalArgumentException if the relid is 0 or {@code INVALID_RELID} */
    public GpadlCreated {
        Fields.requireRelid("child_relid", childRelid);
    }

    static DecodeResult decode(ByteBuffer m) {
        int relid = m.getInt(CHILD_RELID_OFFSET);
        DecodeError e = Fields.checkRelid(MessageType.GPADL_CREATED, "child_relid", relid);
        return e != null ? e : new DecodeResult.Decoded(
                new GpadlCreated(relid, m.getInt(GPADL_OFFSET), m.getInt(CREATION_STATUS_OFFSET)));
    }

    @Override
    public MessageType type() {
        return MessageType.GPADL_CREATED;
    }

    @Override
    public int encodedLength() {
        return LENGTH;
    }

    @Override
    public void writeBody(ByteBuffer message) {
        message.putInt(CHILD_RELID_OFFSET, childRelid);
        message.putInt(GPADL_OFFSET, gpadl);
        message.putInt(CREATION_STATUS_OFFSET, creationStatus);
    }
}
