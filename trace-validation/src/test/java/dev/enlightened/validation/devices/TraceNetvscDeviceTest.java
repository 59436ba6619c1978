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
 * Every-phase traces of {@code run network} (NVSP init, buffers, sub-channels, RNDIS INITIALIZE/QUERY/SET, the
 * traffic, HALT) against TraceNetvscDevice: both guests' traces are ACCEPTED, one spec state per event; the host
 * that answers a QUERY with the next request id is REJECTED at that answer, and the data-path faults are still
 * REJECTED, after the bring-up's events.
 */
class TraceNetvscDeviceTest {
    @TempDir
    Path dir;

    /** What run network does: a counting run sizes each header's MaxTx/MaxRx, then the every-phase traced run. */
    private List<Path> traced(NetworkScenario s, String name) throws Exception {
        NetworkResult counted = NetworkRunner.run(s, Collections.nCopies(s.guests(), TraceSink.OFF),
                new RandomChooser(s.seed()));
        List<Path> paths = new ArrayList<>();
        List<NdjsonTraceWriter> writers = new ArrayList<>();
        try {
            for (int g = 0; g < s.guests(); g++) {
                paths.add(dir.resolve(name + "-" + g + ".ndjson"));
                writers.add(NdjsonTraceWriter.create(paths.get(g), NetworkRunner.deviceHeader(s, g,
                        counted.guestTx().get(g), counted.guestRx().get(g))));
            }
            RandomChooser c = new RandomChooser(s.seed());
            NetworkResult r = NetworkRunner.runAllPhases(s, List.copyOf(writers), c, c, false);
            assertEquals(counted.guestTx(), r.guestTx());
        } finally {
            writers.forEach(NdjsonTraceWriter::close);
        }
        return paths;
    }

    @Test
    void bothGuestsEveryPhaseTracesAreAccepted() throws Exception {
        List<Path> traces = traced(NetworkScenario.basic(2, 200, Set.of(), 1), "ok");
        List<Verdict> verdicts = TraceValidator.forRepository().validate(traces);
        for (int i = 0; i < traces.size(); i++) {
            Verdict v = verdicts.get(i);
            Verdict.Accepted a = assertInstanceOf(Verdict.Accepted.class, v, v::render);
            assertEquals(a.events() + 1, a.distinctStates(), v::render);
            String text = Files.readString(traces.get(i));
            for (String phase : List.of("\"GuestNegotiatesNvsp\"", "\"HostAllocatesSubChannels\"",
                    "\"GuestSendsRndisInit\"", "\"GuestSendsRndisSet\"", "\"GuestSendsFrame\"",
                    "\"GuestSendsRndisHalt\"")) {
                assertTrue(text.contains(phase), phase + " missing in " + traces.get(i));
            }
        }
    }

    @Test
    void aQueryAnsweredWithAnotherIdIsRejectedAtTheAnswer() throws Exception {
        Path wrong = traced(NetworkScenario.basic(2, 100, Set.of(NetvscFault.RNDIS_WRONG_ID), 1), "wid").get(0);
        Verdict v = TraceValidator.forRepository().validate(List.of(wrong)).get(0);
        Verdict.Rejected r = assertInstanceOf(Verdict.Rejected.class, v, v::render);
        assertEquals(20, r.seq(), r::render);
        assertEquals("HostAnswersRndis", r.action());
        assertEquals(Verdict.Kind.NO_MATCH, r.kind());
    }

    @Test
    void theDataPathFaultsAreRejectedAfterTheBringUp() throws Exception {
        Path reuse = traced(NetworkScenario.basic(2, 200, Set.of(NetvscFault.SECTION_REUSED_BEFORE_COMPLETION), 1),
                "reuse").get(0);
        Path lost = traced(NetworkScenario.basic(2, 1000, Set.of(NetvscFault.LOST_TX_WAKE), 3), "lost").get(0);
        List<Verdict> verdicts = TraceValidator.forRepository().validate(List.of(reuse, lost));
        Verdict.Rejected r = assertInstanceOf(Verdict.Rejected.class, verdicts.get(0), verdicts.get(0)::render);
        assertEquals(37, r.seq(), r::render); // 36 bring-up events (RSS's two SETs among them), then a frame
        assertEquals("GuestSendsFrame", r.action());
        Verdict.Rejected l = assertInstanceOf(Verdict.Rejected.class, verdicts.get(1), verdicts.get(1)::render);
        assertEquals(Verdict.Kind.QUIESCENCE, l.kind(), l::render);
        assertEquals("Quiescent", l.action());
    }

    /** The host steers by the top bits of the hash: the first receive packet on another queue is the rejection. */
    @Test
    void aFrameOnAnotherQueueThanTheGuestsTableNamesIsRejected() throws Exception {
        Path wrong = traced(NetworkScenario.basic(2, 100, Set.of(NetvscFault.RSS_WRONG_QUEUE), 1), "rss").get(0);
        Verdict v = TraceValidator.forRepository().validate(List.of(wrong)).get(0);
        Verdict.Rejected r = assertInstanceOf(Verdict.Rejected.class, v, v::render);
        assertEquals("HostSendsRxPacket", r.action(), r::render);
        assertEquals(Verdict.Kind.NO_MATCH, r.kind());
        assertTrue(r.render().contains("RssQueue"), r::render);
    }

    /**
     * Edited traces of a correct run: a guest whose RSS table is not Linux's is rejected at its RSS SET, and one
     * that sets RSS before its sub-channels are open (its RNDIS bring-up up to the "RssOff" SET moved before
     * GuestSeesSubChannelsOpen: INITIALIZE and the QUERYs may go first, as in Linux) is rejected at that SET by
     * the sub-channel rule.
     */
    @Test
    void anRssSetWithAnotherTableOrBeforeTheSubChannelsOpenIsRejected() throws Exception {
        Path ok = traced(NetworkScenario.basic(2, 40, Set.of(), 1), "edit").get(0);
        List<String> lines = Files.readAllLines(ok);
        Path table = dir.resolve("table.ndjson");
        Files.write(table, lines.stream().map(l -> l.replace("\"table\":[0,1,", "\"table\":[1,0,")).toList());
        int sees = -1;
        int init = -1;
        int off = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains("\"GuestSeesSubChannelsOpen\"")) {
                sees = i;
            } else if (lines.get(i).contains("\"GuestSendsRndisInit\"")) {
                init = i;
            } else if (lines.get(i).contains("\"RssOff\"")) {
                off = i;
            }
        }
        assertTrue(0 < sees && sees < init && init < off, "the run brings RNDIS up after the sub-channels open");
        List<String> early = new ArrayList<>(lines.subList(0, sees));
        early.addAll(lines.subList(init, off + 1));
        early.addAll(lines.subList(sees, init));
        early.addAll(lines.subList(off + 1, lines.size()));
        for (int i = 1; i < early.size(); i++) { // line 0 is the header; events keep seq = line number
            early.set(i, early.get(i).replaceFirst("\"seq\":\\d+", "\"seq\":" + i));
        }
        Path before = dir.resolve("before.ndjson");
        Files.write(before, early);
        List<Verdict> v = TraceValidator.forRepository().validate(List.of(table, before));
        Verdict.Rejected t = assertInstanceOf(Verdict.Rejected.class, v.get(0), v.get(0)::render);
        assertEquals("GuestSendsRndisSet", t.action(), t::render);
        assertTrue(t.render().contains("LinuxTable"), t::render);
        Verdict.Rejected b = assertInstanceOf(Verdict.Rejected.class, v.get(1), v.get(1)::render);
        assertEquals("GuestSendsRndisSet", b.action(), b::render);
        assertEquals(sees + off - init, b.seq(), b::render);
        assertTrue(b.render().contains("SubChannelsOpen"), b::render);
    }
}
