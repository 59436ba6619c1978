package dev.enlightened.netvsc;

import dev.enlightened.ring.ChannelRings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enlightened.ring.PacketDescriptor;
import dev.enlightened.sim.Actor;
import dev.enlightened.trace.TraceSink;
import dev.enlightened.wire.nvsp.NvspCodec;
import dev.enlightened.wire.nvsp.NvspDecodeError;
import dev.enlightened.wire.nvsp.NvspMessage;
import dev.enlightened.wire.nvsp.NvspVersion;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * The guest driver against the simulated VSP and against a hostile host that writes crafted packets on the
 * primary ring: every bad message becomes a typed error, never an exception or a hang.
 */
class NetvscGuestTest {
    private static final int RECV = 0x11;
    private static final int SEND = 0x22;

    /** @return true to run every case with the isolated-guest ring reader ({@link NetvscGuestIsolatedTest}) */
    boolean isolated() {
        return false;
    }

    /** A guest and a host on one channel, stepped round-robin by hand. */
    final class Rig {
        final ChannelRings rings;
        final SubchannelOffers offers = new SubchannelOffers();
        final NetvscGuest guest;
        final NetvscHost host;
        final List<Actor> guestActors;
        /** Virtual time: it moves only when a test moves it. */
        final dev.enlightened.clock.VirtualClock clock = new dev.enlightened.clock.VirtualClock();

        Rig(int requested, NetvscHostConfig hc, Set<NetvscFault> faults) {
            this(requested, hc, faults, ChannelRings.create(16 * 1024, isolated()));
        }

        Rig(int requested, NetvscHostConfig hc, Set<NetvscFault> faults, ChannelRings rings) {
            this.rings = rings;
            guest = new NetvscGuest(NetvscGuestConfig.linux(requested, RECV, SEND, faults), rings, offers,
                    TraceSink.OFF, clock, NetvscGuest.DEFAULT_TIMEOUT_NANOS);
            host = new NetvscHost(hc, rings, offers, TraceSink.OFF);
            guestActors = List.of(guest.primary(), guest.offerHandler(), guest.openWorker());
        }

        Rig(int requested, int capacity) {
            this(requested, host(NvspVersion.V61, capacity), Set.of());
        }

        /** Steps guest contexts (and the host if {@code withHost}) until {@code done} or nothing can step. */
        void runUntil(BooleanSupplier done, boolean withHost) {
            for (int i = 0; i < 1000 && !done.getAsBoolean(); i++) {
                boolean stepped = false;
                for (Actor a : guestActors) {
                    if (!done.getAsBoolean() && a.canStep()) {
                        a.step();
                        stepped = true;
                    }
                }
                if (withHost && !done.getAsBoolean() && host.canStep()) {
                    host.step();
                    stepped = true;
                }
                if (!stepped) {
                    return;
                }
            }
        }

        /** Runs to the SUBCHANNEL request, which stays unread: the test plays the host from there. */
        void toAwaitCompletion() {
            runUntil(() -> guest.state() instanceof GuestState.AwaitCompletion, true);
            assertInstanceOf(GuestState.AwaitCompletion.class, guest.state());
        }

        long outstanding() {
            return ((GuestState.AwaitCompletion) guest.state()).transId();
        }

        void hostWrites(int type, long transId, byte[] payload) {
            assertEquals(dev.enlightened.ring.WriteResult.Written.INSTANCE,
                    rings.hostOut().tryWrite(type, 0, transId, payload, 0, payload.length));
        }

        void hostCompletes(long transId, NvspMessage m) {
            hostWrites(PacketDescriptor.TYPE_COMP, transId, NvspCodec.encode(m, NvspCodec.Form.COMPACT));
        }

        NetvscError failure() {
            return assertInstanceOf(GuestState.Failed.class, guest.state()).error();
        }
    }

    static NetvscHostConfig host(NvspVersion max, int capacity) {
        return new NetvscHostConfig(max, capacity, false, 1728, 6144, Map.of(RECV, 16 << 20, SEND, 1 << 20));
    }

    @Test
    void negotiatesTheNewestVersionAndProceedsWithEveryGrantedSubChannelOpen() {
        Rig r = new Rig(3, 2);
        r.runUntil(() -> false, true);
        assertEquals(NvspVersion.V61, r.guest.version());
        assertEquals(new GuestState.Proceeded(3), r.guest.state());
        assertEquals(List.of(1, 2), r.guest.openedSubChannels());
        assertEquals(2, r.guest.openAtProceed());
        assertEquals(9709, r.guest.sections()[0]); // 16 MiB / 1728
        assertEquals(170, r.guest.sections()[1]); // 1 MiB / 6144
        assertTrue(r.guest.errors().isEmpty(), r.guest.errors().toString());
        assertTrue(r.host.errors().isEmpty(), r.host.errors().toString());
    }

    /** Packets the guest wrote and the host has not read: {flags, trans_id, payload} each. */
    static List<Object[]> drainGuestPackets(Rig r) {
        List<Object[]> got = new java.util.ArrayList<>();
        r.rings.hostIn().poll(p -> {
            byte[] b = new byte[p.payloadLength()];
            p.copyPayload(0, b, 0, b.length);
            got.add(new Object[] {p.flags(), p.transId(), b});
        }, 16);
        return got;
    }

    @Test
    void sendsLinuxFixedSizeMessagesInLinuxOrder() {
        Rig r = new Rig(3, 3);
        r.guestActors.get(0).step();
        List<Object[]> init = drainGuestPackets(r);
        assertEquals(1, init.size());
        assertEquals(PacketDescriptor.FLAG_COMPLETION_REQUESTED, init.get(0)[0]);
        byte[] expected = new byte[40];
        expected[0] = 1; // msg_type INIT
        expected[4] = 1; // min_protocol_ver 0x00060001, little-endian
        expected[6] = 6;
        expected[8] = 1; // max_protocol_ver
        expected[10] = 6;
        org.junit.jupiter.api.Assertions.assertArrayEquals(expected, (byte[]) init.get(0)[2]);
        r.hostCompletes((long) init.get(0)[1], new NvspMessage.InitComplete(0, 0, NvspMessage.STATUS_SUCCESS));
        r.guestActors.get(0).step();
        List<Object[]> next = drainGuestPackets(r);
        assertEquals(3, next.size());
        byte[] config = (byte[]) next.get(0)[2];
        assertEquals(125, config[0]);
        assertEquals(1514 & 0xFF, config[4] & 0xFF); // mtu + ETH_HLEN
        assertEquals(1514 >> 8, config[5]);
        assertEquals(0xAC, config[12] & 0xFF); // sriov | ieee8021q | teaming | rsc at V6.1
        assertEquals(0, next.get(0)[0]);
        byte[] ndis = (byte[]) next.get(1)[2];
        assertEquals(100, ndis[0]);
        assertEquals(6, ndis[4]);
        assertEquals(30, ndis[8]);
        assertEquals(0, next.get(1)[0]);
        byte[] recv = (byte[]) next.get(2)[2];
        assertEquals(101, recv[0]);
        assertEquals(RECV, recv[4]);
        assertEquals((byte) 0xFE, recv[8]); // id 0xCAFE
        assertEquals((byte) 0xCA, recv[9]);
        assertEquals(PacketDescriptor.FLAG_COMPLETION_REQUESTED, next.get(2)[0]);
        assertTrue(next.stream().allMatch(p -> ((byte[]) p[2]).length == 40));
    }

    @Test
    void fallsBackNewestToOldestAndSkipsSubChannelsBeforeV5() {
        Rig r = new Rig(3, host(NvspVersion.V4, 3), Set.of());
        r.runUntil(() -> false, true);
        assertEquals(NvspVersion.V4, r.guest.version());
        assertEquals(new GuestState.Proceeded(1), r.guest.state());
        assertEquals(0, r.host.allocations());
    }

    @Test
    void hostThatRefusesTheAllocationLeavesThePrimaryChannelOnly() {
        NetvscHostConfig hc = new NetvscHostConfig(NvspVersion.V61, 3, true, 1728, 6144,
                Map.of(RECV, 16 << 20, SEND, 1 << 20));
        Rig r = new Rig(3, hc, Set.of());
        r.runUntil(() -> false, true);
        assertEquals(new GuestState.Proceeded(1), r.guest.state());
        NetvscError e = r.guest.errors().get(0);
        assertEquals(new NetvscError.AllocationRefused(NvspMessage.STATUS_FAILURE), e);
        assertEquals("host refused sub-channels: message=NVSP_MSG5_TYPE_SUBCHANNEL status=2", e.describe());
    }

    @Test
    void countLargerThanRequestedIsRefusedAndTheDeviceStaysOnItsPrimary() {
        Rig r = new Rig(3, 3);
        r.toAwaitCompletion();
        r.hostCompletes(r.outstanding(), new NvspMessage.SubchannelComplete(NvspMessage.STATUS_SUCCESS, 4));
        r.runUntil(() -> false, false);
        assertEquals(new GuestState.Proceeded(1), r.guest.state());
        assertEquals(0, r.guest.granted());
        assertEquals(new NetvscError.GrantAboveRequest(3, 4), r.guest.errors().get(0));
    }

    @Test
    void wrongStatusDuringSetupFailsTheDevice() {
        Rig r = new Rig(3, 3);
        r.runUntil(() -> r.guest.state() instanceof GuestState.AwaitReceiveBuffer, true);
        long t = ((GuestState.AwaitReceiveBuffer) r.guest.state()).transId();
        r.runUntil(() -> false, false); // the guest waits; nothing arrives
        r.hostCompletes(t, new NvspMessage.SendReceiveBufferComplete(NvspMessage.STATUS_FAILURE, 0, 0, 0, 0, 0));
        r.runUntil(() -> false, false);
        assertEquals(new NetvscError.Refused("NVSP_MSG1_TYPE_SEND_RECV_BUF_COMPLETE", 2), r.failure());
    }

    @Test
    void receiveBufferLargerThanTheGpadlFailsTheDevice() {
        Rig r = new Rig(3, 3);
        r.runUntil(() -> r.guest.state() instanceof GuestState.AwaitReceiveBuffer, true);
        long t = ((GuestState.AwaitReceiveBuffer) r.guest.state()).transId();
        r.hostCompletes(t, NvspMessage.SendReceiveBufferComplete.success(4096, 4097));
        r.runUntil(() -> false, false);
        assertInstanceOf(NetvscError.BufferLayout.class, r.failure());
    }

    @Test
    void wrongTransIdFailsTheDevice() {
        Rig r = new Rig(3, 3);
        r.toAwaitCompletion();
        long t = r.outstanding();
        r.hostCompletes(t + 7, new NvspMessage.SubchannelComplete(NvspMessage.STATUS_SUCCESS, 1));
        r.runUntil(() -> false, false);
        assertEquals(new NetvscError.WrongTransId(t, t + 7), r.failure());
        assertEquals(0, r.guest.openedSubChannels().size());
    }

    @Test
    void unsolicitedCompletionFailsTheDevice() {
        Rig r = new Rig(3, 1);
        r.runUntil(() -> false, true);
        assertInstanceOf(GuestState.Proceeded.class, r.guest.state());
        r.hostCompletes(0, new NvspMessage.SubchannelComplete(NvspMessage.STATUS_SUCCESS, 1));
        r.runUntil(() -> false, false);
        assertEquals(new NetvscError.Unsolicited(0, "NVSP_MSG5_TYPE_SUBCHANNEL"), r.failure());
    }

    @Test
    void truncatedCompletionFailsTheDevice() {
        Rig r = new Rig(3, 3);
        r.toAwaitCompletion();
        byte[] full = NvspCodec.encode(new NvspMessage.SubchannelComplete(NvspMessage.STATUS_SUCCESS, 2));
        // Packet lengths are in 8-byte units (len8): the guest sees 8 bytes, header plus status, no count.
        r.hostWrites(PacketDescriptor.TYPE_COMP, r.outstanding(), java.util.Arrays.copyOf(full, 8));
        r.runUntil(() -> false, false);
        NetvscError.Malformed m = assertInstanceOf(NetvscError.Malformed.class, r.failure());
        assertEquals(new NvspDecodeError.Truncated("NVSP_MSG5_TYPE_SUBCHANNEL", 8, 12), m.error());
    }

    @Test
    void completionOfAnotherTypeFailsTheDevice() {
        Rig r = new Rig(3, 3);
        r.toAwaitCompletion();
        r.hostCompletes(r.outstanding(), new NvspMessage.SendSendBufferComplete(1, 6144));
        r.runUntil(() -> false, false);
        assertEquals(new NetvscError.UnexpectedMessage("NVSP_MSG5_TYPE_SUBCHANNEL",
                "NVSP_MSG1_TYPE_SEND_SEND_BUF_COMPLETE"), r.failure());
    }

    @Test
    void inbandPacketInsteadOfACompletionFailsTheDevice() {
        Rig r = new Rig(3, 3);
        r.toAwaitCompletion();
        r.hostWrites(PacketDescriptor.TYPE_DATA_INBAND, r.outstanding(),
                NvspCodec.encode(new NvspMessage.SubchannelComplete(1, 1)));
        r.runUntil(() -> false, false);
        assertInstanceOf(NetvscError.BadPacket.class, r.failure());
    }

    @Test
    void offersOutsideTheRequestOrRepeatedAreDropped() {
        Rig r = new Rig(2, 2);
        r.toAwaitCompletion();
        r.offers.offer(3);
        r.offers.offer(1);
        r.offers.offer(1);
        r.hostCompletes(r.outstanding(), new NvspMessage.SubchannelComplete(NvspMessage.STATUS_SUCCESS, 1));
        r.runUntil(() -> false, false);
        assertEquals(List.of(new NetvscError.BadOffer(3, "1<=sub_channel_index<=granted=1"),
                new NetvscError.BadOffer(1, "offered once")), r.guest.errors());
        assertEquals(new GuestState.Proceeded(2), r.guest.state());
        assertEquals(List.of(1), r.guest.openedSubChannels());
    }

    @Test
    void fullPrimaryRingIsASendFailureNotAnException() {
        Rig r = new Rig(3, 3);
        for (byte[] filler : new byte[][] {new byte[1024], new byte[8]}) {
            while (r.rings.guestOut().tryWrite(PacketDescriptor.TYPE_DATA_INBAND, 0, 0, filler, 0, filler.length)
                    instanceof dev.enlightened.ring.WriteResult.Written) {
                // fill the guest-to-host ring to the last 32 bytes; the host never reads
            }
        }
        r.runUntil(() -> false, false);
        assertInstanceOf(NetvscError.SendFailed.class, r.failure());
    }

    @Test
    void h11GuestProceedsBeforeItsSubChannelsAreOpen() {
        Rig r = new Rig(3, host(NvspVersion.V61, 3), Set.of(NetvscFault.H11));
        r.toAwaitCompletion();
        r.host.step(); // completion and three offers; the guest reads the completion first
        r.guestActors.get(0).step();
        assertEquals(new GuestState.Proceeded(4), r.guest.state());
        assertEquals(0, r.guest.openAtProceed());
    }

    @Test
    void waitRequestedGuestHangsWhenTheHostGrantsFewer() {
        Rig r = new Rig(3, host(NvspVersion.V61, 2), Set.of(NetvscFault.WAIT_REQUESTED));
        r.runUntil(() -> false, true);
        assertEquals(new GuestState.AwaitOpens(2, 3), r.guest.state());
        assertEquals(List.of(1, 2), r.guest.openedSubChannels());
        assertEquals("subchan_open: open_chn=3 num_chn=4", r.guestActors.get(0).waitingFor());
    }

    // ---------------------------------------------------------------- issue 12

    @Test
    void anOfferAboveTheGrantedCountIsDroppedAndTheGuestWaitsForTheGrantedIndices() {
        Rig r = new Rig(3, 3);
        r.toAwaitCompletion();
        r.offers.offer(1);
        r.offers.offer(3); // before the completion: within the request, so queued for now
        r.hostCompletes(r.outstanding(), new NvspMessage.SubchannelComplete(NvspMessage.STATUS_SUCCESS, 2));
        r.runUntil(() -> false, false);
        assertEquals(List.of(1), r.guest.openedSubChannels(), "index 3 was not granted");
        assertInstanceOf(GuestState.AwaitOpens.class, r.guest.state(), "queue 2 is still missing");
        assertTrue(r.guest.errors().contains(new NetvscError.BadOffer(3, "1<=sub_channel_index<=granted=2")),
                r.guest.errors().toString());
        r.offers.offer(3); // after the completion: refused at once
        r.offers.offer(2);
        r.runUntil(() -> false, false);
        assertEquals(List.of(1, 2), r.guest.openedSubChannels());
        assertEquals(new GuestState.Proceeded(3), r.guest.state());
    }

    @Test
    void aCompletionWithAnyDescriptorFlagFailsTheDevice() {
        for (int flags : new int[] {0x8000, 0xFFFE, 0x3}) {
            Rig r = new Rig(3, 3);
            r.toAwaitCompletion();
            byte[] b = NvspCodec.encode(new NvspMessage.SubchannelComplete(NvspMessage.STATUS_SUCCESS, 2),
                    NvspCodec.Form.COMPACT);
            r.rings.hostOut().tryWrite(PacketDescriptor.TYPE_COMP, flags, r.outstanding(), b, 0, b.length);
            r.runUntil(() -> false, false);
            assertInstanceOf(NetvscError.BadPacket.class, r.failure(), "flags=0x" + Integer.toHexString(flags));
            assertEquals(0, r.guest.granted());
        }
    }

    // ---------------------------------------------------------------- issue 12: timeouts

    @Test
    void aSetupCompletionThatNeverComesFailsTheDeviceAfterItsTimeout() {
        Rig r = new Rig(3, 2);
        r.runUntil(() -> false, false); // INIT sent; the host never runs
        assertInstanceOf(GuestState.NegotiatingVersion.class, r.guest.state());
        Actor primary = r.guestActors.get(0);
        assertEquals(NetvscGuest.DEFAULT_TIMEOUT_NANOS, primary.wakeAtNanos());
        r.clock.advanceTo(NetvscGuest.DEFAULT_TIMEOUT_NANOS - 1);
        assertFalse(primary.canStep(), "the wait ended before its timeout");
        r.clock.advanceTo(NetvscGuest.DEFAULT_TIMEOUT_NANOS);
        assertTrue(primary.canStep());
        primary.step();
        assertEquals(new NetvscError.Timeout("completion in state NegotiatingVersion",
                NetvscGuest.DEFAULT_TIMEOUT_NANOS, true), r.failure());
    }

    @Test
    void subChannelOpensThatNeverComeEndInTheTimeoutAndTheDeviceProceedsWithTheOpenOnes() {
        Rig r = new Rig(3, 2);
        r.toAwaitCompletion();
        long start = r.clock.nanos();
        r.hostCompletes(r.outstanding(), new NvspMessage.SubchannelComplete(NvspMessage.STATUS_SUCCESS, 2));
        r.runUntil(() -> false, false); // granted 2, but the host offers none
        assertInstanceOf(GuestState.AwaitOpens.class, r.guest.state());
        r.clock.advanceTo(start + NetvscGuest.DEFAULT_TIMEOUT_NANOS);
        r.runUntil(() -> false, false);
        assertEquals(new GuestState.Proceeded(1), r.guest.state());
        assertEquals(new NetvscError.Timeout("sub-channel opens", NetvscGuest.DEFAULT_TIMEOUT_NANOS, false),
                r.guest.errors().get(r.guest.errors().size() - 1));
    }
    /**
     * Opens run in any order (WORK_ORDER): sub-channel 2 opens, 1 does not before the opens' timeout, so the
     * device proceeds on two channels, the primary and sub-channel 2. Sub-channel 1's open then runs late. The
     * queues must stay the ones the device proceeded with: the data path took queue 1 = sub-channel 2 at proceed
     * time, and the host (NetworkRunner attaches guest::subChannelRings) asks again on every use. Counting 1 +
     * opened and listing whatever is open later made queue 1 sub-channel 1 on the host's side, a channel whose
     * queue the guest never reads.
     */
    @Test
    void aLateOpenAfterTheOpensTimeoutDoesNotRenumberTheQueuesTheDeviceProceededWith() {
        Rig r = new Rig(2, 2);
        r.toAwaitCompletion();
        long start = r.clock.nanos();
        r.hostCompletes(r.outstanding(), new NvspMessage.SubchannelComplete(NvspMessage.STATUS_SUCCESS, 2));
        r.offers.offer(2); // sub-channel 2's offer (and open) before sub-channel 1's
        r.runUntil(() -> false, false);
        assertEquals(List.of(2), r.guest.openedSubChannels());
        assertInstanceOf(GuestState.AwaitOpens.class, r.guest.state());
        r.clock.advanceTo(start + NetvscGuest.DEFAULT_TIMEOUT_NANOS);
        r.runUntil(() -> false, false);
        assertEquals(new GuestState.Proceeded(2), r.guest.state());
        List<ChannelRings> atProceed = r.guest.subChannelRings();
        assertEquals(List.of(r.guest.subChannelRings(2)), atProceed, "queue 1 is sub-channel 2, the open one");
        r.offers.offer(1); // late
        r.runUntil(() -> false, false);
        assertEquals(List.of(1, 2), r.guest.openedSubChannels(), "the late open still runs");
        assertEquals(atProceed, r.guest.subChannelRings(), "queue 1 renumbered after the device proceeded");
        assertEquals(1 + r.guest.subChannelRings().size(),
                ((GuestState.Proceeded) r.guest.state()).numChannels());
    }
}

