package dev.enlightened.wire;

import java.nio.ByteBuffer;

/**
 * Host acknowledges MODIFYCHANNEL (5.3 and newer), status 0 = success
 * ({@code struct vmbus_channel_modifychannel_response}).
 *
 * @param childRelid the channel, a valid relid
 * @param status {@code status}
 */
public record ModifyChannelResponse(int childRelid, int status) implements ChannelMessage {
    /** Offset of {@code u32 child_relid}. */
    public static final int CHILD_RELID_OFFSET = 8;
    /** Offset of {@code u32 status}. */
    public static final int STATUS_OFFSET = 12;
    /** {@code sizeof(struct vmbus_channel_modifychannel_response)}. */
    public static final int LENGTH = 16;

    /** @throws IllegalArgumentException if the relid is 0 or {@code INVALID_RELID} */
    public ModifyChannelResponse {
        Fields.requireRelid("child_relid", childRelid);
    }

    static DecodeResult decode(ByteBuffer m) {
        int relid = m.getInt(CHILD_RELID_OFFSET);
        DecodeError e = Fields.checkRelid(MessageType.MODIFYCHANNEL_RESPONSE, "child_relid", relid);
        return e != null ? e : new DecodeResult.Decoded(new ModifyChannelResponse(relid, m.getInt(STATUS_OFFSET)));
    }

    @Override
    public MessageType type() {
        return MessageType.MODIFYCHANNEL_RESPONSE;
    }

    @Override
    public int encodedLength() {
        return LENGTH;
    }

    @Override
    public void writeBody(ByteBuffer message) {
        message.putInt(CHILD_RELID_OFFSET, childRelid);
        message.putInt(STATUS_OFFSET, status);
    }
}
