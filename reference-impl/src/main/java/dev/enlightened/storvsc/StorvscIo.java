package dev.enlightened.storvsc;

import dev.enlightened.bounded.ErrorLog;
import dev.enlightened.clock.Clock;
import dev.enlightened.ring.ChannelRings;
import dev.enlightened.ring.PacketDescriptor;
import dev.enlightened.ring.PacketView;
import dev.enlightened.ring.ReadError;
import dev.enlightened.ring.ReadResult;
import dev.enlightened.ring.WriteError;
import dev.enlightened.ring.WriteResult;
import dev.enlightened.wire.vstor.VmbusMpbArray;
import dev.enlightened.wire.vstor.VstorDecodeError;
import dev.enlightened.wire.vstor.VstorOperation;
import dev.enlightened.wire.vstor.VstorPacket;
import dev.enlightened.wire.vstor.VstorScsi;
import dev.enlightened.wire.vstor.VstorSrbFlyweight;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * The storvsc guest's I/O path after the handshake (Linux {@code storvsc_queuecommand} -> {@code storvsc_do_io},
 * {@code storvsc_on_channel_callback} -> {@code storvsc_on_io_completion}): EXECUTE_SRB requests, each with its
 * own trans_id and several outstanding, matched to their COMPLETE_IO by trans_id.
 *
 * <p>Two data paths. With a {@link GuestMemory} (as Linux): a command with data is a GPA_DIRECT packet whose
 * {@link VmbusMpbArray} lists guest pages holding the buffer; the host reads a write's data from them and puts a
 * read's data into them. Without one (inband): a write's data follows the 64-byte vstor_packet in the same
 * DATA_INBAND packet, and the host's COMPLETE_IO carries read data after its vstor_packet. Commands without data
 * are inband either way (Linux {@code storvsc_do_io}).
 *
 * <p>The host is untrusted. Per case ({@link StorvscIoError}): unknown or duplicate trans_id and non-COMP packets
 * are dropped (Linux drops them too) and the device stays up; a malformed completion of a known request (truncated,
 * wrong operation, data_transfer_length beyond the request, read data short of it) fails that request; a corrupt
 * ring fails the device and with it every outstanding request. Nothing is thrown and nothing waits: a full
 * outbound ring is {@link Submit.Busy}, back-pressure the caller retries after the host drains, or, with
 * {@link #submit(StorvscCommand, long)}, waits for space with {@code pending_send_sz} published, as the ring does.
 */
public final class StorvscIo {
    /** First I/O trans_id: above any the handshake used, so a stale init completion can never complete an I/O. */
    public static final long FIRST_TID = 0x100;
    /** Default limit of outstanding requests (Linux: can_queue; here small so back-pressure is exercised). */
    public static final int DEFAULT_QUEUE_DEPTH = 16;
    /** Largest transfer per request: bounded by what fits the ring with the vstor_packet. */
    public static final int MAX_TRANSFER = 16 * 1024;
    /** Ring data area per direction for I/O: several {@link #MAX_TRANSFER} packets (Linux: 128 KiB). */
    public static final int IO_RING_BYTES = 64 * 1024;
    /**
     * Packets one {@link #poll()} reads at most (the NAPI weight Linux netvsc uses; storvsc's tasklet has no
     * budget, but a host that appends a packet each time the guest frees ring space must not keep one call busy
     * forever: issue 12 saw 200,000 packets in one call). The rest waits for the next poll.
     */
    public static final int DEFAULT_POLL_BUDGET = 64;
    /** How long a request may stay outstanding: Linux {@code storvsc_timeout}, 180 s. */
    public static final long DEFAULT_REQUEST_TIMEOUT_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(180);

    private final ChannelRings channel;
    private final int queueDepth;
    private final PacketView view = new PacketView();
    private final GuestMemory memory;
    private final Clock clock;
    private final long requestTimeoutNanos;
    /*
     * Outstanding requests: one slot each, queueDepth slots (Linux storvsc keeps its requests in the SCSI command's
     * private area likewise; no map, no boxed trans_id, no record per request). A free slot has a null command.
     * Submission order is trans_id order (the device's counter only grows), which is deadline order (one timeout for
     * all): the oldest is the smallest trans_id. Lookups scan the slots (queueDepth longs, cheaper than a hash at the
     * depths used); trans_ids are the device's, shared over its channels, so they cannot index the slots directly.
     */
    private final long[] slotTid;
    private final StorvscCommand[] slotCommand;
    /** The guest pages of each slot's buffer ({@code slotPages[i]} of them), the slot's own reused array. */
    private final long[][] slotPfns;
    private final int[] slotPages;
    private final long[] slotSentAt;
    /** For a read into the caller's buffer: that buffer and where in it (null otherwise). */
    private final byte[][] slotInto;
    private final int[] slotIntoOffset;
    private int outstandingCount;
    /** The request's 64-byte vstor_packet, encoded in place per request (copied into the ring at once). */
    private final byte[] head = new byte[VstorPacket.LENGTH];
    /** A completion's first 64 bytes, copied out of the ring per packet and decoded in place. */
    private final byte[] comp = new byte[VstorPacket.LENGTH];
    private final VstorSrbFlyweight packet = new VstorSrbFlyweight();
    /**
     * GPA_DIRECT packets by page count, reused: the extension ({@link VmbusMpbArray#encodeAt}) then the 64-byte
     * vstor_packet, encoded in place and copied into the ring as one run ({@code RingProducer#tryCopyExtended}).
     */
    private final byte[][] gpaByPages = new byte[VmbusMpbArray.pageCount(0, MAX_TRANSFER) + 1][];
    private static final byte[] EMPTY = new byte[0];
    private final ErrorLog<StorvscIoError> errors = ErrorLog.quiet(StorvscIoError::describe);
    private final TransIds ids;
    private final boolean matchByOrder;
    private final boolean dropWhenFull;
    private boolean failed;
    /*
     * Trans_ids of requests that timed out and whose late completion has not come yet (StorvscIo.tla gaveUp): that
     * completion is expected, not a hostile duplicate, and is dropped quietly (Linux storvsc_on_channel_callback finds
     * no command for it and skips the packet). Boxed, but only timeouts fill it.
     */
    private final java.util.Set<Long> gaveUp = new java.util.HashSet<>();
    /** The handshake's timed-out CREATE_SUB_CHANNELS trans_id (0: none), whose completion may come late. */
    private final long lateInitTid;
    /** That late completion came (and was taken quietly). */
    private boolean lateInitTaken;
    /** Late completions dropped since the last {@link #takeDroppedLate()}, by trans_id. */
    private final List<Long> droppedLate = new ArrayList<>();
    /** Between {@link #plug()} and {@link #unplug()}: requests are copied into the ring, published together. */
    private boolean plugged;
    /**
     * The clock when {@link #plug()} was called: the send time of every request of the plugged batch (one clock
     * read per batch, not per request; a request counts as sent no later than it was, so it never times out later
     * than {@link #DEFAULT_REQUEST_TIMEOUT_NANOS} after its real send).
     */
    private long pluggedAt;

    /** The outcome of {@link #submit}. */
    public sealed interface Submit {
        /**
         * On the ring.
         *
         * @param transId its trans_id
         */
        record Submitted(long transId) implements Submit {
        }

        /**
         * Back-pressure: the outbound ring is full, the queue depth reached or no guest pages free; retry after
         * completions.
         *
         * @param reason {@code ring full}, {@code queue full} or {@code no guest pages}
         */
        record Busy(String reason) implements Submit {
        }

        /**
         * Never sent: the device is not usable or the command can never fit.
         *
         * @param reason one line with {@code key=value}s
         */
        record Rejected(String reason) implements Submit {
        }
    }

    /**
     * @param guest      the guest whose handshake opened the channel (I/O starts only once it is Ready)
     * @param channel    its primary channel
     * @param queueDepth most requests outstanding at once
     */
    public StorvscIo(StorvscGuest guest, ChannelRings channel, int queueDepth) {
        this(guest, channel, queueDepth, null);
    }

    /**
     * @param guest      the guest whose handshake opened the channel (I/O starts only once it is Ready)
     * @param channel    its primary channel
     * @param queueDepth most requests outstanding at once
     * @param memory     guest memory for GPA_DIRECT buffers, or null to carry data inband
     */
    public StorvscIo(StorvscGuest guest, ChannelRings channel, int queueDepth, GuestMemory memory) {
        this(guest, channel, queueDepth, memory, new TransIds(), Set.of());
    }

    /**
     * @param guest      the guest whose handshake opened the channel (I/O starts only once it is Ready)
     * @param channel    the channel (primary or an opened sub-channel)
     * @param queueDepth most requests outstanding at once on it
     * @param memory     guest memory for GPA_DIRECT buffers, or null to carry data inband
     * @param ids        the device's trans_id counter, shared by all its channels
     * @param bugs       deliberate I/O-path bugs (fault switches), normally none
     */
    public StorvscIo(StorvscGuest guest, ChannelRings channel, int queueDepth, GuestMemory memory, TransIds ids,
            Set<Bug> bugs) {
        this(guest, channel, queueDepth, memory, ids, bugs, Clock.system(), DEFAULT_REQUEST_TIMEOUT_NANOS);
    }

    /**
     * @param guest               the guest whose handshake opened the channel (I/O starts only once it is Ready)
     * @param channel             its primary channel
     * @param queueDepth          most requests outstanding at once
     * @param memory              guest memory for GPA_DIRECT buffers, or null to carry data inband
     * @param clock               what request timeouts are measured against (virtual time in a simulation)
     * @param requestTimeoutNanos how long a request may stay outstanding before it fails with
     *                            {@link StorvscIoError.Timeout} (positive)
     */
    public StorvscIo(StorvscGuest guest, ChannelRings channel, int queueDepth, GuestMemory memory, Clock clock,
                     long requestTimeoutNanos) {
        this(guest, channel, queueDepth, memory, new TransIds(), Set.of(), clock, requestTimeoutNanos);
    }

    /**
     * @param guest               the guest whose handshake opened the channel (I/O starts only once it is Ready)
     * @param channel             the channel (primary or an opened sub-channel)
     * @param queueDepth          most requests outstanding at once on it
     * @param memory              guest memory for GPA_DIRECT buffers, or null to carry data inband
     * @param ids                 the device's trans_id counter, shared by all its channels
     * @param bugs                deliberate I/O-path bugs (fault switches), normally none
     * @param clock               what request timeouts are measured against (virtual time in a simulation)
     * @param requestTimeoutNanos how long a request may stay outstanding before it fails with
     *                            {@link StorvscIoError.Timeout} (positive)
     */
    public StorvscIo(StorvscGuest guest, ChannelRings channel, int queueDepth, GuestMemory memory, TransIds ids,
            Set<Bug> bugs, Clock clock, long requestTimeoutNanos) {
        if (requestTimeoutNanos <= 0) {
            throw new IllegalArgumentException("request timeout must be positive: timeoutNanos="
                    + requestTimeoutNanos);
        }
        this.clock = clock;
        this.requestTimeoutNanos = requestTimeoutNanos;
        this.memory = memory;
        if (queueDepth < 1) {
            throw new IllegalArgumentException("queue depth must be positive: depth=" + queueDepth);
        }
        this.channel = channel;
        this.queueDepth = queueDepth;
        this.slotTid = new long[queueDepth];
        this.slotCommand = new StorvscCommand[queueDepth];
        this.slotPfns = new long[queueDepth][VmbusMpbArray.pageCount(0, MAX_TRANSFER)];
        this.slotPages = new int[queueDepth];
        this.slotSentAt = new long[queueDepth];
        this.slotInto = new byte[queueDepth][];
        this.slotIntoOffset = new int[queueDepth];
        this.ids = ids;
        this.matchByOrder = bugs.contains(Bug.MATCH_BY_ORDER);
        this.dropWhenFull = bugs.contains(Bug.DROP_WHEN_FULL);
        this.failed = guest.pc() != GuestPc.READY; // storvsc_probe only scans the bus after init succeeded.
        this.lateInitTid = guest.lateTid();
    }

    /** Deliberate I/O-path bugs, so that trace validation can be shown to reject them. */
    public enum Bug {
        /**
         * A completion completes the oldest outstanding request, not the one its trans_id names (a driver that
         * keeps a FIFO of requests, as if the host answered in order). With a host that completes out of order a
         * read hands its caller another request's buffer.
         */
        MATCH_BY_ORDER,
        /**
         * When the outbound ring is full the request is counted as submitted anyway (the -EAGAIN of
         * {@code vmbus_sendpacket_mpb_desc} ignored): it never reaches the host and is never completed.
         */
        DROP_WHEN_FULL
    }

    /**
     * Sends one EXECUTE_SRB (inband, COMPLETION_REQUESTED) with the next trans_id.
     *
     * @param command the command
     * @return submitted, busy (retry later) or rejected
     */
    public Submit submit(StorvscCommand command) {
        return send(command, -1, null, 0);
    }

    /**
     * As {@link #submit(StorvscCommand)} for a read (DATA_IN) with guest pages, whose data the completion copies out
     * of the pages straight into {@code into} at {@code offset} (the caller's buffer, as a block driver's request
     * names the pages of its bio): its {@link StorvscIoCompletion#data()} is then empty. A short read (the host
     * moved fewer bytes than asked) comes back as data instead, {@code into} untouched.
     *
     * @return submitted, busy or rejected (not a read, no guest memory, or the buffer too small)
     */
    public Submit submitInto(StorvscCommand command, byte[] into, int offset) {
        if (command.dataIn() != VstorScsi.DATA_IN || memory == null || offset < 0
                || (long) offset + command.transferLength() > into.length) {
            return new Submit.Rejected("read into a buffer needs a read, guest memory and room: data_in="
                    + command.dataIn() + " offset=" + offset + " length=" + command.transferLength() + " buffer="
                    + into.length);
        }
        return send(command, -1, into, offset);
    }

    /**
     * As {@link #submit(StorvscCommand)}, but when the outbound ring is full waits up to {@code timeoutNanos} for
     * the host to make room: the ring's blocking write publishes the bytes it needs in {@code pending_send_sz} and
     * sleeps until the host's read signals (Linux storvsc gets -EAGAIN and SCSI_MLQUEUE_DEVICE_BUSY instead). The
     * host must run on another thread meanwhile.
     *
     * @param command      the command
     * @param timeoutNanos how long to wait for ring space
     * @return submitted, busy ({@code ring full} after the timeout, or interrupted) or rejected
     */
    public Submit submit(StorvscCommand command, long timeoutNanos) {
        return send(command, Math.max(0, timeoutNanos), null, 0);
    }

    private Submit send(StorvscCommand command, long timeoutNanos, byte[] into, int intoOffset) {
        if (failed) {
            return new Submit.Rejected("device failed: outstanding=" + outstandingCount);
        }
        if (command.transferLength() > MAX_TRANSFER) {
            return new Submit.Rejected("transfer too large: length=" + command.transferLength() + " max="
                    + MAX_TRANSFER);
        }
        if (outstandingCount >= queueDepth) {
            return new Submit.Busy("queue full");
        }
        int slot = freeSlot();
        long[] pfns = slotPfns[slot];
        int pages = 0;
        WriteResult w;
        if (memory != null && command.transferLength() > 0) {
            pages = VmbusMpbArray.pageCount(0, command.transferLength());
            if (!memory.allocate(pages, pfns)) {
                return new Submit.Busy("no guest pages");
            }
            if (command.dataIn() != VstorScsi.DATA_IN) {
                memory.write(pfns, 0, command.writeDataShared()); // a read's pages are the host's to fill
            }
            int extLength = VmbusMpbArray.extensionLength(pages);
            byte[] gpa = gpaByPages[pages];
            if (gpa == null) {
                gpa = new byte[extLength + VstorPacket.LENGTH];
                gpaByPages[pages] = gpa;
            }
            VmbusMpbArray.encodeAt(gpa, 0, command.transferLength(), 0, pfns, pages);
            command.encodeRequest(packet.wrap(gpa, extLength));
            w = write(PacketDescriptor.TYPE_DATA_USING_GPA_DIRECT, gpa, extLength, timeoutNanos);
        } else {
            byte[] data = command.writeDataShared();
            byte[] bytes = data.length == 0 ? head : new byte[VstorPacket.LENGTH + data.length];
            command.encodeRequest(packet.wrap(bytes, 0));
            System.arraycopy(data, 0, bytes, VstorPacket.LENGTH, data.length);
            w = write(PacketDescriptor.TYPE_DATA_INBAND, bytes, 0, timeoutNanos);
        }
        if (w == WriteError.Full.INSTANCE && dropWhenFull) {
            w = WriteResult.Written.INSTANCE; // Bug.DROP_WHEN_FULL: believed sent, never on the ring.
        }
        if (w != WriteResult.Written.INSTANCE) {
            if (memory != null) {
                memory.free(pfns, pages);
            }
            return w == WriteError.Full.INSTANCE || w instanceof WriteError.TimedOut ? new Submit.Busy("ring full")
                    : w == null ? new Submit.Busy("interrupted") : new Submit.Rejected("request not sent: " + w);
        }
        long tid = ids.take();
        slotTid[slot] = tid;
        slotCommand[slot] = command;
        slotPages[slot] = pages;
        slotSentAt[slot] = plugged ? pluggedAt : clock.nanos();
        slotInto[slot] = into;
        slotIntoOffset[slot] = intoOffset;
        outstandingCount++;
        return new Submit.Submitted(tid);
    }

    /** @return a free slot (the caller checked that fewer than queueDepth are outstanding) */
    private int freeSlot() {
        for (int i = 0; i < queueDepth; i++) {
            if (slotCommand[i] == null) {
                return i;
            }
        }
        throw new IllegalStateException("no free slot: outstanding=" + outstandingCount);
    }

    /** @return the slot of outstanding {@code tid}, or -1 */
    private int slotOf(long tid) {
        for (int i = 0; i < queueDepth; i++) {
            if (slotTid[i] == tid && slotCommand[i] != null) {
                return i;
            }
        }
        return -1;
    }

    /** @return the slot of the oldest outstanding request (smallest trans_id), or -1 with none */
    private int oldestSlot() {
        int best = -1;
        for (int i = 0; i < queueDepth; i++) {
            if (slotCommand[i] != null && (best < 0 || slotTid[i] < slotTid[best])) {
                best = i;
            }
        }
        return best;
    }

    /** Ends a slot's request: its pages back to the free list (unless withheld), the slot free. */
    private void release(int slot, boolean freePages) {
        if (freePages && memory != null) {
            memory.free(slotPfns[slot], slotPages[slot]);
        }
        slotCommand[slot] = null;
        slotInto[slot] = null;
        slotPages[slot] = 0;
        outstandingCount--;
    }

    /**
     * One packet with the next trans_id: now ({@code timeoutNanos} < 0; only copied while plugged) or waiting (the
     * plugged batch is published first, so the host can free the space we wait for); null if interrupted. The
     * packet is {@code bytes}: its first {@code extLength} bytes the descriptor extension, the rest the payload.
     */
    private WriteResult write(int type, byte[] bytes, int extLength, long timeoutNanos) {
        int flags = PacketDescriptor.FLAG_COMPLETION_REQUESTED;
        int payload = bytes.length - extLength;
        if (timeoutNanos < 0) {
            return plugged ? channel.guestOut().tryCopyExtended(type, flags, ids.peek(), bytes, 0, extLength, payload)
                    : channel.guestOut().tryWriteExtended(type, flags, ids.peek(), bytes, 0, extLength, payload);
        }
        unplug();
        try {
            return channel.guestOut().writeExtended(type, flags, ids.peek(), bytes, 0, extLength, payload,
                    timeoutNanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // Keep the caller's interrupt; the ring cleared pending_send_sz.
            return null;
        }
    }

    /**
     * Starts a batch of submissions (the block layer's plug, Linux {@code blk_start_plug}; blk-mq's {@code bd->last}
     * tells a driver the same): until {@link #unplug()} each non-blocking submission is copied into the ring after
     * the others and not yet published, so the batch costs one {@code write_index} store, one StoreLoad fence and
     * one signal decision ({@link dev.enlightened.ring.RingProducer#commit()}). A request the ring cannot take ends
     * the batch: those before it are published (the ring never waits on packets the host cannot see).
     */
    public void plug() {
        if (!plugged) {
            pluggedAt = clock.nanos();
        }
        plugged = true;
    }

    /**
     * Ends the batch {@link #plug()} started: publishes every request copied since.
     *
     * @return the requests published
     */
    public int unplug() {
        plugged = false;
        return channel.guestOut().commit();
    }

    /**
     * Reads up to {@link #DEFAULT_POLL_BUDGET} packets waiting on the inbound ring and completes the requests they
     * answer.
     *
     * @return the requests completed, in arrival order (failed ones included)
     */
    public List<StorvscIoCompletion> poll() {
        return poll(DEFAULT_POLL_BUDGET);
    }

    /**
     * Reads up to {@code budget} packets waiting on the inbound ring and completes the requests they answer.
     *
     * @param budget most packets read in this call, at least 1
     * @return the requests completed, in arrival order (failed ones included)
     */
    public List<StorvscIoCompletion> poll(int budget) {
        if (budget < 1) {
            throw new IllegalArgumentException("poll budget must be positive: budget=" + budget);
        }
        if (plugged) {
            unplug(); // waiting for completions of requests the host cannot see would wait for ever
        }
        if (!failed && !channel.guestHasInput() && clock.nanos() < nextDeadline()) {
            return List.of(); // nothing arrived and nothing expired: an idle poll allocates nothing
        }
        List<StorvscIoCompletion> done = new ArrayList<>();
        pollInto(budget, done);
        return done;
    }

    /**
     * As {@link #poll(int)}, appending the completions to {@code done} (the block device's one reused list: no list
     * per poll) and reading the clock once for the idle check and the timeouts.
     *
     * @return how many were appended
     */
    int pollInto(int budget, List<StorvscIoCompletion> done) {
        if (plugged) {
            unplug(); // waiting for completions of requests the host cannot see would wait for ever
        }
        if (failed) {
            return 0;
        }
        boolean input = channel.guestHasInput();
        long now = clock.nanos();
        if (!input && now < nextDeadline()) {
            return 0; // nothing arrived and nothing expired
        }
        int before = done.size();
        for (int read = 0; read < budget && !failed; read++) {
            ReadResult r = channel.guestIn().next(view);
            if (r instanceof ReadError.Empty) {
                break;
            }
            if (r instanceof ReadError.Corrupt c) {
                failDevice(new StorvscIoError.RingCorrupt(c), done);
                break;
            }
            int type = view.type();
            int flags = view.flags();
            long tid = view.transId();
            int length = view.payloadLength();
            // The vstor_packet copied out (the ring bytes are not read after release; inband read data, beyond it,
            // is copied from the view before the release, in complete).
            view.copyPayload(0, comp, 0, Math.min(length, comp.length));
            StorvscIoCompletion c = receive(type, flags, tid, length);
            if (c != null) {
                done.add(c);
            }
        }
        // One read_index publish for the whole batch (Linux hv_pkt_iter_close after foreach_vmbus_pkt in
        // storvsc_on_channel_callback): one StoreLoad fence and one pending_send_sz decision per poll, not per packet.
        channel.guestIn().release();
        if (!failed) {
            expire(done, now);
        }
        return done.size() - before;
    }

    /**
     * Fails every request outstanding longer than the request timeout with {@link StorvscIoError.Timeout}. The
     * scan stops at the first request still in time (submission order is deadline order), so it costs the expired
     * ones plus one. The pages of a GPA_DIRECT request that timed out are withheld, never reused: the host may
     * still write a read's data into them.
     */
    private void expire(List<StorvscIoCompletion> done, long now) {
        for (int slot = oldestSlot(); slot >= 0; slot = oldestSlot()) {
            long waited = now - slotSentAt[slot];
            if (waited < requestTimeoutNanos) {
                break;
            }
            long tid = slotTid[slot];
            StorvscCommand cmd = slotCommand[slot];
            release(slot, false); // withheld: the host may still write into them
            gaveUp.add(tid); // its completion may still come: dropped then (StorvscIo.tla GuestDropsLateIoCompletion)
            done.add(fail(tid, tid, cmd, new StorvscIoError.Timeout(tid, waited)));
        }
    }

    /**
     * The late completions of timed-out requests dropped since the last call (each once: a request's timeout, then
     * its one late completion), in arrival order; the caller traces them as GuestDropsLateIoCompletion.
     *
     * @return their trans_ids, oldest first (empty, and no allocation, if none)
     */
    public List<Long> takeDroppedLate() {
        if (droppedLate.isEmpty()) {
            return List.of();
        }
        List<Long> taken = List.copyOf(droppedLate);
        droppedLate.clear();
        return taken;
    }

    /**
     * @return when the oldest outstanding request times out (a {@link #poll()} at or after it fails it), or
     *         {@link Long#MAX_VALUE} with none outstanding
     */
    public long nextDeadline() {
        if (outstandingCount == 0 || failed) {
            return Long.MAX_VALUE;
        }
        return Clock.deadline(slotSentAt[oldestSlot()], requestTimeoutNanos);
    }

    /** One packet: find its request, then check everything the host claims before believing it. */
    private StorvscIoCompletion receive(int type, int flags, long tid, int length) {
        if (type != PacketDescriptor.TYPE_COMP) {
            errors.add(new StorvscIoError.UnexpectedPacketType(type, tid));
            return null;
        }
        // Linux storvsc_on_channel_callback finds the request from the trans_id; Bug.MATCH_BY_ORDER takes the oldest.
        int slot = matchByOrder ? oldestSlot() : slotOf(tid);
        if (slot < 0 && gaveUp.remove(tid)) {
            // The late completion of a request that timed out: dropped, not an error (StorvscIo.tla
            // GuestDropsLateIoCompletion; Linux: "Incorrect transaction ID", the packet skipped). A second one is.
            droppedLate.add(tid);
            return null;
        }
        if (slot < 0 && !lateInitTaken && lateInitTid != 0 && tid == lateInitTid) {
            // The late completion of the handshake's CREATE_SUB_CHANNELS, whose wait timed out: Linux
            // storvsc_on_channel_callback takes a VMBUS_RQST_INIT completion into init_request and completes it, with
            // nobody waiting any more. Expected, once: not an error, and no I/O event (no I/O request had it).
            lateInitTaken = true;
            return null;
        }
        if (slot < 0) {
            // trans_ids are never reused, so an issued one no longer outstanding was already completed.
            errors.add(ids.issued(tid) ? new StorvscIoError.DuplicateCompletion(tid)
                    : new StorvscIoError.UnknownTransId(tid));
            return null;
        }
        long req = slotTid[slot];
        StorvscCommand cmd = slotCommand[slot];
        if (flags != 0) {
            // A completion defines no flag: COMPLETION_REQUESTED (bit 0) is meaningless on it and bits 1-15 are
            // reserved. Its other fields cannot be believed either, so the request it names fails.
            release(slot, true);
            return fail(req, tid, cmd, new StorvscIoError.BadFlags(tid, flags));
        }
        try {
            return complete(req, tid, slot, cmd, length);
        } finally {
            release(slot, true); // The request is over: its buffer pages are ours again.
        }
    }

    /** Checks a completion of a known request ({@code req}; the packet said {@code tid}) before believing it. */
    /**
     * Checks a completion of a known request ({@code req}, in {@code slot}; the packet said {@code tid}) before
     * believing it. Its first 64 bytes are in {@link #comp}, decoded in place; {@code length} is what the host sent.
     */
    private StorvscIoCompletion complete(long req, long tid, int slot, StorvscCommand cmd, int length) {
        VstorSrbFlyweight p = packet.wrap(comp, 0);
        VstorDecodeError e = p.checkCompletion(length);
        if (e != null) {
            return fail(req, tid, cmd, new StorvscIoError.BadCompletion(tid, e));
        }
        VstorOperation op = p.operation();
        if (op != VstorOperation.COMPLETE_IO) {
            return fail(req, tid, cmd, new StorvscIoError.WrongOperation(tid, op.name()));
        }
        long claimed = Integer.toUnsignedLong(p.dataTransferLength()); // a u32: 0x8000_0000 is not negative
        if (claimed > cmd.transferLength()) {
            return fail(req, tid, cmd, new StorvscIoError.Overrun(tid, claimed, cmd.transferLength()));
        }
        byte[] data = EMPTY;
        int srbStatus = p.srbStatus();
        int scsiStatus = p.scsiStatus();
        boolean success = VstorScsi.srbCode(srbStatus) == VstorScsi.SRB_SUCCESS;
        int pages = slotPages[slot];
        if (cmd.dataIn() == VstorScsi.DATA_IN && success && pages > 0 && slotInto[slot] != null
                && claimed == cmd.transferLength()) {
            memory.readInto(slotPfns[slot], 0, slotInto[slot], slotIntoOffset[slot], (int) claimed);
        } else if (cmd.dataIn() == VstorScsi.DATA_IN && success && pages > 0) {
            data = memory.read(slotPfns[slot], 0, (int) claimed);
        } else if (cmd.dataIn() == VstorScsi.DATA_IN && success) {
            int carried = length - VstorPacket.LENGTH;
            if (carried < claimed) {
                return fail(req, tid, cmd, new StorvscIoError.ShortData(tid, (int) claimed, carried));
            }
            data = new byte[(int) claimed];
            view.copyPayload(VstorPacket.LENGTH, data, 0, data.length); // before the poll's release
        }
        byte[] sense = EMPTY;
        if (scsiStatus == VstorScsi.SAM_CHECK_CONDITION && (srbStatus & VstorScsi.SRB_AUTOSENSE_VALID) != 0) {
            // storvsc_on_io_completion copies at most STORVSC_SENSE_BUFFER_SIZE, whatever the host claims.
            sense = Arrays.copyOf(p.cdbOrSense(), Math.min(VstorScsi.SENSE_BUFFER_SIZE, p.senseInfoLength()));
        }
        return new StorvscIoCompletion(req, tid, cmd, srbStatus, scsiStatus, sense, data, null);
    }

    private StorvscIoCompletion fail(long req, long tid, StorvscCommand cmd, StorvscIoError e) {
        errors.add(e);
        return StorvscIoCompletion.failed(req, tid, cmd, e);
    }

    private void failDevice(StorvscIoError why, List<StorvscIoCompletion> done) {
        errors.add(why);
        failed = true;
        for (int slot = oldestSlot(); slot >= 0; slot = oldestSlot()) { // in submission order
            long tid = slotTid[slot];
            done.add(StorvscIoCompletion.failed(tid, tid, slotCommand[slot], new StorvscIoError.DeviceFailed(tid)));
            release(slot, true);
        }
    }

    /** @return number of requests awaiting their completion */
    public int outstanding() {
        return outstandingCount;
    }

    /** @return true once the device failed (nothing more is sent or read) */
    public boolean failed() {
        return failed;
    }

    /** @return the next trans_id to be used (on any channel of the device) */
    public long nextTid() {
        return ids.peek();
    }

    /** @return true if a packet waits on the inbound ring ({@code hv_get_bytes_to_read} &gt; 0) */
    public boolean hasInput() {
        return channel.guestHasInput();
    }

    /**
     * @return true if a packet waits on the inbound ring, checked after a full fence: the last look before the
     *     guest's thread sleeps on its wake line ({@link ChannelRings#guestHasInputBeforeSleep()} says which
     *     accesses the fence orders)
     */
    public boolean hasInputBeforeSleep() {
        return channel.guestHasInputBeforeSleep();
    }

    /** @return the queue depth of this channel */
    public int queueDepth() {
        return queueDepth;
    }

    /** @return the last {@link ErrorLog#DEFAULT_KEEP} things the host did wrong, oldest first */
    public List<StorvscIoError> errors() {
        return errors.recent();
    }

    /** @return every error counted per kind, and the last ones kept */
    public ErrorLog<StorvscIoError> errorLog() {
        return errors;
    }
}
