package dev.enlightened.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enlightened.medium.SubChannelDevice;
import dev.enlightened.medium.Transport;
import dev.enlightened.trace.TraceSink;
import dev.enlightened.wire.AllOffersDelivered;
import dev.enlightened.wire.ChannelMessage;
import dev.enlightened.wire.ChannelMessageCodec;
import dev.enlightened.wire.CloseChannel;
import dev.enlightened.wire.DecodeError;
import dev.enlightened.wire.DecodeResult;
import dev.enlightened.wire.GpadlCreated;
import dev.enlightened.wire.GpadlHeader;
import dev.enlightened.wire.GpadlTorndown;
import dev.enlightened.wire.Guid;
import dev.enlightened.wire.InitiateContact;
import dev.enlightened.wire.MessageType;
import dev.enlightened.wire.ModifyChannelResponse;
import dev.enlightened.wire.OfferChannel;
import dev.enlightened.wire.OpenChannelResult;
import dev.enlightened.wire.ProtocolVersion;
import dev.enlightened.wire.RescindChannelOffer;
import dev.enlightened.wire.TlConnectResult;
import dev.enlightened.wire.UnloadResponse;
import dev.enlightened.wire.UserData;
import dev.enlightened.wire.VersionResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The guest treats every host message as untrusted: hostile ones are rejected with typed errors, never a crash. */
class ChannelManagerTest {
    private static final Guid DEVICE = Guid.parse("00000000-0000-0000-0000-000000000001");

    private final Transport transport = new Transport();
    private final Set<Guid> completed = new HashSet<>();
    private ChannelManager guest;
    private ChannelDriver driver;

    @BeforeEach
    void connect() {
        SubChannelDevice device = new SubChannelDevice() {
            @Override
            public void requestSubChannels(Guid d) {
            }

            @Override
            public boolean subChannelRequestCompleted(Guid d) {
                return completed.contains(d);
            }
        };
        guest = new ChannelManager(new GuestConfig(List.of(ProtocolVersion.WIN10_V5_3, ProtocolVersion.WIN10_V5_2),
                16, Set.of()), transport, device, TraceSink.OFF);
        driver = new ChannelDriver(guest);
        guest.sendInitiateContact();
        assertInstanceOf(InitiateContact.class, sentByGuest());
        host(VersionResponse.of(true, 1));
        guest.wakeFromVersionResponse();
        guest.sendRequestOffers();
        sentByGuest();
    }

    private void host(ChannelMessage m) {
        hostBytes(ChannelMessageCodec.encode(m));
    }

    private void hostBytes(byte[] bytes) {
        transport.sendToGuest(bytes);
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

    private HostMessageError lastError() {
        List<HostMessageError> e = guest.errors();
        assertFalse(e.isEmpty(), "expected a rejected host message");
        return e.get(e.size() - 1);
    }

    /** Opens the channel of relid 5 up to the point where it waits for OPENCHANNEL_RESULT. */
    private GuestChannel openUntilWaitOpen() {
        host(offer(5, 0));
        GuestChannel c = guest.channelByRelid(5).orElseThrow();
        driver.startOpen(c);
        GpadlHeader h = (GpadlHeader) sentByGuest();
        while (c.op() == DriverOp.SEND_BODIES) {
            driver.progress(c);
            sentByGuest();
        }
        host(new GpadlCreated(5, h.gpadl(), 0));
        driver.progress(c);
        driver.progress(c);
        dev.enlightened.wire.OpenChannel open = (dev.enlightened.wire.OpenChannel) sentByGuest();
        assertEquals(h.gpadl(), open.ringBufferGpadl());
        assertEquals(16, open.downstreamPageOffset());
        assertEquals(DriverOp.WAIT_OPEN, c.op());
        return c;
    }

    @Test
    void connectsWithTheNewestVersionTheHostAccepts() {
        assertEquals(ConnectionState.CONNECTED, guest.connection());
        assertEquals(ProtocolVersion.WIN10_V5_3, guest.agreedVersion().orElseThrow());
    }

    @Test
    void opensAChannelThroughRingGpadlHeaderBodyAndOpenResult() {
        GuestChannel c = openUntilWaitOpen();
        host(new OpenChannelResult(5, 5, 0));
        driver.progress(c);
        ChannelState.Opened opened = assertInstanceOf(ChannelState.Opened.class, c.state());
        assertEquals(GpadlState.CREATED, c.gpadl());
        assertTrue(guest.errors().isEmpty());
        // Two rings of 16 pages in one 32-page GPADL: a control page each, then 15 pages of data.
        RingGpadl ring = opened.ring();
        assertEquals(32, ring.pfns().size());
        assertEquals(16, ring.downstreamPageOffset());
        assertEquals(15 * RingGpadl.PAGE, ring.upstream().dataLength());
        assertEquals(15 * RingGpadl.PAGE, ring.downstream().dataLength());
    }

    @Test
    void rejectsEveryHostMessageTypeTruncatedByOneByte() {
        List<ChannelMessage> samples = List.of(offer(5, 0), new RescindChannelOffer(5), new AllOffersDelivered(),
                new OpenChannelResult(5, 5, 0), new GpadlCreated(5, 0xE1E10, 0), new GpadlTorndown(0xE1E10),
                VersionResponse.of(true, 1), new UnloadResponse(), new TlConnectResult(Guid.NIL, Guid.NIL, 0),
                new ModifyChannelResponse(5, 0));
        Set<MessageType> covered = new HashSet<>();
        for (ChannelMessage m : samples) {
            byte[] b = ChannelMessageCodec.encode(m);
            hostBytes(Arrays.copyOf(b, b.length - 1));
            HostMessageError e = lastError();
            assertInstanceOf(HostMessageError.Malformed.class, e, m.type().wireName());
            assertInstanceOf(DecodeError.Truncated.class, ((HostMessageError.Malformed) e).error());
            covered.add(m.type());
        }
        for (MessageType t : MessageType.values()) {
            if (t.direction() == dev.enlightened.wire.Direction.HOST_TO_GUEST && !t.isReserved()) {
                assertTrue(covered.contains(t), "no truncation sample for " + t.wireName());
            }
        }
        assertTrue(guest.channels().isEmpty(), "a truncated offer created a channel");
    }

    @Test
    void rejectsAnUnknownMessageType() {
        byte[] b = new byte[16];
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(0, 99);
        hostBytes(b);
        assertInstanceOf(DecodeError.UnknownType.class, ((HostMessageError.Malformed) lastError()).error());
    }

    @Test
    void rejectsAGuestToHostMessageSentByTheHost() {
        host(new CloseChannel(5));
        assertInstanceOf(DecodeError.WrongDirection.class, ((HostMessageError.Malformed) lastError()).error());
    }

    @Test
    void rejectsADuplicateOfferAndKeepsTheFirstChannel() {
        host(offer(5, 0));
        host(offer(5, 0));
        assertInstanceOf(HostMessageError.DuplicateOffer.class, lastError());
        host(offer(6, 0));
        assertInstanceOf(HostMessageError.DuplicateOffer.class, lastError(), "same device, second primary");
        assertEquals(1, guest.channels().size());
    }

    @Test
    void rejectsASubChannelOfferWithoutPrimary() {
        host(offer(7, 1));
        assertInstanceOf(HostMessageError.OrphanSubChannel.class, lastError());
        assertTrue(guest.channels().isEmpty());
    }

    @Test
    void rejectsGpadlCreatedForAnUnknownGpadl() {
        host(offer(5, 0));
        host(new GpadlCreated(5, 0x1234, 0));
        assertEquals(new HostMessageError.NoWaiter(MessageType.GPADL_CREATED, 5, 0x1234), lastError());
    }

    @Test
    void rejectsOpenResultForAChannelNotOpening() {
        host(offer(5, 0));
        host(new OpenChannelResult(5, 5, 0));
        assertInstanceOf(HostMessageError.NoWaiter.class, lastError());
        assertInstanceOf(ChannelState.Closed.class, guest.channelByRelid(5).orElseThrow().state());
    }

    @Test
    void rejectsOpenResultWithTheWrongRelidOrOpenId() {
        GuestChannel c = openUntilWaitOpen();
        host(new OpenChannelResult(6, 6, 0));
        assertInstanceOf(HostMessageError.NoWaiter.class, lastError());
        host(new OpenChannelResult(5, 9, 0));
        assertInstanceOf(HostMessageError.NoWaiter.class, lastError());
        assertEquals(Reply.NONE, c.woken, "a mismatched reply woke the waiter");
        host(new OpenChannelResult(5, 5, 0));
        assertEquals(Reply.OK, c.woken);
    }

    @Test
    void rejectsADuplicateOpenResult() {
        openUntilWaitOpen();
        host(new OpenChannelResult(5, 5, 0));
        host(new OpenChannelResult(5, 5, 1));
        assertInstanceOf(HostMessageError.NoWaiter.class, lastError());
    }

    @Test
    void rejectsGpadlTorndownForAGpadlNotBeingTornDown() {
        host(new GpadlTorndown(0xE1E10));
        assertEquals(new HostMessageError.NoWaiter(MessageType.GPADL_TORNDOWN, -1, 0xE1E10), lastError());
    }

    @Test
    void rejectsVersionResponseWhileConnected() {
        host(VersionResponse.of(false, 1));
        assertEquals(new HostMessageError.UnexpectedMessage(MessageType.VERSION_RESPONSE,
                ConnectionState.CONNECTED), lastError());
        assertEquals(ConnectionState.CONNECTED, guest.connection());
    }

    @Test
    void rejectsUnloadResponseWithoutUnload() {
        host(new UnloadResponse());
        assertInstanceOf(HostMessageError.UnexpectedMessage.class, lastError());
        assertEquals(ConnectionState.CONNECTED, guest.connection());
    }

    /** Opens a channel already offered, up to Opened. */
    private void open(GuestChannel c) {
        driver.startOpen(c);
        GpadlHeader h = (GpadlHeader) sentByGuest();
        while (c.op() == DriverOp.SEND_BODIES) {
            driver.progress(c);
            sentByGuest();
        }
        host(new GpadlCreated(c.relid(), h.gpadl(), 0));
        driver.progress(c);
        driver.progress(c);
        sentByGuest();
        host(new OpenChannelResult(c.relid(), c.relid(), 0));
        driver.progress(c);
        assertInstanceOf(ChannelState.Opened.class, c.state());
    }

    @Test
    void rescindedPrimaryClosesOnlyAfterItsOpenSubChannel() {
        host(offer(5, 0));
        GuestChannel primary = guest.channelByRelid(5).orElseThrow();
        open(primary);
        host(offer(6, 1));
        GuestChannel sub = guest.channelByRelid(6).orElseThrow();
        open(sub);
        host(new RescindChannelOffer(6));
        host(new RescindChannelOffer(5));
        assertFalse(driver.canProgress(primary), "primary closed while its sub-channel is open (rule 1.12.8)");
        driver.progress(sub);
        assertInstanceOf(ChannelState.Closed.class, sub.state());
        assertTrue(driver.canProgress(primary));
        driver.progress(primary);
        assertInstanceOf(ChannelState.Closed.class, primary.state());
    }

    @Test
    void rescindWakesTheOpenWaiter() {
        GuestChannel c = openUntilWaitOpen();
        host(new RescindChannelOffer(5));
        assertEquals(Reply.RESCIND, c.woken);
        driver.progress(c);
        assertInstanceOf(ChannelState.Closed.class, c.state());
        assertEquals(DriverOp.TEARDOWN, c.op());
    }

    @Test
    void rejectsRescindOfUnknownRelidAndADuplicateRescind() {
        host(new RescindChannelOffer(9));
        assertEquals(new HostMessageError.UnknownRelid(9), lastError());
        host(offer(5, 0));
        host(new RescindChannelOffer(5));
        host(new RescindChannelOffer(5));
        assertEquals(new HostMessageError.DuplicateRescind(5), lastError());
        assertEquals(1, guest.channelByRelid(5).orElseThrow().removePending, "duplicate rescind queued removal");
    }

    @Test
    void releasesARescindedChannelAfterUnmappingIt() {
        host(offer(5, 0));
        GuestChannel c = guest.channelByRelid(5).orElseThrow();
        host(new RescindChannelOffer(5));
        driver.progress(c);
        assertFalse(c.mapped(), "unmapped first");
        assertTrue(transport.pendingForHost() == 0, "nothing sent before the unmap");
        driver.progress(c);
        assertEquals(new dev.enlightened.wire.RelidReleased(5), sentByGuest());
        assertInstanceOf(ChannelState.Free.class, c.state());
    }

    @Test
    void rejectsOffersBeforeAVersionIsAgreed() {
        ChannelManager fresh = new ChannelManager(new GuestConfig(List.of(ProtocolVersion.WIN10_V5_3), 16,
                Set.of()), transport, null, TraceSink.OFF);
        transport.sendToGuest(ChannelMessageCodec.encode(offer(5, 0)));
        fresh.dispatchOne();
        assertEquals(new HostMessageError.UnexpectedMessage(MessageType.OFFERCHANNEL,
                ConnectionState.DISCONNECTED), fresh.errors().get(0));
    }

    /**
     * Rule: after a reconnect without UNLOAD (kexec, kdump), what the host sent before it saw the new kernel's
     * INITIATE_CONTACT was meant for the previous kernel (the host resets only on that INITIATE_CONTACT, and delivery
     * is in order): stale, dropped and counted as such, not as a host error; from the VERSION_RESPONSE on, an
     * unexpected message is the host's error again.
     */
    @Test
    void messagesSentBeforeTheReconnectsVersionResponseAreStaleNotHostErrors() {
        GuestChannel c = openUntilWaitOpen();
        guest.kexec();
        host(new OpenChannelResult(c.relid(), c.relid(), 0)); // answers the old kernel's OPENCHANNEL
        guest.sendInitiateContact();
        assertInstanceOf(InitiateContact.class, sentByGuest());
        host(new RescindChannelOffer(5)); // the old connection's rescind, crossing our INITIATE_CONTACT
        host(offer(6, 0));
        assertEquals(List.of(), guest.errors());
        assertEquals(3, guest.staleDiscards());
        host(VersionResponse.of(true, 1));
        guest.wakeFromVersionResponse();
        assertEquals(ConnectionState.CONNECTED, guest.connection());
        host(new UnloadResponse()); // after the host's reset: no longer stale, a host error
        assertEquals(new HostMessageError.UnexpectedMessage(MessageType.UNLOAD_RESPONSE, ConnectionState.CONNECTED),
                lastError());
        assertEquals(3, guest.staleDiscards());
    }

    // ---------------------------------------------------------------- issue 12: a hostile host cannot hurt the guest

    @Test
    void refusesAnOfferWhoseRelidIsOutsideTheRelidTable() {
        for (int relid : new int[] {ChannelManager.MAX_CHANNEL_RELIDS, 0x7FFF_FFFF, 0x8000_0000}) {
            host(offer(relid, 0));
            assertEquals(new HostMessageError.RelidOutOfRange(relid, ChannelManager.MAX_CHANNEL_RELIDS), lastError());
        }
        assertTrue(guest.channels().isEmpty(), "an out-of-table relid created a channel");
        host(offer(ChannelManager.MAX_CHANNEL_RELIDS - 1, 0));
        assertEquals(1, guest.channels().size(), "the last relid of the table is valid");
    }

    @Test
    void forgetsAChannelObjectOnceItsRelidIsReleased() {
        int cycles = 3_000;
        for (int i = 0; i < cycles; i++) {
            host(offer(5, 0));
            GuestChannel c = guest.channelByRelid(5).orElseThrow();
            host(new RescindChannelOffer(5));
            while (driver.canProgress(c)) {
                driver.progress(c);
            }
            assertInstanceOf(ChannelState.Free.class, c.state());
            assertInstanceOf(dev.enlightened.wire.RelidReleased.class, sentByGuest());
        }
        assertTrue(guest.channels().isEmpty(), "released objects kept: " + guest.channels().size());
        assertTrue(guest.errors().isEmpty(), guest.errors().toString());
        host(offer(5, 0));
        assertEquals(cycles + 1, guest.channelByRelid(5).orElseThrow().inst(), "object numbers keep counting");
    }

    @Test
    void dropsAllOffersDeliveredThatDoesNotAnswerThisConnectionsRequestOffers() {
        host(new AllOffersDelivered());
        assertTrue(guest.allOffersDelivered());
        assertTrue(guest.errors().isEmpty());
        host(new AllOffersDelivered());
        assertEquals(new HostMessageError.UnexpectedMessage(MessageType.ALLOFFERS_DELIVERED,
                ConnectionState.CONNECTED), lastError(), "a second one on the same connection");

        Transport t = new Transport();
        ChannelManager early = new ChannelManager(new GuestConfig(List.of(ProtocolVersion.WIN10_V5_3), 16, Set.of()),
                t, null, TraceSink.OFF);
        early.sendInitiateContact();
        t.sendToGuest(ChannelMessageCodec.encode(VersionResponse.of(true, 1)));
        early.dispatchOne();
        early.wakeFromVersionResponse();
        t.sendToGuest(ChannelMessageCodec.encode(new AllOffersDelivered()));
        early.dispatchOne();
        assertFalse(early.allOffersDelivered(), "accepted before REQUESTOFFERS");
        assertEquals(1, early.errorLog().count(HostMessageError.UnexpectedMessage.class));
    }

    @Test
    void keepsBoundedRecordsAndLogLinesWhateverTheHostSends() {
        int bad = 1_000_000;
        Runtime rt = Runtime.getRuntime();
        System.gc();
        long before = rt.totalMemory() - rt.freeMemory();
        for (int i = 0; i < bad; i++) {
            host(new RescindChannelOffer(1 + (i % (ChannelManager.MAX_CHANNEL_RELIDS - 1))));
        }
        System.gc();
        long grown = rt.totalMemory() - rt.freeMemory() - before;
        assertEquals(bad, guest.errorLog().total());
        assertEquals(bad, guest.errorLog().count(HostMessageError.UnknownRelid.class));
        assertEquals(dev.enlightened.bounded.ErrorLog.DEFAULT_KEEP, guest.errors().size());
        assertTrue(guest.errorLog().linesLogged() <= dev.enlightened.bounded.ErrorLog.LOG_BURST + 64,
                "log lines: " + guest.errorLog().linesLogged());
        // 10^6 kept records were about 23 MiB on the old main; a bounded log keeps a few KiB.
        assertTrue(grown < 4L << 20, "heap grew by " + grown + " bytes over " + bad + " bad messages");
    }

    @Test
    void proposesAnOlderVersionWithTheInterruptPageAsLinuxDoes() {
        Transport t = new Transport();
        ChannelManager old = new ChannelManager(new GuestConfig(List.of(ProtocolVersion.WIN10_V4_1), 16, Set.of()),
                t, null, TraceSink.OFF);
        old.sendInitiateContact();
        InitiateContact ic = (InitiateContact) ((DecodeResult.Decoded) ChannelMessageCodec.decode(
                t.takeForHost().orElseThrow())).message();
        assertEquals(ProtocolVersion.WIN10_V4_1.value(), ic.versionRequested());
        assertEquals(ChannelManager.INTERRUPT_PAGE, ic.interruptPageOrTargetInfo(), "interrupt_page, not msg_sint");
    }
}
