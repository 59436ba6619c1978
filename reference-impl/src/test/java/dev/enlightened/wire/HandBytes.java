package dev.enlightened.wire;

/**
 * Builds an expected message byte by byte from the offset table, independently of the production constants: a
 * hand-computed vector retypes offsets and little-endian bytes on purpose, so that a wrong constant cannot hide
 * itself.
 */
final class HandBytes {
    private final byte[] bytes;

    HandBytes(int length) {
        bytes = new byte[length];
    }

    /** Writes literal bytes (0..255 each) starting at {@code offset}. */
    HandBytes at(int offset, int... values) {
        for (int i = 0; i < values.length; i++) {
            if (values[i] < 0 || values[i] > 0xFF) {
                throw new IllegalArgumentException("not a byte: value=" + values[i]);
            }
            bytes[offset + i] = (byte) values[i];
        }
        return this;
    }

    byte[] toArray() {
        return bytes.clone();
    }
}
