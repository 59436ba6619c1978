package dev.enlightened.ring;

import dev.enlightened.signal.Doorbell;
import java.util.Set;

/**
 * The reading side of one ring: Linux {@code hv_pkt_iter_first/next/close} (drivers/hv/ring_buffer.c) with the
 * batched-channel masking loop of {@code vmbus_on_event} (§2.5), openvmm {@code IncomingRing}. One thread reads at
 * a time. Packets are consumed in place through a private cursor; {@code read_index} is published once per batch
 * by {@link #release()}, which signals a blocked producer only on its not-enough to enough transition (§2.6).
 *
 * <p>The producer is untrusted: an index out of range or unaligned, an inconsistent descriptor, a packet larger
 * than the ring or beyond {@code write_index} yields {@link ReadError.Corrupt} with the value, marks the consumer
 * broken, and every later read returns the same error. The trailer is not checked: neither Linux
 * ({@code hv_pkt_iter_next} skips it) nor openvmm ({@code IncomingRing} reads past its {@code Footer}) reads it, so a
 * host that writes anything there talks to them; a mismatch is only counted ({@link #trailerMismatches()}). A stale
 * packet of a previous lap (whose trailer would still match) is caught by the {@code write_index} progress check. Nothing loops on hostile data: each
 * packet advances the cursor by at least one descriptor and trailer, and a batch stops at {@code write_index}.
 */
public final class RingConsumer {
    /** The most idle polls a consumer may make before unmasking (a spin, not a wait: kept brief). */
    public static final int MAX_IDLE_POLLS = 1 << 16;

    /**
     * System property that turns the consumer's in-place drain off ({@code false}): every packet is then read by
     * {@link #next}, as before it existed (RingConsumerFastDrainTest compares the two).
     */
    public static final String FAST_DRAIN_PROPERTY = "enlightened.ring.fastDrain";
    private static final boolean FAST_DRAIN = !"false".equals(System.getProperty(FAST_DRAIN_PROPERTY));

    /** Why an explorer's state digest leaves the counters out: nothing but their getters reads them. */
    private static final String STATISTIC = "a statistic: incremented, read only by its getter";

    private final RingMemory memory;
    private final int dataLength;
    private final Doorbell doorbell;
    private final RingObserver observer;
    private final boolean tracing;
    private final boolean staleFreeSpace;
    private final boolean checksOwnMask;
    private final boolean noBeforeCheck;
    private final boolean noRecheckAfterUnmask;
    /** {@link PacketDescriptor#maxPacketLength} of this ring, computed once (every descriptor is checked against it). */
    private final int maxPacketLength;
    private final PacketView view = new PacketView();
    /**
     * Isolated-guest mode (Linux in a confidential VM): each packet is copied out of the shared ring into this
     * private bounce buffer before anything of it is parsed, so every host field is read once (null: in place).
     */
    private final ByteBufferRingMemory bounce;
    private final byte[] copy;
    /**
     * The memory, when {@link #drainInPlace} may read it (untraced, no fault H1, not isolated, raw access, the switch
     * {@link #FAST_DRAIN_PROPERTY} on), else null: every packet then goes through {@link #next}.
     */
    private final ByteBufferRingMemory inPlace;

    /** The published {@code read_index} (our own copy: the peer cannot move our cursor). */
    private int readIndex;
    /** Linux {@code priv_read_index}: end of the packets read in this batch. */
    private int cursor;
    /** Last {@code write_index} loaded; reloaded when the cursor catches up with it. */
    private int knownWriteIndex;
    /** Fault H1: free space sampled at the start of the batch ({@code prev_write_sz}), or -1. */
    private int batchStartFreeSpace = -1;
    private boolean masked;
    /** A drain stopped at its budget: the next {@link #poll} reads on without unmasking (spec cRepoll). */
    private boolean repollOwed;
    /**
     * The wake-up policy: how many times {@link #poll} polls the empty ring again, still masked, before it unmasks
     * (spec constant ConsumerIdlePolls). 0: unmask as soon as the ring is empty, as Linux hv_end_read does.
     */
    private final int idlePolls;
    /** Polls of the empty ring since the last packet read or unmask (spec cIdle). */
    private int idle;
    private ReadError.Corrupt broken;
    @dev.enlightened.sim.StateDigest.Ignored(STATISTIC)
    private long packetsRead;
    @dev.enlightened.sim.StateDigest.Ignored(STATISTIC)
    private long signals;
    @dev.enlightened.sim.StateDigest.Ignored(STATISTIC)
    private long batches;
    @dev.enlightened.sim.StateDigest.Ignored(STATISTIC)
    private long trailerMismatches;
    @dev.enlightened.sim.StateDigest.Ignored(STATISTIC)
    private long clamped;

    /** A consumer over {@code memory}, ringing {@code doorbell} to wake a blocked producer and awaiting it for data. */
    public RingConsumer(RingMemory memory, Doorbell doorbell, RingObserver observer, Set<RingFault> faults) {
        this(memory, doorbell, observer, faults, false);
    }

    /**
     * @param isolated true for the isolated-guest (Linux CoCo) reader: each packet copied into a private buffer
     *                 before it is parsed, bad {@code len8}/{@code offset8} clamped as {@code hv_pkt_iter_first}
     *                 does instead of breaking the ring
     */
    public RingConsumer(RingMemory memory, Doorbell doorbell, RingObserver observer, Set<RingFault> faults,
                        boolean isolated) {
        this(memory, doorbell, observer, faults, isolated, 0);
    }

    /**
     * As {@link #RingConsumer(RingMemory, Doorbell, RingObserver, Set, boolean)} with a wake-up policy: a poll that
     * drains the ring polls it again up to {@code idlePolls} times, still masked, before it unmasks and lets the
     * caller sleep (spec ConsumerSpins, constant ConsumerIdlePolls). While the mask is set the producer skips its
     * signal, so a producer that publishes within the spin costs no wake-up on either side; the unmask and re-check
     * after the last spin keep every packet from being stranded (hv_end_read, as at 0).
     *
     * @param idlePolls polls of the empty ring before unmasking, 0 (unmask at once) to {@link #MAX_IDLE_POLLS}
     * @throws IllegalArgumentException if {@code idlePolls} is outside that range
     */
    public RingConsumer(RingMemory memory, Doorbell doorbell, RingObserver observer, Set<RingFault> faults,
                        boolean isolated, int idlePolls) {
        if (idlePolls < 0 || idlePolls > MAX_IDLE_POLLS) {
            throw new IllegalArgumentException("idle polls must be in 0.." + MAX_IDLE_POLLS + ": idle_polls="
                    + idlePolls);
        }
        this.idlePolls = idlePolls;
        // The bounce ring holds the largest packet plus an alignment unit, and is itself a ring: over the smallest
        // ring (32 bytes, largest packet 16) that is below a ring's minimum, which threw (issue 12, both modes).
        this.bounce = isolated ? ByteBufferRingMemory.allocate(Math.max(RingDescriptor.MIN_DATA_LENGTH,
                PacketDescriptor.maxPacketLength(memory.dataLength()) + RingDescriptor.ALIGNMENT)) : null;
        this.copy = isolated ? new byte[PacketDescriptor.maxPacketLength(memory.dataLength())] : null;
        this.memory = memory;
        this.dataLength = memory.dataLength();
        this.maxPacketLength = PacketDescriptor.maxPacketLength(dataLength);
        this.doorbell = doorbell;
        this.observer = observer;
        this.tracing = RingHooks.tracing(observer);
        this.staleFreeSpace = faults.contains(RingFault.H1_STALE_FREE_SPACE);
        this.checksOwnMask = faults.contains(RingFault.H2_CONSUMER_CHECKS_OWN_MASK);
        this.noBeforeCheck = faults.contains(RingFault.NO_BEFORE_CHECK);
        this.noRecheckAfterUnmask = faults.contains(RingFault.NO_RECHECK_AFTER_UNMASK);
        this.inPlace = FAST_DRAIN && !tracing && !staleFreeSpace && !isolated && ByteBufferRingMemory.RAW
                && memory instanceof ByteBufferRingMemory direct ? direct : null;
        int r = memory.loadReadIndexAcquire();
        String bad = RingDescriptor.checkIndex("read_index", r, dataLength);
        if (bad != null) {
            broken = new ReadError.Corrupt(bad);
        }
        this.readIndex = r;
        this.cursor = r;
        this.knownWriteIndex = r;
    }

    /** A correct consumer with no observer. */
    public RingConsumer(RingMemory memory, Doorbell doorbell) {
        this(memory, doorbell, RingObserver.NONE, Set.of());
    }

    /**
     * Reads the next packet at the private cursor into {@code into} without publishing {@code read_index}.
     *
     * @return {@link ReadResult.Read}, {@link ReadError.Empty} or {@link ReadError.Corrupt}
     */
    public ReadResult next(PacketView into) {
        // The per-packet path: everything rare (fault H1's sample, the write_index reload, the isolated copy,
        // building a corruption's reason) is in a method of its own, so C2 can inline this one into poll's loop (a
        // hot callee only below 325 bytecodes; this one is about 290).
        if (broken != null) {
            return broken;
        }
        if (staleFreeSpace && !sampleStaleFreeSpace()) {
            return broken;
        }
        if (cursor == knownWriteIndex) {
            ReadResult none = reloadWriteIndex();
            if (none != null) {
                return none;
            }
        }
        int available = RingDescriptor.bytesToRead(knownWriteIndex, cursor, dataLength);
        if (available < PacketDescriptor.LENGTH + PacketDescriptor.TRAILER_LENGTH) {
            return corrupt(shortFragment(available));
        }
        if (bounce != null) {
            return nextCopied(into, available);
        }
        int start = cursor;
        long firstWord = memory.getLong(start);
        int packetLength = PacketDescriptor.len8(firstWord) * PacketDescriptor.UNIT;
        int payloadAt = PacketDescriptor.offset8(firstWord) * PacketDescriptor.UNIT;
        // Every check of PacketDescriptor.checkDescriptor in one branch: len8 and offset8 are u16, so no difference
        // overflows, and the OR is negative iff one of them is (offset8 below the descriptor or past len8, len8 past
        // the ring's largest packet or past write_index; len8 below the descriptor follows). The named reason is
        // built only on failure.
        if ((payloadAt - PacketDescriptor.LENGTH | packetLength - payloadAt | maxPacketLength - packetLength
                | available - PacketDescriptor.TRAILER_LENGTH - packetLength) < 0) {
            return corrupt(PacketDescriptor.checkDescriptor(firstWord, available, dataLength));
        }
        int trailerAt = RingDescriptor.advance(start, packetLength, dataLength);
        long transId = memory.getLong(RingDescriptor.advance(start, PacketDescriptor.TRANS_ID_OFFSET, dataLength));
        if (memory.getLong(trailerAt) != PacketDescriptor.trailer(start)) {
            // Informational only (issue 12): Linux and openvmm never read the trailer, and a guest stricter than
            // both would lose a channel to a host they both work with.
            trailerMismatches++;
        }
        into.wrap(memory, start, firstWord, transId);
        trace(RingAction.CONSUMER_READS_PACKET, start);
        cursor = RingDescriptor.advance(trailerAt, PacketDescriptor.TRAILER_LENGTH, dataLength);
        packetsRead++;
        return ReadResult.Read.INSTANCE;
    }

    /**
     * The cursor caught up with the {@code write_index} we know: load it again.
     *
     * @return null if more packets were published, else {@code Empty} or the corruption the load found
     */
    private ReadResult reloadWriteIndex() {
        if (!loadWriteIndex()) {
            return broken;
        }
        return cursor == knownWriteIndex ? ReadError.Empty.INSTANCE : null;
    }

    /**
     * Fault H1: prev_write_sz, sampled when the batch starts and trusted at its end. False if broken.
     */
    private boolean sampleStaleFreeSpace() {
        if (batchStartFreeSpace >= 0) {
            return true; // sampled already in this batch
        }
        if (!loadWriteIndex()) {
            return false;
        }
        batchStartFreeSpace = RingDescriptor.bytesToWrite(knownWriteIndex, readIndex, dataLength);
        return true;
    }

    private static String shortFragment(int available) {
        return "fragment shorter than a packet: available=" + available + " min="
                + (PacketDescriptor.LENGTH + PacketDescriptor.TRAILER_LENGTH);
    }

    /**
     * The isolated-guest read (Linux {@code hv_pkt_iter_first} over {@code hv_pkt_iter_first_raw}): copy what the
     * packet may occupy out of shared memory once, then read every field from the copy only. A {@code len8} below
     * the descriptor or beyond the bytes available becomes the bytes available (at most the buffer); an
     * {@code offset8} below the descriptor or beyond the packet becomes the descriptor's length; the copy then
     * holds those values, so the host changing the ring afterwards changes nothing. Counted in {@link #clamped()}.
     */
    private ReadResult nextCopied(PacketView into, int available) {
        int limit = Math.min(available - PacketDescriptor.TRAILER_LENGTH, copy.length) & ~(PacketDescriptor.UNIT - 1);
        int first = Math.min(limit, dataLength - cursor);
        memory.getBytes(cursor, copy, 0, first);
        if (first < limit) {
            memory.getBytes(0, copy, first, limit - first);
        }
        bounce.putBytes(0, copy, 0, limit);
        long firstWord = bounce.getLong(0);
        int len = PacketDescriptor.len8(firstWord) * PacketDescriptor.UNIT;
        int offset = PacketDescriptor.offset8(firstWord) * PacketDescriptor.UNIT;
        boolean clamp = false;
        if (len < PacketDescriptor.LENGTH || len > limit) {
            len = limit;
            clamp = true;
        }
        if (offset < PacketDescriptor.LENGTH || offset > len) {
            offset = PacketDescriptor.LENGTH;
            clamp = true;
        }
        if (clamp) {
            clamped++;
            firstWord = PacketDescriptor.firstWord(PacketDescriptor.type(firstWord),
                    offset / PacketDescriptor.UNIT, len / PacketDescriptor.UNIT, PacketDescriptor.flags(firstWord));
            bounce.putLong(0, firstWord);
        }
        long transId = bounce.getLong(PacketDescriptor.TRANS_ID_OFFSET);
        into.wrap(bounce, 0, firstWord, transId);
        trace(RingAction.CONSUMER_READS_PACKET, cursor);
        int trailerAt = RingDescriptor.advance(cursor, len, dataLength);
        if (memory.getLong(trailerAt) != PacketDescriptor.trailer(cursor)) {
            trailerMismatches++;
        }
        cursor = RingDescriptor.advance(trailerAt, PacketDescriptor.TRAILER_LENGTH, dataLength);
        packetsRead++;
        return ReadResult.Read.INSTANCE;
    }

    /** @return packets whose {@code len8} or {@code offset8} the isolated reader clamped (0 in place) */
    public long clamped() {
        return clamped;
    }

    /** @return true if packets are copied out of shared memory before they are parsed (isolated guest) */
    public boolean isolated() {
        return bounce != null;
    }

    /**
     * Loads {@code write_index} and checks it as an untrusted value: in range, aligned, and moved only forward from
     * the last value we saw (the bytes between our published {@code read_index} and it can only grow). A producer
     * that moves it back into bytes we have read would have us read them again; openvmm {@code IncomingRing} and
     * Linux {@code hv_pkt_iter_avail} check only range (openvmm) or nothing (Linux). Once the batch is published and
     * the ring is empty any other index is a legal forward move, which no reader can tell from a rewind: the host
     * owns those bytes and may write the same packet again. False (and broken) if the check fails.
     */
    private boolean loadWriteIndex() {
        // Acquire pairs with the producer's storeWriteIndexRelease: packet bytes before that index are visible.
        int w = memory.loadWriteIndexAcquire();
        trace(RingAction.CONSUMER_LOADS_WRITE_INDEX, w);
        // In range and aligned (as unsigned: a negative int is a u32 above the data length), and not backwards. The
        // reason is built only on failure.
        if (Integer.compareUnsigned(w, dataLength) >= 0 || (w & (RingDescriptor.ALIGNMENT - 1)) != 0
                || RingDescriptor.bytesToRead(w, readIndex, dataLength)
                < RingDescriptor.bytesToRead(knownWriteIndex, readIndex, dataLength)) {
            corrupt(badWriteIndex(w));
            return false;
        }
        knownWriteIndex = w;
        return true;
    }

    /** Why {@code w} was rejected by {@link #loadWriteIndex()}. */
    private String badWriteIndex(int w) {
        String bad = RingDescriptor.checkIndex("write_index", w, dataLength);
        return bad != null ? bad : "write_index moved backwards: write_index=" + w + " last_write_index="
                + knownWriteIndex + " read_index=" + readIndex;
    }

    /**
     * Ends a batch: publishes {@code read_index} and signals a blocked producer on its not-enough to enough
     * transition, ignoring {@code interrupt_mask} (Linux {@code hv_pkt_iter_close} after the H2 fix, §2.6).
     */
    public void release() {
        if (cursor == readIndex) {
            return; // Nothing consumed since the last release.
        }
        int start = readIndex;
        int origFree = -1;
        if (checksOwnMask) {
            // Fault H2 (Linux 03bad714a161): orig_write_sz sampled before read_index is published.
            if (!loadWriteIndex()) {
                return;
            }
            origFree = RingDescriptor.bytesToWrite(knownWriteIndex, start, dataLength);
        }
        // Release = Linux virt_rmb() before the store: our reads of the packets happen-before the producer may
        // reuse their bytes. Pairs with the producer's loadReadIndexAcquire.
        memory.storeReadIndexRelease(cursor);
        readIndex = cursor;
        batches++;
        trace(RingAction.CONSUMER_STORES_READ_INDEX, cursor);
        int staleFree = batchStartFreeSpace;
        batchStartFreeSpace = -1;
        if (checksOwnMask) {
            decideSignalUnderH2(origFree);
            return;
        }
        if ((memory.loadFeatureBitsOpaque() & RingDescriptor.FEAT_PENDING_SEND_SZ) == 0) {
            return; // The producer does not use pending_send_sz (pre-WS2012 host polls instead).
        }
        // StoreLoad (§2.6 (1) before (2)): read_index store before the pending_send_sz load. Pairs with the
        // producer's pending_send_sz store -> full fence -> read_index load: one of us sees the other.
        fullFence();
        // Acquire = Linux virt_rmb() (§2.6 (2) before (3)): pending_send_sz before write_index.
        int pending = memory.loadPendingSendSzAcquire();
        trace(RingAction.CONSUMER_LOADS_PENDING_SEND_SZ, pending);
        if (pending == 0) {
            return;
        }
        if (!loadWriteIndex()) {
            return;
        }
        int current = RingDescriptor.bytesToWrite(knownWriteIndex, readIndex, dataLength);
        if (staleFreeSpace) {
            if (staleFree >= 0 && staleFree < pending && current >= pending) {
                signal(); // Fault H1: prev_write_sz < pending <= cur_write_sz.
            }
            return;
        }
        if (noBeforeCheck) {
            if (Integer.compareUnsigned(current, pending) >= 0) {
                signal(); // Fault NO_BEFORE_CHECK (Linux a389fcfd2cb5..433e19cf33d3): cur_write_sz >= pending_sz.
            }
            return;
        }
        int bytesRead = RingDescriptor.bytesToRead(readIndex, start, dataLength);
        // Unsigned, as Linux's u32 curr_write_sz - bytes_read: if the producer took the freed space and wrapped past
        // our old read_index meanwhile, the difference is negative, a huge u32: "enough before", no signal. Signed, it
        // signalled a producer that had already cleared pending_send_sz (found by ring trace validation).
        if (Integer.compareUnsigned(current - bytesRead, pending) > 0) {
            return; // Enough space before this batch: the producer was not waiting for it.
        }
        // Unsigned, as Linux's u32 "curr_write_sz <= pending_sz": a pending_send_sz above the ring size (0xFFFFFFFF
        // from a hostile producer) asks for more space than there can ever be and is never signalled, where a
        // signed compare signalled it on every batch.
        if (Integer.compareUnsigned(current, pending) <= 0) {
            return; // Still not enough; "exactly" counts as not enough.
        }
        signal();
    }

    /**
     * Fault H2: the signal decision of Linux {@code hv_pkt_iter_close} between 03bad714a161 and the 2018 fix. It
     * returns early on our own {@code interrupt_mask} (set for the whole drain), and compares the free space
     * sampled before publishing with {@code pending_send_sz} ("equal" counting as enough).
     */
    private void decideSignalUnderH2(int origFree) {
        fullFence();
        int mask = memory.loadInterruptMaskAcquire();
        trace(RingAction.CONSUMER_LOADS_INTERRUPT_MASK, mask);
        if (mask != 0) {
            return; // Our own drain mask suppresses the wakeup of a blocked producer.
        }
        if ((memory.loadFeatureBitsOpaque() & RingDescriptor.FEAT_PENDING_SEND_SZ) != 0) {
            int pending = memory.loadPendingSendSzAcquire();
            trace(RingAction.CONSUMER_LOADS_PENDING_SEND_SZ, pending);
            if (origFree > pending || !loadWriteIndex()
                    || RingDescriptor.bytesToWrite(knownWriteIndex, readIndex, dataLength) < pending) {
                return;
            }
        }
        signal();
    }

    private void fullFence() {
        memory.fullFence();
        trace(RingAction.CONSUMER_FULL_BARRIER, 0);
    }

    /**
     * Starts a drain: stores 1 in {@code interrupt_mask} (Linux {@code hv_begin_read}). The producer then skips its
     * signal; we owe it a re-check in {@link #unmask()}.
     */
    public void mask() {
        // No fence after it, unlike Linux's virt_mb() in hv_begin_read: the mask only saves the producer signals, it
        // orders nothing we rely on. A producer that misses it signals once more; the model ring-no-mb-after-mask-tso
        // (barrier site ConsumerAfterMask omitted, x86-TSO) checks no lost wakeup and bounded signals without it.
        memory.storeInterruptMaskOpaque(1);
        masked = true;
        trace(RingAction.CONSUMER_MASKS, 1);
    }

    /**
     * Ends a drain: stores 0 in {@code interrupt_mask}, fences, and re-checks {@code write_index} (Linux
     * {@code hv_end_read}, §2.5).
     *
     * @return true if data arrived meanwhile (mask again and drain), false if the ring is empty or broken
     */
    public boolean unmask() {
        memory.storeInterruptMaskOpaque(0);
        masked = false;
        idle = 0;
        trace(RingAction.CONSUMER_UNMASKS, 0);
        if (noRecheckAfterUnmask) {
            return false; // Fault: a packet that the producer left unsignalled while we were masked is stranded.
        }
        // StoreLoad (Dekker): mask clear before the write_index load. Pairs with the producer's write_index store
        // -> full fence -> interrupt_mask load: either it sees the mask clear and signals, or we see its packet.
        fullFence();
        if (!loadWriteIndex()) {
            return false;
        }
        return knownWriteIndex != cursor;
    }

    /**
     * The batched-channel loop of Linux {@code vmbus_on_event}, with the NAPI budget of {@code netvsc_poll}: mask,
     * drain, publish, unmask and re-check, until the ring stays empty. If {@code maxPackets} were handled first, the
     * drain stops at the budget (spec ConsumerStopsAtBudget), publishes what it read and returns with the mask still
     * set: the producer keeps skipping its signal and the caller must poll again before waiting
     * ({@link #isMasked()}: a poll is owed, §2.5). That next poll reads on without unmasking (ConsumerRepolls), so
     * a consumer that keeps up with a saturating producer is not woken once per packet or per drain; the poll that
     * finds the ring empty unmasks and re-checks (hv_end_read), as netvsc_poll completes NAPI below its budget. With
     * idle polls it first polls the empty ring again, still masked, up to {@code idlePolls} times (ConsumerSpins),
     * reading on if data came.
     *
     * @return packets handled; on corruption, those before it ({@link #isBroken()} then tells)
     */
    public int poll(PacketHandler handler, int maxPackets) {
        int count = 0;
        if (broken != null) {
            return 0;
        }
        if (repollOwed) {
            repollOwed = false;
            trace(RingAction.CONSUMER_REPOLLS, 0);
        } else if (!masked) {
            mask();
        } // else masked by a re-check that found data at the budget: read on at the drain
        while (true) {
            int before = count;
            count = drain(handler, count, maxPackets);
            if (count != before) {
                idle = 0; // spec ConsumerReadsPacket: the spin budget starts again after every packet read
            }
            if (count >= maxPackets && cursor != readIndex && broken == null) {
                // Budget used up (netvsc_poll: work_done == budget, NetvscNapi PollReturnsBudget): publish, stay
                // masked, poll again. Nothing is lost: we are awake, and the mask only saves the producer signals.
                trace(RingAction.CONSUMER_STOPS_AT_BUDGET, 0);
                release();
                repollOwed = broken == null;
                return count;
            }
            release();
            if (broken != null || count >= maxPackets) {
                return count; // Corrupt, or at the budget with nothing read since the re-check: a poll is owed.
            }
            if (idle < idlePolls) {
                // The ring is empty: poll it again, still masked, before unmasking (spec ConsumerSpins). The
                // producer skips its signal meanwhile; the unmask and re-check after the last spin still come.
                idle++;
                trace(RingAction.CONSUMER_SPINS, 0);
                Thread.onSpinWait();
                continue;
            }
            if (!unmask()) {
                return count;
            }
            mask();
        }
    }

    /**
     * Reads and handles packets until {@code maxPackets} were handled in this poll or {@link #next} finds none: the
     * packets {@link #drainInPlace} takes in place, each other one (a packet that wraps, the end of the published
     * bytes, a corruption) by {@link #next}.
     *
     * @return the packets handled in this poll so far
     */
    private int drain(PacketHandler handler, int count, int maxPackets) {
        while (count < maxPackets) {
            if (inPlace != null) {
                int drained = drainInPlace(handler, count, maxPackets);
                if (drained < 0) {
                    return ~drained; // empty or broken: what next() would have returned
                }
                count = drained;
                if (count >= maxPackets) {
                    break;
                }
            }
            if (next(view) != ReadResult.Read.INSTANCE) {
                break;
            }
            handler.onPacket(view);
            count++;
        }
        return count;
    }

    /**
     * {@link #next} and the handler for the packets that lie whole between the cursor and {@code write_index} (or the
     * end of the data area), with the cursor in a local: in {@link #next} each packet's descriptor load waited for the
     * cursor stored by the packet before (a store-to-load forward on the loop's critical path), and each u64 load
     * made its own bounds check. Here one bounds check covers the published bytes after the cursor, and every
     * descriptor gets exactly {@link #next}'s one-branch check with the bytes left before that end in place of the
     * bytes available; a packet it does not pass (one that wraps, or a corruption) is left to {@link #next}, which
     * reads or reports it as before. Per packet the same state changes as {@link #next} (cursor, packets read,
     * trailer mismatches, the view), so the handler sees the consumer as it would; if the handler moves the cursor
     * itself (a nested poll), this stops and {@link #next} goes on from there. Untraced, without fault H1 and not
     * isolated only ({@link #inPlace}).
     *
     * @return the packets handled in this poll so far, or {@code ~count} if the ring is empty or broken
     */
    private int drainInPlace(PacketHandler handler, int count, int maxPackets) {
        while (count < maxPackets) {
            if (broken != null) {
                return ~count;
            }
            int at = cursor;
            if (at == knownWriteIndex && reloadWriteIndex() != null) {
                return ~count; // Empty, or the write_index check broke the ring
            }
            // The published bytes after the cursor that do not wrap: write_index and the cursor are in range and
            // 8-aligned (checked when loaded), so every index below is too.
            int end = knownWriteIndex > at ? knownWriteIndex : dataLength;
            inPlace.checkRange(at, end - at);
            while (true) {
                int left = end - at;
                if (left < PacketDescriptor.LENGTH + PacketDescriptor.TRAILER_LENGTH) {
                    return count; // a packet that wraps (or a short fragment): next() reads or reports it
                }
                long firstWord = inPlace.getLongInRange(at);
                int packetLength = PacketDescriptor.len8(firstWord) * PacketDescriptor.UNIT;
                int payloadAt = PacketDescriptor.offset8(firstWord) * PacketDescriptor.UNIT;
                // next()'s check with left <= available: passing it here passes it there, and puts the trailer
                // inside [at, end), so the two loads below are in the range checked above.
                if ((payloadAt - PacketDescriptor.LENGTH | packetLength - payloadAt | maxPacketLength - packetLength
                        | left - PacketDescriptor.TRAILER_LENGTH - packetLength) < 0) {
                    return count; // wraps, or corrupt: next() decides which, with the bytes available
                }
                int trailerAt = at + packetLength;
                long transId = inPlace.getLongInRange(at + PacketDescriptor.TRANS_ID_OFFSET);
                if (inPlace.getLongInRange(trailerAt) != PacketDescriptor.trailer(at)) {
                    trailerMismatches++; // informational only, as in next()
                }
                int after = trailerAt + PacketDescriptor.TRAILER_LENGTH;
                if (after == dataLength) {
                    after = 0; // RingDescriptor.advance
                }
                view.wrap(memory, at, firstWord, transId);
                cursor = after;
                packetsRead++;
                handler.onPacket(view);
                count++;
                if (cursor != after || broken != null || count >= maxPackets) {
                    return count; // the budget is used up, or the handler polled itself: next() goes on from there
                }
                if (after == end || after == 0) {
                    break; // at write_index (load it again) or at the end of the data area (go on from 0)
                }
                at = after;
            }
        }
        return count;
    }

    /**
     * Waits for the producer's signal (after {@link #poll} returned with the mask clear).
     *
     * @return true if signalled, false on timeout
     * @throws InterruptedException if interrupted
     */
    public boolean awaitData(long timeoutNanos) throws InterruptedException {
        boolean woken = doorbell.await(timeoutNanos);
        if (woken) {
            trace(RingAction.CONSUMER_CONSUMES_DOORBELL, 0);
        }
        return woken;
    }

    private void signal() {
        signals++;
        trace(RingAction.CONSUMER_SIGNALS_PRODUCER, 0);
        doorbell.ring();
    }

    private ReadError.Corrupt corrupt(String reason) {
        broken = new ReadError.Corrupt(reason);
        return broken;
    }

    private void trace(RingAction action, int value) {
        if (RingHooks.ENABLED && tracing) { // a JIT constant first: -Denlightened.ring.hooks=false drops the test
            observer.onStep(action, value, memory);
        }
    }

    /** True if {@link #poll} reads in place ({@link #drainInPlace}); for tests comparing it with {@link #next}. */
    boolean drainsInPlace() {
        return inPlace != null;
    }

    /** True once the producer corrupted the ring. */
    public boolean isBroken() {
        return broken != null;
    }

    /** The corruption that broke the ring, or null. */
    public ReadError.Corrupt corruption() {
        return broken;
    }

    /** True between {@link #mask()} and {@link #unmask()}. */
    public boolean isMasked() {
        return masked;
    }

    /** Packets read. */
    public long packetsRead() {
        return packetsRead;
    }

    /** Signals sent to the producer (consumer to producer direction). */
    public long signals() {
        return signals;
    }

    /** Batches published (read_index stores). */
    public long batches() {
        return batches;
    }

    /** Packets read whose trailer was not {@code (u64) start << 32}: counted, never an error (issue 12). */
    public long trailerMismatches() {
        return trailerMismatches;
    }

    /** The published {@code read_index}. */
    public int readIndex() {
        return readIndex;
    }
}
