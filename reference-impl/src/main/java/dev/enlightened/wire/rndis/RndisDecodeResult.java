package dev.enlightened.wire.rndis;

import java.util.Objects;

/** Outcome of decoding one RNDIS message: the {@link Decoded} message or an {@link RndisDecodeError}; never throws. */
public sealed interface RndisDecodeResult permits RndisDecodeResult.Decoded, RndisDecodeError {

    /**
     * A well-formed message.
     *
     * @param message the decoded record
     */
    record Decoded(RndisMessage message) implements RndisDecodeResult {
        /** @throws NullPointerException if {@code message} is null */
        public Decoded {
            Objects.requireNonNull(message, "message");
        }
    }
}
