package dev.enlightened.netvsc.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enlightened.netvsc.GuestState;
import dev.enlightened.netvsc.NetvscFault;
import dev.enlightened.trace.NdjsonTraceWriter;
import dev.enlightened.trace.TraceSink;
import java.io.StringWriter;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Seeded netvsc runs: the offers and the completion interleave both ways; the faults show their symptom. */
class NetvscRunnerTest {

    private static String trace(NetvscScenario s) {
        StringWriter out = new StringWriter();
        try (NdjsonTraceWriter w = NdjsonTraceWriter.to(out, NetvscRunner.header(s))) {
            NetvscRunner.run(s, w);
        }
        return out.toString();
    }

    @Test
    void correctGuestProceedsWithEveryGrantedSubChannelOpenForEverySeed() {
        for (long seed = 0; seed < 50; seed++) {
            NetvscResult r = NetvscRunner.run(NetvscScenario.basic(seed), TraceSink.OFF);
            assertTrue(r.proceededWithAllOpen(), "seed=" + seed + " " + r);
            assertEquals(Math.min(3, (int) (seed % 5)), r.granted(), "seed=" + seed);
            assertTrue(r.guestErrors().isEmpty() && r.hostErrors().isEmpty(), r.toString());
        }
    }

    @Test
    void offersArriveBothBeforeAndAfterTheCompletionAcrossSeeds() {
        boolean offerFirst = false;
        boolean completionFirst = false;
        for (long seed = 3; seed < 200; seed += 5) { // capacity 3: three offers each run
            String t = trace(NetvscScenario.basic(seed));
            int offer = t.indexOf("\"GuestProcessesOffer\"");
            int completion = t.indexOf("\"GuestReceivesCompletion\"");
            offerFirst |= offer < completion;
            completionFirst |= completion < offer;
        }
        assertTrue(offerFirst && completionFirst, "offerFirst=" + offerFirst + " completionFirst=" + completionFirst);
    }

    @Test
    void sameSeedSameTrace() {
        assertEquals(trace(NetvscScenario.basic(7)), trace(NetvscScenario.basic(7)));
    }

    @Test
    void refusedAllocationEndsOnThePrimaryChannel() {
        NetvscResult r = NetvscRunner.run(NetvscScenario.basic(3).refused(), TraceSink.OFF);
        assertEquals(new GuestState.Proceeded(1), r.state());
        assertEquals(0, r.opened());
    }

    @Test
    void h11GuestSometimesProceedsWithSubChannelsUnopened() {
        boolean seen = false;
        for (long seed = 0; seed < 30 && !seen; seed++) {
            NetvscResult r = NetvscRunner.run(NetvscScenario.showing(NetvscFault.H11, seed), TraceSink.OFF);
            seen = !r.proceededWithAllOpen();
        }
        assertTrue(seen);
    }

    @Test
    void waitRequestedGuestStallsAndTheTraceGoesOnThroughTheOpensTimeout() {
        NetvscScenario s = NetvscScenario.showing(NetvscFault.WAIT_REQUESTED, 1);
        NetvscResult r = NetvscRunner.run(s, TraceSink.OFF);
        assertTrue(r.deadlocked(), "the run stalled: every context waited");
        // Then the sub-channel wait's timeout (virtual time, traced) proceeds with the channels open.
        assertEquals(new GuestState.Proceeded(3), r.state());
        assertInstanceOf(dev.enlightened.netvsc.NetvscError.Timeout.class, r.guestErrors().get(0));
        String[] lines = trace(s).split("\n");
        assertTrue(lines[lines.length - 1].contains("\"action\":\"GuestTimesOutWaitingForSubChannelOpens\""),
                lines[lines.length - 1]);
        assertTrue(java.util.Arrays.stream(lines).noneMatch(l -> l.contains("Quiescent")), "no Quiescent claim");
        assertTrue(r.stuck().contains("open_chn=3 num_chn=4"), r.stuck());
    }

    /**
     * --stall-opens: the offers reach the guest only after its opens' wait timed out. The stall is the host's doing,
     * not reported as the guest's hang; the guest proceeds on none of them (the timeout, traced), then opens all
     * three late, and the trace goes on to those opens with no Quiescent claim.
     */
    @Test
    void stalledOpensEndInTheOpensTimeoutAndTheLateOpensAreTraced() {
        NetvscScenario s = NetvscScenario.basic(3).offersAfterTheOpensTimeout(); // capacity 3: all three granted
        NetvscResult r = NetvscRunner.run(s, TraceSink.OFF);
        assertEquals(null, r.stuck(), "the host's stall is no hang of the guest");
        assertEquals(new GuestState.Proceeded(1), r.state());
        assertEquals(0, r.openAtProceed());
        assertEquals(3, r.opened());
        assertEquals(1, r.guestErrors().size(), r.guestErrors().toString());
        assertInstanceOf(dev.enlightened.netvsc.NetvscError.Timeout.class, r.guestErrors().get(0));
        String[] lines = trace(s).split("\n");
        int timeout = -1;
        int firstOffer = -1;
        for (int i = 0; i < lines.length; i++) {
            if (timeout < 0 && lines[i].contains("\"GuestTimesOutWaitingForSubChannelOpens\"")) {
                timeout = i;
            }
            if (firstOffer < 0 && lines[i].contains("\"GuestProcessesOffer\"")) {
                firstOffer = i;
            }
        }
        assertTrue(timeout > 0 && firstOffer > timeout, String.join("\n", lines));
        assertTrue(lines[lines.length - 1].contains("\"GuestOpensSubChannel\""), lines[lines.length - 1]);
        assertTrue(java.util.Arrays.stream(lines).noneMatch(l -> l.contains("Quiescent")), "no Quiescent claim");
    }
}
