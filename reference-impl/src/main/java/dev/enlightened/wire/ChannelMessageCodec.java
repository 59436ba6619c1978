package dev.enlightened.wire;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Optional;

/**
 * Encodes {@link ChannelMessage} records into little-endian bytes and decodes bytes into records.
 *
 * <p>Decoding checks, in order: the length against {@code MAX_SIZE_CHANNEL_MESSAGE} and the header size, the
 * {@code msgtype} against the table, the length against the type's smallest form, then the type's own fields.
 * A message longer than its largest form is accepted and the extra bytes ignored, as Linux
 * ({@code vmbus_on_msg_dpc} checks only {@code payload_size < min_payload_len}) and openvmm (prefix parse) do, so a
 * guest keeps working with a host that appends fields; GPADL messages, whose length carries data, must be exact.
 */
public final class ChannelMessageCodec {

    private ChannelMessageCodec() {
    }

    /**
     * @param message a record
     * @return its bytes, header included, reserved and padding bytes zero
     */
    public static byte[] encode(ChannelMessage message) {
        byte[] bytes = new byte[message.encodedLength()];
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(ChannelMessageHeader.MSGTYPE_OFFSET, message.type().number());
        b.putInt(ChannelMessageHeader.PADDING_OFFSET, 0);
        message.writeBody(b);
        return bytes;
    }

    /**
     * Decodes one message. Never throws.
     *
     * @param bytes exactly the message (the SynIC {@code payload_size} bytes)
     * @return the message or the first error found
     */
    public static DecodeResult decode(byte[] bytes) {
        return decode(ByteBuffer.wrap(bytes));
    }

    /**
     * Decodes the bytes between {@code buffer.position()} and {@code buffer.limit()}. Never throws; does not move
     * the buffer's position.
     *
     * @param buffer the message
     * @return the message or the first error found
     */
    public static DecodeResult decode(ByteBuffer buffer) {
        ByteBuffer m = buffer.slice().order(ByteOrder.LITTLE_ENDIAN);
        int length = m.remaining();
        if (length > ChannelMessageHeader.MAX_LENGTH) {
            return new DecodeError.Oversized(length, ChannelMessageHeader.MAX_LENGTH);
        }
        if (length < ChannelMessageHeader.LENGTH) {
            return new DecodeError.Truncated("header", length, ChannelMessageHeader.LENGTH);
        }
        long msgtype = Fields.u32(m.getInt(ChannelMessageHeader.MSGTYPE_OFFSET));
        Optional<MessageType> type = MessageType.fromNumber(msgtype);
        if (type.isEmpty()) {
            return new DecodeError.UnknownType(msgtype);
        }
        MessageType t = type.get();
        if (t.isReserved()) {
            return new DecodeError.ReservedType(t);
        }
        if (length < t.minLength()) {
            return new DecodeError.Truncated(t.wireName(), length, t.minLength());
        }
        return t.decodeChecked(m);
    }

    /**
     * Decodes a message received from {@code sender}, rejecting types that side never sends (a guest must not
     * act on an OFFERCHANNEL that a confused or hostile peer sent the other way).
     *
     * @param sender who sent the bytes
     * @param bytes  exactly the message
     * @return the message or the first error found
     */
    public static DecodeResult decodeFrom(Direction sender, byte[] bytes) {
        DecodeResult r = decode(bytes);
        if (r instanceof DecodeResult.Decoded d && d.message().type().direction() != sender) {
            return new DecodeError.WrongDirection(d.message().type(), sender);
        }
        return r;
    }
}
