package dev.enlightened.wire;

import java.nio.ByteBuffer;

/**
 * Host revokes an offer ({@code struct vmbus_channel_rescind_offer}).
 *
 * @param childRelid the channel, a valid relid
 */
public record RescindChannelOffer(int childRelid) implements ChannelMessage {
    /** Offset of {@code u32 child_relid}. */
    public static final int CHILD_RELID_OFFSET = 8;
    /** {@code sizeof(struct vmbus_channel_rescind_offer)}. */
    public static final int LENGTH = 12;

    /** @throws IllegalArgumentException if the relid is 0 or {@code INVALID_RELID} */
    public RescindChannelOffer {
        Fields.requireRelid("child_relid", childRelid);
    }

    static DecodeResult decode(ByteBuffer m) {
        int relid = m.getInt(CHILD_RELID_OFFSET);
        DecodeError e = Fields.checkRelid(MessageType.RESCIND_CHANNELOFFER, "child_relid", relid);
        return e != null ? e : new DecodeResult.Decoded(new RescindChannelOffer(relid));
    }

    @Override
    public MessageType type() {
        return MessageType.RESCIND_CHANNELOFFER;
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
