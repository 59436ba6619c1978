package dev.enlightened.wire;

import java.util.Optional;

/**
 * Outcome of decoding one channel message: the {@link Decoded} message or a {@link DecodeError}. Decoding returns
 * one of these for every input and never throws.
 */
public sealed interface DecodeResult permits DecodeResult.Decoded, DecodeError {

    /**
     * A well-formed message.
     *
     * @param message the decoded record
     */
    record Decoded(ChannelMessage message) implements DecodeResult {
        /** @throws NullPointerException if {@code message} is null */
        public Decoded {
            java.util.Objects.requireNonNull(message, "message");
        }
    }

    /** @return true if this is a {@link Decoded} message */
    default boolean isOk() {
        return this instanceof Decoded;
    }

    /** @return the decoded message, or empty for an error */
    default Optional<ChannelMessage> asMessage() {
        return this instanceof Decoded d ? Optional.of(d.message()) : Optional.empty();
    }

    /** @return the error, or empty for a decoded message */
    default Optional<DecodeError> asError() {
        return this instanceof DecodeError e ? Optional.of(e) : Optional.empty();
    }
}
