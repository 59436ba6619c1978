package dev.enlightened.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.enlightened.wire.Direction;
import dev.enlightened.wire.nvsp.NvspCodec;

/** NVSP messages: the decoder, in both directions, at any offset (RNDIS: {@link RndisFuzzTest}). */
class NvspFuzzTest {
    @FuzzTest
    void anyBytesDecodeToATypedNvspResult(byte[] bytes) {
        FuzzRules.holds(bytes.length, () -> NvspCodec.decode(bytes, Direction.HOST_TO_GUEST));
        FuzzRules.holds(bytes.length, () -> NvspCodec.decode(bytes, Direction.GUEST_TO_HOST));
        if (bytes.length > 1) {
            FuzzRules.holds(bytes.length, () -> NvspCodec.decode(bytes, 1, bytes.length - 1,
                    Direction.HOST_TO_GUEST));
        }
    }
}
