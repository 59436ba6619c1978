package dev.enlightened.netvsc.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.enlightened.sim.RandomChooser;
import dev.enlightened.trace.TraceSink;
import java.util.Collections;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Random network runs (guests, frames, window, ring size, section size, section counts, ranges per packet, seed):
 * every frame is delivered once and verified, every party ends idle, the TX queue's stops and wakes pair up, and
 * every send section and receive section is back at the end.
 */
class NetworkScenarioPropertiesTest {

    @Test
    void everyFrameArrivesOnceVerifiedWhateverTheSizesAndSchedule() {
        qt().withExamples(60).forAll(integers().between(2, 4), integers().between(20, 160),
                integers().between(0, 1 << 20), longs().all())
                .checkAssert((guests, frames, shape, seed) -> {
                    int window = 1 + shape % 32;
                    int ring8 = 128 + shape / 32 % 385; // rings of 1 KiB to 4 KiB
                    int ranges = 1 + shape / 4096 % 4;
                    NetworkScenario s = new NetworkScenario(guests, frames, window, ring8 * 8, 256 + shape % 7 * 128,
                            1 + shape % 16, 2 + shape % 30, ranges, 1 + shape / 16384 % 4, 1 + shape / 65536 % 4,
                            Set.of(), seed);
                    NetworkResult r = NetworkRunner.run(s, Collections.nCopies(guests, TraceSink.OFF),
                            new RandomChooser(seed));
                    assertTrue(r.allVerified(), () -> s + " " + r.problems() + " waiting " + r.waiting());
                    assertEquals(Collections.nCopies(guests, s.grantedQueues()), r.queues(), s::toString);
                    for (var e : r.events()) {
                        assertEquals(e.getOrDefault("GuestStopsTxQueue", 0L), e.getOrDefault("GuestWakesTxQueue", 0L),
                                s::toString);
                        assertEquals(e.get("HostSendsRxPacket"), e.get("HostReceivesRxCompletion"), s::toString);
                    }
                });
    }
}
