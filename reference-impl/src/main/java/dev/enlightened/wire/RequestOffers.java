package dev.enlightened.wire;

import java.nio.ByteBuffer;

/** Guest asks for all offers ({@code CHANNELMSG_REQUESTOFFERS}); header only, sent once per connection. */
public record RequestOffers() implements ChannelMessage {
    /** Encoded size: the header alone. */
    public static final int LENGTH = ChannelMessageHeader.LENGTH;

    @Override
    public MessageType type() {
        return MessageType.REQUESTOFFERS;
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
