package dev.enlightened.validation.devices;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enlightened.netvsc.NetvscFault;
import dev.enlightened.netvsc.scenario.NetworkResult;
import dev.enlightened.netvsc.scenario.NetworkRunner;
import dev.enlightened.netvsc.scenario.NetworkScenario;
import dev.enlightened.sim.RandomChooser;
import dev.enlightened.trace.NdjsonTraceWriter;
import dev.enlightened.trace.TraceSink;
import dev.enlightened.validation.TraceValidator;
import dev.enlightened.validation.Verdict;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Traces of {@code run network} on sub-channel queues against TraceNetvscDataPath: with 2 and 3 granted queues
 * both guests' traces are ACCEPTED (events on every queue, one spec state per event), and the data-path faults
 * are still REJECTED with queues: a section reused before its completion at the first send, a lost TX wake-up at
 * the guest's Quiescent claim, a host that steers by the wrong bits of the RSS hash at its first mis-steered
 * receive packet (explore network's oracle: these traffic-only traces).
 */
class TraceNetworkQueuesTest {
    @TempDir
    Path dir;

    /** What the command does: a counting run sizes each header's MaxTx/MaxRx, then the traced run. */
    private List<Path> traced(NetworkScenario s, String name) throws Exception {
        NetworkResult counted = NetworkRunner.run(s, Collections.nCopies(s.guests(), TraceSink.OFF),
                new RandomChooser(s.seed()));
        List<Path> paths = new ArrayList<>();
        List<NdjsonTraceWriter> writers = new ArrayList<>();
        try {
            for (int g = 0; g < s.guests(); g++) {
                paths.add(dir.resolve(name + "-" + g + ".ndjson"));
                writers.add(NdjsonTraceWriter.create(paths.get(g), NetworkRunner.header(s, g,
                        counted.guestTx().get(g), counted.guestRx().get(g))));
            }
            NetworkResult r = NetworkRunner.run(s, List.copyOf(writers), new RandomChooser(s.seed()));
            assertEquals(counted.guestTx(), r.guestTx());
        } finally {
            writers.forEach(NdjsonTraceWriter::close);
        }
        return paths;
    }

    @Test
    void bothGuestsTracesAreAcceptedOnTwoAndThreeQueues() throws Exception {
        List<Path> traces = new ArrayList<>();
        traces.addAll(traced(NetworkScenario.basic(2, 300, 2, 64, Set.of(), 1), "q2"));
        traces.addAll(traced(NetworkScenario.basic(2, 300, 3, 64, Set.of(), 2), "q3"));
        List<Verdict> verdicts = TraceValidator.forRepository().validate(traces);
        for (int i = 0; i < traces.size(); i++) {
            Verdict v = verdicts.get(i);
            Verdict.Accepted a = assertInstanceOf(Verdict.Accepted.class, v, v::render);
            assertEquals(a.events() + 1, a.distinctStates(), v::render);
            String text = Files.readString(traces.get(i));
            int queues = i < 2 ? 2 : 3;
            assertTrue(text.contains("\"NumQueues\":" + queues), traces.get(i).toString());
            for (int q = 0; q < queues; q++) {
                assertTrue(text.contains("\"queue\":" + q + ","), "no event on queue " + q + " in " + traces.get(i));
            }
        }
    }

    @Test
    void theFaultsAreStillRejectedOnTwoQueues() throws Exception {
        Path reuse = traced(NetworkScenario.basic(2, 200, Set.of(NetvscFault.SECTION_REUSED_BEFORE_COMPLETION), 1),
                "reuse").get(0);
        Path lost = traced(NetworkScenario.basic(2, 1000, Set.of(NetvscFault.LOST_TX_WAKE), 3), "lost").get(0);
        List<Verdict> verdicts = TraceValidator.forRepository().validate(List.of(reuse, lost));
        Verdict.Rejected r = assertInstanceOf(Verdict.Rejected.class, verdicts.get(0), verdicts.get(0)::render);
        assertEquals(1, r.seq());
        assertEquals("GuestSendsFrame", r.action());
        Verdict.Rejected l = assertInstanceOf(Verdict.Rejected.class, verdicts.get(1), verdicts.get(1)::render);
        assertEquals(Verdict.Kind.QUIESCENCE, l.kind(), l::render);
        assertEquals("Quiescent", l.action());
    }

    @Test
    void aFrameOffItsRssQueueIsRejectedInTheTrafficOnlyTrace() throws Exception {
        Path wrong = traced(NetworkScenario.basic(2, 100, Set.of(NetvscFault.RSS_WRONG_QUEUE), 1), "rss").get(0);
        Verdict v = TraceValidator.forRepository().validate(List.of(wrong)).get(0);
        Verdict.Rejected r = assertInstanceOf(Verdict.Rejected.class, v, v::render);
        assertEquals("HostSendsRxPacket", r.action(), r::render);
        assertTrue(r.render().contains("Steered(e)"), r::render);
    }
}
