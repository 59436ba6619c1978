package dev.enlightened.validation.devices;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enlightened.validation.TraceValidator;
import dev.enlightened.validation.Verdict;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TraceStorvscIo (handshake, then I/O, in one trace; specs/devices/STORVSC_IO_EVENTS.md) on a hand-written trace:
 * the handshake of {@code enlightened run storvsc --seed 1} followed by a write and a racing read of one slot on two
 * channels, a flush, and two requests on a third channel completed out of order. It is ACCEPTED with one spec state
 * per event; each copy with one I/O bug written into it is REJECTED at the event where the bug shows, by the
 * conjunct that states the rule it breaks.
 */
class TraceStorvscIoTest {
    private static final Path ACCEPTED =
            Path.of("src/test/resources/traces/storvsc-io/accepted-handshake-then-io.ndjson");
    private static final Map<String, Verdict> VERDICTS = new LinkedHashMap<>();

    @TempDir
    static Path dir;

    /** The accepted trace with {@code edit} applied to its lines (line 0 is the header, line k is event k). */
    private static Path mutant(String name, UnaryOperator<List<String>> edit) {
        try {
            List<String> lines = edit.apply(new ArrayList<>(Files.readAllLines(ACCEPTED)));
            Path p = dir.resolve(name + ".ndjson");
            Files.write(p, lines);
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Replaces {@code from} by {@code to} in event {@code seq} (0: the header), which must contain it. */
    private static UnaryOperator<List<String>> replace(int seq, String from, String to) {
        return lines -> {
            String line = lines.get(seq);
            assertTrue((seq == 0 || line.contains("\"seq\":" + seq + ",")) && line.contains(from), line);
            lines.set(seq, line.replace(from, to));
            return lines;
        };
    }

    @BeforeAll
    static void validate() {
        Map<String, Path> traces = new LinkedHashMap<>();
        traces.put("accepted", ACCEPTED);
        // The guest's completion of tid 260 (channel 2) names 259 instead: not the head of that ring.
        traces.put("wrong-tid", mutant("wrong-tid", replace(36, "\"tid\":260,\"req\":260", "\"tid\":259,\"req\":259")));
        // The guest takes 260's completion but completes 259, its oldest request there (MatchByOrder).
        traces.put("match-by-order", mutant("match-by-order", replace(36, "\"req\":260", "\"req\":259")));
        // The host's read of slot 1 returns a stamp no write produced.
        traces.put("stamp-never-written", mutant("stamp-never-written",
                replace(23, "\"tid\":257,\"status\":\"ok\",\"stamp\":256", "\"tid\":257,\"status\":\"ok\",\"stamp\":999")));
        // The host's read of slot 0 returns the write of slot 1 (a real stamp, of another slot).
        traces.put("stamp-of-other-slot", mutant("stamp-of-other-slot",
                replace(35, "\"tid\":259,\"status\":\"ok\",\"stamp\":0", "\"tid\":259,\"status\":\"ok\",\"stamp\":256")));
        // The guest hands over data other than what the host read.
        traces.put("guest-stamp", mutant("guest-stamp", replace(24, "\"stamp\":256", "\"stamp\":257")));
        // The flush completes while a written slot is not yet durable (post.dirty 1).
        traces.put("flush-not-durable", mutant("flush-not-durable", replace(28, "\"dirty\":0", "\"dirty\":1")));
        // Request 259 never reaches the host (counted while the ring was full): the guest gives up waiting.
        traces.put("lost-request", mutant("lost-request", lines -> {
            List<String> cut = new ArrayList<>(lines.subList(0, 31));
            cut.add("{\"seq\":31,\"action\":\"GuestQuiesces\",\"actor\":\"guest\",\"post\":{\"outstanding\":1}}");
            return cut;
        }));
        // A second completion of the finished request 259.
        traces.put("second-completion", mutant("second-completion", lines -> {
            String quiesce = lines.remove(38);
            lines.add(lines.get(37).replace("\"seq\":37,", "\"seq\":38,"));
            lines.add(quiesce.replace("\"seq\":38,", "\"seq\":39,"));
            return lines;
        }));
        // More than QueueDepth (2) outstanding on channel 2: a third request before any completion.
        traces.put("over-depth", mutant("over-depth", lines -> {
            List<String> cut = new ArrayList<>(lines.subList(0, 32));
            cut.add("{\"seq\":32,\"action\":\"GuestSubmitsIo\",\"actor\":\"guest\",\"params\":{\"ch\":2,\"tid\":261,"
                    + "\"op\":\"read\",\"lba\":0,\"blocks\":8},\"post\":{\"outstanding\":3,\"nextTid\":262}}");
            return cut;
        }));
        // A header that asks for the spec's MatchByOrder variant.
        traces.put("bugs-in-header", mutant("bugs-in-header",
                replace(0, "\"constants\":{", "\"constants\":{\"Bugs\":[\"MatchByOrder\"],")));
        List<Verdict> verdicts = TraceValidator.forRepository().validate(List.copyOf(traces.values()));
        int i = 0;
        for (String name : traces.keySet()) {
            VERDICTS.put(name, verdicts.get(i++));
        }
    }

    private static Verdict.Rejected rejected(String name, int seq, String action) {
        Verdict v = VERDICTS.get(name);
        Verdict.Rejected r = assertInstanceOf(Verdict.Rejected.class, v, v::render);
        assertEquals(seq, r.seq(), v.render());
        assertEquals(action, r.action(), v.render());
        return r;
    }

    /** The first false conjunct of the matcher in the first deepest matched state. */
    private static String failing(Verdict.Rejected r) {
        List<Verdict.Conjunct> cs = r.matched().get(0).conjuncts();
        Verdict.Conjunct c = cs.get(cs.size() - 1);
        return c.location() + " " + c.text() + " " + c.detail();
    }

    @Test
    void acceptsTheHandshakeThenIoWithOneStatePerEvent() {
        Verdict v = VERDICTS.get("accepted");
        Verdict.Accepted a = assertInstanceOf(Verdict.Accepted.class, v, v::render);
        assertEquals(38, a.events());
        assertEquals(39, a.distinctStates(), "one spec state per event, plus Init");
        assertEquals(0, a.silentSteps());
    }

    @Test
    void rejectsACompletionWhoseTransIdIsNotTheHeadOfItsRing() {
        Verdict.Rejected r = rejected("wrong-tid", 36, "GuestReceivesIoCompletion");
        assertTrue(failing(r).contains("Head(inb[e.params.ch]) = e.params.tid"), r.render());
    }

    @Test
    void rejectsACompletionMatchedToTheOldestRequest() {
        Verdict.Rejected r = rejected("match-by-order", 36, "GuestReceivesIoCompletion");
        assertTrue(failing(r).contains("e.params.req = e.params.tid"), r.render());
    }

    @Test
    void rejectsAReadStampThatNoWriteProduced() {
        Verdict.Rejected r = rejected("stamp-never-written", 23, "HostCompletesIo");
        assertTrue(failing(r).contains("e.params.stamp = reqs'[e.params.tid].stamp"), r.render());
    }

    @Test
    void rejectsAReadStampOfAnotherSlotsWrite() {
        Verdict.Rejected r = rejected("stamp-of-other-slot", 35, "HostCompletesIo");
        assertTrue(failing(r).contains("e.params.stamp = reqs'[e.params.tid].stamp"), r.render());
    }

    @Test
    void rejectsGuestDataOtherThanTheHostRead() {
        Verdict.Rejected r = rejected("guest-stamp", 24, "GuestReceivesIoCompletion");
        assertTrue(failing(r).contains("e.params.stamp = reqs[e.params.tid].stamp"), r.render());
    }

    @Test
    void rejectsAFlushCompletedBeforeTheDataIsDurable() {
        Verdict.Rejected r = rejected("flush-not-durable", 28, "HostCompletesIo");
        assertTrue(r.render().contains("post.dirty"), r.render());
    }

    @Test
    void rejectsQuiescingWithARequestThatNeverReachedTheHost() {
        Verdict.Rejected r = rejected("lost-request", 31, "GuestQuiesces");
        assertTrue(failing(r).contains("IO!Settled"), r.render());
    }

    @Test
    void rejectsASecondCompletionOfAFinishedRequest() {
        Verdict.Rejected r = rejected("second-completion", 38, "GuestReceivesIoCompletion");
        assertTrue(failing(r).contains("inb[e.params.ch] # <<>>"), r.render());
    }

    @Test
    void rejectsMoreOutstandingThanTheQueueDepth() {
        Verdict.Rejected r = rejected("over-depth", 32, "GuestSubmitsIo");
        assertTrue(failing(r).contains("Len(guestOut[e.params.ch]) < QueueDepth"), r.render());
    }

    @Test
    void aTraceCannotSwitchOnAnIoVariant() {
        Verdict v = VERDICTS.get("bugs-in-header");
        Verdict.BadInput b = assertInstanceOf(Verdict.BadInput.class, v, v::render);
        assertEquals(1, b.line(), v.render());
        assertTrue(b.reason().startsWith("header constant Bugs is not one a trace may set"), v.render());
    }
}
