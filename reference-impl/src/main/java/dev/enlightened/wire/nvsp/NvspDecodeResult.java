package dev.enlightened.wire.nvsp;

import java.util.Objects;

/** Outcome of decoding one NVSP message: the {@link Decoded} message or an {@link NvspDecodeError}; never throws. */
public sealed interface NvspDecodeResult permits NvspDecodeResult.Decoded, NvspDecodeError {

    /**
     * A well-formed message.
     *
     * @param message the decoded record
     */
    record Decoded(NvspMessage message) implements NvspDecodeResult {
        /** @throws NullPointerException if {@code message} is null */
        public Decoded {
            Objects.requireNonNull(message, "message");
        }
    }
}
