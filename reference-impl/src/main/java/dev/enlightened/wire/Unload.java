package dev.enlightened.wire;

import java.nio.ByteBuffer;

/** Guest disconnects ({@code CHANNELMSG_UNLOAD}, kexec/kdump or shutdown); header only. */
public record Unload() implements ChannelMessage {
    /** Encoded size: the header alone. */
    public static final int LENGTH = ChannelMessageHeader.LENGTH;

    @Override
    public MessageType type() {
        return MessageType.UNLOAD;
    }

    @Override
    public int encodedLength() {
        return LENGTH;
    }

    @Override
    public void writeBody(ByteBuffer message) {
        // No body.
    }
}
