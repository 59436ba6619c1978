package dev.enlightened.validation.devices;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enlightened.netvsc.NetvscFault;
import dev.enlightened.netvsc.scenario.NetvscResult;
import dev.enlightened.netvsc.scenario.NetvscRunner;
import dev.enlightened.netvsc.scenario.NetvscScenario;
import dev.enlightened.validation.TraceAssertions;
import dev.enlightened.validation.TraceValidator;
import dev.enlightened.validation.TracedRun;
import dev.enlightened.validation.Verdict;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Traces of the Java netvsc guest and simulated VSP against TraceNetvscSubchannels (the correct guest, which
 * waits for 1 + m open channels): correct runs are ACCEPTED for many seeds, covering m = 0, m &lt; n, m = n, a
 * refused allocation and both arrival orders; each fault switch is REJECTED at the event where its bug shows.
 */
class TraceNetvscSubchannelsTest {
    @TempDir
    Path dir;

    TracedRun<NetvscResult> run(NetvscScenario s, String name) throws Exception {
        return TracedRun.write(dir.resolve(name + ".ndjson"), NetvscRunner.header(s), w -> NetvscRunner.run(s, w));
    }

    @Test
    void correctRunsAreAcceptedForManySeedsGrantsAndOrders() throws Exception {
        List<Path> traces = new ArrayList<>();
        for (long seed = 1; seed <= 20; seed++) {
            TracedRun<NetvscResult> r = run(NetvscScenario.basic(seed), "basic-" + seed);
            assertTrue(r.result().proceededWithAllOpen(), r.result().toString());
            traces.add(r.file());
        }
        traces.add(run(NetvscScenario.basic(4).refused(), "refused").file());
        List<Verdict> verdicts = TraceValidator.forRepository().validate(traces);
        assertEquals(traces.size(), verdicts.size());
        for (Verdict v : verdicts) {
            Verdict.Accepted a = assertInstanceOf(Verdict.Accepted.class, v, v.render());
            assertTrue(a.warnings().isEmpty(), v.render());
        }
    }

    @Test
    void randomRequestsCapacitiesAndRefusalsAreAccepted() throws Exception {
        SplittableRandom random = new SplittableRandom(2026); // fixed: a failure reproduces
        List<Path> traces = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            NetvscScenario s = new NetvscScenario(1 + random.nextInt(6), random.nextInt(8), random.nextInt(5) == 0,
                    Set.of(), random.nextLong());
            traces.add(run(s, "random-" + i).file());
        }
        for (Verdict v : TraceValidator.forRepository().validate(traces)) {
            Verdict.Accepted a = assertInstanceOf(Verdict.Accepted.class, v, v.render());
            assertTrue(a.warnings().isEmpty(), v.render());
        }
    }

    /**
     * {@code run netvsc --stall-opens} (issue 12): the offers reach the guest only after its opens' wait timed out,
     * for random requests and grants (any grant the spec's host may give, FAILURE included). Every trace goes on
     * through the timeout to the late opens and is ACCEPTED to its last event; where something was granted, the
     * timeout is in it and every granted sub-channel opens after it.
     */
    @Test
    void offersHeldUntilTheOpensTimeoutAreAcceptedThroughTheTimeoutAndTheLateOpens() throws Exception {
        SplittableRandom random = new SplittableRandom(12); // fixed: a failure reproduces
        List<TracedRun<NetvscResult>> runs = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            int n = 1 + random.nextInt(4);
            runs.add(run(new NetvscScenario(n, n, false, Set.of(), random.nextLong()).anyGrant()
                    .offersAfterTheOpensTimeout(), "stall-opens-" + i));
        }
        int timedOut = 0;
        for (TracedRun<NetvscResult> r : runs) {
            NetvscResult res = r.result();
            assertEquals(null, res.stuck(), res.toString());
            if (res.granted() > 0) {
                timedOut++;
                int timeout = r.firstSeq("\"GuestTimesOutWaitingForSubChannelOpens\"");
                assertTrue(timeout > 0 && r.firstSeq("\"GuestOpensSubChannel\"") > timeout, r.events()::toString);
                assertEquals(0, res.openAtProceed());
                assertEquals(res.granted(), res.opened());
            }
        }
        assertTrue(timedOut >= 10, "most runs grant something: " + timedOut);
        List<Verdict> verdicts = TraceValidator.forRepository().validate(runs.stream().map(TracedRun::file).toList());
        for (int i = 0; i < verdicts.size(); i++) {
            Verdict.Accepted a = assertInstanceOf(Verdict.Accepted.class, verdicts.get(i), verdicts.get(i)::render);
            assertEquals(runs.get(i).events().size(), a.events());
        }
    }

    /** Rewrites the first event line containing {@code match}: the matchers must constrain what the trace logs. */
    Path tampered(TracedRun<NetvscResult> r, String name, String match, String from, String to) throws IOException {
        List<String> lines = new ArrayList<>(Files.readAllLines(r.file()));
        int i = r.firstSeq(match);
        assertTrue(i > 0 && lines.get(i).contains(from), match + " / " + from);
        lines.set(i, lines.get(i).replace(from, to));
        Path file = dir.resolve(name + ".ndjson");
        Files.write(file, lines);
        return file;
    }

    @Test
    void tamperedParametersAreRejectedWhereTheyAppear() throws Exception {
        TracedRun<NetvscResult> r = run(NetvscScenario.basic(3), "tamper-base"); // grants 3: three offers
        String grant = "\"HostAllocatesSubChannels\"";
        String offer = "\"GuestProcessesOffer\"";
        String open = "\"GuestOpensSubChannel\"";
        TraceAssertions.assertRejectedAt(tampered(r, "grant", grant, "\"num\":3", "\"num\":2"),
                r.firstSeq(grant));
        TraceAssertions.assertRejectedAt(tampered(r, "offer", offer, "\"index\":1", "\"index\":2"),
                r.firstSeq(offer));
        // index k becomes 7k (71, 72 or 73): never offered, so never pending.
        TraceAssertions.assertRejectedAt(tampered(r, "open", open, "\"index\":", "\"index\":7"),
                r.firstSeq(open));
        TraceAssertions.assertRejectedAt(tampered(r, "init", "\"GuestNegotiatesNvsp\"", "\"granted\":0",
                "\"granted\":1"), r.firstSeq("\"GuestNegotiatesNvsp\""));
    }

    @Test
    void h11IsRejectedAtTheCompletionThatWakesTheGuest() throws Exception {
        // The correct spec moves to AwaitOpens on a successful completion; the H11 guest logs Proceeded.
        TracedRun<NetvscResult> r = run(NetvscScenario.showing(NetvscFault.H11, 1), "h11");
        int seq = r.firstSeq("\"GuestReceivesCompletion\"");
        assertEquals(13, seq); // as `enlightened run netvsc --help` states for --fault H11 --seed 1
        Verdict.Rejected v = TraceAssertions.assertRejectedAt(r.file(), seq);
        assertEquals(Verdict.Kind.NO_MATCH, v.kind());
        assertTrue(v.render().contains("post.guestPc"), v.render());
    }

    @Test
    void waitRequestedIsRejectedAtItsOpensTimeout() throws Exception {
        // Granted 2 of 3, all 2 opened: the spec's guest sees open_chn = 1 + m and goes on; the Java guest waits for
        // a third, stalls, and its opens' wait times out: a step the spec's guest cannot take with all open.
        TracedRun<NetvscResult> r = run(NetvscScenario.showing(NetvscFault.WAIT_REQUESTED, 1), "wait-requested");
        assertTrue(r.result().deadlocked());
        assertEquals(17, r.events().size()); // as `enlightened run netvsc --help` states
        Verdict.Rejected v = TraceAssertions.assertRejectedAt(r.file(), r.events().size());
        assertEquals("GuestTimesOutWaitingForSubChannelOpens", v.action());
        assertEquals(Verdict.Kind.NO_MATCH, v.kind());
        assertTrue(v.render().contains("GuestSeesSubChannelsOpen"), v.render());
    }
}
