package dev.enlightened.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * VerdictRenderer from its contract: one line for an acceptance (plus one per under-logging warning), one line for
 * bad input (with line:column when it is about a line) and for an engine failure, and for a rejection the event,
 * the deepest matched states with their conjunct-by-conjunct diagnosis and field diffs.
 */
class VerdictRendererTest {
    private static final Verdict.Ambiguity AMBIGUITY = new Verdict.Ambiguity(3, 4, "ConsumerTakes", 2,
            List.of("wantMore", "got"));

    @Test
    void anAcceptanceIsOneLineWithItsFigures() {
        String s = VerdictRenderer.render(new Verdict.Accepted("t.ndjson", "TraceRelay", 12, 13, 2, 40, 30, 300.4,
                List.of()));
        assertEquals("ACCEPTED t.ndjson: 12 events, 13 distinct states, 2 silent steps, 40 ms (300 events/s, 30 ms "
                + "CPU)", s);
    }

    @Test
    void eachAmbiguityAddsAWarningNamingTheVariablesToLog() {
        String s = VerdictRenderer.render(new Verdict.Accepted("t", "S", 1, 1, 0, 1, 1, 1, List.of(AMBIGUITY)));
        String[] lines = s.split("\n");
        assertEquals(2, lines.length, s);
        assertEquals("  warning: after event 3 (line 4, ConsumerTakes) 2 spec states fit the trace; "
                + "under-constrained: wantMore, got (log them in post)", lines[1]);
    }

    @Test
    void badInputShowsLineAndColumnOnlyWhenItIsAboutALine() {
        assertEquals("BAD INPUT t:3:7: oops", VerdictRenderer.render(new Verdict.BadInput("t", 3, 7, "oops")));
        assertEquals("BAD INPUT t: no spec", VerdictRenderer.render(new Verdict.BadInput("t", 0, 0, "no spec")));
        assertEquals("ERROR t: out of memory", VerdictRenderer.render(new Verdict.Failed("t", 5, "out of memory")));
    }

    @Test
    void aRejectionShowsTheEventTheDeepestStatesTheirConjunctsAndDiffs() {
        Verdict.MatchedState m = new Verdict.MatchedState("/\\ got = 0\n/\\ next = 2", null,
                List.of(new Verdict.Conjunct("wantMore", "Relay.tla:48:8", "TRUE", ""),
                        new Verdict.Conjunct("m = next", "Relay.tla:50:8", "FALSE", "m = 1, next = 2")),
                List.of(new Verdict.Candidate("ProducerSends(m = 2)", List.of(
                        new Verdict.FieldDiff("params.m", "1", "2", false),
                        new Verdict.FieldDiff("post.next", "3", "3", true)))));
        Verdict.Rejected r = new Verdict.Rejected("t", "TraceRelay", Verdict.Kind.NO_MATCH, 2, 3, "ProducerSends",
                "{\"seq\":2}", "no step fits", List.of(m), 5, 9, List.of());
        String s = VerdictRenderer.render(r);
        List<String> lines = List.of(s.split("\n"));
        assertEquals("REJECTED t at event 2 (line 3, ProducerSends): NO_MATCH", lines.get(0));
        assertEquals("  no step fits", lines.get(1));
        assertEquals("  event: {\"seq\":2}", lines.get(2));
        assertEquals("  deepest matched state 1 of 1 (after event 1):", lines.get(3));
        assertEquals("      /\\ got = 0", lines.get(4));
        assertEquals("      /\\ next = 2", lines.get(5));
        assertEquals("    IsProducerSends, conjunct by conjunct:", lines.get(6));
        assertEquals("      ✓ Relay.tla:48:8  wantMore  -> TRUE", lines.get(7));
        assertEquals("      ✗ Relay.tla:50:8  m = next  -> FALSE (m = 1, next = 2)", lines.get(8));
        assertEquals("    spec successor by ProducerSends(m = 2):", lines.get(9));
        assertEquals("      ≠ params.m: trace 1, spec 2", lines.get(10));
        assertEquals("        post.next: trace 3, spec 3", lines.get(11));
        assertEquals("  5 distinct states explored in 9 ms", lines.get(12));
        assertEquals(13, lines.size(), s);
    }

    @Test
    void aRejectionWithAReasonAndNoRawEventIndentsTheReasonsLines() {
        Verdict.MatchedState m = new Verdict.MatchedState("/\\ x = 1", "consumer can step:\nConsumerTakes",
                List.of(), List.of(new Verdict.Candidate("Quiescent", List.of())));
        String s = VerdictRenderer.render(new Verdict.Rejected("t", "S", Verdict.Kind.QUIESCENCE, 4, 5, "Quiescent",
                null, "not blocked", List.of(m), 1, 1, List.of(AMBIGUITY)));
        assertFalse(s.contains("event: "), s);
        assertFalse(s.contains("conjunct by conjunct"), "no conjunct section when none was evaluated: " + s);
        assertTrue(s.contains("\n    consumer can step:\n      ConsumerTakes\n"), s);
        assertTrue(s.contains("\n    spec successor by Quiescent\n"), "no colon without fields: " + s);
        assertTrue(s.endsWith("(log them in post)"), "warnings follow a rejection too: " + s);
    }
}
