package dev.enlightened.wire;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Locale;

/**
 * A 16-byte {@code guid_t} as it lies on the wire: Microsoft mixed-endian layout, where {@code Data1} (u32),
 * {@code Data2} and {@code Data3} (u16) are little-endian and {@code Data4} is 8 raw bytes. {@link #toString()}
 * gives the canonical {@code xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx} form, so the storvsc interface type prints
 * as {@code ba6163d9-04a1-4d29-b605-72e2ffb1dc7f}.
 */
public final class Guid {
    /** Encoded size in bytes. */
    public static final int LENGTH = 16;
    /** The all-zero GUID. */
    public static final Guid NIL = new Guid(new byte[LENGTH]);

    private final byte[] wire;

    private Guid(byte[] wire) {
        this.wire = wire;
    }

    /**
     * @param wire exactly 16 bytes in wire order
     * @return the GUID those bytes encode
     * @throws IllegalArgumentException if {@code wire} is not 16 bytes long
     */
    public static Guid fromWireBytes(byte[] wire) {
        if (wire.length != LENGTH) {
            throw new IllegalArgumentException("GUID needs 16 bytes: length=" + wire.length);
        }
        return new Guid(wire.clone());
    }

    /**
     * @param text canonical form {@code xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx}
     * @return the GUID
     * @throws IllegalArgumentException if {@code text} is not in canonical form
     */
    public static Guid parse(String text) {
        if (!text.matches("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")) {
            throw new IllegalArgumentException("not a canonical GUID: text=" + text);
        }
        String hex = text.replace("-", "");
        byte[] raw = new byte[LENGTH];
        for (int i = 0; i < LENGTH; i++) {
            raw[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
        }
        // Data1..Data3 are printed big-endian but stored little-endian.
        byte[] wire = raw.clone();
        reverse(wire, 0, 4);
        reverse(wire, 4, 2);
        reverse(wire, 6, 2);
        return new Guid(wire);
    }

    static Guid read(ByteBuffer buffer, int offset) {
        byte[] wire = new byte[LENGTH];
        buffer.get(offset, wire);
        return new Guid(wire);
    }

    void write(ByteBuffer buffer, int offset) {
        buffer.put(offset, wire);
    }

    /** @return a copy of the 16 bytes in wire order */
    public byte[] toWireBytes() {
        return wire.clone();
    }

    private static void reverse(byte[] bytes, int from, int length) {
        for (int i = 0; i < length / 2; i++) {
            byte t = bytes[from + i];
            bytes[from + i] = bytes[from + length - 1 - i];
            bytes[from + length - 1 - i] = t;
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Guid g && Arrays.equals(wire, g.wire);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(wire);
    }

    @Override
    public String toString() {
        ByteBuffer b = ByteBuffer.wrap(wire).order(ByteOrder.LITTLE_ENDIAN);
        StringBuilder s = new StringBuilder(36);
        s.append(String.format(Locale.ROOT, "%08x-%04x-%04x-", b.getInt(0), b.getShort(4), b.getShort(6)));
        for (int i = 8; i < LENGTH; i++) {
            if (i == 10) {
                s.append('-');
            }
            s.append(String.format(Locale.ROOT, "%02x", wire[i]));
        }
        return s.toString();
    }
}
