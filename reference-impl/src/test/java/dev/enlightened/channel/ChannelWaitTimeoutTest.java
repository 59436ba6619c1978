package dev.enlightened.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enlightened.clock.VirtualClock;
import dev.enlightened.clock.WaitTimeout;
import dev.enlightened.medium.SubChannelDevice;
import dev.enlightened.medium.Transport;
import dev.enlightened.trace.TraceSink;
import dev.enlightened.wire.ChannelMessage;
import dev.enlightened.wire.ChannelMessageCodec;
import dev.enlightened.wire.CloseChannel;
import dev.enlightened.wire.DecodeResult;
import dev.enlightened.wire.GpadlCreated;
import dev.enlightened.wire.GpadlHeader;
import dev.enlightened.wire.GpadlTeardown;
import dev.enlightened.wire.GpadlTorndown;
import dev.enlightened.wire.Guid;
import dev.enlightened.wire.InitiateContact;
import dev.enlightened.wire.OfferChannel;
import dev.enlightened.wire.OpenChannel;
import dev.enlightened.wire.OpenChannelResult;
import dev.enlightened.wire.ProtocolVersion;
import dev.enlightened.wire.Unload;
import dev.enlightened.wire.UserData;
import dev.enlightened.wire.VersionResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Every wait of the guest for a host reply ends, in virtual time, with a typed {@link WaitTimeout} and the state a
 * failed reply leaves, when the host never answers (issue 12: after INITIATE_CONTACT the guest stayed CONTACTING
 * for ever, after OPENCHANNEL WAIT_OPEN for ever).
 */
class ChannelWaitTimeoutTest {
    private static final GuestTimeouts T = GuestTimeouts.DEFAULT;
    private static final Guid DEVICE = Guid.parse("00000000-0000-0000-0000-000000000001");

    private final Transport transport = new Transport();
    private final VirtualClock clock = new VirtualClock();
    private boolean subsCompleted;
    private ChannelManager guest = newGuest(Set.of());
    private ChannelDriver driver = new ChannelDriver(guest);

    private ChannelManager newGuest(Set<Fault> faults) {
        return new ChannelManager(
            new GuestConfig(List.of(ProtocolVersion.WIN10_V5_3, ProtocolVersion.WIN10_V5_2), 16, faults),
            transport, new SubChannelDevice() {
                @Override
                public void requestSubChannels(Guid d) {
                }

                @Override
                public boolean subChannelRequestCompleted(Guid d) {
                    return subsCompleted;
                }
            }, TraceSink.OFF, clock);
    }

    /** Replaces the guest by one with {@code fault} on. */
    private ChannelManager faulty(Fault fault) {
        ChannelManager g = newGuest(Set.of(fault));
        driver = new ChannelDriver(g);
        return g;
    }

    private boolean nothingSentByGuest() {
        return transport.takeForHost().isEmpty();
    }

    private void host(ChannelMessage m) {
        transport.sendToGuest(ChannelMessageCodec.encode(m));
        guest.dispatchOne();
    }

    private ChannelMessage sentByGuest() {
        byte[] b = transport.takeForHost().orElseThrow();
        return ((DecodeResult.Decoded) ChannelMessageCodec.decode(b)).message();
    }

    private void connect() {
        guest.sendInitiateContact();
        sentByGuest();
        host(VersionResponse.of(true, 1));
        guest.wakeFromVersionResponse();
        guest.sendRequestOffers();
        sentByGuest();
    }

    private GuestChannel offered() {
        host(new OfferChannel(Guid.parse("ba6163d9-04a1-4d29-b605-72e2ffb1dc7f"), DEVICE, 0, 0, UserData.EMPTY,
                0, 0, 5, 0, false, true, 5));
        return guest.channelByRelid(5).orElseThrow();
    }

    /** Starts the open and sends every GPADL message: the driver then waits for GPADL_CREATED. */
    private GpadlHeader untilWaitGpadl(GuestChannel c) {
        driver.startOpen(c);
        GpadlHeader h = (GpadlHeader) sentByGuest();
        while (c.op() == DriverOp.SEND_BODIES) {
            driver.progress(c);
            sentByGuest();
        }
        assertEquals(DriverOp.WAIT_GPADL, c.op());
        return h;
    }

    private GpadlHeader untilWaitOpen(GuestChannel c) {
        GpadlHeader h = untilWaitGpadl(c);
        host(new GpadlCreated(5, h.gpadl(), 0));
        driver.progress(c);
        driver.progress(c);
        assertInstanceOf(OpenChannel.class, sentByGuest());
        assertEquals(DriverOp.WAIT_OPEN, c.op());
        return h;
    }

    /** Asserts that the wait is still on just before its deadline and can end at the deadline. */
    private void waitEndsExactlyAtItsTimeout(GuestChannel c, long timeout) {
        long start = clock.nanos();
        assertEquals(start + timeout, driver.deadline(c));
        clock.advanceTo(start + timeout - 1);
        assertFalse(driver.canProgress(c), "the wait ended before its timeout");
        clock.advanceTo(start + timeout);
        assertTrue(driver.canProgress(c), "the wait did not end at its timeout");
        driver.progress(c);
    }

    private WaitTimeout lastTimeout() {
        List<WaitTimeout> all = guest.timeouts().recent();
        assertFalse(all.isEmpty(), "expected a wait timeout");
        return all.get(all.size() - 1);
    }

    @Test
    void anInitiateContactNeverAnsweredFailsTheConnectionAfterTheContactTimeout() {
        guest.sendInitiateContact();
        assertInstanceOf(InitiateContact.class, sentByGuest());
        assertEquals(T.contactNanos(), guest.busDeadline());
        clock.advanceTo(T.contactNanos() - 1);
        assertFalse(guest.canTimeOutBus());
        clock.advanceTo(T.contactNanos());
        assertTrue(guest.canTimeOutBus());
        guest.timeOutBus();
        // vmbus_connect: -ETIMEDOUT ends the negotiation; no older version is proposed.
        assertEquals(ConnectionState.FAILED, guest.connection());
        assertFalse(guest.canSendInitiateContact());
        assertTrue(transport.takeForHost().isEmpty());
        assertEquals(new WaitTimeout("VERSION_RESPONSE", T.contactNanos()), lastTimeout());
        assertEquals(Long.MAX_VALUE, guest.busDeadline(), "no wait is left");
    }

    private static TraceSink recording(List<String> events) {
        return new TraceSink() {
            @Override
            public boolean enabled() {
                return true;
            }

            @Override
            public long emit(String actor, String action, Map<String, Object> params, Map<String, Object> post) {
                events.add(action + " " + params.get("wait"));
                return events.size();
            }

            @Override
            public void close() {
            }
        };
    }

    /**
     * Each bus timeout is its spec step (GuestTimesOut, GuestTimesOutWaitingForUnloadResponse): trace validation
     * matches the event by that name. The time waited counts from the wait's start, here not 0.
     */
    @Test
    void eachBusTimeoutIsTracedAsItsSpecStepWithTheTimeWaited() {
        List<String> events = new ArrayList<>();
        GuestConfig config = new GuestConfig(List.of(ProtocolVersion.WIN10_V5_3), 16, Set.of());
        guest = new ChannelManager(config, transport, null, recording(events), clock);
        long start = 1_000_000_000L;
        clock.advanceTo(start);
        guest.sendInitiateContact();
        sentByGuest();
        clock.advanceTo(start + T.contactNanos());
        guest.timeOutBus();
        assertEquals(new WaitTimeout("VERSION_RESPONSE", T.contactNanos()), lastTimeout());
        assertEquals("GuestTimesOut VERSION_RESPONSE", events.get(events.size() - 1), events.toString());

        guest = new ChannelManager(config, transport, null, recording(events), clock);
        connect();
        guest.sendUnload();
        sentByGuest();
        clock.advanceTo(clock.nanos() + T.unloadNanos());
        guest.timeOutBus();
        assertEquals("GuestTimesOutWaitingForUnloadResponse null", events.get(events.size() - 1), events.toString());
    }

    @Test
    void aVersionResponseInTimeEndsTheWaitWithoutATimeout() {
        guest.sendInitiateContact();
        clock.advanceTo(T.contactNanos() - 1);
        host(VersionResponse.of(true, 1));
        assertFalse(guest.canTimeOutBus());
        guest.wakeFromVersionResponse();
        clock.advanceTo(10 * T.contactNanos());
        assertEquals(ConnectionState.CONNECTED, guest.connection());
        assertEquals(0, guest.timeouts().total());
    }

    @Test
    void aGpadlHeaderNeverAnsweredFailsTheOpenLeaksTheGpadlAndALateGpadlCreatedIsDropped() {
        connect();
        GuestChannel c = offered();
        GpadlHeader h = untilWaitGpadl(c);
        waitEndsExactlyAtItsTimeout(c, T.gpadlNanos());
        assertInstanceOf(ChannelState.Closed.class, c.state());
        assertEquals(DriverOp.IDLE, c.op());
        assertEquals(GpadlState.LEAKED, c.gpadl(), "the host may still create it: its pages stay withheld");
        assertEquals("GPADL_CREATED relid=5", lastTimeout().what());
        host(new GpadlCreated(5, h.gpadl(), 0));
        assertInstanceOf(HostMessageError.NoWaiter.class, guest.errors().get(guest.errors().size() - 1));
        assertEquals(GpadlState.LEAKED, c.gpadl());
        assertFalse(driver.canStartOpen(c), "an object whose GPADL leaked never opens again");
    }

    @Test
    void anOpenChannelNeverAnsweredClosesTheChannelThenTearsTheRingGpadlDown() {
        connect();
        GuestChannel c = offered();
        GpadlHeader h = untilWaitOpen(c);
        waitEndsExactlyAtItsTimeout(c, T.openNanos());
        assertInstanceOf(ChannelState.Closed.class, c.state());
        assertEquals(DriverOp.TEARDOWN, c.op());
        assertEquals("OPENCHANNEL_RESULT relid=5", lastTimeout().what());
        // The host may yet open it on the ring GPADL: CLOSECHANNEL first, which the host handles after the OPEN.
        CloseChannel close = assertInstanceOf(CloseChannel.class, sentByGuest());
        assertEquals(5, close.childRelid());
        // Then the ring GPADL goes, and a late OPENCHANNEL_RESULT finds no waiter.
        driver.progress(c);
        GpadlTeardown td = assertInstanceOf(GpadlTeardown.class, sentByGuest());
        assertEquals(h.gpadl(), td.gpadl());
        host(new OpenChannelResult(5, 5, 0));
        assertInstanceOf(HostMessageError.NoWaiter.class, guest.errors().get(guest.errors().size() - 1));
        host(new GpadlTorndown(h.gpadl()));
        driver.progress(c);
        assertEquals(DriverOp.IDLE, c.op());
        assertEquals(1, guest.timeouts().total());
    }

    @Test
    void aGpadlTeardownNeverAnsweredForgetsTheGpadlWithoutReusingItsPages() {
        connect();
        GuestChannel c = offered();
        GpadlHeader h = untilWaitOpen(c);
        host(new OpenChannelResult(5, 5, 0));
        driver.progress(c);
        driver.close(c);
        sentByGuest();
        driver.progress(c);
        assertInstanceOf(GpadlTeardown.class, sentByGuest());
        waitEndsExactlyAtItsTimeout(c, T.teardownNanos());
        assertEquals(DriverOp.IDLE, c.op());
        assertEquals(GpadlState.LEAKED, c.gpadl(), "the host may still map the pages: they are never reused");
        assertEquals("GPADL_TORNDOWN relid=5", lastTimeout().what());
        host(new GpadlTorndown(h.gpadl()));
        assertInstanceOf(HostMessageError.NoWaiter.class, guest.errors().get(guest.errors().size() - 1));
        assertFalse(driver.canStartOpen(c), "an object whose GPADL leaked never opens again");
    }

    /** The TIMEOUT_FREES fault (3.x vmbus_open on -ETIMEDOUT): the memory is freed and nothing is posted. */
    @Test
    void theTimeoutFreesFaultFreesTheRingAtAnOpenTimeoutWithoutClosingOrTearingDown() {
        guest = faulty(Fault.TIMEOUT_FREES);
        connect();
        GuestChannel c = offered();
        untilWaitOpen(c);
        waitEndsExactlyAtItsTimeout(c, T.openNanos());
        assertEquals(GpadlState.NONE, c.gpadl());
        assertEquals(DriverOp.IDLE, c.op());
        assertTrue(nothingSentByGuest(), "no CLOSECHANNEL and no GPADL_TEARDOWN");
    }

    @Test
    void aSubChannelRequestNeverCompletedEndsAfterTheSubChannelTimeout() {
        connect();
        GuestChannel c = offered();
        untilWaitOpen(c);
        host(new OpenChannelResult(5, 5, 0));
        driver.progress(c);
        driver.requestSubChannels(c);
        waitEndsExactlyAtItsTimeout(c, T.subChannelsNanos());
        assertEquals(DriverOp.IDLE, c.op());
        assertInstanceOf(ChannelState.Opened.class, c.state(), "the device goes on with its primary");
        assertEquals("sub-channel completion relid=5", lastTimeout().what());
    }

    @Test
    void anUnloadNeverAnsweredDropsTheConnectionAfterTheUnloadTimeout() {
        connect();
        guest.sendUnload();
        assertInstanceOf(Unload.class, sentByGuest());
        long start = clock.nanos();
        clock.advanceTo(start + T.unloadNanos() - 1);
        assertFalse(guest.canTimeOutBus());
        clock.advanceTo(start + T.unloadNanos());
        guest.timeOutBus();
        assertEquals(ConnectionState.DISCONNECTED, guest.connection());
        assertEquals("UNLOAD_RESPONSE", lastTimeout().what());
    }

    @Test
    void timeoutsAreConfiguredPerGuestAndMustBePositive() {
        GuestTimeouts shortOnes = new GuestTimeouts(1, 2, 3, 4, 5, 6);
        ChannelManager g = new ChannelManager(new GuestConfig(List.of(ProtocolVersion.WIN10_V5_3), 16, Set.of(),
                shortOnes), transport, null, TraceSink.OFF, clock);
        g.sendInitiateContact();
        assertEquals(1, g.busDeadline());
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new GuestTimeouts(0, 1, 1, 1, 1, 1));
    }
}
