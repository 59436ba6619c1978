package dev.enlightened.netvsc.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.enlightened.netvsc.GuestState;
import dev.enlightened.netvsc.NetvscFault;
import dev.enlightened.trace.TraceSink;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The spec's intent on random runs (n, host capacity, refusal, seed): the correct guest always proceeds, with
 * exactly min(n, capacity) sub-channels (0 when refused) all open first; the wait-requested guest hangs exactly
 * when the grant is below the request.
 */
class NetvscScenarioPropertiesTest {

    @Test
    void correctGuestProceedsOnlyWithEveryGrantedSubChannelOpen() {
        qt().withExamples(400).forAll(integers().between(1, 8), integers().between(0, 10), booleans().all(),
                longs().all()).checkAssert((n, cap, refuses, seed) -> {
                    NetvscResult r = NetvscRunner.run(new NetvscScenario(n, cap, refuses, Set.of(), seed),
                            TraceSink.OFF);
                    int m = refuses ? 0 : Math.min(n, cap);
                    assertEquals(new GuestState.Proceeded(1 + m), r.state(), r.toString());
                    assertEquals(m, r.granted());
                    assertEquals(m, r.openAtProceed());
                    assertEquals(m, r.opened());
                    assertFalse(r.deadlocked());
                    assertTrue(r.hostErrors().isEmpty(), r.toString());
                    assertEquals(refuses ? 1 : 0, r.guestErrors().size(), r.toString());
                });
    }

    @Test
    void waitRequestedGuestHangsExactlyWhenTheHostGrantsFewer() {
        qt().withExamples(300).forAll(integers().between(1, 8), integers().between(0, 10), longs().all())
                .checkAssert((n, cap, seed) -> {
                    NetvscResult r = NetvscRunner.run(new NetvscScenario(n, cap, false,
                            Set.of(NetvscFault.WAIT_REQUESTED), seed), TraceSink.OFF);
                    assertEquals(cap < n, r.deadlocked(), r.toString());
                });
    }
}
