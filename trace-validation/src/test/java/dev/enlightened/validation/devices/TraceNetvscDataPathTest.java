package dev.enlightened.validation.devices;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enlightened.validation.TraceValidator;
import dev.enlightened.validation.Verdict;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * TraceNetvscDataPath on hand-written traces of the netvsc data path (specs/devices/NETVSC_DATAPATH_EVENTS.md):
 * a run with a receive, three sends (two in sections, one GPA direct), a low-watermark stop and the completion's
 * wake is ACCEPTED with one spec state per event; copies of it with a send section reused before its completion,
 * a received frame handed up twice, or the completion's wake left out are REJECTED at the event where that shows,
 * naming the conjunct; and a run of the lost wake-up fixed by Linux 93aa4792c390 (the last completion ran between a
 * send and its stop) is REJECTED at the guest's claim to wait, because the correct sender re-checks and wakes.
 */
class TraceNetvscDataPathTest {
    private static final Path DIR = Path.of("src/test/resources/traces/netvsc-datapath");
    private static final List<String> NAMES = List.of("accepted-tx-rx-stop-wake.ndjson",
            "rejected-section-reused.ndjson", "rejected-frame-delivered-twice.ndjson",
            "rejected-wake-left-out.ndjson", "rejected-stop-after-last-completion-never-woken.ndjson");
    private static final Map<String, Verdict> VERDICTS = new LinkedHashMap<>();

    @BeforeAll
    static void validate() {
        List<Verdict> verdicts = TraceValidator.forRepository().validate(NAMES.stream().map(DIR::resolve).toList());
        assertEquals(NAMES.size(), verdicts.size());
        for (int i = 0; i < NAMES.size(); i++) {
            VERDICTS.put(NAMES.get(i), verdicts.get(i));
        }
    }

    private static Verdict.Rejected rejected(String name) {
        Verdict v = VERDICTS.get(name);
        return assertInstanceOf(Verdict.Rejected.class, v, v::render);
    }

    @Test
    void acceptsSendsReceivesAStopAndTheCompletionsWake() {
        Verdict v = VERDICTS.get("accepted-tx-rx-stop-wake.ndjson");
        Verdict.Accepted a = assertInstanceOf(Verdict.Accepted.class, v, v::render);
        assertEquals(24, a.events(), "22 data-path events and two quiescence claims");
        assertEquals(25, a.distinctStates(), "one (event, state) pair per event, quiescence claims included, plus Init");
        assertTrue(a.warnings().isEmpty(), v::render);
    }

    @Test
    void rejectsASendSectionReusedBeforeItsCompletion() {
        // Event 6 copies the third frame into section 0, which the first frame holds until its completion.
        Verdict.Rejected r = rejected("rejected-section-reused.ndjson");
        assertEquals(6, r.seq());
        assertEquals("GuestSendsFrame", r.action());
        assertEquals(Verdict.Kind.NO_MATCH, r.kind());
        assertTrue(r.render().contains("~sendMap[s]"), r::render);
    }

    @Test
    void rejectsAReceivedFrameDeliveredTwice() {
        // Event 21 repeats event 20: the transfer-page packet was already taken off the inbound ring.
        Verdict.Rejected r = rejected("rejected-frame-delivered-twice.ndjson");
        assertEquals(21, r.seq());
        assertEquals("GuestReceivesRxPacket", r.action());
        assertEquals(Verdict.Kind.NO_MATCH, r.kind());
        assertTrue(r.render().contains("inRing[Q(e)] # <<>>"), r::render);
    }

    @Test
    void rejectsTheNapiEventThatSkipsTheCompletionsWake() {
        // The completion at event 12 found the queue stopped above the high watermark, so its wake must follow
        // before the NAPI context handles anything else: the next completion (event 14 here) is not a step.
        Verdict.Rejected r = rejected("rejected-wake-left-out.ndjson");
        assertEquals(14, r.seq());
        assertEquals("GuestReceivesTxCompletion", r.action());
        assertEquals(Verdict.Kind.NO_MATCH, r.kind());
        assertTrue(r.render().contains("compPc[q] = \"Idle\""), r::render);
    }

    @Test
    void rejectsAGuestWaitingOnAQueueStoppedAfterItsLastCompletion() {
        // Both completions ran before the low-watermark stop (event 13): nothing is pending, so the correct sender
        // must wake the queue itself; a guest that claims to wait for a wake-up is the bug 93aa4792c390 fixed.
        Verdict.Rejected r = rejected("rejected-stop-after-last-completion-never-woken.ndjson");
        assertEquals(14, r.seq());
        assertEquals("Quiescent", r.action());
        assertEquals(Verdict.Kind.QUIESCENCE, r.kind());
        assertTrue(r.render().contains("GuestWakesTxQueue(q = 0, by = \"sender\") is enabled"), r::render);
    }
}
