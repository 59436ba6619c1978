package dev.enlightened.ring;

/**
 * Why no packet was read. {@link Empty} is back-pressure; {@link Corrupt} means the producer wrote something a
 * correct peer never writes (openvmm {@code vmbus_ring::ReadError}), after which the consumer refuses every read.
 */
public sealed interface ReadError extends ReadResult permits ReadError.Empty, ReadError.Corrupt {

    /** No packet is available. */
    record Empty() implements ReadError {
        /** The one instance. */
        public static final Empty INSTANCE = new Empty();
    }

    /** The ring holds an impossible value; the reason carries it as {@code key=value}. */
    record Corrupt(String reason) implements ReadError {
        @Override
        public String toString() {
            return "ring corrupt: " + reason;
        }
    }
}
