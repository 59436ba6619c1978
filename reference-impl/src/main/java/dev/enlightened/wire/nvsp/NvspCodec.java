package dev.enlightened.wire.nvsp;

import dev.enlightened.wire.Direction;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Optional;

/**
 * Encodes and decodes NVSP messages. {@link Form#LINUX} pads every message to {@code sizeof(struct nvsp_message)}
 * (40 bytes: the largest union member is the V6.1 PD-API completion); {@link Form#COMPACT} writes header plus body,
 * the least a receiver accepts; {@link #encodePadded} pads to a given packet size, as openvmm pads to its
 * {@code packet_size} ({@code PACKET_SIZE_V1} 0x1c, {@code PACKET_SIZE_V61} 0x28 from V6.1). Decoding accepts any
 * length from header plus body up; bytes beyond the body are the union's padding and are ignored.
 */
public final class NvspCodec {
    /** {@code sizeof(struct nvsp_message)} in Linux (0x28). */
    public static final int LINUX_LENGTH = 0x28;
    /** openvmm {@code PACKET_SIZE_V1}: the packet size before V6.1. */
    public static final int PACKET_SIZE_V1 = 0x1c;
    /** openvmm {@code PACKET_SIZE_V61}: the packet size from V6.1 (= {@link #LINUX_LENGTH}). */
    public static final int PACKET_SIZE_V61 = 0x28;
    /** Offset of {@code u32 msg_type}. */
    public static final int MSG_TYPE_OFFSET = 0;

    /** How long an encoded message is. */
    public enum Form {
        /** Linux: always {@link #LINUX_LENGTH} bytes. */
        LINUX,
        /** openvmm: header plus body. */
        COMPACT
    }

    private NvspCodec() {
    }

    /** @return the message in Linux's fixed-size form */
    public static byte[] encode(NvspMessage message) {
        return encode(message, Form.LINUX);
    }

    /** @return the message, little-endian, in the given form */
    public static byte[] encode(NvspMessage message, Form form) {
        return encodePadded(message, form == Form.LINUX ? LINUX_LENGTH : message.type().minLength());
    }

    /**
     * @param packetSize bytes to write; at least header plus body
     * @return the message, zero-padded to {@code packetSize}
     * @throws IllegalArgumentException if the message does not fit
     */
    public static byte[] encodePadded(NvspMessage message, int packetSize) {
        NvspMessageType t = message.type();
        requireRange("packet_size", packetSize, t.minLength(), Integer.MAX_VALUE);
        byte[] bytes = new byte[packetSize];
        ByteBuffer m = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        m.putInt(MSG_TYPE_OFFSET, t.number());
        message.writeBody(m);
        return bytes;
    }

    /**
     * Decodes one message received in direction {@code arriving}. Never throws.
     *
     * @return the message or a typed error
     */
    public static NvspDecodeResult decode(byte[] bytes, int offset, int length, Direction arriving) {
        if (bytes == null || offset < 0 || length < 0 || offset > bytes.length - length) {
            return new NvspDecodeError.Truncated("header", Math.max(0, length), NvspMessageType.HEADER_LENGTH);
        }
        if (length < NvspMessageType.HEADER_LENGTH) {
            return new NvspDecodeError.Truncated("header", length, NvspMessageType.HEADER_LENGTH);
        }
        ByteBuffer m = ByteBuffer.wrap(bytes, offset, length).slice().order(ByteOrder.LITTLE_ENDIAN);
        long number = Integer.toUnsignedLong(m.getInt(MSG_TYPE_OFFSET));
        Optional<NvspMessageType> type = NvspMessageType.lookup(number, arriving);
        if (type.isEmpty()) {
            return NvspMessageType.known(number) ? new NvspDecodeError.WrongDirection(number, arriving)
                    : new NvspDecodeError.UnknownType(number);
        }
        NvspMessageType t = type.get();
        if (length < t.minLength()) {
            return new NvspDecodeError.Truncated(t.wireName(), length, t.minLength());
        }
        return t.decodeBody(m);
    }

    /** Decodes a whole array. */
    public static NvspDecodeResult decode(byte[] bytes, Direction arriving) {
        return decode(bytes, 0, bytes == null ? 0 : bytes.length, arriving);
    }

    static void requireGpadl(int handle) {
        if (handle == 0) {
            throw new IllegalArgumentException("invalid GPADL handle: gpadl_handle=0");
        }
    }

    static void requireU16(String field, int value) {
        requireRange(field, value, 0, 0xFFFF);
    }

    static void requireRange(String field, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(
                    "field out of range: field=" + field + " value=" + value + " min=" + min + " max=" + max);
        }
    }
}
