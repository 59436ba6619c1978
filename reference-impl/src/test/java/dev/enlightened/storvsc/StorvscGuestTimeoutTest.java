package dev.enlightened.storvsc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enlightened.clock.VirtualClock;
import dev.enlightened.clock.WaitTimeout;
import dev.enlightened.ring.ChannelRings;
import dev.enlightened.storvsc.scenario.StorvscRunResult;
import dev.enlightened.storvsc.scenario.StorvscRunner;
import dev.enlightened.storvsc.scenario.StorvscScenario;
import dev.enlightened.storvsc.scenario.StorvscSystem;
import dev.enlightened.sim.Actor;
import dev.enlightened.sim.DeterministicScheduler;
import dev.enlightened.sim.RunOutcome;
import dev.enlightened.trace.TraceSink;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/**
 * Every wait of the storvsc handshake has a timeout on the run's clock (issue 12): a host that never answers
 * BEGIN_INITIALIZATION, QUERY_PROTOCOL_VERSION, QUERY_PROPERTIES or END_INITIALIZATION fails the device after 5 s
 * with a typed {@link StorvscError.Timeout} (Linux {@code storvsc_execute_vstor_op}: {@code -ETIMEDOUT}); one that
 * never answers CREATE_SUB_CHANNELS leaves the device Ready on its primary after 10 s
 * ({@code handle_multichannel_storage}).
 */
class StorvscGuestTimeoutTest {
    private final VirtualClock clock = new VirtualClock();
    private final ChannelRings channel = ChannelRings.create(StorvscGuest.HANDSHAKE_RING_BYTES);
    private final StorvscGuest guest = new StorvscGuest(
            new StorvscGuestConfig(StorvscGuestConfig.LINUX_VERSIONS, StorvscGuestConfig.WIN8, 3, false), channel,
            TraceSink.OFF, clock);
    private final StorvscHost host = StorvscHost.withOwnQueue(
            new StorvscHostConfig(Set.of(0x0501), 0x0501, 2, 0, 1), channel, TraceSink.OFF);

    /** Runs guest and host until the guest waits in {@code silentAt}; from there the host never answers. */
    private void runUntilTheHostFallsSilentAt(GuestPc silentAt) {
        for (int i = 0; i < 50 && guest.pc() != silentAt; i++) {
            if (guest.canStep()) {
                if (guest.pc() == GuestPc.START) {
                    guest.sendBeginInitialization();
                } else {
                    guest.receiveCompletion();
                }
            } else if (host.canStep()) {
                host.receiveRequest();
            }
        }
        assertEquals(silentAt, guest.pc());
    }

    /** The waits storvsc_execute_vstor_op bounds at 5 s, each failing the device. */
    enum InitWait {
        BEGIN(GuestPc.AWAIT_BEGIN, "BEGIN_INITIALIZATION"),
        VERSION(GuestPc.AWAIT_VERSION, "QUERY_PROTOCOL_VERSION"),
        PROPERTIES(GuestPc.AWAIT_PROPERTIES, "QUERY_PROPERTIES"),
        END(GuestPc.AWAIT_END, "END_INITIALIZATION");

        final GuestPc pc;
        final String request;

        InitWait(GuestPc pc, String request) {
            this.pc = pc;
            this.request = request;
        }
    }

    @ParameterizedTest
    @EnumSource(InitWait.class)
    void anInitRequestNeverAnsweredFailsTheDeviceAfterFiveSeconds(InitWait wait) {
        runUntilTheHostFallsSilentAt(wait.pc);
        long start = clock.nanos();
        assertEquals(start + StorvscGuest.INIT_TIMEOUT_NANOS, guest.deadline());
        clock.advance(StorvscGuest.INIT_TIMEOUT_NANOS - 1);
        assertFalse(guest.canStep(), "timed out early");
        clock.advance(1);
        assertTrue(guest.canStep());
        assertTrue(guest.timedOut());
        guest.timeOut();
        assertEquals(GuestPc.FAILED, guest.pc());
        assertEquals(List.of(new StorvscError.Timeout(wait.pc.specName(), new WaitTimeout("COMPLETE_IO for "
                + wait.request, StorvscGuest.INIT_TIMEOUT_NANOS))), guest.errors());
        assertFalse(guest.canStep(), "a failed device waits for nothing");
        assertEquals(Long.MAX_VALUE, guest.deadline());
    }

    @Test
    void aSubChannelRequestNeverAnsweredLeavesTheDeviceReadyOnItsPrimaryAfterTenSeconds() {
        runUntilTheHostFallsSilentAt(GuestPc.AWAIT_CREATE_SUB_CHANNELS);
        assertEquals(2, guest.requested());
        clock.advance(StorvscGuest.SUB_CHANNEL_TIMEOUT_NANOS - 1);
        assertFalse(guest.canStep(), "the sub-channel wait is 10 s, not 5");
        clock.advance(1);
        guest.timeOut();
        assertEquals(GuestPc.READY, guest.pc());
        assertEquals(0, guest.requested());
        StorvscError.Timeout t = assertInstanceOf(StorvscError.Timeout.class, guest.errors().get(0));
        assertEquals("COMPLETE_IO for CREATE_SUB_CHANNELS", t.timeout().what());
    }

    /**
     * The host may still create the sub-channels after the guest gave up on CREATE_SUB_CHANNELS: Linux registered
     * {@code sc_creation_callback} before the request, so their late offers are opened. An index beyond the count
     * asked for is still refused.
     */
    @Test
    void offersOfSubChannelsAskedForBeforeTheTimeoutAreStillOpenedAndNoOthers() {
        runUntilTheHostFallsSilentAt(GuestPc.AWAIT_CREATE_SUB_CHANNELS);
        clock.advance(StorvscGuest.SUB_CHANNEL_TIMEOUT_NANOS);
        guest.timeOut();
        guest.processOffer(1);
        guest.processOffer(2);
        assertEquals(GuestPc.READY, guest.pc());
        assertEquals(Set.of(1, 2), guest.scList());
        assertEquals(1, guest.errors().size(), guest.errors()::toString); // the timeout only
        guest.processOffer(3);
        assertEquals(new StorvscError.UnexpectedOffer(3, 2, "outside"), guest.errors().get(1));
    }

    @Test
    void aPacketWaitingToBeReadIsNeverTimedOut() {
        runUntilTheHostFallsSilentAt(GuestPc.AWAIT_BEGIN);
        host.receiveRequest(); // the answer is there; the guest reads it only after the deadline has passed
        clock.advance(StorvscGuest.INIT_TIMEOUT_NANOS);
        assertFalse(guest.timedOut(), "the answer is in the ring");
        assertEquals(Long.MAX_VALUE, guest.deadline());
        guest.receiveCompletion();
        assertEquals(GuestPc.AWAIT_VERSION, guest.pc());
        assertEquals(List.of(), guest.errors());
    }

    @Test
    void aRunWhoseHostNeverAnswersEndsInTheTimeoutInVirtualTimeWithTheTraceEndingAtTheStall() {
        StorvscSystem s = new StorvscSystem(StorvscScenario.basic(1), TraceSink.OFF);
        // Every context but the host: the guest sends BEGIN_INITIALIZATION and nobody ever answers.
        List<Actor> withoutHost = s.actors().stream().filter(a -> !a.name().equals("host")).toList();
        int[] stalls = new int[1];
        RunOutcome out = new DeterministicScheduler(s.chooser(), withoutHost, s.clock(), blocked -> {
            stalls[0]++;
            s.gate().stall("guest", "completion");
        }).run(100);
        assertFalse(out.budgetExhausted());
        assertEquals(1, stalls[0], "one stall, then the timeout ended it");
        assertEquals(StorvscGuest.INIT_TIMEOUT_NANOS, s.clock().nanos(), "time jumped to the deadline once");
        assertEquals(GuestPc.FAILED, s.guest().pc());
        assertInstanceOf(StorvscError.Timeout.class, s.guest().errors().get(0));
        assertTrue(s.gate().stalled());
    }

    @Test
    void aCorrectRunNeverWaitsLongEnoughToTimeOut() {
        StorvscSystem s = new StorvscSystem(StorvscScenario.basic(1), TraceSink.OFF);
        StorvscRunResult r = StorvscRunner.run(s, TraceSink.OFF);
        assertEquals(GuestPc.READY, r.pc());
        assertEquals(0, s.clock().nanos(), "virtual time moved: a wait stalled");
        assertFalse(s.gate().stalled());
        assertEquals(List.of(), r.guestErrors());
    }
}
