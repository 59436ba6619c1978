package dev.enlightened.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enlightened.medium.SubChannelDevice;
import dev.enlightened.medium.Transport;
import dev.enlightened.trace.TraceSink;
import dev.enlightened.wire.ChannelMessage;
import dev.enlightened.wire.ChannelMessageCodec;
import dev.enlightened.wire.CloseChannel;
import dev.enlightened.wire.DecodeResult;
import dev.enlightened.wire.GpadlBody;
import dev.enlightened.wire.GpadlCreated;
import dev.enlightened.wire.GpadlHeader;
import dev.enlightened.wire.GpadlTeardown;
import dev.enlightened.wire.GpadlTorndown;
import dev.enlightened.wire.Guid;
import dev.enlightened.wire.OfferChannel;
import dev.enlightened.wire.OpenChannel;
import dev.enlightened.wire.OpenChannelResult;
import dev.enlightened.wire.ProtocolVersion;
import dev.enlightened.wire.RelidReleased;
import dev.enlightened.wire.RescindChannelOffer;
import dev.enlightened.wire.UserData;
import dev.enlightened.wire.VersionResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A channel's life as the guest driver context lives it (Linux {@code __vmbus_open}, {@code vmbus_close_internal},
 * {@code hv_process_channel_removal}), checked through what a trace records: every driver step emits its spec
 * action with its post-state, in order, next to the message it posts. The events are what trace validation holds to
 * the spec, so a step that forgets to emit, or emits the wrong post-state, is a bug (PIT's surviving mutants,
 * docs/mutation.md).
 */
class ChannelDriverLifecycleTest {
    private static final Guid DEVICE = Guid.parse("00000000-0000-0000-0000-000000000001");

    private record Event(String actor, String action, Map<String, Object> params, Map<String, Object> post) {
    }

    private final Transport transport = new Transport();
    private final List<Event> events = new ArrayList<>();
    private List<String> connectActions;
    private ChannelManager guest;
    private ChannelDriver driver;

    private void connect(int ringPages, Set<Fault> faults) {
        SubChannelDevice device = new SubChannelDevice() {
            @Override
            public void requestSubChannels(Guid d) {
            }

            @Override
            public boolean subChannelRequestCompleted(Guid d) {
                return false;
            }
        };
        TraceSink sink = new TraceSink() {
            @Override
            public boolean enabled() {
                return true;
            }

            @Override
            public long emit(String actor, String action, Map<String, Object> params, Map<String, Object> post) {
                events.add(new Event(actor, action, Map.copyOf(params), Map.copyOf(post)));
                return events.size();
            }

            @Override
            public void close() {
            }
        };
        guest = new ChannelManager(new GuestConfig(List.of(ProtocolVersion.WIN10_V5_3), ringPages, faults),
                transport, device, sink);
        driver = new ChannelDriver(guest);
        guest.sendInitiateContact();
        sentByGuest();
        host(VersionResponse.of(true, 1));
        guest.wakeFromVersionResponse();
        guest.sendRequestOffers();
        sentByGuest();
        connectActions = actions();
        events.clear();
    }

    private List<String> actions() {
        return events.stream().map(Event::action).toList();
    }

    private void host(ChannelMessage m) {
        transport.sendToGuest(ChannelMessageCodec.encode(m));
        guest.dispatchOne();
    }

    private ChannelMessage sentByGuest() {
        byte[] b = transport.takeForHost().orElseThrow();
        return ((DecodeResult.Decoded) ChannelMessageCodec.decode(b)).message();
    }

    private static OfferChannel offer(int relid, int subIndex) {
        return new OfferChannel(Guid.parse("ba6163d9-04a1-4d29-b605-72e2ffb1dc7f"), DEVICE, 0, 0, UserData.EMPTY,
                subIndex, 0, relid, 0, false, true, relid);
    }

    private List<Event> driverEvents() {
        return events.stream().filter(e -> e.actor().equals(ChannelDriver.DRIVER)).toList();
    }

    private Event lastDriverEvent() {
        List<Event> d = driverEvents();
        return d.get(d.size() - 1);
    }

    private GuestChannel offered(int relid, int subIndex) {
        host(offer(relid, subIndex));
        return guest.channelByRelid(relid).orElseThrow();
    }

    /** Opens {@code c} to Opened; returns the ring GPADL handle. */
    private int open(GuestChannel c) {
        driver.startOpen(c);
        GpadlHeader h = (GpadlHeader) sentByGuest();
        while (c.op() == DriverOp.SEND_BODIES) {
            driver.progress(c);
            assertInstanceOf(GpadlBody.class, sentByGuest());
        }
        host(new GpadlCreated(c.relid(), h.gpadl(), 0));
        driver.progress(c);
        driver.progress(c);
        assertInstanceOf(OpenChannel.class, sentByGuest());
        host(new OpenChannelResult(c.relid(), c.relid(), 0));
        driver.progress(c);
        assertInstanceOf(ChannelState.Opened.class, c.state());
        return h.gpadl();
    }

    private static List<Long> pfns(GuestChannel c) {
        return ((ChannelState.Opened) c.state()).ring().pfns();
    }

    @Test
    void anOpenAndACloseEmitEveryDriverStepNextToItsMessage() {
        connect(16, Set.of());
        GuestChannel c = offered(5, 0);
        assertTrue(driver.canStartOpen(c));
        int handle = open(c);
        assertEquals(1, c.opens());
        Event header = driverEvents().get(0);
        assertEquals(Map.of("inst", c.inst(), "relid", 5, "gpadl", c.inst(), "bodies", 1, "handle", handle),
                header.params(), "32 PFNs: 26 in the GPADL_HEADER, 6 in one GPADL_BODY");
        assertEquals(true, driverEvents().get(2).params().get("ok"));
        assertTrue(driver.canClose(c));
        driver.close(c);
        assertEquals(new CloseChannel(5), sentByGuest());
        assertEquals(DriverOp.TEARDOWN, c.op());
        driver.progress(c);
        assertEquals(new GpadlTeardown(5, handle), sentByGuest());
        host(new GpadlTorndown(handle));
        driver.progress(c);
        assertEquals(DriverOp.IDLE, c.op());
        assertEquals(List.of("GuestSendsGpadlHeader", "GuestSendsGpadlBody", "GuestWakesFromGpadlCreated",
                "GuestSendsOpenChannel", "GuestWakesFromOpenChannelResult", "GuestSendsCloseChannel",
                "GuestSendsGpadlTeardown", "GuestWakesFromGpadlTorndown"),
                driverEvents().stream().map(Event::action).toList());
        assertEquals("Closed", lastDriverEvent().post().get("st"));
        assertEquals("None", lastDriverEvent().post().get("gpadl"));
        assertTrue(guest.errors().isEmpty(), guest.errors().toString());
    }

    /** Each open takes a new GPADL handle and new pages, both counting up (Linux next_gpadl_handle). */
    @Test
    void aReopenTakesANewHandleAndFreshPages() {
        connect(16, Set.of());
        GuestChannel c = offered(5, 0);
        int first = open(c);
        List<Long> firstPfns = pfns(c);
        assertEquals(32, firstPfns.size(), "two rings of 16 pages");
        for (int i = 1; i < firstPfns.size(); i++) {
            assertTrue(firstPfns.get(i) > firstPfns.get(i - 1), "pages in order: " + firstPfns);
        }
        driver.close(c);
        sentByGuest();
        driver.progress(c);
        sentByGuest();
        host(new GpadlTorndown(first));
        driver.progress(c);
        int second = open(c);
        assertEquals(2, c.opens());
        assertTrue(second > first, "handles count up: " + first + " then " + second);
        assertTrue(pfns(c).get(0) > firstPfns.get(firstPfns.size() - 1), "no page reused");
    }

    /** 8-page rings: 16 PFNs fit the GPADL_HEADER, so the open waits for GPADL_CREATED at once. */
    @Test
    void aRingGpadlThatFitsTheHeaderSendsNoBody() {
        connect(8, Set.of());
        GuestChannel c = offered(5, 0);
        driver.startOpen(c);
        assertInstanceOf(GpadlHeader.class, sentByGuest());
        assertEquals(DriverOp.WAIT_GPADL, c.op());
        assertEquals(0, lastDriverEvent().params().get("bodies"));
        assertEquals(0, transport.pendingForHost());
    }

    @Test
    void aStepThatIsNotEnabledIsRefused() {
        connect(16, Set.of());
        GuestChannel c = offered(5, 0);
        IllegalStateException close = assertThrows(IllegalStateException.class, () -> driver.close(c));
        assertTrue(close.getMessage().contains("GuestSendsCloseChannel"), close.getMessage());
        assertThrows(IllegalStateException.class, () -> driver.progress(c), "an idle channel has no step");
        driver.startOpen(c);
        sentByGuest();
        IllegalStateException again = assertThrows(IllegalStateException.class, () -> driver.startOpen(c));
        assertTrue(again.getMessage().contains("GuestSendsGpadlHeader"), again.getMessage());
        assertEquals(0, transport.pendingForHost(), "a refused step posts nothing");
        assertEquals(1, c.opens());
    }

    /** A sub-channel opens only while its primary is open and not rescinded (sc_creation_callback). */
    @Test
    void aSubChannelOpensOnlyUnderAnOpenLivePrimary() {
        connect(8, Set.of());
        GuestChannel primary = offered(5, 0);
        GuestChannel sub = offered(6, 1);
        assertFalse(driver.canStartOpen(sub), "primary closed");
        open(primary);
        assertTrue(driver.canStartOpen(sub));
        assertFalse(driver.canStartOpen(primary), "already open");
        host(new RescindChannelOffer(5));
        assertFalse(driver.canStartOpen(sub), "primary rescinded");
    }

    @Test
    void nothingOpensWhileTheBusIsUnloading() {
        connect(8, Set.of());
        GuestChannel c = offered(5, 0);
        assertTrue(driver.canStartOpen(c));
        guest.sendUnload();
        assertFalse(driver.canStartOpen(c));
        assertFalse(driver.canProgress(c));
    }

    /** Removal of a rescinded channel: unmap, then RELID_RELEASED last (fix of H8); H8 releases first. */
    @Test
    void aRescindedChannelIsUnmappedThenReleasedAndTheTraceSaysSo() {
        for (boolean h8 : new boolean[] {false, true}) {
            events.clear();
            connect(8, h8 ? Set.of(Fault.H8) : Set.of());
            GuestChannel c = offered(5, 0);
            host(new RescindChannelOffer(5));
            while (driver.canProgress(c)) {
                driver.progress(c);
            }
            assertEquals(new RelidReleased(5), sentByGuest());
            List<String> actions = driverEvents().stream().map(Event::action).toList();
            assertEquals(h8 ? List.of("GuestSendsRelidReleased", "GuestUnmapsChannel")
                    : List.of("GuestUnmapsChannel", "GuestSendsRelidReleased"), actions, "h8=" + h8);
            Event unmap = driverEvents().get(h8 ? 1 : 0);
            assertEquals(false, unmap.post().get("mapped"));
            assertEquals(0, unmap.post().get("remove"), "h8=" + h8 + ": the removal was taken");
            assertInstanceOf(ChannelState.Free.class, c.state());
        }
    }

    /** Every step of the bus and dispatch contexts emits its spec action too, in the order it is taken. */
    @Test
    void theWholeLifeOfAChannelIsOneEventPerStep() {
        connect(8, Set.of());
        assertEquals(List.of("GuestSendsInitiateContact", "GuestReceivesVersionResponse",
                "GuestWakesFromVersionResponse", "GuestSendsRequestOffers"), connectActions);
        host(new GpadlCreated(5, 0x1234, 0)); // no such GPADL: discarded, and the trace says so
        GuestChannel c = offered(5, 0);
        int handle = open(c);
        host(new RescindChannelOffer(5));
        while (driver.canProgress(c)) {
            driver.progress(c);
            if (c.op() == DriverOp.WAIT_TORNDOWN && transport.pendingForHost() > 0) {
                sentByGuest();
                host(new GpadlTorndown(handle));
            }
        }
        assertInstanceOf(ChannelState.Free.class, c.state());
        guest.sendUnload();
        host(new dev.enlightened.wire.UnloadResponse());
        assertEquals(List.of("GuestDiscardsMessage", "GuestReceivesOffer", "GuestSendsGpadlHeader",
                "GuestReceivesGpadlCreated", "GuestWakesFromGpadlCreated", "GuestSendsOpenChannel",
                "GuestReceivesOpenChannelResult", "GuestWakesFromOpenChannelResult", "GuestReceivesRescind",
                "GuestSendsCloseChannel", "GuestSendsGpadlTeardown", "GuestReceivesGpadlTorndown",
                "GuestWakesFromGpadlTorndown", "GuestUnmapsChannel", "GuestSendsRelidReleased", "GuestSendsUnload",
                "GuestReceivesUnloadResponse"), actions());
        assertEquals(1, guest.unloads());
        assertEquals(ConnectionState.DISCONNECTED, guest.connection());
    }

    /** A kexec'd kernel starts with no channel state: nothing maps the old relids, keys or GPADLs any more. */
    @Test
    void aKexecForgetsEveryChannel() {
        connect(8, Set.of());
        GuestChannel c = offered(5, 0);
        open(c);
        assertTrue(guest.canKexec());
        guest.kexec();
        assertEquals(List.of("GuestKexecs"), actions().subList(actions().size() - 1, actions().size()));
        assertTrue(guest.channels().isEmpty());
        assertTrue(guest.channelByRelid(5).isEmpty());
        assertTrue(guest.liveChannel(c.key()).isEmpty());
        assertEquals(1, guest.unloads());
        assertFalse(guest.canKexec(), "not connected any more");
    }

    /**
     * Fault H5 (vmbus-protocol digest section 3): the probe of an offer runs on the one offer worker, and a rescind
     * queues behind it. The driver opens only on the worker, the worker waits while the open is in flight, and the
     * rescind reaches the channel only after the probe returned.
     */
    @Test
    void underFaultH5TheRescindWaitsBehindTheProbeOnTheOfferWorker() {
        connect(8, Set.of(Fault.H5));
        GuestChannel c = offered(5, 0);
        assertFalse(driver.canProgress(c), "the probe has not started");
        assertTrue(guest.canWork());
        guest.work();
        assertTrue(driver.canProgress(c), "the probe opens the channel");
        driver.progress(c);
        GpadlHeader h = (GpadlHeader) sentByGuest();
        host(new RescindChannelOffer(5));
        assertFalse(c.rescinded(), "queued behind the probe");
        assertFalse(guest.canWork());
        assertTrue(guest.workerWaiting());
        assertEquals("probe of inst=" + c.inst() + " (queued: 1)", guest.workerWaitDescription());
        host(new GpadlCreated(5, h.gpadl(), 0));
        driver.progress(c);
        driver.progress(c);
        sentByGuest();
        host(new OpenChannelResult(5, 5, 0));
        driver.progress(c);
        assertInstanceOf(ChannelState.Opened.class, c.state());
        assertTrue(guest.canWork(), "the probe returned");
        guest.work();
        assertFalse(guest.workerWaiting());
        assertFalse(c.rescinded());
        guest.work();
        assertTrue(c.rescinded(), "the worker handed the rescind over");
        assertEquals("GuestReceivesRescind", actions().get(actions().size() - 1));
        assertFalse(guest.canWork());
    }
}
