package dev.enlightened.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enlightened.clock.VirtualClock;
import dev.enlightened.medium.SubChannelDevice;
import dev.enlightened.medium.Transport;
import dev.enlightened.trace.TraceSink;
import dev.enlightened.wire.AllOffersDelivered;
import dev.enlightened.wire.ChannelMessage;
import dev.enlightened.wire.ChannelMessageCodec;
import dev.enlightened.wire.DecodeResult;
import dev.enlightened.wire.GpadlCreated;
import dev.enlightened.wire.GpadlHeader;
import dev.enlightened.wire.GpadlTeardown;
import dev.enlightened.wire.GpadlTorndown;
import dev.enlightened.wire.Guid;
import dev.enlightened.wire.ModifyChannelResponse;
import dev.enlightened.wire.OfferChannel;
import dev.enlightened.wire.OpenChannel;
import dev.enlightened.wire.OpenChannelResult;
import dev.enlightened.wire.ProtocolVersion;
import dev.enlightened.wire.RescindChannelOffer;
import dev.enlightened.wire.UnloadResponse;
import dev.enlightened.wire.UserData;
import dev.enlightened.wire.VersionResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The rules of the guest's bus, dispatch and driver contexts that PIT found untested (docs/mutation.md, "channel:
 * every mutant that survived"): a step taken while it is disabled is refused and leaves no trace; every step emits
 * its spec event with the post-state trace validation reads; a forgotten connection keeps nothing; waits are
 * measured from when they started.
 */
class ChannelManagerRulesTest {
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    private record Event(String actor, String action, Map<String, Object> params, Map<String, Object> post) {
    }

    private final Transport transport = new Transport();
    private final VirtualClock clock = new VirtualClock();
    private final List<Event> events = new ArrayList<>();
    private final List<Guid> subChannelRequests = new ArrayList<>();
    private boolean subsCompleted;
    private ChannelManager guest;
    private ChannelDriver driver;

    private void guest(int ringPages, Set<Fault> faults) {
        SubChannelDevice device = new SubChannelDevice() {
            @Override
            public void requestSubChannels(Guid d) {
                subChannelRequests.add(d);
            }

            @Override
            public boolean subChannelRequestCompleted(Guid d) {
                return subsCompleted;
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
                transport, device, sink, clock);
        driver = new ChannelDriver(guest);
    }

    private void connect(int ringPages, Set<Fault> faults) {
        guest(ringPages, faults);
        reconnect();
    }

    private void reconnect() {
        guest.sendInitiateContact();
        sentByGuest();
        host(VersionResponse.of(true, 1));
        guest.wakeFromVersionResponse();
        guest.sendRequestOffers();
        sentByGuest();
        events.clear();
    }

    private void host(ChannelMessage m) {
        transport.sendToGuest(ChannelMessageCodec.encode(m));
        guest.dispatchOne();
    }

    private ChannelMessage sentByGuest() {
        byte[] b = transport.takeForHost().orElseThrow();
        return ((DecodeResult.Decoded) ChannelMessageCodec.decode(b)).message();
    }

    /** The device instance of primary {@code relid}: one device per primary, so each key is new. */
    private static Guid device(int relid) {
        return Guid.parse(String.format("00000000-0000-0000-0000-%012d", relid));
    }

    private static OfferChannel offer(int relid, int subIndex, Guid device) {
        return new OfferChannel(Guid.parse("ba6163d9-04a1-4d29-b605-72e2ffb1dc7f"), device, 0, 0, UserData.EMPTY,
                subIndex, 0, relid, 0, false, true, relid);
    }

    private GuestChannel offered(int relid) {
        host(offer(relid, 0, device(relid)));
        return guest.channelByRelid(relid).orElseThrow();
    }

    private Event last() {
        return events.get(events.size() - 1);
    }

    private List<String> actions() {
        return events.stream().map(Event::action).toList();
    }

    /** Opens {@code c} (8-page rings: no GPADL_BODY) to Opened; returns the ring GPADL handle. */
    private int open(GuestChannel c) {
        driver.startOpen(c);
        GpadlHeader h = (GpadlHeader) sentByGuest();
        host(new GpadlCreated(c.relid(), h.gpadl(), 0));
        driver.progress(c);
        driver.progress(c);
        assertInstanceOf(OpenChannel.class, sentByGuest());
        host(new OpenChannelResult(c.relid(), c.relid(), 0));
        driver.progress(c);
        assertInstanceOf(ChannelState.Opened.class, c.state());
        return h.gpadl();
    }

    /** Asserts that {@code step} is refused, naming {@code action}, and posts and emits nothing. */
    private void refused(String action, Runnable step) {
        int before = events.size();
        int posted = transport.pendingForHost();
        IllegalStateException e = assertThrows(IllegalStateException.class, step::run, action);
        assertTrue(e.getMessage().contains(action), e.getMessage());
        assertEquals(before, events.size(), action + ": a refused step emits nothing");
        assertEquals(posted, transport.pendingForHost(), action + ": a refused step posts nothing");
    }

    @Test
    void everyBusStepTakenWhileDisabledIsRefused() {
        guest(8, Set.of());
        refused("GuestWakesFromVersionResponse", guest::wakeFromVersionResponse);
        refused("GuestSendsRequestOffers", guest::sendRequestOffers);
        refused("GuestSendsUnload", guest::sendUnload);
        refused("GuestKexecs", guest::kexec);
        refused("GuestTimesOut", guest::timeOutBus);
        refused("H5 worker step", guest::work);
        guest.sendInitiateContact();
        sentByGuest();
        refused("GuestSendsInitiateContact", guest::sendInitiateContact);
        refused("GuestWakesFromVersionResponse", guest::wakeFromVersionResponse);
        refused("GuestTimesOut", guest::timeOutBus);
        host(VersionResponse.of(true, 1));
        guest.wakeFromVersionResponse();
        refused("GuestSendsUnload", guest::sendUnload);
        guest.sendRequestOffers();
        sentByGuest();
        refused("GuestSendsRequestOffers", guest::sendRequestOffers);
        refused("GuestSendsInitiateContact", guest::sendInitiateContact);
        refused("GuestTimesOut", guest::timeOutBus);
        assertEquals(ConnectionState.CONNECTED, guest.connection());
    }

    @Test
    void theDispatchContextTakesOnlyAMessageThatIsThere() {
        guest(8, Set.of());
        assertFalse(guest.canDispatch());
        IllegalStateException e = assertThrows(IllegalStateException.class, guest::dispatchOne);
        assertEquals("no host message", e.getMessage());
        transport.sendToGuest(ChannelMessageCodec.encode(VersionResponse.of(true, 1)));
        assertTrue(guest.canDispatch());
        guest.dispatchOne();
        assertFalse(guest.canDispatch());
    }

    /** Every bus event carries the connection state it leaves (the spec's gConn), which trace validation checks. */
    @Test
    void everyBusAndDispatchEventCarriesTheConnectionState() {
        guest(8, Set.of());
        guest.sendInitiateContact();
        assertEquals(Map.of("gConn", "Contacting"), last().post());
        sentByGuest();
        host(VersionResponse.of(true, 1));
        guest.wakeFromVersionResponse();
        assertEquals(Map.of("gConn", "Connected"), last().post());
        guest.sendRequestOffers();
        sentByGuest();
        host(new AllOffersDelivered());
        assertEquals("GuestReceivesAllOffersDelivered", last().action());
        assertEquals(Map.of("gConn", "Connected"), last().post());
        assertTrue(guest.allOffersDelivered());
        guest.sendUnload();
        assertEquals(Map.of("gConn", "Unloading"), last().post());
    }

    /** Object numbers count the offers, one each (the spec's Inst): two offers in a row are 1 and 2. */
    @Test
    void eachOfferTakesTheNextObjectNumber() {
        connect(8, Set.of());
        GuestChannel a = offered(5);
        GuestChannel b = offered(6);
        assertEquals(1, a.inst());
        assertEquals(2, b.inst());
        assertSame(a, guest.channel(1).orElseThrow());
        assertSame(b, guest.channel(2).orElseThrow());
        assertEquals(offer(5, 0, device(5)), a.offer());
        assertTrue(a.mapped());
        assertTrue(a.live());
        assertFalse(a.waiting());
    }

    /** TL_CONNECT_RESULT and MODIFYCHANNEL_RESPONSE answer nothing this guest asks: dropped, typed, traced. */
    @Test
    void aReplyToAQuestionTheGuestNeverAskedIsDiscarded() {
        connect(8, Set.of());
        host(new ModifyChannelResponse(5, 0));
        assertEquals("GuestDiscardsMessage", last().action());
        assertInstanceOf(HostMessageError.UnexpectedMessage.class, guest.errors().get(0));
        assertEquals(1, guest.errors().size());
    }

    /** A message that crossed our UNLOAD is stale: counted, traced as a discard, not a host error. */
    @Test
    void aMessageThatCrossedTheUnloadIsCountedStale() {
        connect(8, Set.of());
        guest.sendUnload();
        sentByGuest();
        host(offer(7, 0, device(7)));
        assertEquals(1, guest.staleDiscards());
        assertEquals("GuestDiscardsMessage", last().action());
        assertTrue(((String) last().params().get("error")).startsWith("stale: type="), last().toString());
        host(new AllOffersDelivered());
        assertEquals(2, guest.staleDiscards());
        assertTrue(guest.errors().isEmpty(), guest.errors().toString());
        host(new UnloadResponse());
        assertEquals(ConnectionState.DISCONNECTED, guest.connection());
    }

    @Test
    void aRescindOfAnUnknownRelidIsRejectedAndTraced() {
        connect(8, Set.of());
        host(new RescindChannelOffer(9));
        assertEquals(new Event(ChannelManager.DISPATCH, "GuestReceivesRescind", Map.of("relid", 9), Map.of()),
                last());
        assertEquals(List.of(new HostMessageError.UnknownRelid(9)), guest.errors());
    }

    /**
     * A rescind wakes a driver waiting for OPENCHANNEL_RESULT or for its sub-channels (the host never answers them
     * after a rescind, digest 1.6), not one waiting for GPADL_CREATED (the host answers every GPADL_HEADER); an open
     * rescinded before OPENCHANNEL tears its GPADL down instead (__vmbus_open checks channel->rescind).
     */
    @Test
    void aRescindWakesOnlyAnOpenOrSubChannelWait() {
        connect(8, Set.of());
        GuestChannel c = offered(5);
        driver.startOpen(c);
        GpadlHeader h = (GpadlHeader) sentByGuest();
        host(new RescindChannelOffer(5));
        assertEquals("No", last().post().get("woken"));
        assertFalse(driver.canProgress(c), "still waits for GPADL_CREATED");
        host(new GpadlCreated(5, h.gpadl(), 0));
        driver.progress(c);
        assertEquals(DriverOp.SEND_OPEN, c.op());
        driver.progress(c);
        assertEquals(new GpadlTeardown(5, h.gpadl()), sentByGuest());
        assertEquals("GuestSendsGpadlTeardown", last().action());
        assertEquals(0, transport.pendingForHost(), "no OPENCHANNEL after the rescind");

        GuestChannel d = offered(6);
        driver.startOpen(d);
        GpadlHeader h2 = (GpadlHeader) sentByGuest();
        host(new GpadlCreated(6, h2.gpadl(), 0));
        driver.progress(d);
        driver.progress(d);
        assertInstanceOf(OpenChannel.class, sentByGuest());
        host(new RescindChannelOffer(6));
        assertEquals("Rescind", last().post().get("woken"));
        assertTrue(driver.canProgress(d));

        GuestChannel p = offered(7);
        open(p);
        driver.requestSubChannels(p);
        host(new RescindChannelOffer(7));
        assertEquals("Rescind", last().post().get("woken"));
        driver.progress(p);
        assertEquals("GuestWakesFromSubChannelRequest", last().action());
        assertEquals(Map.of("inst", p.inst(), "result", "Rescind"), last().params());
    }

    /** GuestRequestsSubChannels: only on an open, idle, live primary, once; the request goes to the device. */
    @Test
    void subChannelsAreRequestedOnceOnAnOpenPrimaryAndTheCompletionWakesTheDriver() {
        connect(8, Set.of());
        GuestChannel p = offered(5);
        assertFalse(driver.canRequestSubChannels(p), "closed");
        refused("GuestRequestsSubChannels", () -> driver.requestSubChannels(p));
        open(p);
        host(offer(6, 1, device(5)));
        GuestChannel sub = guest.channelByRelid(6).orElseThrow();
        assertFalse(driver.canRequestSubChannels(sub), "a sub-channel asks for none");
        assertTrue(driver.canRequestSubChannels(p));
        driver.requestSubChannels(p);
        assertEquals(List.of(device(5)), subChannelRequests);
        assertEquals("GuestRequestsSubChannels", last().action());
        assertEquals("WaitSubs", last().post().get("op"));
        assertTrue(p.waiting());
        assertFalse(driver.canProgress(p), "no completion yet");
        subsCompleted = true;
        assertEquals(Long.MAX_VALUE, driver.deadline(p), "answered: no deadline");
        driver.progress(p);
        assertEquals(new Event(ChannelDriver.DRIVER, "GuestWakesFromSubChannelRequest",
                Map.of("inst", p.inst(), "result", "Ok"), p.post()), last());
        assertEquals(DriverOp.IDLE, p.op());
        refused("GuestRequestsSubChannels", () -> driver.requestSubChannels(p));
        assertEquals(1, subChannelRequests.size());
    }

    /** A driver's deadline runs from the start of its wait, only while it waits unanswered on a live connection. */
    @Test
    void aDriverDeadlineRunsOnlyWhileItsWaitIsUnanswered() {
        clock.advanceTo(SECOND);
        connect(8, Set.of());
        GuestChannel c = offered(5);
        assertEquals(Long.MAX_VALUE, driver.deadline(c), "idle");
        clock.advanceTo(2 * SECOND);
        driver.startOpen(c);
        GpadlHeader h = (GpadlHeader) sentByGuest();
        assertTrue(c.waiting());
        assertEquals(2 * SECOND + GuestTimeouts.DEFAULT.gpadlNanos(), driver.deadline(c));
        host(new GpadlCreated(5, h.gpadl(), 0));
        assertEquals(Long.MAX_VALUE, driver.deadline(c), "answered");

        GuestChannel d = offered(6);
        driver.startOpen(d);
        sentByGuest();
        assertTrue(driver.deadline(d) < Long.MAX_VALUE);
        guest.sendUnload();
        assertEquals(Long.MAX_VALUE, driver.deadline(d), "drivers do not wait while the bus unloads");
    }

    /** A driver's timeout: the event names the wait, says how long it ran (from its start) and what it leaves. */
    @Test
    void aDriverTimeoutSaysWhatItWaitedForAndHowLong() {
        clock.advanceTo(SECOND);
        connect(8, Set.of());
        GuestChannel c = offered(5);
        driver.startOpen(c);
        GpadlHeader h = (GpadlHeader) sentByGuest();
        assertTrue(guest.byGpadlHandle.containsKey(h.gpadl()));
        clock.advanceTo(SECOND + GuestTimeouts.DEFAULT.gpadlNanos() + 3 * MS);
        driver.progress(c);
        assertEquals(new Event(ChannelDriver.DRIVER, "GuestTimesOutWaitingForGpadlCreated", Map.of("inst", c.inst(),
                "relid", 5, "waitedMs", 5003), c.post()), last());
        assertEquals("Closed", last().post().get("st"));
        assertEquals("Leaked", last().post().get("gpadl"));
        assertEquals("GPADL_CREATED relid=5", guest.timeouts().recent().get(0).what());
        assertFalse(guest.byGpadlHandle.containsKey(h.gpadl()), "the forgotten GPADL maps nothing");
        assertEquals(1, guest.timeouts().recent().size());
    }

    /** The bus's GuestTimesOut: VERSION_RESPONSE never came; it says how long, from the INITIATE_CONTACT. */
    @Test
    void theBusTimeoutSaysWhatItWaitedForAndHowLong() {
        guest(8, Set.of());
        clock.advanceTo(SECOND);
        guest.sendInitiateContact();
        sentByGuest();
        clock.advanceTo(SECOND + GuestTimeouts.DEFAULT.contactNanos() - 1);
        refused("GuestTimesOut", guest::timeOutBus);
        clock.advanceTo(SECOND + GuestTimeouts.DEFAULT.contactNanos() + 2 * MS);
        guest.timeOutBus();
        assertEquals(new Event(ChannelManager.BUS, "GuestTimesOut",
                Map.of("wait", "VERSION_RESPONSE", "waitedMs", 5002), Map.of("gConn", "Failed")), last());
        assertEquals(ConnectionState.FAILED, guest.connection());
    }

    /**
     * A kexec'd kernel keeps nothing of the old connection: no GPADL mapping, no H5 work item; the offers lost with
     * the old message page still count in the object numbers (the spec's Inst is the host's offer count).
     */
    @Test
    void aKexecKeepsNoGpadlOrWorkItemAndCountsTheOffersItDropped() {
        connect(8, Set.of(Fault.H5));
        GuestChannel c = offered(5);
        assertEquals(1, c.inst());
        driver.startOpen(c);
        sentByGuest();
        assertFalse(guest.byGpadlHandle.isEmpty());
        assertTrue(guest.canWork(), "the probe is queued");
        transport.sendToGuest(ChannelMessageCodec.encode(offer(6, 0, device(6))));
        transport.sendToGuest(ChannelMessageCodec.encode(new GpadlTorndown(0x1234)));
        transport.sendToGuest(ChannelMessageCodec.encode(new AllOffersDelivered()));
        guest.kexec();
        assertTrue(guest.byGpadlHandle.isEmpty());
        assertFalse(guest.canWork(), "no work item survives");
        assertFalse(guest.canDispatch(), "the old message page is gone");
        reconnect();
        GuestChannel d = offered(8);
        assertEquals(3, d.inst(), "offer 2 was dropped with the old page");
    }

    /** H5: while the probe holds the worker and has not opened its channel, the worker has no step. */
    @Test
    void underFaultH5TheWorkerWaitsForTheProbeToOpen() {
        connect(8, Set.of(Fault.H5));
        GuestChannel c = offered(5);
        guest.work();
        assertFalse(guest.canWork(), "the probe has not opened the channel yet");
        assertTrue(guest.workerWaiting());
        refused("H5 worker step", guest::work);
        open(c);
        assertTrue(guest.canWork());
    }

    /** Under H8 the unmap, which comes last, also forgets the object: nothing finds it by its number any more. */
    @Test
    void underFaultH8TheUnmapReleasesTheObject() {
        connect(8, Set.of(Fault.H8));
        GuestChannel c = offered(5);
        host(new RescindChannelOffer(5));
        while (driver.canProgress(c)) {
            driver.progress(c);
        }
        assertEquals("GuestUnmapsChannel", last().action());
        assertFalse(c.live());
        assertFalse(c.mapped());
        assertTrue(guest.channel(c.inst()).isEmpty());
        assertTrue(guest.channels().isEmpty());
        assertTrue(guest.liveChannel(c.key()).isEmpty());
    }

    /** The report helpers say where a driver waits and what a channel's post-state is. */
    @Test
    void theReportHelpersDescribeTheChannel() {
        connect(8, Set.of());
        GuestChannel c = offered(5);
        driver.startOpen(c);
        assertEquals("inst=1 relid=5 op=WaitGpadl", ChannelDriver.waitDescription(c));
        assertEquals(c.post(), ChannelDriver.summary(c));
        assertEquals("WaitGpadl", ChannelDriver.summary(c).get("op"));
        assertSame(clock, guest.clock());
    }

    /** The trace names each life state as the spec does: Closed, Opening, Opened, Free. */
    @Test
    void theTraceNamesEveryChannelStateAsTheSpecDoes() {
        connect(8, Set.of());
        GuestChannel c = offered(5);
        assertEquals("Closed", last().post().get("st"));
        assertEquals("channel inst=1 relid=5 key=[" + device(5) + ", 0] state=Closed op=Idle", c.toString());
        open(c);
        assertEquals("Opening", events.stream().filter(e -> e.action().equals("GuestSendsGpadlHeader")).findFirst()
                .orElseThrow().post().get("st"));
        assertEquals("Opened", last().post().get("st"));
        assertEquals("Opened", c.state().specName());
        assertEquals(0, guest.errors().size());
        GuestChannel d = offered(6);
        host(new RescindChannelOffer(6));
        while (driver.canProgress(d)) {
            driver.progress(d);
        }
        assertEquals("Free", last().post().get("st"));
    }

    private String discarded() {
        assertEquals("GuestDiscardsMessage", last().action());
        String error = (String) last().params().get("error");
        assertEquals(guest.errors().get(guest.errors().size() - 1).describe(), error);
        return error;
    }

    /** Every host message the guest rejects is logged and traced with its typed error's text, fields included. */
    @Test
    void everyRejectedHostMessageIsTracedWithItsErrorText() {
        connect(8, Set.of());
        transport.sendToGuest(new byte[3]);
        guest.dispatchOne();
        assertTrue(discarded().startsWith("malformed host message: "), discarded());
        assertTrue(discarded().length() > "malformed host message: ".length(), discarded());
        host(new ModifyChannelResponse(5, 0));
        assertEquals("unexpected host message: type=CHANNELMSG_MODIFYCHANNEL_RESPONSE connection=Connected",
                discarded());
        offered(5);
        host(offer(5, 0, device(5)));
        assertEquals("duplicate offer: relid=5 device=" + device(5) + " subIndex=0", discarded());
        host(offer(6, 1, device(9)));
        assertEquals("sub-channel offer without primary: relid=6 device=" + device(9) + " subIndex=1", discarded());
        host(new GpadlCreated(5, 0x1234, 0));
        assertEquals("reply without waiter: type=CHANNELMSG_GPADL_CREATED relid=5 gpadl=0x1234", discarded());
        host(offer(2048, 0, device(2048)));
        assertEquals("offer relid out of range: relid=2048 max=2048", discarded());
        host(new RescindChannelOffer(9));
        assertEquals("rescind of unknown relid: relid=9", guest.errors().get(guest.errors().size() - 1).describe());
        host(new RescindChannelOffer(5));
        host(new RescindChannelOffer(5));
        assertEquals("duplicate rescind: relid=5", guest.errors().get(guest.errors().size() - 1).describe());
    }
}
