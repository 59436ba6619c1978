package dev.enlightened.wire.rndis;

import dev.enlightened.wire.Direction;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Optional;

/**
 * Encodes and decodes RNDIS messages. {@code msg_len} counts the whole message; the decoder requires
 * {@code minLength <= msg_len <= available} and ignores bytes after {@code msg_len} (a receive-buffer range may
 * be longer than the message it carries). Every (offset, length) area is checked as unsigned against the body.
 */
public final class RndisCodec {

    private RndisCodec() {
    }

    /** @return the message, little-endian, {@code msg_len} bytes */
    public static byte[] encode(RndisMessage message) {
        byte[] bytes = new byte[message.encodedLength()];
        encodeInto(message, bytes, 0);
        return bytes;
    }

    /** Writes the message at {@code offset} of {@code dst}; {@code message.encodedLength()} bytes must fit. */
    public static void encodeInto(RndisMessage message, byte[] dst, int offset) {
        int len = message.encodedLength();
        ByteBuffer m = ByteBuffer.wrap(dst, offset, len).slice().order(ByteOrder.LITTLE_ENDIAN);
        m.putInt(RndisMessageType.MSG_TYPE_OFFSET, message.type().number());
        m.putInt(RndisMessageType.MSG_LEN_OFFSET, len);
        message.writeBody(m);
    }

    /**
     * Decodes the message at {@code offset} received in direction {@code arriving}. Never throws.
     *
     * @param length bytes available from {@code offset} (the transfer range or the send-buffer section)
     * @return the message or a typed error
     */
    public static RndisDecodeResult decode(byte[] bytes, int offset, int length, Direction arriving) {
        if (bytes == null || offset < 0 || length < 0 || offset > bytes.length - length) {
            return new RndisDecodeError.Truncated("header", Math.max(0, length), RndisMessageType.HEADER_LENGTH);
        }
        if (length < RndisMessageType.HEADER_LENGTH) {
            return new RndisDecodeError.Truncated("header", length, RndisMessageType.HEADER_LENGTH);
        }
        ByteBuffer m = ByteBuffer.wrap(bytes, offset, length).slice().order(ByteOrder.LITTLE_ENDIAN);
        long number = Integer.toUnsignedLong(m.getInt(RndisMessageType.MSG_TYPE_OFFSET));
        Optional<RndisMessageType> type = RndisMessageType.lookup(number, arriving);
        if (type.isEmpty()) {
            return RndisMessageType.known(number) ? new RndisDecodeError.WrongDirection(number, arriving)
                    : new RndisDecodeError.UnknownType(number);
        }
        RndisMessageType t = type.get();
        long msgLen = Integer.toUnsignedLong(m.getInt(RndisMessageType.MSG_LEN_OFFSET));
        if (length < t.minLength()) {
            return new RndisDecodeError.Truncated(t.wireName(), length, t.minLength());
        }
        if (msgLen < t.minLength() || msgLen > length) {
            return new RndisDecodeError.BadLength(t, msgLen, length);
        }
        return t.decodeBody(m.limit((int) msgLen).slice().order(ByteOrder.LITTLE_ENDIAN), (int) msgLen);
    }

    /** Decodes a whole array. */
    public static RndisDecodeResult decode(byte[] bytes, Direction arriving) {
        return decode(bytes, 0, bytes == null ? 0 : bytes.length, arriving);
    }

    /**
     * Checks one (offset, length) area: both u32, the offset counted from the body; an empty area is allowed
     * anywhere (Linux sends info_buf_offset = 20 with info_buflen = 0); a non-empty one must start at or after
     * the fixed body and end within {@code msg_len}. On success copies the area into {@code out[0]}.
     */
    static RndisDecodeError area(RndisMessageType t, String field, ByteBuffer m, int offsetAt, int lengthAt,
                                 int msgLen, byte[][] out) {
        long off = Integer.toUnsignedLong(m.getInt(offsetAt));
        long len = Integer.toUnsignedLong(m.getInt(lengthAt));
        long limit = msgLen - RndisMessageType.HEADER_LENGTH;
        if (len == 0) {
            out[0] = new byte[0];
            return null;
        }
        if (off < t.bodyLength() || off + len > limit) {
            return new RndisDecodeError.OutOfBounds(t, field, off, len, limit);
        }
        int from = RndisMessageType.BODY_OFFSET + (int) off;
        byte[] area = new byte[(int) len];
        m.get(from, area);
        out[0] = area;
        return null;
    }
}
