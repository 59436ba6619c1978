package dev.enlightened.validation.devices;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enlightened.sim.Actor;
import dev.enlightened.storvsc.GuestPc;
import dev.enlightened.storvsc.StorvscError;
import dev.enlightened.storvsc.StorvscGuest;
import dev.enlightened.storvsc.scenario.StorvscRunner;
import dev.enlightened.storvsc.scenario.StorvscScenario;
import dev.enlightened.storvsc.scenario.StorvscSystem;
import dev.enlightened.validation.TraceValidator;
import dev.enlightened.validation.TracedRun;
import dev.enlightened.validation.Verdict;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The storvsc handshake's waits end in their timeouts as spec actions (StorvscHandshake
 * {@code GuestTimesOutWaitingFor*}, issue 12): a run whose host falls silent in one wait is traced to its end, the
 * timeout included, and TraceStorvscHandshake ACCEPTS it (the host answers late, after the timeout: the late
 * completion has no waiter). A timeout after the completion reached the guest is not one Linux can take
 * ({@code wait_for_completion_timeout} returned with it): that trace is REJECTED at the timeout.
 */
class TraceStorvscTimeoutTest {
    @TempDir
    Path dir;

    /**
     * Steps every context, first come first served, holding the host back only while the guest waits in
     * {@code silentAt}; when nothing can step, virtual time moves to the guest's deadline. So the host answers
     * every request but that one, which it answers only after the guest's timeout.
     *
     * @return the system after the run
     */
    private static StorvscSystem runSilentAt(StorvscSystem s, GuestPc silentAt) {
        for (int steps = 0; steps < 10_000; steps++) {
            Actor next = null;
            for (Actor a : s.actors()) {
                boolean held = a.name().equals("host") && s.guest().pc() == silentAt;
                if (!held && a.canStep()) {
                    next = a;
                    break;
                }
            }
            if (next != null) {
                next.step();
            } else if (s.guest().deadline() != Long.MAX_VALUE) {
                s.clock().advanceTo(s.guest().deadline());
            } else {
                return s;
            }
        }
        throw new AssertionError("step budget exhausted");
    }

    private TracedRun<StorvscSystem> silentRun(GuestPc silentAt) throws Exception {
        StorvscScenario scenario = StorvscScenario.basic(1);
        return TracedRun.write(dir.resolve(silentAt.specName() + ".ndjson"), StorvscRunner.header(scenario),
                w -> runSilentAt(new StorvscSystem(scenario, w), silentAt));
    }

    /** The five waits; the basic scenario's host grants sub-channels, so each is reached. */
    enum Wait {
        BEGIN(GuestPc.AWAIT_BEGIN, GuestPc.FAILED),
        VERSION(GuestPc.AWAIT_VERSION, GuestPc.FAILED),
        PROPERTIES(GuestPc.AWAIT_PROPERTIES, GuestPc.FAILED),
        END(GuestPc.AWAIT_END, GuestPc.FAILED),
        SUB_CHANNELS(GuestPc.AWAIT_CREATE_SUB_CHANNELS, GuestPc.READY);

        final GuestPc pc;
        final GuestPc after;

        Wait(GuestPc pc, GuestPc after) {
            this.pc = pc;
            this.after = after;
        }
    }

    @ParameterizedTest
    @EnumSource(Wait.class)
    void aHostSilentInOneWaitYieldsATracedTimeoutAndTheWholeTraceIsAccepted(Wait wait) throws Exception {
        TracedRun<StorvscSystem> r = silentRun(wait.pc);
        StorvscSystem s = r.result();
        assertEquals(wait.after, s.guest().pc(), () -> s.guest().errors() + " " + r.events());
        assertInstanceOf(StorvscError.Timeout.class, s.guest().errors().get(0), s.guest().errors()::toString);
        String action = StorvscGuest.timeoutAction(wait.pc);
        int timeout = r.firstSeq("\"" + action + "\"");
        assertTrue(timeout > 0, r.events()::toString);
        // The host answers the timed-out request late, after the timeout.
        int late = -1;
        for (int seq = timeout + 1; seq <= r.events().size(); seq++) {
            if (r.events().get(seq - 1).contains("\"HostReceivesRequest\"")) {
                late = seq;
            }
        }
        assertTrue(late > timeout, r.events()::toString);
        assertTrue(r.events().stream().noneMatch(e -> e.contains("Quiescent")), r.events()::toString);
        Verdict v = TraceValidator.forRepository().validate(List.of(r.file())).get(0);
        Verdict.Accepted a = assertInstanceOf(Verdict.Accepted.class, v, v::render);
        assertEquals(r.events().size(), a.events());
    }

    /**
     * The BEGIN_INITIALIZATION completion reached the guest (GuestReceivesCompletion), then a timeout of that wait:
     * the Java guest cannot take that step (its timeout needs the wait outstanding), so the event is the silent
     * run's, appended by hand.
     */
    @Test
    void aTimeoutAfterTheCompletionReachedTheGuestIsRejected() throws Exception {
        TracedRun<StorvscSystem> silent = silentRun(GuestPc.AWAIT_BEGIN);
        String timeout = silent.events().get(silent.firstSeq("\"GuestTimesOutWaitingForBeginInitialization\"") - 1);

        StorvscScenario scenario = StorvscScenario.basic(1);
        TracedRun<StorvscSystem> answered = TracedRun.write(dir.resolve("answered.ndjson"),
                StorvscRunner.header(scenario), w -> {
                    StorvscSystem s = new StorvscSystem(scenario, w);
                    s.guest().sendBeginInitialization();
                    s.host().receiveRequest();
                    s.guest().receiveCompletion(); // the completion is the waiter's; QUERY_PROTOCOL_VERSION next
                    return s;
                });
        assertEquals(GuestPc.AWAIT_VERSION, answered.result().guest().pc());
        List<String> lines = new ArrayList<>(Files.readAllLines(answered.file()));
        int seq = answered.events().size() + 1;
        lines.add(timeout.replaceFirst("\"seq\":\\d+", "\"seq\":" + seq));
        Files.write(answered.file(), lines);
        Verdict v = TraceValidator.forRepository().validate(List.of(answered.file())).get(0);
        Verdict.Rejected rej = assertInstanceOf(Verdict.Rejected.class, v, v::render);
        assertEquals(seq, rej.seq(), v.render());
        assertEquals("GuestTimesOutWaitingForBeginInitialization", rej.action(), v.render());
    }
}
