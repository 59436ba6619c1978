package dev.enlightened.wire.vstor;

import java.util.Objects;

/** Outcome of decoding one vstor_packet: the {@link Decoded} packet or a {@link VstorDecodeError}; never thrown. */
public sealed interface VstorDecodeResult permits VstorDecodeResult.Decoded, VstorDecodeError {

    /**
     * A well-formed packet.
     *
     * @param packet the packet
     */
    record Decoded(VstorPacket packet) implements VstorDecodeResult {
        /** @throws NullPointerException if {@code packet} is null */
        public Decoded {
            Objects.requireNonNull(packet, "packet");
        }
    }
}
