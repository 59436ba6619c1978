package dev.enlightened.netvsc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enlightened.ring.ChannelRings;
import dev.enlightened.ring.PacketDescriptor;
import dev.enlightened.sim.Actor;
import dev.enlightened.sim.DeterministicScheduler;
import dev.enlightened.sim.RandomChooser;
import dev.enlightened.trace.TraceSink;
import dev.enlightened.wire.nvsp.NvspCodec;
import dev.enlightened.wire.nvsp.NvspMessage;
import dev.enlightened.wire.nvsp.NvspVersion;
import dev.enlightened.wire.nvsp.TransferPageSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The guest data path against its VSP half, and against a host that writes what no correct host writes. */
class GuestDataPathTest {
    private static final byte[] MAC = {0x00, 0x15, 0x5d, 0x00, 0x00, 0x07};
    private static final int SECTION = 1024;

    /** One device: NVSP setup, data path, VSP; frames the guest sends are captured at the VSP's uplink. */
    /** @return true to read every ring as an isolated guest does; {@link GuestDataPathIsolatedTest} says true */
    boolean isolated() {
        return false;
    }

    private static final class Device {
        final ChannelRings rings;
        final byte[] recvBuffer = new byte[8 * NetvscHostConfig.DEFAULT_RECV_SECTION];
        final GuestDataPath nic;
        final HostDataPath vsp;
        final List<Actor> actors;
        final List<byte[]> uplink = new ArrayList<>();
        /** Virtual time: it moves only when every context waits on a deadline. */
        final dev.enlightened.clock.VirtualClock clock = new dev.enlightened.clock.VirtualClock();

        Device(boolean isolated) {
            rings = ChannelRings.create(4096, isolated);
            assertEquals(isolated, rings.isolated());
            int sendBytes = 8 * SECTION;
            NetvscGuestConfig gc = new NetvscGuestConfig(1, 1, recvBuffer.length, 2, sendBytes,
                    NvspVersion.newestFirst(), Set.of());
            NetvscHostConfig hc = new NetvscHostConfig(NvspVersion.V61, 0, false, NetvscHostConfig.DEFAULT_RECV_SECTION,
                    SECTION, Map.of(1, recvBuffer.length, 2, sendBytes));
            SubchannelOffers offers = new SubchannelOffers();
            NetvscGuest guest = new NetvscGuest(gc, rings, offers, TraceSink.OFF);
            NetvscHost host = new NetvscHost(hc, rings, offers, TraceSink.OFF);
            byte[] sendBuffer = new byte[sendBytes];
            GuestPages pages = new GuestPages(64, 0x5000);
            DataPathTrace trace = new DataPathTrace(TraceSink.OFF);
            DataPathConfig c = DataPathConfig.linux(4096, 2, 8, Set.of());
            nic = new GuestDataPath(c, guest, rings, sendBuffer, recvBuffer, pages, trace, clock);
            vsp = new HostDataPath(c, rings, sendBuffer, SECTION, recvBuffer, NetvscHostConfig.DEFAULT_RECV_SECTION,
                    pages, MAC, 1500, trace, new RandomChooser(3));
            host.attachDataPath(vsp);
            vsp.connect(uplink::add);
            actors = List.of(guest.primary(), guest.offerHandler(), guest.openWorker(), host, nic.xmit(), nic.napi(),
                    vsp.completer(), vsp.receiver());
        }

        void settle() {
            new DeterministicScheduler(new RandomChooser(1), actors).run(100_000);
        }

        void hostWrites(int type, long transId, byte[] ext, byte[] payload) {
            rings.hostOut().tryWrite(type, PacketDescriptor.FLAG_COMPLETION_REQUESTED, transId, ext, payload, 0,
                    payload.length);
        }
    }

    @Test
    void anRndisRequestNeverAnsweredFailsTheBringUpAfterFiveSecondsOfVirtualTime() {
        Device d = new Device(isolated());
        // Every context but the VSP's receive path, which carries the RNDIS answers: INITIALIZE is never answered.
        List<Actor> silent = d.actors.stream().filter(a -> !a.name().equals("host-rx")).toList();
        assertEquals(d.actors.size() - 1, silent.size());
        DeterministicScheduler s = new DeterministicScheduler(new RandomChooser(1), silent, d.clock, b -> { });
        assertFalse(s.run(100_000).budgetExhausted());
        assertEquals(1, s.stalls(), () -> "one stall, ended by the timeout: phase=" + d.nic.rndis().phase()
                + " deadline=" + d.nic.rndis().deadline() + " input=" + d.rings.guestHasInput() + " setup="
                + d.nic.rndis().failure());
        assertEquals(GuestRndis.TIMEOUT_NANOS, d.clock.nanos());
        assertEquals(GuestRndis.Phase.FAILED, d.nic.rndis().phase());
        DataPathError.RndisTimeout t = assertInstanceOf(DataPathError.RndisTimeout.class, d.nic.rndis().failure());
        assertTrue(t.timeout().what().contains("INIT"), t.describe());
        assertEquals(GuestRndis.TIMEOUT_NANOS, t.timeout().waitedNanos());
        assertFalse(d.nic.up());
    }

    @Test
    void aCorrectHostsBringUpNeverWaitsLongEnoughToTimeOut() {
        Device d = new Device(isolated());
        DeterministicScheduler s = new DeterministicScheduler(new RandomChooser(1), d.actors, d.clock, b -> { });
        s.run(100_000);
        assertTrue(d.nic.up());
        assertEquals(0, s.stalls());
        assertEquals(0, d.clock.nanos());
    }

    @Test
    void bringsUpRndisWithTheHostsMacMtuAndLinkThenSetsTheFilter() {
        Device d = new Device(isolated());
        d.settle();
        assertTrue(d.nic.up());
        assertArrayEquals(MAC, d.nic.rndis().mac());
        assertEquals(1500, d.nic.rndis().mtu());
        assertEquals(0, d.nic.rndis().linkStatus());
        assertEquals(GuestRndis.FILTER, d.vsp.packetFilter());
        assertEquals(8, d.vsp.recvFree(), "every control answer's section came back");
    }

    @Test
    void sendsSmallFramesThroughASectionAndLargeOnesGpaDirectAndGetsEveryCompletion() {
        Device d = new Device(isolated());
        d.settle();
        byte[] small = new byte[60];
        byte[] large = new byte[1400];
        small[0] = 1;
        large[0] = 2;
        large[1399] = 3;
        d.nic.transmit(small);
        d.nic.transmit(large);
        d.settle();
        assertEquals(2, d.uplink.size());
        assertArrayEquals(small, d.uplink.get(0));
        assertArrayEquals(large, d.uplink.get(1));
        assertEquals(0, d.nic.txQueue().pending());
        assertEquals(0, d.nic.sendInUse());
        assertEquals(0, d.nic.errors().total() + d.vsp.errors().total());
    }

    @Test
    void dropsATransferPagePacketWhoseRangeLeavesTheReceiveBuffer() {
        Device d = new Device(isolated());
        d.settle();
        byte[] ext = new TransferPageSet(GuestDataPath.RECEIVE_BUFFER_ID, false,
                List.of(new TransferPageSet.Range(100, d.recvBuffer.length - 50))).encode();
        d.hostWrites(TransferPageSet.PACKET_TYPE, 77, ext, NvspCodec.encode(new NvspMessage.SendRndisPacket(0,
                NvspMessage.SendRndisPacket.NO_SECTION, 0)));
        d.nic.napi().step();
        assertInstanceOf(DataPathError.BadTransferPages.class, d.nic.errors().recent().get(0));
        assertEquals(0, d.nic.rxCompQueued(0));
    }

    @Test
    void completesARangeThatHoldsNoValidRndisMessageWithFailure() {
        Device d = new Device(isolated());
        d.settle();
        java.util.Arrays.fill(d.recvBuffer, 0, 64, (byte) 0x7F);
        byte[] ext = new TransferPageSet(GuestDataPath.RECEIVE_BUFFER_ID, false,
                List.of(new TransferPageSet.Range(64, 0))).encode();
        d.hostWrites(TransferPageSet.PACKET_TYPE, 78, ext, NvspCodec.encode(new NvspMessage.SendRndisPacket(0,
                NvspMessage.SendRndisPacket.NO_SECTION, 0)));
        d.nic.napi().step();
        assertInstanceOf(DataPathError.BadRndis.class, d.nic.errors().recent().get(0));
        assertEquals(0, d.nic.frameCounts()[1], "nothing delivered");
    }

    @Test
    void ignoresACompletionForNothingOutstandingAndAnUnknownPacketType() {
        Device d = new Device(isolated());
        d.settle();
        d.hostWrites(PacketDescriptor.TYPE_COMP, 999, new byte[0],
                NvspCodec.encode(new NvspMessage.SendRndisPacketComplete(1)));
        d.hostWrites(PacketDescriptor.TYPE_DATA_INBAND, 5, new byte[0], new byte[8]);
        d.nic.napi().step();
        List<DataPathError> e = d.nic.errors().recent();
        assertInstanceOf(DataPathError.UnknownCompletion.class, e.get(0));
        assertInstanceOf(DataPathError.BadPacket.class, e.get(1));
        assertEquals(0, d.nic.txQueue().pending());
    }
}
