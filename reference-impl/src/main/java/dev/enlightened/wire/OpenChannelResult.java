package dev.enlightened.wire;

import java.nio.ByteBuffer;

/**
 * Host answers OPENCHANNEL; Linux matches it to its waiter by (child_relid, openid), status 0 = success
 * ({@code struct vmbus_channel_open_result}).
 *
 * @param childRelid the channel, a valid relid
 * @param openId {@code openid}
 * @param status {@code status}
 */
public record OpenChannelResult(int childRelid, int openId, int status) implements ChannelMessage {
    /** Offset of {@code u32 child_relid}. */
    public static final int CHILD_RELID_OFFSET = 8;
    /** Offset of {@code u32 openid}. */
    public static final int OPENID_OFFSET = 12;
    /** Offset of {@code u32 status}. */
    public static final int STATUS_OFFSET = 16;
    /** {@code sizeof(struct vmbus_channel_open_result)}. */
    public static final int LENGTH = 20;

    /** @throws IllegalArgumentException if the relid is 0 or {@code INVALID_RELID} */
    public OpenChannelResult {
        Fields.requireRelid("child_relid", childRelid);
    }

    static DecodeResult decode(ByteBuffer m) {
        int relid = m.getInt(CHILD_RELID_OFFSET);
        DecodeError e = Fields.checkRelid(MessageType.OPENCHANNEL_RESULT, "child_relid", relid);
        return e != null ? e : new DecodeResult.Decoded(
                new OpenChannelResult(relid, m.getInt(OPENID_OFFSET), m.getInt(STATUS_OFFSET)));
    }

    @Override
    public MessageType type() {
        return MessageType.OPENCHANNEL_RESULT;
    }

    @Override
    public int encodedLength() {
        return LENGTH;
    }

    @Override
    public void writeBody(ByteBuffer message) {
        message.putInt(CHILD_RELID_OFFSET, childRelid);
        message.putInt(OPENID_OFFSET, openId);
        message.putInt(STATUS_OFFSET, status);
    }
}
