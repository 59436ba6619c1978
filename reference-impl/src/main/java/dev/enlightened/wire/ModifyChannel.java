package dev.enlightened.wire;

import java.nio.ByteBuffer;

/**
 * Guest retargets the channel's host-to-guest interrupt; acknowledged only from 5.3 on
 * ({@code struct vmbus_channel_modifychannel}).
 *
 * @param childRelid the channel, a valid relid
 * @param targetVp {@code target_vp}
 */
public record ModifyChannel(int childRelid, int targetVp) implements ChannelMessage {
    /** Offset of {@code u32 child_relid}. */
    public static final int CHILD_RELID_OFFSET = 8;
    /** Offset of {@code u32 target_vp}. */
    public static final int TARGET_VP_OFFSET = 12;
    /** {@code sizeof(struct vmbus_channel_modifychannel)}. */
    public static final int LENGTH = 16;

    /** @throws IllegalArgumentException if the relid is 0 or {@code INVALID_RELID} */
    public ModifyChannel {
        Fields.requireRelid("child_relid", childRelid);
    }

    static DecodeResult decode(ByteBuffer m) {
        int relid = m.getInt(CHILD_RELID_OFFSET);
        DecodeError e = Fields.checkRelid(MessageType.MODIFYCHANNEL, "child_relid", relid);
        return e != null ? e : new DecodeResult.Decoded(new ModifyChannel(relid, m.getInt(TARGET_VP_OFFSET)));
    }

    @Override
    public MessageType type() {
        return MessageType.MODIFYCHANNEL;
    }

    @Override
    public int encodedLength() {
        return LENGTH;
    }

    @Override
    public void writeBody(ByteBuffer message) {
        message.putInt(CHILD_RELID_OFFSET, childRelid);
        message.putInt(TARGET_VP_OFFSET, targetVp);
    }
}
