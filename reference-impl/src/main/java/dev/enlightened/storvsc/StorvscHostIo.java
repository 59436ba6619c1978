package dev.enlightened.storvsc;

import dev.enlightened.ring.ChannelRings;
import dev.enlightened.ring.PacketDescriptor;
import dev.enlightened.ring.PacketView;
import dev.enlightened.ring.ReadResult;
import dev.enlightened.ring.WriteError;
import dev.enlightened.ring.WriteResult;
import dev.enlightened.wire.vstor.VmbusMpbArray;
import dev.enlightened.wire.vstor.VstorCodec;
import dev.enlightened.wire.vstor.VstorDecodeError;
import dev.enlightened.wire.vstor.VstorDecodeResult;
import dev.enlightened.wire.vstor.VstorOperation;
import dev.enlightened.wire.vstor.VstorPacket;
import dev.enlightened.wire.vstor.VstorPayload;
import dev.enlightened.wire.vstor.VstorScsi;
import dev.enlightened.wire.vstor.VstorSrbFlyweight;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The host's I/O side of one channel (primary or sub-channel) of a Ready storvsp: openvmm storvsp's per-queue
 * worker, which reads EXECUTE_SRB packets from the ring ({@link #receive()}), keeps them in flight, and completes
 * them in any order ({@link #complete(int)}): a real disk finishes I/Os out of order, and a guest that matched
 * completions by order rather than trans_id would be caught. The SRB runs on the LUN when it is completed, so its
 * effect on the disk and its COMPLETE_IO are one step. Data moves through the guest pages a GPA_DIRECT packet
 * lists, or inband after the vstor_packets (see {@link StorvscIo}).
 *
 * <p>The guest is untrusted too: a packet that is not a well-formed EXECUTE_SRB is logged and dropped, an SRB whose
 * lengths or page list do not hold up is answered SRB_STATUS_INVALID_REQUEST without touching the disk. At most
 * {@link #MAX_IN_FLIGHT} requests are held; beyond that the host stops reading the ring (back-pressure). One
 * thread at a time may call a given instance.
 */
public final class StorvscHostIo {
    /** Most requests read and not yet completed (openvmm bounds its in-flight I/O per queue likewise). */
    public static final int MAX_IN_FLIGHT = 256;

    private final int channelIndex;
    private final ChannelRings channel;
    private final StorvscDisk disk;
    private final GuestMemory memory;
    private final PacketView view = new PacketView();
    private final List<Request> inFlight = new ArrayList<>();
    /** A COMPLETE_IO without data, encoded in place per completion ({@link #heldCompletion} while it waits). */
    private final byte[] reply = new byte[VstorPacket.LENGTH];
    private final VstorSrbFlyweight packet = new VstorSrbFlyweight();
    /** A GPA_DIRECT packet's extension, copied out of the ring per packet (grows to the largest one seen). */
    private byte[] ext = new byte[VmbusMpbArray.extensionLength(VmbusMpbArray.pageCount(0, StorvscIo.MAX_TRANSFER))];
    /** A GPA_DIRECT packet's payload (its vstor_packet), copied out of the ring per packet (grows as needed). */
    private byte[] pkt = new byte[VstorPacket.LENGTH];
    /** Where {@link VmbusMpbArray#decode} puts why it refused a range. */
    private final String[] why = new String[1];
    private static final byte[] EMPTY = new byte[0];
    private final List<String> errors;
    /** A completion that found the inbound ring full: sent before anything else on this channel. */
    private byte[] heldCompletion;
    private long heldTid;

    /**
     * One request read from the ring and not yet completed.
     *
     * @param transId its trans_id
     * @param srb     its vmscsi_request
     * @param bytes   the whole vstor payload of an inband request (write data after the first 64 bytes); empty for
     *                a GPA_DIRECT one read from the ring (its packet was checked in a reused buffer)
     * @param range   the GPA_DIRECT page list, or null (inband)
     * @param bad     why it cannot run (answered INVALID_REQUEST), or null
     */
    public record Request(long transId, VstorPayload.ScsiRequest srb, byte[] bytes, VmbusMpbArray range,
            String bad, byte[] cdb) {
        /**
         * Takes over {@code cdb} without a copy: the CDB ({@code cdb_length} bytes of the SRB's, at most 16), cut
         * once from the packet when the request is read, and handed to the LUN as it is ({@link #cdb()} returns a
         * copy).
         */
        public Request {
        }

        /** @return the CDB's opcode */
        public int opcode() {
            return cdb.length < 1 ? -1 : Byte.toUnsignedInt(cdb[0]);
        }

        /** @return the CDB ({@code cdb_length} bytes, at most 16) */
        @Override
        public byte[] cdb() {
            return cdb.clone();
        }
    }

    /**
     * A request completed.
     *
     * @param request   the request
     * @param result    what the LUN answered
     * @param writeData the data a write carried (empty otherwise), as the disk got it
     * @param sent      true if the COMPLETE_IO is on the ring, false if it waits for ring space
     */
    public record Completed(Request request, StorvscDisk.Result result, byte[] writeData, boolean sent) {
    }

    /**
     * @param channelIndex 0 for the primary, the sub_channel_index otherwise (for error lines)
     * @param channel      the channel's rings
     * @param disk         LUN 0
     * @param memory       the guest RAM GPA_DIRECT packets name, or null
     * @param errors       where guest packets the host rejected are logged (shared with {@link StorvscHost})
     */
    StorvscHostIo(int channelIndex, ChannelRings channel, StorvscDisk disk, GuestMemory memory,
            List<String> errors) {
        this.channelIndex = channelIndex;
        this.channel = channel;
        this.disk = disk;
        this.memory = memory;
        this.errors = errors;
    }

    /** @return true if a request waits on the outbound ring and there is room to hold it */
    public boolean canReceive() {
        return inFlight.size() < MAX_IN_FLIGHT && channel.hostHasInput() && !channel.hostIn().isBroken();
    }

    /**
     * @return true if a request waits on the outbound ring, checked after a full fence: the last look before the
     *     host's thread sleeps ({@link ChannelRings#hostHasInputBeforeSleep()} says which accesses it orders)
     */
    public boolean hasInputBeforeSleep() {
        return channel.hostHasInputBeforeSleep();
    }

    /** @return true if a request is held and no completion waits for ring space */
    public boolean canComplete() {
        return !inFlight.isEmpty() && heldCompletion == null;
    }

    /** @return true if a completion waits for ring space */
    public boolean hasHeld() {
        return heldCompletion != null;
    }

    /**
     * Reads one packet from the outbound ring; an EXECUTE_SRB joins the requests in flight.
     *
     * @return the request read, or null if the packet was dropped (logged) or nothing was there
     */
    public Request receive() {
        ReadResult r = channel.hostIn().next(view);
        if (r != ReadResult.Read.INSTANCE) {
            noteUnread(r);
            return null;
        }
        Request q = take();
        channel.hostIn().release();
        return q;
    }

    /**
     * Reads up to {@code budget} packets from the outbound ring as {@link #receive()} does, publishing
     * {@code read_index} once for all of them (Linux {@code hv_pkt_iter_close} after a {@code foreach_vmbus_pkt}
     * batch; openvmm storvsp likewise): one StoreLoad fence and one pending_send_sz decision per batch instead of
     * one per packet. Each packet is copied out of the ring before the release, so no byte is read after the
     * guest may reuse it.
     *
     * @param budget most packets to read (stops earlier when the ring is empty or {@link #MAX_IN_FLIGHT} are held)
     * @return packets read (dropped ones included)
     */
    public int receiveBatch(int budget) {
        int n = 0;
        while (n < budget && inFlight.size() < MAX_IN_FLIGHT) {
            ReadResult r = channel.hostIn().next(view);
            if (r != ReadResult.Read.INSTANCE) {
                noteUnread(r);
                break;
            }
            take();
            n++;
        }
        channel.hostIn().release(); // nothing to publish when n is 0: release returns at once
        return n;
    }

    private void noteUnread(ReadResult r) {
        if (channel.hostIn().isBroken()) {
            errors.add("outbound ring of channel " + channelIndex + ": " + r);
        }
    }

    /** The packet the view holds, copied out of the ring and checked; the caller releases the ring. */
    private Request take() {
        long tid = view.transId();
        int type = view.type();
        boolean gpa = type == PacketDescriptor.TYPE_DATA_USING_GPA_DIRECT;
        int length = view.payloadLength();
        // A GPA_DIRECT request's payload is only its vstor_packet (its data is in the guest's pages): copied into this
        // channel's reused buffer, checked there, and not kept once the request is made. An inband one keeps its
        // array (a write's data follows the packet).
        byte[] bytes;
        if (gpa) {
            if (length > pkt.length) {
                pkt = new byte[length];
            }
            bytes = pkt;
        } else {
            bytes = new byte[length];
        }
        view.copyPayload(0, bytes, 0, length);
        int extLength = view.extensionLength(); // bounded by the packet, which the ring checked against its size
        if (extLength > ext.length) {
            ext = new byte[extLength];
        }
        view.copyExtension(0, ext, 0, extLength);
        if (type != PacketDescriptor.TYPE_DATA_INBAND && !gpa) {
            errors.add("unexpected packet type from guest: channel=" + channelIndex + " type=" + type);
            return null;
        }
        if (length < VstorPacket.LENGTH) { // the codec names the truncation
            VstorDecodeResult d = VstorCodec.decodeRequest(bytes, 0, length);
            errors.add("bad request from guest: channel=" + channelIndex + " " + ((VstorDecodeError) d).describe());
            return null;
        }
        // Checked and read in place (the same checks and errors as VstorCodec.decodeRequest; no packet record).
        VstorSrbFlyweight p = packet.wrap(bytes, 0);
        VstorDecodeError e = p.checkRequest(length);
        if (e != null) {
            errors.add("bad request from guest: channel=" + channelIndex + " " + e.describe());
            return null;
        }
        if (p.operation() != VstorOperation.EXECUTE_SRB) {
            errors.add("not an I/O request after Ready: channel=" + channelIndex + " operation=" + p.operation());
            return null;
        }
        return accept(p.scsiRequest(), gpa ? EMPTY : bytes, gpa ? ext : null, gpa ? extLength : 0, tid, bytes);
    }

    /** Checks an EXECUTE_SRB's lengths and page list and holds it in flight (the primary's handshake path too). */
    Request accept(VstorPayload.ScsiRequest srb, byte[] bytes, byte[] ext, long tid) {
        return accept(srb, bytes, ext, ext == null ? 0 : ext.length, tid, null);
    }

    /** As {@link #accept(VstorPayload.ScsiRequest, byte[], byte[], long)} with the extension's first bytes. */
    private Request accept(VstorPayload.ScsiRequest srb, byte[] bytes, byte[] ext, int extLength, long tid,
            byte[] packet) {
        int dtl = srb.dataTransferLength();
        boolean out = srb.dataIn() == VstorScsi.DATA_OUT;
        VmbusMpbArray range = null;
        String bad = null;
        if (dtl < 0 || srb.cdbLength() < 1 || srb.cdbLength() > VstorScsi.MAX_CDB_LENGTH) {
            bad = "bad SRB from guest: cdb_length=" + srb.cdbLength() + " data_transfer_length=" + dtl;
        } else if (ext != null) {
            range = VmbusMpbArray.decode(ext, extLength, why);
            bad = range == null ? why[0] : checkRange(range, dtl);
        } else if (out && bytes.length - VstorPacket.LENGTH < dtl) {
            bad = "write data shorter than data_transfer_length: carried=" + (bytes.length - VstorPacket.LENGTH)
                    + " data_transfer_length=" + dtl;
        }
        if (bad != null) {
            errors.add(bad); // Refused when completed, never executed.
        }
        // The CDB, cut to cdb_length once (checked above, or the request is bad): from the packet itself when there
        // is one (the record's accessor would copy all 20 bytes first), else from the record.
        int cdbLength = Math.max(0, Math.min(srb.cdbLength(), VstorScsi.MAX_CDB_LENGTH));
        int at = VstorPayload.ScsiRequest.CDB_OFFSET;
        byte[] cdb = packet != null ? Arrays.copyOfRange(packet, at, at + cdbLength)
                : Arrays.copyOf(srb.cdbOrSense(), cdbLength);
        Request q = new Request(tid, srb, bytes, bad == null ? range : null, bad, cdb);
        inFlight.add(q);
        return q;
    }

    /** @return why a GPA range cannot back this SRB (no guest memory, too short, a PFN not guest RAM), or null */
    private String checkRange(VmbusMpbArray range, int dtl) {
        if (memory == null) {
            return "GPA_DIRECT without guest memory attached";
        }
        if (range.length() < dtl) {
            return "GPA range shorter than data_transfer_length: len=" + range.length() + " data_transfer_length="
                    + dtl;
        }
        for (int i = 0, n = range.pageCount(); i < n; i++) { // no copy of the list per request
            long pfn = range.pfn(i);
            if (!memory.contains(pfn)) {
                return "GPA range names a page outside guest memory: pfn=0x" + Long.toHexString(pfn);
            }
        }
        return null;
    }

    /** @return the requests in flight, oldest first (the chooser picks an index into this list) */
    public List<Request> inFlight() {
        return List.copyOf(inFlight);
    }

    /** @return how many requests are in flight */
    public int inFlightCount() {
        return inFlight.size();
    }

    /**
     * Runs the {@code index}-th request in flight on the LUN and writes its COMPLETE_IO.
     *
     * @param index 0 .. {@link #inFlightCount()} - 1
     * @return what was done
     * @throws IllegalStateException if no request is in flight at that index or a completion is held
     */
    public Completed complete(int index) {
        return complete(index, true);
    }

    /**
     * Completes every request in flight, oldest first, as {@link #complete(int)} does, copying each COMPLETE_IO into
     * the inbound ring and publishing them with one {@code write_index} store, one StoreLoad fence and one signal
     * decision ({@link dev.enlightened.ring.RingProducer#commit()}, the spec's batched commit; openvmm storvsp
     * commits a batch of completions likewise). A completion that finds the ring full is held, as in
     * {@link #complete(int)}, after the ones before it are published.
     *
     * @return requests completed (their completions on the ring or, the last one, held)
     */
    public int completeAll() {
        return completeAll(Integer.MAX_VALUE);
    }

    /**
     * As {@link #completeAll()}, for at most {@code budget} requests (the oldest): a smaller batch reaches the guest
     * sooner, so it can send the next requests while this side completes the rest (StorvscHostWorker#CHUNK).
     *
     * @param budget most requests to complete, at least 1
     * @return requests completed
     */
    public int completeAll(int budget) {
        int n = 0;
        while (n < budget && canComplete()) {
            complete(0, false, false);
            n++;
        }
        channel.hostOut().commit();
        return n;
    }

    private Completed complete(int index, boolean commit) {
        return complete(index, commit, true);
    }

    /** With {@code report} false nothing is returned (completeAll's completions: no record per request). */
    private Completed complete(int index, boolean commit, boolean report) {
        if (index < 0 || index >= inFlight.size() || heldCompletion != null) {
            throw new IllegalStateException("nothing to complete: index=" + index + " in_flight=" + inFlight.size()
                    + " held=" + (heldCompletion != null));
        }
        Request q = inFlight.remove(index);
        VstorPayload.ScsiRequest srb = q.srb();
        int dtl = srb.dataTransferLength();
        boolean out = srb.dataIn() == VstorScsi.DATA_OUT;
        StorvscDisk.Result res;
        byte[] data = EMPTY;
        if (q.bad() != null) {
            res = new StorvscDisk.Result(VstorScsi.SRB_INVALID_REQUEST, VstorScsi.SAM_GOOD, data, data, 0);
        } else {
            VmbusMpbArray range = q.range();
            data = !out ? data : range != null ? memory.read(range.pfns(), range.offset(), dtl)
                    : Arrays.copyOfRange(q.bytes(), VstorPacket.LENGTH, VstorPacket.LENGTH + dtl);
            // A read with a page list lands in the guest's pages directly (DMA); other data comes back in an array.
            res = disk.execute(srb.lun(), q.cdb, srb.dataIn(), dtl, data, range != null && !out
                    ? memory.views(range, dtl) : null);
        }
        byte[] read = res.readDataShared(); // copied into guest memory or the packet below, never kept
        if (q.range() != null) {
            if (read.length > 0) {
                memory.write(q.range().pfns(), q.range().offset(), read); // DMA into the guest's buffer
            }
            read = EMPTY;
        }
        // The COMPLETE_IO written in place: into this channel's reused 64 bytes when no data follows it (the held
        // completion is sent before the next is made), else into a packet with room for the data.
        byte[] c = read.length == 0 ? reply : new byte[VstorPacket.LENGTH + read.length];
        packet.wrap(c, 0).writeCompletion(srb, res.srbStatus(), res.scsiStatus(), res.senseShared(),
                res.transferred());
        System.arraycopy(read, 0, c, VstorPacket.LENGTH, read.length);
        heldCompletion = c;
        heldTid = q.transId();
        boolean sent = sendHeld(commit);
        return report ? new Completed(q, res, data, sent) : null;
    }

    /**
     * @return the data a completed request gave the guest: the result's, or for a read the disk put straight into
     *     the guest's pages, what those pages hold (call before the guest can reuse them)
     */
    public byte[] readData(Completed c) {
        byte[] d = c.result().readData();
        VmbusMpbArray range = c.request().range();
        if (d.length > 0 || range == null || c.result().transferred() == 0
                || c.request().srb().dataIn() != VstorScsi.DATA_IN) {
            return d;
        }
        return memory.read(range.pfns(), range.offset(), c.result().transferred());
    }

    /**
     * Retries the completion that found the ring full.
     *
     * @return true if it is now on the ring (or was dropped on a broken ring), false if still full
     */
    public boolean sendHeld() {
        return sendHeld(true);
    }

    /** With {@code commit} false the completion is copied, not published: {@link #completeAll()} commits them. */
    private boolean sendHeld(boolean commit) {
        if (heldCompletion == null) {
            return true;
        }
        WriteResult w = commit
                ? channel.hostOut().tryWrite(PacketDescriptor.TYPE_COMP, 0, heldTid, heldCompletion, 0,
                        heldCompletion.length)
                : channel.hostOut().tryCopy(PacketDescriptor.TYPE_COMP, 0, heldTid, heldCompletion, 0,
                        heldCompletion.length);
        if (w == WriteError.Full.INSTANCE) {
            return false;
        }
        if (w != WriteResult.Written.INSTANCE) {
            errors.add("completion not sent: channel=" + channelIndex + " " + w);
        }
        heldCompletion = null;
        return w == WriteResult.Written.INSTANCE;
    }

    /** @return the channel's rings */
    public ChannelRings channel() {
        return channel;
    }

    /** @return 0 for the primary, else the sub_channel_index */
    public int channelIndex() {
        return channelIndex;
    }
}
