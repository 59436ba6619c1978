package dev.enlightened.wire;

import java.nio.ByteBuffer;

/** Host confirms the unload ({@code CHANNELMSG_UNLOAD_RESPONSE}, openvmm {@code UnloadComplete}); header only. */
public record UnloadResponse() implements ChannelMessage {
    /** Encoded size: the header alone. */
    public static final int LENGTH = ChannelMessageHeader.LENGTH;

    @Override
    public MessageType type() {
        return MessageType.UNLOAD_RESPONSE;
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
