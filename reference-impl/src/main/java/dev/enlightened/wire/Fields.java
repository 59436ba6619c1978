package dev.enlightened.wire;

/**
 * Field checks shared by the message records: the {@code check*} methods return a {@link DecodeError} (or null)
 * for the decoders, which must never throw; the {@code require*} methods throw {@link IllegalArgumentException}
 * for records built by our own code, which must never encode a malformed message.
 */
final class Fields {
    static final int U8_MAX = 0xFF;
    static final int U16_MAX = 0xFFFF;

    private Fields() {
    }

    static long u32(int value) {
        return Integer.toUnsignedLong(value);
    }

    static DecodeError checkRelid(MessageType type, String field, int relid) {
        return ChannelMessageHeader.isValidRelid(relid) ? null : new DecodeError.InvalidRelid(type, field, u32(relid));
    }

    static DecodeError checkBool(MessageType type, String field, int value) {
        return value == 0 || value == 1 ? null : new DecodeError.InvalidBool(type, field, value);
    }

    static void requireRelid(String field, int relid) {
        if (!ChannelMessageHeader.isValidRelid(relid)) {
            throw new IllegalArgumentException(
                    "invalid relid: field=" + field + " value=0x" + Integer.toHexString(relid));
        }
    }

    static void requireRange(String field, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(
                    "field out of range: field=" + field + " value=" + value + " min=" + min + " max=" + max);
        }
    }

    static <T> T requireNonNull(String field, T value) {
        if (value == null) {
            throw new IllegalArgumentException("missing field: field=" + field);
        }
        return value;
    }

    static void requireZeroUnlessExtended(String field, long value, boolean extended) {
        if (!extended && value != 0) {
            throw new IllegalArgumentException(
                    "field needs the extended form: field=" + field + " value=" + value);
        }
    }
}
