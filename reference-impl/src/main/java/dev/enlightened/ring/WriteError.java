package dev.enlightened.ring;

/**
 * Why a write did not happen. {@link Full} and {@link TimedOut} are back-pressure (try again later);
 * {@link TooLarge} is the caller's mistake; {@link Corrupt} means the peer broke the ring (openvmm
 * {@code vmbus_ring::WriteError}), after which the producer refuses every write.
 */
public sealed interface WriteError extends WriteResult
        permits WriteError.Full, WriteError.TimedOut, WriteError.TooLarge, WriteError.Corrupt {

    /** Not enough free space now (Linux {@code -EAGAIN}). */
    record Full() implements WriteError {
        /** The one instance. */
        public static final Full INSTANCE = new Full();
    }

    /** A blocking write waited its whole timeout for space. */
    record TimedOut(long waitedNanos, int pendingSendSz) implements WriteError {
        @Override
        public String toString() {
            return "timed out waiting for space: waited_ns=" + waitedNanos + " pending_send_sz=" + pendingSendSz;
        }
    }

    /** The packet can never fit in this ring. */
    record TooLarge(int packetLength, int maxPacketLength) implements WriteError {
        @Override
        public String toString() {
            return "packet larger than the ring allows: packet_length=" + packetLength + " max=" + maxPacketLength;
        }
    }

    /** The peer wrote an impossible value into the control page; the reason carries it as {@code key=value}. */
    record Corrupt(String reason) implements WriteError {
        @Override
        public String toString() {
            return "ring corrupt: " + reason;
        }
    }
}
