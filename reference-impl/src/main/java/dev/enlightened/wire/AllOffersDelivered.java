package dev.enlightened.wire;

import java.nio.ByteBuffer;

/** Host has sent every offer ({@code CHANNELMSG_ALLOFFERS_DELIVERED}); header only. */
public record AllOffersDelivered() implements ChannelMessage {
    /** Encoded size: the header alone. */
    public static final int LENGTH = ChannelMessageHeader.LENGTH;

    @Override
    public MessageType type() {
        return MessageType.ALLOFFERS_DELIVERED;
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
