package dev.enlightened.ring;

/**
 * Outcome of a producer write: {@link Written}, or a {@link WriteError}. Success and back-pressure are shared
 * instances, so the hot path allocates nothing.
 */
public sealed interface WriteResult permits WriteResult.Written, WriteError {

    /** The packet is in the ring and {@code write_index} is published. */
    record Written() implements WriteResult {
        /** The one instance. */
        public static final Written INSTANCE = new Written();
    }
}
