package dev.enlightened.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.enlightened.wire.ChannelMessageCodec;
import dev.enlightened.wire.DecodeResult;
import dev.enlightened.wire.Direction;
import dev.enlightened.wire.GpadlBody;
import dev.enlightened.wire.GpadlHeader;
import dev.enlightened.wire.GpadlReassembler;

/**
 * GPA ranges as GPADL_HEADER and GPADL_BODY carry them: any sequence decodes and reassembles to a typed result,
 * with at most the configured number of GPADLs in progress.
 */
class GpadlFuzzTest {
    private static final int MAX_IN_PROGRESS = 4;
    private static final int MAX_MESSAGES = 64;

    @FuzzTest
    void anyGpadlMessageSequenceReassemblesWithinBounds(FuzzedDataProvider data) {
        GpadlReassembler r = new GpadlReassembler(MAX_IN_PROGRESS);
        for (int i = 0; i < MAX_MESSAGES && data.remainingBytes() > 0; i++) {
            byte[] m = data.consumeBytes(data.consumeInt(0, 240));
            DecodeResult d = FuzzRules.holds(m.length, () -> ChannelMessageCodec.decodeFrom(Direction.GUEST_TO_HOST,
                    m));
            if (d instanceof DecodeResult.Decoded ok) {
                if (ok.message() instanceof GpadlHeader h) {
                    FuzzRules.holds(m.length, () -> r.onHeader(h));
                } else if (ok.message() instanceof GpadlBody b) {
                    FuzzRules.holds(m.length, () -> r.onBody(b));
                }
            }
            if (r.inProgress() > MAX_IN_PROGRESS) {
                throw new AssertionError("GPADLs in progress beyond the bound: " + r.inProgress());
            }
        }
    }
}
