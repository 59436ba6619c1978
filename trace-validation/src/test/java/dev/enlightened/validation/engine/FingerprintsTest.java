package dev.enlightened.validation.engine;

import org.junit.jupiter.api.Test;

/**
 * Fingerprints from its contract: a value's FP64 remembered by object identity is that object's, and a state's
 * fingerprint corrected from its source's equals the one computed afresh. On Relay, in a forked JVM
 * ({@link FingerprintsProbe}).
 */
class FingerprintsTest {
    @Test
    void rememberedFingerprintsAreThoseOfTheObjectsAsked() throws Exception {
        RelayProbe.fork(FingerprintsProbe.class, 2);
    }
}
