package dev.enlightened.wire;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The 120-byte user-defined area of OFFERCHANNEL ({@code user_def}, pipe mode parameters for named-pipe offers)
 * and OPENCHANNEL ({@code userdata}, device-specific open parameters). Immutable, compared by content.
 */
public final class UserData {
    /** {@code MAX_USER_DEFINED_BYTES} (Linux) = openvmm {@code UserDefinedData([u8; 120])}. */
    public static final int LENGTH = 120;
    /** All zeros, what Linux sends when a driver passes no user data. */
    public static final UserData EMPTY = new UserData(new byte[LENGTH]);

    private final byte[] bytes;

    private UserData(byte[] bytes) {
        this.bytes = bytes;
    }

    /**
     * @param prefix up to 120 bytes; the rest is zero-filled, as Linux {@code __vmbus_open} does with {@code memcpy}
     *               into a zeroed message
     * @return the user data
     * @throws IllegalArgumentException if {@code prefix} is longer than 120 bytes
     */
    public static UserData of(byte[] prefix) {
        if (prefix.length > LENGTH) {
            throw new IllegalArgumentException("user data too long: length=" + prefix.length + " maximum=" + LENGTH);
        }
        return new UserData(Arrays.copyOf(prefix, LENGTH));
    }

    static UserData read(ByteBuffer buffer, int offset) {
        byte[] b = new byte[LENGTH];
        buffer.get(offset, b);
        return new UserData(b);
    }

    void write(ByteBuffer buffer, int offset) {
        buffer.put(offset, bytes);
    }

    /** @return a copy of the 120 bytes */
    public byte[] toBytes() {
        return bytes.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UserData u && Arrays.equals(bytes, u.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        int end = LENGTH;
        while (end > 0 && bytes[end - 1] == 0) {
            end--;
        }
        return "UserData[" + HexFormat.of().formatHex(bytes, 0, end) + "]";
    }
}
