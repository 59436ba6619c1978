package dev.enlightened.validation.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enlightened.contexts.ContextsFault;
import dev.enlightened.contexts.ContextsResult;
import dev.enlightened.contexts.ContextsRunner;
import dev.enlightened.contexts.ContextsScenario;
import dev.enlightened.validation.TraceAssertions;
import dev.enlightened.validation.TraceValidator;
import dev.enlightened.validation.TracedRun;
import dev.enlightened.validation.Verdict;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Traces of the Java execution-context run (tasklet, connection work, primary and sub-channel work queues, rescind
 * work, each a scheduler actor) against TraceExecContexts (the correct guest, Linux since 37c2578c0c40): the correct
 * runs are ACCEPTED and together take every spec step; the SUB_OPEN_IN_OFFER_WORK guest (Linux before it) is
 * REJECTED where the offer work opens the sub-channel itself.
 */
class TraceExecContextsTest {

    @TempDir
    Path dir;

    private TracedRun<ContextsResult> run(ContextsScenario s, String name) throws Exception {
        return TracedRun.write(dir.resolve(name + ".ndjson"), ContextsRunner.header(s),
                w -> ContextsRunner.run(s, w));
    }

    @Test
    void runsWithRescindsAtEveryPointAreAccepted() throws Exception {
        List<Path> traces = new ArrayList<>();
        List<TracedRun<ContextsResult>> runs = new ArrayList<>();
        for (long seed = 1; seed <= 12; seed++) {
            TracedRun<ContextsResult> r = run(new ContextsScenario(seed, (int) (seed % 3), Set.of()), "ctx-" + seed);
            assertTrue(r.result().completed(), r.result().toString());
            traces.add(r.file());
            runs.add(r);
        }
        for (Verdict v : TraceValidator.forRepository().validate(traces)) {
            assertTrue(v instanceof Verdict.Accepted, v.render());
        }
        for (String action : List.of("HostOffers", "HostRescinds", "HostAnswersOpen", "TaskletQueuesOffer",
                "TaskletQueuesRescind", "TaskletCompletesOpen", "ConWorkProcessesOffer", "WqStartsOpen",
                "WqWakesFromOpen", "RescindWorkRuns")) {
            assertTrue(runs.stream().anyMatch(r -> r.firstSeq("\"" + action + "\"") > 0), action);
        }
    }

    @Test
    void subChannelOpenInTheOfferWorkIsRejectedWhereTheOfferWorkOpensIt() throws Exception {
        // The first seed whose run deadlocks: the sub-channel's rescind met its open inside the offer work.
        TracedRun<ContextsResult> r = null;
        for (long seed = 1; seed <= 50 && r == null; seed++) {
            TracedRun<ContextsResult> x = run(new ContextsScenario(seed, 2,
                    Set.of(ContextsFault.SUB_OPEN_IN_OFFER_WORK)), "sub-open-" + seed);
            r = x.result().completed() ? null : x;
        }
        assertTrue(r != null, "some seed in 1..50 deadlocks");
        int at = r.firstSeq("\"ConWorkProcessesOffer\"", "\"ch\":\"Sub\"");
        assertTrue(at > 0, "the deadlocked run's offer work took the sub-channel");
        Verdict.Rejected v = TraceAssertions.assertRejectedAt(r.file(), at);
        assertEquals("ConWorkProcessesOffer", v.action());
    }
}
