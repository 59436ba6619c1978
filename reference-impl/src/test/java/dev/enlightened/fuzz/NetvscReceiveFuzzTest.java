package dev.enlightened.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.enlightened.bounded.ErrorLog;
import dev.enlightened.clock.VirtualClock;
import dev.enlightened.netvsc.DataPathConfig;
import dev.enlightened.netvsc.DataPathTrace;
import dev.enlightened.netvsc.GuestDataPath;
import dev.enlightened.netvsc.GuestPages;
import dev.enlightened.netvsc.HostDataPath;
import dev.enlightened.netvsc.NetvscGuest;
import dev.enlightened.netvsc.NetvscGuestConfig;
import dev.enlightened.netvsc.NetvscHost;
import dev.enlightened.netvsc.NetvscHostConfig;
import dev.enlightened.netvsc.SubchannelOffers;
import dev.enlightened.ring.ChannelRings;
import dev.enlightened.ring.PacketDescriptor;
import dev.enlightened.sim.Actor;
import dev.enlightened.sim.DeterministicScheduler;
import dev.enlightened.sim.RandomChooser;
import dev.enlightened.trace.TraceSink;
import dev.enlightened.wire.nvsp.NvspCodec;
import dev.enlightened.wire.nvsp.NvspMessage;
import dev.enlightened.wire.nvsp.NvspVersion;
import dev.enlightened.wire.nvsp.TransferPageDecode;
import dev.enlightened.wire.nvsp.TransferPageError;
import dev.enlightened.wire.nvsp.TransferPageSet;
import dev.enlightened.wire.rndis.PerPacketInfo;
import dev.enlightened.wire.rndis.RndisCodec;
import dev.enlightened.wire.rndis.RndisMessage;
import dev.enlightened.wire.rndis.RndisOid;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * netvsc's receive path (Linux {@code netvsc_receive}): the transfer-page header of a
 * {@code VM_PKT_DATA_USING_XFER_PAGES} packet, and the guest's NAPI context taking any inbound packets while the
 * host owns every byte of the receive buffer the ranges point into.
 */
class NetvscReceiveFuzzTest {
    /** Receive buffer of the stateful target: eight of the host's sections. */
    private static final int RECV_BYTES = 8 * NetvscHostConfig.DEFAULT_RECV_SECTION;
    private static final int SEND_SECTION = 1024;
    private static final int SEND_BYTES = 8 * SEND_SECTION;
    /** RX completion slots (Linux's mrc ring, small here so that "full" is reached). */
    private static final int RECV_COMP_SLOTS = 8;
    /** Host packets per input: more than the completion slots and the poll budget. */
    private static final int MAX_PACKETS = 48;
    private static final byte[] MAC = {0x00, 0x15, 0x5d, 0x00, 0x00, 0x07};

    /**
     * Any extension decodes to a set whose every range lies inside the receive buffer (as unsigned), with at most
     * one range per 8 bytes of the extension, or to an error naming the field; a set re-encodes to bytes that
     * decode to it again.
     */
    @FuzzTest
    void anyTransferPageHeaderDecodesToRangesInsideTheReceiveBufferOrAReason(byte[] bytes) {
        if (bytes.length < 4) {
            return;
        }
        // The receive buffer's size is the host's to learn from the guest, not to choose; any u32 exercises the
        // unsigned compares (Linux: recv_buf_size up to 100 MiB; 0 and 2^32-1 are the edges).
        long recvBufSize = Integer.toUnsignedLong(java.nio.ByteBuffer.wrap(bytes, 0, 4)
                .order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt());
        byte[] ext = java.util.Arrays.copyOfRange(bytes, 4, bytes.length);
        TransferPageDecode d = FuzzRules.holds(ext.length, () -> TransferPageSet.decode(ext,
                GuestDataPath.RECEIVE_BUFFER_ID, recvBufSize));
        if (d instanceof TransferPageError e) {
            if (e.field() == null || e.rule() == null || e.describe().isBlank()) {
                throw new AssertionError("refused without a reason: " + e);
            }
            return;
        }
        TransferPageSet set = (TransferPageSet) d;
        if (TransferPageSet.RANGES_OFFSET + (long) TransferPageSet.RANGE_LENGTH * set.ranges().size() > ext.length) {
            throw new AssertionError("more ranges than the extension holds: " + set.ranges().size() + " in "
                    + ext.length + " bytes");
        }
        for (TransferPageSet.Range r : set.ranges()) {
            long off = Integer.toUnsignedLong(r.byteOffset());
            long len = Integer.toUnsignedLong(r.byteCount());
            if (len == 0 || off + len > recvBufSize) {
                throw new AssertionError("range outside the receive buffer: offset=" + off + " count=" + len
                        + " size=" + recvBufSize);
            }
        }
        TransferPageDecode again = TransferPageSet.decode(set.encode(), GuestDataPath.RECEIVE_BUFFER_ID,
                recvBufSize);
        if (!set.equals(again)) {
            throw new AssertionError("round trip changed the set: " + set + " -> " + again);
        }
    }

    /**
     * The guest's NAPI context, with RNDIS up (or still coming up, waiting for the host's answers), takes any
     * inbound packets: transfer-page packets whose ranges and receive-buffer bytes are the host's, completions
     * for sends outstanding or not, any other type. Nothing escapes, each call stays within the time and
     * allocation bounds, RX completions stay within their slots, records stay bounded, and every frame handed up
     * is one a range held.
     */
    @FuzzTest
    void theReceivePathSurvivesAnyInboundPackets(FuzzedDataProvider data) {
        boolean answered = data.consumeBoolean();
        Device d = new Device(answered);
        List<byte[]> delivered = new ArrayList<>();
        d.nic.onReceive(delivered::add);
        long framesBefore = d.nic.frameCounts()[1];
        int sent = 0;
        for (int i = 0; i < MAX_PACKETS && data.remainingBytes() > 0; i++) {
            switch (data.consumeInt(0, 4)) {
                case 0, 1 -> sent += transferPages(d, data);
                case 2 -> {
                    byte[] payload = data.consumeBoolean()
                            ? NvspCodec.encode(new NvspMessage.SendRndisPacketComplete(data.consumeBoolean()
                            ? NvspMessage.STATUS_SUCCESS : data.consumeInt()))
                            : data.consumeBytes(data.consumeInt(0, 64));
                    long tid = data.consumeBoolean() ? data.consumeInt(0, 16) : data.consumeLong();
                    d.rings.hostOut().tryWrite(PacketDescriptor.TYPE_COMP, data.consumeInt(0, 0xFFFF), tid, payload,
                            0, payload.length);
                    sent += payload.length;
                }
                case 3 -> {
                    byte[] ext = whole8(data.consumeBytes(data.consumeInt(0, 64)));
                    byte[] payload = data.consumeBytes(data.consumeInt(0, 256));
                    d.rings.hostOut().tryWrite(data.consumeInt(0, 0xFFFF), data.consumeInt(0, 0xFFFF),
                            data.consumeLong(), ext, payload, 0, payload.length);
                    sent += ext.length + payload.length;
                }
                default -> { // the stack above hands down frames of at least an Ethernet header
                    byte[] f = data.consumeBytes(data.consumeInt(14, 1514));
                    d.nic.transmit(java.util.Arrays.copyOf(f, Math.max(14, f.length)));
                }
            }
            Actor napi = d.nic.napi();
            if (napi.canStep()) {
                FuzzRules.holds(RECV_BYTES, napi::step);
            }
            Actor xmit = d.nic.xmit();
            if (xmit.canStep()) {
                FuzzRules.holds(RECV_BYTES, xmit::step);
            }
            d.rings.hostIn().poll(p -> { }, 64); // the host takes what the guest posts and ignores it
            if (d.nic.rxCompQueued(0) > RECV_COMP_SLOTS) {
                throw new AssertionError("RX completions beyond their slots: " + d.nic.rxCompQueued(0));
            }
        }
        if (d.nic.errors().recent().size() > ErrorLog.DEFAULT_KEEP) {
            throw new AssertionError("error records unbounded: " + d.nic.errors().recent().size() + " after " + sent);
        }
        if (d.nic.frameCounts()[1] - framesBefore != delivered.size()) {
            throw new AssertionError("frames counted and frames handed up differ: " + (d.nic.frameCounts()[1]
                    - framesBefore) + " vs " + delivered.size());
        }
        for (byte[] f : delivered) {
            if (f.length == 0 || f.length > RECV_BYTES) {
                throw new AssertionError("frame no range could hold: length=" + f.length);
            }
        }
        if (d.nic.sendInUse() < 0 || d.nic.sendInUse() > SEND_BYTES / SEND_SECTION) {
            throw new AssertionError("send sections in use outside 0.." + SEND_BYTES / SEND_SECTION + ": "
                    + d.nic.sendInUse());
        }
    }

    /** The host writes RNDIS messages (or any bytes) into the receive buffer, then a transfer-page packet. */
    private static int transferPages(Device d, FuzzedDataProvider data) {
        int writes = data.consumeInt(0, 3);
        List<TransferPageSet.Range> ranges = new ArrayList<>();
        for (int w = 0; w < writes; w++) {
            byte[] m = data.consumeBoolean() ? rndis(data) : data.consumeBytes(data.consumeInt(0, 256));
            int at = data.consumeInt(0, RECV_BYTES - 1);
            int n = Math.min(m.length, RECV_BYTES - at);
            System.arraycopy(m, 0, d.recvBuffer, at, n);
            if (n > 0) {
                ranges.add(new TransferPageSet.Range(n, at)); // the range a correct host would send for it
            }
        }
        byte[] ext;
        if (data.consumeBoolean() && !ranges.isEmpty()) {
            ext = new TransferPageSet(data.consumeBoolean() ? GuestDataPath.RECEIVE_BUFFER_ID : data.consumeInt(0,
                    0xFFFF), data.consumeBoolean(), ranges).encode();
        } else if (data.consumeBoolean()) {
            List<TransferPageSet.Range> any = new ArrayList<>();
            for (int r = data.consumeInt(1, 4); r > 0; r--) {
                any.add(new TransferPageSet.Range(data.consumeInt(), data.consumeInt()));
            }
            ext = new TransferPageSet(GuestDataPath.RECEIVE_BUFFER_ID, false, any).encode();
            if (data.consumeBoolean()) { // range_cnt that the extension does not hold
                java.nio.ByteBuffer.wrap(ext).order(java.nio.ByteOrder.LITTLE_ENDIAN)
                        .putInt(TransferPageSet.RANGE_COUNT_OFFSET, data.consumeInt());
            }
        } else {
            ext = whole8(data.consumeBytes(data.consumeInt(0, 64)));
        }
        byte[] payload = data.consumeBoolean()
                ? NvspCodec.encode(new NvspMessage.SendRndisPacket(data.consumeInt(0, 1),
                NvspMessage.SendRndisPacket.NO_SECTION, 0))
                : data.consumeBytes(data.consumeInt(0, 64));
        d.rings.hostOut().tryWrite(TransferPageSet.PACKET_TYPE, PacketDescriptor.FLAG_COMPLETION_REQUESTED,
                data.consumeLong(), ext, payload, 0, payload.length);
        return ext.length + payload.length;
    }

    /**
     * The bytes cut to whole 8-byte units: offset8 counts them, so the ring writer takes no other extension (the
     * host's ring is the guest's to read, not to write; a data provider near its end returns fewer bytes than
     * asked, which the first run tripped over in the harness).
     */
    private static byte[] whole8(byte[] b) {
        return java.util.Arrays.copyOf(b, b.length & ~7);
    }

    /** An RNDIS message a host sends: a data packet with per-packet info, or a completion or an indication. */
    private static byte[] rndis(FuzzedDataProvider data) {
        int requestId = data.consumeBoolean() ? data.consumeInt(0, 8) : data.consumeInt();
        int status = data.consumeBoolean() ? RndisMessage.STATUS_SUCCESS : data.consumeInt();
        RndisMessage m = switch (data.consumeInt(0, 5)) {
            case 0 -> {
                List<PerPacketInfo> ppis = new ArrayList<>();
                for (int p = data.consumeInt(0, 3); p > 0; p--) {
                    ppis.add(data.consumeBoolean() ? PerPacketInfo.ofU32(PerPacketInfo.NBL_HASH_VALUE,
                            data.consumeInt()) : new PerPacketInfo(data.consumeInt(0, Integer.MAX_VALUE),
                            data.consumeBoolean(), data.consumeBytes(data.consumeInt(0, 16))));
                }
                byte[] frame = data.consumeBytes(data.consumeInt(1, 1514));
                yield new RndisMessage.Packet(ppis, frame.length == 0 ? new byte[] {0} : frame);
            }
            case 1 -> new RndisMessage.InitializeComplete(requestId, status, data.consumeInt(0, 2),
                    data.consumeInt(0, 1), 1, 0, data.consumeInt(), data.consumeInt(), data.consumeInt(0, 31));
            case 2 -> {
                RndisOid oid = data.pickValue(RndisOid.values());
                yield new RndisMessage.QueryComplete(requestId, status, data.consumeBoolean()
                        ? data.consumeBytes(oid.infoLength()) : data.consumeBytes(data.consumeInt(0, 64)));
            }
            case 3 -> new RndisMessage.SetComplete(requestId, status);
            case 4 -> new RndisMessage.IndicateStatus(data.consumeBoolean() ? RndisMessage.STATUS_MEDIA_CONNECT
                    : data.consumeInt(), data.consumeBytes(data.consumeInt(0, 16)));
            default -> new RndisMessage.QueryComplete(requestId, status, new byte[0]);
        };
        return RndisCodec.encode(m);
    }

    /**
     * One netvsc device as GuestDataPathTest builds it: NVSP setup and the data path, brought up by the
     * simulated host (RNDIS up), or with the host's RNDIS answers withheld (the guest waits for INIT_CMPLT and
     * the fuzzer's transfer pages answer it).
     */
    private static final class Device {
        final ChannelRings rings = ChannelRings.create(4096, false);
        final byte[] recvBuffer = new byte[RECV_BYTES];
        final GuestDataPath nic;

        Device(boolean answered) {
            NetvscGuestConfig gc = new NetvscGuestConfig(1, 1, RECV_BYTES, 2, SEND_BYTES, NvspVersion.newestFirst(),
                    Set.of());
            NetvscHostConfig hc = new NetvscHostConfig(NvspVersion.V61, 0, false,
                    NetvscHostConfig.DEFAULT_RECV_SECTION, SEND_SECTION, Map.of(1, RECV_BYTES, 2, SEND_BYTES));
            SubchannelOffers offers = new SubchannelOffers();
            NetvscGuest guest = new NetvscGuest(gc, rings, offers, TraceSink.OFF);
            NetvscHost host = new NetvscHost(hc, rings, offers, TraceSink.OFF);
            byte[] sendBuffer = new byte[SEND_BYTES];
            // 16 pages, not GuestDataPathTest's 64: allocating and zeroing the pool was most of an input's setup;
            // a frame takes at most two, and running out is the back-pressure path, worth reaching.
            GuestPages pages = new GuestPages(16, 0x5000);
            DataPathTrace trace = new DataPathTrace(TraceSink.OFF);
            DataPathConfig c = DataPathConfig.linux(4096, 2, RECV_COMP_SLOTS, Set.of());
            nic = new GuestDataPath(c, guest, rings, sendBuffer, recvBuffer, pages, trace, new VirtualClock());
            HostDataPath vsp = new HostDataPath(c, rings, sendBuffer, SEND_SECTION, recvBuffer,
                    NetvscHostConfig.DEFAULT_RECV_SECTION, pages, MAC, 1500, trace, new RandomChooser(3));
            host.attachDataPath(vsp);
            vsp.connect(f -> { });
            List<Actor> actors = new ArrayList<>(List.of(guest.primary(), guest.offerHandler(), guest.openWorker(),
                    host, nic.xmit(), nic.napi(), vsp.completer()));
            if (answered) {
                actors.add(vsp.receiver());
            }
            new DeterministicScheduler(new RandomChooser(1), actors).run(100_000);
            if (answered && !nic.up()) {
                throw new AssertionError("the simulated host did not bring the device up: " + nic.waitingFor());
            }
        }
    }
}
