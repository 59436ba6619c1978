package dev.enlightened.validation.devices;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The RNDIS waits end in their timeouts as spec actions (NetvscRndis {@code GuestTimesOutWaitingForRndis*}, issue
 * 12), traced in {@code run network}'s every-phase traces: a host that answers one request only after the guest's
 * timeout (NetworkScenario {@code rndisLate}) yields the timeout, then the late answer the guest drops
 * ({@code GuestDropsLateRndisCompletion}, Linux {@code rndis_filter_receive_response}: no request found), and
 * TraceNetvscDevice ACCEPTS the whole trace. A timeout after the answer reached the guest is REJECTED at it.
 */
class TraceNetvscRndisTimeoutTest {
    @TempDir
    Path dir;

    /** Guest 0's every-phase trace of s, as run network writes it (a counting run sizes MaxTx/MaxRx). */
    private Path traced(NetworkScenario s, String name) throws Exception {
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
            NetworkRunner.runAllPhases(s, List.copyOf(writers), c, c, false);
        } finally {
            writers.forEach(NdjsonTraceWriter::close);
        }
        return paths.get(0);
    }

    private static int seqOf(List<String> lines, String... fragments) {
        for (int i = 1; i < lines.size(); i++) {
            String l = lines.get(i);
            if (java.util.Arrays.stream(fragments).allMatch(l::contains)) {
                return i; // line i is event seq i (line 0 is the header)
            }
        }
        return -1;
    }

    /**
     * The n-th request answered late: its timeout, then the late answer dropped, both traced; ACCEPTED to the last
     * event. An RSS SET's timeout is ignored (the bring-up goes on, and the traffic runs); any other fails the
     * bring-up and the trace ends with the Quiescent claims.
     */
    @ParameterizedTest(name = "answer {0} late: {1}")
    @CsvSource({"1, GuestTimesOutWaitingForRndisInit, false", "2, GuestTimesOutWaitingForRndisQuery, false",
            "4, GuestTimesOutWaitingForRndisQuery, false", "5, GuestTimesOutWaitingForRndisSet, true",
            "6, GuestTimesOutWaitingForRndisSet, true", "7, GuestTimesOutWaitingForRndisSet, false"})
    void aLateAnswerYieldsTheTimeoutThenItsDropAndTheWholeTraceIsAccepted(int nth, String timeout, boolean goesOn)
            throws Exception {
        Path p = traced(NetworkScenario.basic(2, 60, Set.of(), 1).withRndisLate(nth), "late" + nth);
        List<String> lines = Files.readAllLines(p);
        int t = seqOf(lines, "\"" + timeout + "\"", "\"id\":" + nth);
        int drop = seqOf(lines, "\"GuestDropsLateRndisCompletion\"", "\"id\":" + nth);
        assertTrue(t > 0 && drop > t, () -> "timeout=" + t + " drop=" + drop + " " + lines);
        assertEquals(goesOn, seqOf(lines, "\"GuestSendsFrame\"") > drop, "traffic after the drop");
        assertEquals(goesOn, seqOf(lines, "\"GuestSendsRndisHalt\"") > 0, "HALT at the close");
        Verdict v = TraceValidator.forRepository().validate(List.of(p)).get(0);
        Verdict.Accepted a = assertInstanceOf(Verdict.Accepted.class, v, v::render);
        assertEquals(lines.size() - 1, a.events(), v::render);
    }

    /**
     * The RssOff SET's answer reached the guest (GuestReceivesRndisCompletion), then a timeout of that wait,
     * taken from the late run and appended to the answered run's prefix: no wait is outstanding, so no spec step
     * matches; REJECTED at the timeout.
     */
    @Test
    void aTimeoutAfterTheAnswerReachedTheGuestIsRejected() throws Exception {
        List<String> late = Files.readAllLines(traced(NetworkScenario.basic(2, 60, Set.of(), 1).withRndisLate(5),
                "late"));
        String timeout = late.get(seqOf(late, "\"GuestTimesOutWaitingForRndisSet\"", "\"id\":5"));
        Path answered = traced(NetworkScenario.basic(2, 60, Set.of(), 1), "answered");
        List<String> lines = Files.readAllLines(answered);
        int received = seqOf(lines, "\"GuestReceivesRndisCompletion\"", "\"id\":5");
        assertTrue(received > 0, lines::toString);
        List<String> edited = new ArrayList<>(lines.subList(0, received + 1));
        edited.add(timeout.replaceFirst("\"seq\":\\d+", "\"seq\":" + (received + 1)));
        Path p = dir.resolve("after.ndjson");
        Files.write(p, edited);
        Verdict v = TraceValidator.forRepository().validate(List.of(p)).get(0);
        Verdict.Rejected r = assertInstanceOf(Verdict.Rejected.class, v, v::render);
        assertEquals(received + 1, r.seq(), r::render);
        assertEquals("GuestTimesOutWaitingForRndisSet", r.action(), r::render);
    }
}
