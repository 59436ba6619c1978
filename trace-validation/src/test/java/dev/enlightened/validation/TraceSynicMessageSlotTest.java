package dev.enlightened.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The SynIC message slot's trace module on hand-written traces of the slot protocol: the EOM handshake, a
 * guest-side trace with the hypervisor's internal steps unlogged, the lost-EOM ordering (rejected by the correct
 * spec at the guest's early load of msg_pending; a header asking for the variant that allows the load is bad
 * input), an overwrite, and a guest that claims to wait while its slot is full.
 */
class TraceSynicMessageSlotTest {
    private static final Path DIR = Path.of("src/test/resources/traces/synic");
    private static final List<String> NAMES = List.of("accepted-two-messages-with-eom.ndjson",
            "accepted-host-internals-silent.ndjson", "bad-variant-switched-on.ndjson",
            "rejected-pending-loaded-before-clear.ndjson", "rejected-overwrite.ndjson",
            "rejected-quiescent-with-full-slot.ndjson", "rejected-corrupt-read.ndjson");
    private static final Map<String, Verdict> VERDICTS = new LinkedHashMap<>();

    @BeforeAll
    static void validate() {
        List<Verdict> verdicts = TraceValidator.forRepository().validate(NAMES.stream().map(DIR::resolve).toList());
        for (int i = 0; i < NAMES.size(); i++) {
            VERDICTS.put(NAMES.get(i), verdicts.get(i));
        }
    }

    private static Verdict.Rejected rejected(String name) {
        Verdict v = VERDICTS.get(name);
        return assertInstanceOf(Verdict.Rejected.class, v, v::render);
    }

    private static Verdict.Conjunct failing(Verdict.Rejected r) {
        List<Verdict.Conjunct> cs = r.matched().get(0).conjuncts();
        return cs.get(cs.size() - 1);
    }

    @Test
    void acceptsTheEomHandshakeFullyLogged() {
        Verdict v = VERDICTS.get("accepted-two-messages-with-eom.ndjson");
        Verdict.Accepted a = assertInstanceOf(Verdict.Accepted.class, v, v::render);
        assertEquals(15, a.events());
        assertEquals(16, a.distinctStates(), "one spec state per event, plus Init");
    }

    @Test
    void fillsTheHypervisorsUnloggedStepsOfAnAttempt() {
        Verdict v = VERDICTS.get("accepted-host-internals-silent.ndjson");
        Verdict.Accepted a = assertInstanceOf(Verdict.Accepted.class, v, v::render);
        assertEquals(2, a.silentSteps(), "HostSetsMessagePending before each delivery");
    }

    @Test
    void correctSpecRejectsLoadingMsgPendingBeforeClearingTheSlot() {
        Verdict.Rejected r = rejected("rejected-pending-loaded-before-clear.ndjson");
        assertEquals(Verdict.Kind.NO_MATCH, r.kind());
        assertEquals(4, r.seq());
        Verdict.Conjunct c = failing(r);
        assertEquals("SynicMessageSlot.tla:141:8", c.location());
        assertTrue(c.detail().contains("disjunct 2 fails at GuestChecksPendingBeforeClear"), r::render);
    }

    @Test
    void aTraceCannotSwitchOnTheVariantThatAllowsTheEarlyLoad() {
        // The header asks for GuestChecksPendingBeforeClear = TRUE, under which the early load is a step: the
        // validator checks against the correct slot only (TraceSynicMessageSlot.header.json pins it to FALSE).
        Verdict v = VERDICTS.get("bad-variant-switched-on.ndjson");
        Verdict.BadInput b = assertInstanceOf(Verdict.BadInput.class, v, v::render);
        assertEquals(1, b.line());
        assertTrue(b.reason().startsWith("header constant GuestChecksPendingBeforeClear=true: the validator checks"
                + " every trace of TraceSynicMessageSlot with GuestChecksPendingBeforeClear=false"), b::reason);
    }

    @Test
    void rejectsADeliveryOverAnUnreadMessage() {
        Verdict.Rejected r = rejected("rejected-overwrite.ndjson");
        assertEquals(3, r.seq());
        assertTrue(failing(r).detail().contains("disjunct 1 fails at hostPc = \"PendingSet\""), r::render);
    }

    @Test
    void rejectsACorruptReadTheTrustedHypervisorCannotCause() {
        Verdict.Rejected r = rejected("rejected-corrupt-read.ndjson");
        assertEquals(3, r.seq());
        Verdict.Conjunct c = failing(r);
        assertEquals("ParamsAmong(e, {\"msg\"})", c.text());
        assertEquals("TraceSynicMessageSlot.tla:44:8", c.location());
    }

    @Test
    void rejectsAGuestWaitingWhileItsSlotIsFull() {
        Verdict.Rejected r = rejected("rejected-quiescent-with-full-slot.ndjson");
        assertEquals(Verdict.Kind.QUIESCENCE, r.kind());
        assertEquals(3, r.seq());
        assertTrue(r.summary().contains("GuestReadsMessage is enabled in the matched state"), r::render);
    }
}
