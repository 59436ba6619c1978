package dev.enlightened.wire.vstor;

/**
 * Why bytes from the peer are not a well-formed vstor_packet: always a protocol violation by an untrusted sender,
 * never back-pressure. {@link #describe()} gives one line with the offending values as {@code key=value}.
 */
public sealed interface VstorDecodeError extends VstorDecodeResult {

    /** @return one line naming the error and its values */
    String describe();

    /**
     * Fewer bytes than {@code sizeof(struct vstor_packet)}.
     *
     * @param length  bytes received
     * @param minimum {@link VstorPacket#LENGTH}
     */
    record Truncated(int length, int minimum) implements VstorDecodeError {
        @Override
        public String describe() {
            return "truncated vstor_packet: length=" + length + " minimum=" + minimum;
        }
    }

    /**
     * An {@code operation} outside 1..14.
     *
     * @param operation the u32 as received
     */
    record UnknownOperation(long operation) implements VstorDecodeError {
        @Override
        public String describe() {
            return "unknown vstor operation: operation=" + operation;
        }
    }

    /**
     * A flags word with bits other than REQUEST_COMPLETION_FLAG.
     *
     * @param flags the u32 as received
     */
    record InvalidFlags(long flags) implements VstorDecodeError {
        @Override
        public String describe() {
            return "undefined vstor_packet flags: flags=0x" + Long.toHexString(flags) + " allowed=0x1";
        }
    }
}
