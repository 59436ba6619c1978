package dev.enlightened.netvsc.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enlightened.netvsc.NetvscFault;
import dev.enlightened.sim.RandomChooser;
import dev.enlightened.trace.TraceSink;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Network runs through the virtual switch: every frame delivered once and verified, the queue stops and wakes, and
 * the every-phase trace holds NVSP init, sub-channels, RNDIS and HALT around the traffic.
 */
class NetworkRunnerTest {

    private static NetworkResult run(NetworkScenario s) {
        return NetworkRunner.run(s, Collections.nCopies(s.guests(), TraceSink.OFF), new RandomChooser(s.seed()));
    }

    /** A seeded chooser that takes each traffic step's footprint, as an explorer's sleep sets do. */
    private static final class Recording implements dev.enlightened.sim.Chooser, dev.enlightened.sim.Footprint.Aware {
        final RandomChooser random;
        final List<String> actors = new java.util.ArrayList<>();
        final List<dev.enlightened.sim.Footprint.Access> steps = new java.util.ArrayList<>();
        final Set<String> names = new java.util.HashSet<>();
        dev.enlightened.sim.Footprint footprint;

        Recording(long seed) {
            this.random = new RandomChooser(seed);
        }

        @Override
        public int choose(dev.enlightened.sim.ChoiceKind kind, int options) {
            return random.choose(kind, options);
        }

        @Override
        public void footprintFrom(dev.enlightened.sim.Footprint f) {
            this.footprint = f;
            f.take(); // the bring-up's accesses belong to no traffic step
        }

        @Override
        public int chooseActor(List<? extends dev.enlightened.sim.Actor> ready) {
            if (!actors.isEmpty()) {
                steps.add(footprint.take());
            }
            ready.forEach(a -> names.add(a.name()));
            int c = random.chooseActor(ready);
            actors.add(ready.get(c).name());
            return c;
        }
    }

    /**
     * Under an explorer each guest's actors carry the guest in their names (the two devices' contexts are otherwise
     * named alike), and each step's footprint says which device it touched: steps of the two guests that pass no
     * frame between them are independent, a step that sends a frame through the switch touches the receiver's device
     * (docs/exploring.md, network footprints).
     */
    @Test
    void eachGuestsStepsTouchItsOwnDeviceAndAFrameTouchesTheReceiversToo() {
        NetworkScenario s = NetworkScenario.basic(2, 40, Set.of(), 1);
        Recording c = new Recording(1);
        NetworkResult r = NetworkRunner.run(s, Collections.nCopies(2, TraceSink.OFF), new RandomChooser(1), c);
        assertTrue(r.allVerified(), () -> r.problems().toString());
        assertTrue(c.names.contains("g0.guest-xmit") && c.names.contains("g1.guest-xmit"), c.names::toString);
        boolean independentPair = false;
        boolean crossing = false;
        for (int i = 0; i + 1 < c.steps.size(); i++) {
            String a = c.actors.get(i);
            String b = c.actors.get(i + 1);
            boolean otherGuest = a.charAt(1) != b.charAt(1);
            if (otherGuest && c.steps.get(i).independent(c.steps.get(i + 1))) {
                independentPair = true;
            }
            if (otherGuest && !c.steps.get(i).independent(c.steps.get(i + 1))) {
                crossing = true; // one of them passed a frame to the other's device (or settled the same owed frame)
            }
            if (!otherGuest) {
                assertTrue(!c.steps.get(i).independent(c.steps.get(i + 1)), a + " then " + b + ": one device");
            }
        }
        assertTrue(independentPair, "some steps of the two guests commute");
        assertTrue(crossing, "some step passes a frame to the other guest");
    }

    @Test
    void twoGuestsExchangeArpAndEchoWithEveryFrameVerified() {
        for (long seed = 1; seed <= 5; seed++) {
            NetworkResult r = run(NetworkScenario.basic(2, 200, Set.of(), seed));
            assertTrue(r.allVerified(), () -> "seed " + r + " problems " + r.problems());
            assertEquals(r.framesSent(), r.framesReceived()); // two guests: every frame has one destination
            assertEquals(r.framesReceived(), r.verified());
        }
    }

    @Test
    void fourGuestsFloodBroadcastsToEveryOtherGuest() {
        NetworkResult r = run(NetworkScenario.basic(4, 200, Set.of(), 3));
        assertTrue(r.allVerified(), () -> r.problems().toString());
        // four ARP requests, each flooded to three guests: two extra deliveries each
        assertEquals(r.framesSent() + 4 * 2, r.framesReceived());
    }

    @Test
    void theDataPathStopsAndWakesTheQueueAndUsesBothSendForms() {
        NetworkResult r = run(NetworkScenario.basic(2, 1000, Set.of(), 7));
        assertTrue(r.allVerified(), () -> r.problems().toString());
        long stops = r.events().stream().mapToLong(e -> e.getOrDefault("GuestStopsTxQueue", 0L)).sum();
        long wakes = r.events().stream().mapToLong(e -> e.getOrDefault("GuestWakesTxQueue", 0L)).sum();
        assertTrue(stops > 0, "no stop in " + r.events());
        assertEquals(stops, wakes);
        for (var e : r.events()) {
            assertEquals(e.get("GuestSendsFrame"), e.get("HostReceivesFrame"));
            assertEquals(e.get("GuestSendsFrame"), e.get("HostCompletesTx"));
            assertEquals(e.get("GuestSendsFrame"), e.get("GuestReceivesTxCompletion"));
            assertEquals(e.get("HostSendsRxPacket"), e.get("GuestReceivesRxPacket"));
            assertEquals(e.get("GuestReceivesRxPacket"), e.get("GuestSendsRxCompletion"));
            assertEquals(e.get("GuestSendsRxCompletion"), e.get("HostReceivesRxCompletion"));
        }
        System.out.println("network seed 7: " + r.events() + " sent=" + r.framesSent());
    }

    @Test
    void everyGuestRunsOnEveryGrantedQueueBothWays() {
        for (long seed = 1; seed <= 3; seed++) {
            NetworkResult r = run(NetworkScenario.basic(2, 400, 4, 64, Set.of(), seed));
            assertTrue(r.allVerified(), () -> r.problems().toString());
            assertEquals(List.of(4, 4), r.queues());
            assertTrue(r.queuesUsed().stream().allMatch(n -> n >= 2), () -> "queues used " + r.queuesUsed());
        }
        NetworkResult two = run(NetworkScenario.basic(2, 400, Set.of(), 1)); // the default: 2 queues
        assertTrue(two.rxPerQueue().stream().allMatch(q -> q.size() == 2 && q.stream().allMatch(n -> n > 0)),
                () -> "rx per queue " + two.rxPerQueue());
        assertTrue(two.allVerified(), () -> two.problems().toString());
        assertEquals(List.of(2, 2), two.queuesUsed());
    }

    /**
     * RSS steering (the guest checks every frame's queue against its table and its hash against its key, and a
     * mismatch is a problem): with four queues the ping sessions' flows reach every queue of both guests, each
     * queue at least an eighth of the frames.
     */
    @Test
    void rssSpreadsTheFlowsOverAllFourQueuesOfEachGuest() {
        NetworkResult r = run(NetworkScenario.basic(2, 1000, 4, 64, Set.of(), 1));
        assertTrue(r.allVerified(), () -> r.problems().toString());
        for (List<Long> perQueue : r.rxPerQueue()) {
            long all = perQueue.stream().mapToLong(Long::longValue).sum();
            assertEquals(4, perQueue.size());
            assertTrue(perQueue.stream().allMatch(n -> n * 8 >= all), () -> "rx per queue " + r.rxPerQueue());
        }
    }

    @Test
    void aHostThatIndexesTheTableWithTheWrongBitsIsCaughtByTheGuest() {
        NetworkResult r = run(NetworkScenario.basic(2, 100, Set.of(NetvscFault.RSS_WRONG_QUEUE), 1));
        assertTrue(r.problems().stream().anyMatch(p -> p.contains("RSS steering: queue=")), r.problems()::toString);
        assertTrue(!r.allVerified());
    }

    @Test
    void theGrantedCountNotTheRequestedOneBoundsTheQueues() {
        NetworkScenario s = NetworkScenario.basic(2, 200, 4, 2, Set.of(), 5); // asks for 3 sub-channels, gets 1
        assertEquals(2, s.grantedQueues());
        NetworkResult r = run(s);
        assertTrue(r.allVerified(), () -> r.problems().toString());
        assertEquals(List.of(2, 2), r.queues());
        NetworkResult one = run(NetworkScenario.basic(2, 200, 1, 64, Set.of(), 5));
        assertTrue(one.allVerified(), () -> one.problems().toString());
        assertEquals(List.of(1, 1), one.queuesUsed());
    }

    @Test
    void reusingASectionBeforeItsCompletionDeliversTheWrongFrame() {
        NetworkResult r = run(NetworkScenario.basic(2, 200, Set.of(NetvscFault.SECTION_REUSED_BEFORE_COMPLETION), 1));
        assertTrue(!r.allVerified() && r.outstanding() > 0, () -> "fault did not show: " + r.problems());
    }

    @Test
    void aWakeOnlyOnTheWatermarkLosesTheQueue() {
        long found = -1;
        for (long seed = 1; seed <= 60 && found < 0; seed++) {
            NetworkResult r = run(NetworkScenario.basic(2, 1000, Set.of(NetvscFault.LOST_TX_WAKE), seed));
            if (r.waiting().contains("txWake")) {
                found = seed;
                assertTrue(!r.allVerified());
            }
        }
        System.out.println("lost-tx-wake shows at seed " + found);
        assertTrue(found > 0, "no seed in 1..60 lost the wake");
    }

    /** Collects the actions of one device's trace, in order. */
    private static final class Actions implements TraceSink {
        final List<String> seen = new java.util.ArrayList<>();
        final List<java.util.Map<String, Object>> params = new java.util.ArrayList<>();

        @Override
        public boolean enabled() {
            return true;
        }

        @Override
        public long emit(String actor, String action, java.util.Map<String, Object> p,
                         java.util.Map<String, Object> post) {
            seen.add(action);
            params.add(p);
            return seen.size();
        }

        @Override
        public void close() {
        }
    }

    @Test
    void everyPhaseIsTracedFromNvspInitToHaltThenTheClaims() {
        NetworkScenario s = NetworkScenario.basic(2, 60, Set.of(), 1);
        List<Actions> sinks = List.of(new Actions(), new Actions());
        RandomChooser c = new RandomChooser(s.seed());
        NetworkResult r = NetworkRunner.runAllPhases(s, List.copyOf(sinks), c, c, false);
        assertTrue(r.allVerified(), () -> r.problems().toString());
        for (Actions a : sinks) {
            List<String> seen = a.seen;
            assertEquals("GuestNegotiatesNvsp", seen.get(0));
            int set = seen.indexOf("GuestSendsRndisSet");
            int firstFrame = seen.indexOf("GuestSendsFrame");
            int halt = seen.indexOf("GuestSendsRndisHalt");
            assertTrue(seen.indexOf("GuestSeesSubChannelsOpen") < seen.indexOf("GuestSendsRndisInit"), seen::toString);
            assertTrue(0 < set && set < firstFrame && firstFrame < halt, seen::toString);
            assertEquals(List.of("GuestSendsRndisHalt", "HostAnswersRndis", "Quiescent", "Quiescent"),
                    seen.subList(seen.size() - 4, seen.size()));
            assertEquals(List.of("MAC", "MTU", "Link"), java.util.stream.IntStream.range(0, seen.size())
                    .filter(i -> seen.get(i).equals("GuestSendsRndisQuery")).mapToObj(i -> a.params.get(i).get("oid"))
                    .toList());
            // RSS (two queues): disabled, then enabled, after the sub-channels opened, before the packet filter
            assertEquals(List.of("RssOff", "Rss", "PacketFilter"), java.util.stream.IntStream.range(0, seen.size())
                    .filter(i -> seen.get(i).equals("GuestSendsRndisSet")).mapToObj(i -> a.params.get(i).get("oid"))
                    .toList());
            // request ids 1..8: INITIALIZE, three QUERYs, two RSS SETs, the filter SET, HALT
            assertEquals(8L, a.params.get(halt).get("id"));
        }
        // The data-only run (explore's) logs none of it.
        Actions dataOnly = new Actions();
        NetworkRunner.run(s, List.of(dataOnly, new Actions()), new RandomChooser(s.seed()));
        assertEquals("GuestSendsFrame", dataOnly.seen.get(0));
        assertTrue(!dataOnly.seen.contains("GuestSendsRndisHalt") && !dataOnly.seen.contains("HostAnswersNvsp"));
    }

    @Test
    void aQueryAnsweredWithTheWrongIdFailsTheBringUp() {
        NetworkScenario s = NetworkScenario.basic(2, 60, Set.of(NetvscFault.RNDIS_WRONG_ID), 1);
        Actions a = new Actions();
        RandomChooser c = new RandomChooser(s.seed());
        NetworkResult r = NetworkRunner.runAllPhases(s, List.of(a, new Actions()), c, c, false);
        assertTrue(r.problems().stream().anyMatch(p -> p.contains("rndis=FAILED")), r.problems()::toString);
        assertEquals(0, r.framesSent());
        // The last answer is QUERY 2's, named 3; the guest refused it and sent nothing more.
        java.util.Map<String, Object> query = a.params.get(a.seen.lastIndexOf("HostAnswersRndis"));
        assertEquals(2L, query.get("id"));
        assertEquals(3L, query.get("answer"));
        assertEquals(List.of("Quiescent", "Quiescent"), a.seen.subList(a.seen.size() - 2, a.seen.size()));
    }
}
