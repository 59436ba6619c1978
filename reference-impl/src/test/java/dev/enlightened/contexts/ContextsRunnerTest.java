package dev.enlightened.contexts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enlightened.trace.NdjsonTraceWriter;
import dev.enlightened.trace.TraceSink;
import java.io.StringWriter;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The guest's execution contexts run as separate actors: with the contexts Linux has since 37c2578c0c40 every wait
 * ends whatever the host rescinds and when; with the sub-channel opened inside the offer work, a rescind of that
 * sub-channel waits for offer_in_progress while the offer work waits for an answer the host never sends.
 */
class ContextsRunnerTest {

    @Test
    void everyWaitEndsWhateverTheHostRescindsAndWhen() {
        int rescindedOpeners = 0;
        for (int rescinds = 0; rescinds <= 2; rescinds++) {
            for (long seed = 1; seed <= 100; seed++) {
                StringWriter w = new StringWriter();
                ContextsScenario s = new ContextsScenario(seed, rescinds, Set.of());
                ContextsResult r;
                try (NdjsonTraceWriter t = NdjsonTraceWriter.to(w, ContextsRunner.header(s))) {
                    r = ContextsRunner.run(s, t);
                }
                assertTrue(r.completed(), "rescinds " + rescinds + " seed " + seed + ": " + r);
                if (rescinds == 0) {
                    assertEquals("Open", r.guest().get("Primary"), "seed " + seed);
                    assertEquals("Open", r.guest().get("Sub"), "seed " + seed);
                }
                if (w.toString().contains("\"reply\":{\"Primary\":\"Rescind\"")
                        || w.toString().contains("\"Sub\":\"Rescind\"}")) {
                    rescindedOpeners++;
                }
            }
        }
        assertTrue(rescindedOpeners > 0, "some rescind completes a waiting opener");
    }

    @Test
    void eachContextIsItsOwnActorInTheTrace() {
        StringWriter w = new StringWriter();
        ContextsScenario s = new ContextsScenario(1, 0, Set.of());
        try (NdjsonTraceWriter t = NdjsonTraceWriter.to(w, ContextsRunner.header(s))) {
            assertTrue(ContextsRunner.run(s, t).completed());
        }
        for (String actor : List.of("host", "guest-tasklet", "guest-con-work", "guest-PrimWq", "guest-SubWq")) {
            assertTrue(w.toString().contains("\"actor\":\"" + actor + "\""), actor + " in\n" + w);
        }
    }

    @Test
    void subChannelOpenInsideTheOfferWorkDeadlocksWithItsRescind() {
        int deadlocks = 0;
        for (long seed = 1; seed <= 100; seed++) {
            ContextsResult r = ContextsRunner.run(new ContextsScenario(seed, 2,
                    Set.of(ContextsFault.SUB_OPEN_IN_OFFER_WORK)), TraceSink.OFF);
            if (!r.completed()) {
                deadlocks++;
                assertTrue(r.stuck().contains("guest-con-work waits for open result"), r.toString());
                assertTrue(r.stuck().contains("guest-rescind-work waits for offer_in_progress"), r.toString());
            }
        }
        assertTrue(deadlocks > 0, "some seed rescinds the sub-channel while its open blocks the offer work");
    }
}
