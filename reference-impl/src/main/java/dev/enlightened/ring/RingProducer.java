package dev.enlightened.ring;

import dev.enlightened.signal.Doorbell;
import java.util.Set;

/**
 * The writing side of one ring: Linux {@code hv_ringbuffer_write} + {@code hv_signal_on_write} (drivers/hv/
 * ring_buffer.c), openvmm {@code OutgoingRing}. One thread writes at a time. The peer is untrusted: a bad
 * {@code read_index} marks the producer broken and every later write returns the same {@link WriteError.Corrupt}.
 *
 * <p>Signals the consumer only on the empty to non-empty transition with the mask clear (§2.4, fix of H3). A
 * blocking write publishes its need in {@code pending_send_sz} and re-checks before sleeping (§2.6).
 *
 * <p>Batched commit (spec RingBuffer.tla, section "Batched commit"; openvmm {@code OutgoingRing::write} then
 * {@code commit_write}): {@link #tryCopy} and {@link #copy} copy packets after the published {@code write_index}
 * without publishing them, and {@link #commit()} publishes all of them with one {@code write_index} store, one
 * StoreLoad fence and one signal decision. {@link #tryWrite} and {@link #write} are a copy and a commit.
 */
public final class RingProducer {
    /** Why an explorer's state digest leaves the counters out: nothing but their getters reads them. */
    private static final String STATISTIC = "a statistic: incremented, read only by its getter";

    private final RingMemory memory;
    private final int dataLength;
    private final Doorbell doorbell;
    private final RingObserver observer;
    private final boolean tracing;
    private final boolean signalWheneverUnmasked;
    /** The least free space a blocked write asks for in pending_send_sz (wake-up batching). */
    private final int pendingSendSzThreshold;
    /** {@link PacketDescriptor#maxPacketLength} of this ring, computed once (it is checked on every write). */
    private final int maxPacketLength;

    /**
     * System property that turns {@link #copyFast} off ({@code false}): every packet then takes the full path, as a
     * traced producer's does (RingProducerFastPathTest compares the two).
     */
    public static final String FAST_COPY_PROPERTY = "enlightened.ring.fastCopy";
    private static final boolean FAST_COPY = !"false".equals(System.getProperty(FAST_COPY_PROPERTY));

    /** Private copy of our own {@code write_index}: the peer cannot move our cursor. */
    private int writeIndex;
    /** Where the packets copied and not yet published end (spec pW); {@link #writeIndex} when there are none. */
    private int batchEnd;
    /** Packets copied and not yet published (spec pBatch). */
    private int uncommitted;
    /**
     * The {@code read_index} we loaded last (Agrona's cached head, openvmm {@code cached_out}): the consumer's
     * position as far as we know. Free space computed from it is a lower bound, since a correct consumer only moves
     * {@code read_index} forward, toward our {@code write_index}, and every load checks that it did.
     */
    private int knownReadIndex;
    private WriteError.Corrupt broken;
    /** True while our need is published in pending_send_sz. */
    private boolean pendingPublished;
    /**
     * {@link #copyFast} takes a packet iff it ends before this index (see {@link #refreshFastEnd}); 0 (no packet)
     * while traced, broken, a need is published, or with {@link #FAST_COPY_PROPERTY} off.
     */
    @dev.enlightened.sim.StateDigest.Ignored("derived from tracing, broken, pendingPublished, batchEnd and "
            + "knownReadIndex, which are digested")
    private int fastEnd;
    @dev.enlightened.sim.StateDigest.Ignored(STATISTIC)
    private long packetsWritten;
    @dev.enlightened.sim.StateDigest.Ignored(STATISTIC)
    private long signals;
    @dev.enlightened.sim.StateDigest.Ignored(STATISTIC)
    private long wraps;
    @dev.enlightened.sim.StateDigest.Ignored(STATISTIC)
    private long blockedWrites;

    /**
     * A producer over {@code memory}, ringing {@code doorbell} to wake the consumer and awaiting it for space.
     * Advertises {@code feat_pending_send_sz} (openvmm {@code OutgoingRing::new}; Linux sets it on the guest's
     * outbound ring).
     */
    public RingProducer(RingMemory memory, Doorbell doorbell, RingObserver observer, Set<RingFault> faults) {
        this(memory, doorbell, observer, faults, defaultPendingSendSzThreshold(memory.dataLength()));
    }

    /**
     * As {@link #RingProducer(RingMemory, Doorbell, RingObserver, Set)} with a wake-up threshold: a blocked write
     * publishes {@code max(its need, threshold)} in {@code pending_send_sz}, so the consumer wakes it once that much
     * is free instead of as soon as one packet fits (spec constant {@code PendingSendSzThreshold}).
     *
     * @param pendingSendSzThreshold bytes, a multiple of 8 from 0 (one packet's need) to the data length minus 8 (the
     *     largest free space a release can still exceed)
     * @throws IllegalArgumentException if the threshold is outside that range or unaligned
     */
    public RingProducer(RingMemory memory, Doorbell doorbell, RingObserver observer, Set<RingFault> faults,
                        int pendingSendSzThreshold) {
        int dataLength = memory.dataLength();
        if (pendingSendSzThreshold < 0 || pendingSendSzThreshold > dataLength - RingDescriptor.ALIGNMENT
                || pendingSendSzThreshold % RingDescriptor.ALIGNMENT != 0) {
            throw new IllegalArgumentException("pending_send_sz threshold must be a multiple of "
                    + RingDescriptor.ALIGNMENT + " in 0.." + (dataLength - RingDescriptor.ALIGNMENT)
                    + ": threshold=" + pendingSendSzThreshold);
        }
        this.pendingSendSzThreshold = pendingSendSzThreshold;
        this.memory = memory;
        this.dataLength = memory.dataLength();
        this.maxPacketLength = PacketDescriptor.maxPacketLength(dataLength);
        this.doorbell = doorbell;
        this.observer = observer;
        this.tracing = RingHooks.tracing(observer);
        this.signalWheneverUnmasked = faults.contains(RingFault.H3_SIGNAL_WHENEVER_UNMASKED);
        int w = memory.loadWriteIndexAcquire();
        String bad = RingDescriptor.checkIndex("write_index", w, dataLength);
        if (bad != null) {
            broken = new WriteError.Corrupt(bad);
        }
        this.writeIndex = w;
        this.batchEnd = w;
        int r = memory.loadReadIndexAcquire();
        if (broken == null) {
            bad = RingDescriptor.checkIndex("read_index", r, dataLength);
            if (bad != null) {
                broken = new WriteError.Corrupt(bad);
            }
        }
        this.knownReadIndex = r;
        refreshFastEnd();
        memory.storeFeatureBitsOpaque(memory.loadFeatureBitsOpaque() | RingDescriptor.FEAT_PENDING_SEND_SZ);
    }

    /**
     * The wake-up policy: a blocked producer asks for half the data area (at least its own need). Linux hv_sock asks
     * for its whole send buffer and netvsc restarts a stopped queue only above RING_AVAIL_PERCENT_HIWATER; half the
     * ring lets the producer write a batch per wake-up while the consumer still has the other half to drain, and
     * keeps the threshold below the data length, as the spec requires for no lost wakeup.
     */
    public static int defaultPendingSendSzThreshold(int dataLength) {
        return (dataLength / 2) & -RingDescriptor.ALIGNMENT;
    }

    /** The threshold this producer publishes at least (bytes). */
    public int pendingSendSzThreshold() {
        return pendingSendSzThreshold;
    }

    /** A correct producer with no observer. */
    public RingProducer(RingMemory memory, Doorbell doorbell) {
        this(memory, doorbell, RingObserver.NONE, Set.of());
    }

    /**
     * Writes one packet if it fits now; never blocks.
     *
     * @return {@link WriteResult.Written}, {@link WriteError.Full}, {@link WriteError.TooLarge} or
     *     {@link WriteError.Corrupt}
     * @throws IllegalArgumentException if type or flags do not fit a u16, or the slice is outside {@code payload}
     */
    public WriteResult tryWrite(int type, int flags, long transId, byte[] payload, int offset, int length) {
        checkArguments(type, flags, payload, offset, length);
        if (copyFast(type, flags, transId, payload, offset, length)) {
            commit();
            return WriteResult.Written.INSTANCE;
        }
        return tryWriteChecked(type, flags, transId, payload, offset, length, 0, true);
    }

    /**
     * Copies one packet after those copied since the last {@link #commit()}, without publishing it; never blocks
     * and allocates nothing. The consumer sees none of them until {@link #commit()}. A packet that does not fit
     * ends the batch: the packets before it are committed (so the consumer can free space) and {@code Full} is
     * returned (spec ProducerChecksSpace with pBatch &gt; 0).
     *
     * @return as {@link #tryWrite(int, int, long, byte[], int, int)}
     * @throws IllegalArgumentException as that method
     */
    public WriteResult tryCopy(int type, int flags, long transId, byte[] payload, int offset, int length) {
        checkArguments(type, flags, payload, offset, length);
        if (copyFast(type, flags, transId, payload, offset, length)) {
            return WriteResult.Written.INSTANCE;
        }
        return tryWriteChecked(type, flags, transId, payload, offset, length, 0, false);
    }

    /**
     * The common case of {@link #tryWriteChecked} in few bytecodes, so that the JIT inlines the whole of
     * {@link #tryCopy} into the caller's loop: taken only when nothing is traced, the ring is not broken, no need is
     * published in {@code pending_send_sz}, the packet is not too large, fits by the cached {@code read_index} and
     * ends before the end of the data area. In that case {@link #tryWriteChecked} takes exactly these steps (no
     * trace, no {@code read_index} reload, no {@code pending_send_sz} clear, no wrap); anything else goes its way.
     * Agrona's {@code OneToOneRingBuffer.write} is as short. With the whole path in {@code tryWriteChecked}, the
     * compiled {@code tryCopy} passed C2's 2,500-byte limit ("already compiled into a big method") and every packet
     * paid a call; with this path the one-thread burst is 6 % faster at 1500 B, unchanged at 4 KiB, where the full
     * path still runs once in about 21 packets (docs/benchmarks.md).
     *
     * @return true if the packet was copied (not published), false if nothing was done
     */
    private boolean copyFast(int type, int flags, long transId, byte[] payload, int offset, int length) {
        int packetLength = PacketDescriptor.packetLength(length);
        int start = batchEnd;
        int end = start + packetLength + PacketDescriptor.TRAILER_LENGTH; // no overflow when not too large
        // Unsigned: a payload near 2^31 makes packetLength negative, which the full path reports. Then the space,
        // the end of the data area and the state in one compare (refreshFastEnd), unsigned too: a producer broken at
        // construction keeps the host's write_index as batchEnd, and a negative end must not pass fastEnd 0.
        if (Integer.compareUnsigned(packetLength, maxPacketLength) > 0 || Integer.compareUnsigned(end, fastEnd) >= 0) {
            return false;
        }
        memory.putPacket(start, PacketDescriptor.firstWord(type, PacketDescriptor.LENGTH / PacketDescriptor.UNIT,
                packetLength / PacketDescriptor.UNIT, flags), transId, payload, offset, length, packetLength,
                PacketDescriptor.trailer(start));
        batchEnd = end;
        uncommitted++;
        return true;
    }

    /**
     * Copies one packet into the batch as {@link #tryCopy} does, waiting for space up to {@code timeoutNanos} as
     * {@link #write(int, int, long, byte[], int, int, long)} does. If it does not fit, the batch so far is committed
     * first, then the packet is started again and may block (the producer never sleeps on unpublished packets).
     *
     * @return as {@link #write(int, int, long, byte[], int, int, long)}
     * @throws InterruptedException if interrupted while asleep (pending_send_sz is cleared first)
     */
    public WriteResult copy(int type, int flags, long transId, byte[] payload, int offset, int length,
                            long timeoutNanos) throws InterruptedException {
        checkArguments(type, flags, payload, offset, length);
        return writeBlocking(type, flags, transId, payload, offset, length, 0, timeoutNanos, false);
    }

    /**
     * Publishes every packet copied since the last commit: ONE {@code write_index} store, ONE StoreLoad fence and
     * ONE signal decision for all of them (spec ProducerStoresWriteIndex). The consumer is signalled iff its mask is
     * clear and it had caught up with the batch's first packet, the empty to non-empty transition of Linux
     * {@code hv_signal_on_write} taken over the batch (not the last packet's start: spec bug BatchLastOld).
     *
     * @return the packets published (0 if none were copied, or the ring is broken)
     */
    public int commit() {
        if (uncommitted == 0 || broken != null) {
            return 0;
        }
        int old = writeIndex;
        int w = batchEnd;
        int published = uncommitted;
        // Release = Linux virt_mb() before the index store (spec BarrierData, once per batch): every descriptor,
        // payload and trailer of the batch is visible before write_index. Pairs with the consumer's
        // loadWriteIndexAcquire before it reads a packet.
        memory.storeWriteIndexRelease(w);
        writeIndex = w;
        uncommitted = 0;
        packetsWritten += published;
        trace(RingAction.PRODUCER_STORES_WRITE_INDEX, w);
        signalIfEmptyBefore(old);
        return published;
    }

    /** Packets copied by {@link #tryCopy} or {@link #copy} and not yet published by {@link #commit()}. */
    public int uncommitted() {
        return uncommitted;
    }

    /**
     * Writes one packet whose descriptor is followed by a descriptor extension before the payload, as Linux
     * {@code vmbus_sendpacket_mpb_desc} does for GPA_DIRECT ({@code struct vmbus_packet_mpb_array}: reserved,
     * rangecount, then the range); {@code offset8} then points past the extension. Never blocks.
     *
     * @param extension bytes between the 16-byte descriptor and the payload; a multiple of 8 long
     * @return as {@link #tryWrite(int, int, long, byte[], int, int)}
     * @throws IllegalArgumentException as that method, or if the extension is not a multiple of 8 bytes
     */
    public WriteResult tryWrite(int type, int flags, long transId, byte[] extension, byte[] payload, int offset,
                                int length) {
        checkArguments(type, flags, payload, offset, length);
        byte[] joined = join(extension, payload, offset, length);
        return tryWriteChecked(type, flags, transId, joined, 0, joined.length,
                extension.length / PacketDescriptor.UNIT, true);
    }

    /**
     * As {@link #tryCopy(int, int, long, byte[], int, int)} with a descriptor extension before the payload, as
     * {@link #tryWrite(int, int, long, byte[], byte[], int, int)} writes it: copied after the batch so far, published
     * by {@link #commit()}.
     *
     * @return as {@link #tryWrite(int, int, long, byte[], int, int)}
     * @throws IllegalArgumentException as that method, or if the extension is not a multiple of 8 bytes
     */
    public WriteResult tryCopy(int type, int flags, long transId, byte[] extension, byte[] payload, int offset,
                               int length) {
        checkArguments(type, flags, payload, offset, length);
        byte[] joined = join(extension, payload, offset, length);
        return tryWriteChecked(type, flags, transId, joined, 0, joined.length,
                extension.length / PacketDescriptor.UNIT, false);
    }

    /**
     * As {@link #tryCopy(int, int, long, byte[], byte[], int, int)} with the extension and the payload already one
     * run in the caller's buffer ({@code packet[offset .. offset + extensionLength)} the extension, the
     * {@code payloadLength} bytes after it the payload), so nothing is joined: no array per packet (the guest's
     * GPA_DIRECT requests keep one such buffer per page count and encode both parts in place, as Linux
     * {@code storvsc_queuecommand} fills its {@code vmbus_packet_mpb_array} in the request).
     *
     * @return as {@link #tryWrite(int, int, long, byte[], int, int)}
     * @throws IllegalArgumentException as that method, or if the extension is not a multiple of 8 bytes
     */
    public WriteResult tryCopyExtended(int type, int flags, long transId, byte[] packet, int offset,
                                       int extensionLength, int payloadLength) {
        int length = checkExtended(type, flags, packet, offset, extensionLength, payloadLength);
        return tryWriteChecked(type, flags, transId, packet, offset, length, extensionLength / PacketDescriptor.UNIT,
                false);
    }

    /**
     * As {@link #tryCopyExtended} and then {@link #commit()} (the packet and any batch before it published).
     *
     * @return as {@link #tryWrite(int, int, long, byte[], int, int)}
     * @throws IllegalArgumentException as {@link #tryCopyExtended}
     */
    public WriteResult tryWriteExtended(int type, int flags, long transId, byte[] packet, int offset,
                                        int extensionLength, int payloadLength) {
        int length = checkExtended(type, flags, packet, offset, extensionLength, payloadLength);
        return tryWriteChecked(type, flags, transId, packet, offset, length, extensionLength / PacketDescriptor.UNIT,
                true);
    }

    /**
     * As {@link #write(int, int, long, byte[], byte[], int, int, long)} with the extension and payload one run, as
     * {@link #tryCopyExtended} takes them.
     *
     * @return as {@link #write(int, int, long, byte[], int, int, long)}
     * @throws InterruptedException if interrupted while asleep (pending_send_sz is cleared first)
     */
    public WriteResult writeExtended(int type, int flags, long transId, byte[] packet, int offset,
                                     int extensionLength, int payloadLength, long timeoutNanos)
            throws InterruptedException {
        int length = checkExtended(type, flags, packet, offset, extensionLength, payloadLength);
        return writeBlocking(type, flags, transId, packet, offset, length, extensionLength / PacketDescriptor.UNIT,
                timeoutNanos, true);
    }

    /** Checks an extended packet's arguments; returns the extension and payload's length together. */
    private static int checkExtended(int type, int flags, byte[] packet, int offset, int extensionLength,
                                     int payloadLength) {
        if (extensionLength < 0 || extensionLength % PacketDescriptor.UNIT != 0 || payloadLength < 0) {
            throw new IllegalArgumentException("descriptor extension must be 8-byte units: length="
                    + extensionLength + " payload=" + payloadLength);
        }
        int length = extensionLength + payloadLength;
        checkArguments(type, flags, packet, offset, length);
        return length;
    }

    /** The extension then the payload slice: one contiguous run after the descriptor. */
    private static byte[] join(byte[] extension, byte[] payload, int offset, int length) {
        if (extension.length % PacketDescriptor.UNIT != 0) {
            throw new IllegalArgumentException("descriptor extension must be 8-byte units: length="
                    + extension.length);
        }
        byte[] joined = new byte[extension.length + length];
        System.arraycopy(extension, 0, joined, 0, extension.length);
        System.arraycopy(payload, offset, joined, extension.length, length);
        return joined;
    }

    /**
     * One write: starts it, checks space, copies, and (if {@code commit}) publishes it with the batch. The untraced
     * common case is {@link #copyFast}; this and {@link #attemptCopy} are the full path, traced step by step:
     * everything rare (an error's allocation, the read_index reload, the copy of a packet that wraps) is in a method of
     * its own (C2 inlines a hot callee only below 325 bytecodes, and not at all once its compiled code passes 2,500
     * bytes).
     */
    private WriteResult tryWriteChecked(int type, int flags, long transId, byte[] payload, int offset, int length,
                                        int extension8, boolean commit) {
        if (broken != null) {
            return broken;
        }
        int packetLength = PacketDescriptor.packetLength(length);
        if (packetLength > maxPacketLength) {
            return tooLarge(packetLength);
        }
        trace(RingAction.PRODUCER_STARTS_WRITE, packetLength + PacketDescriptor.TRAILER_LENGTH);
        WriteResult result = attemptCopy(type, flags, transId, payload, offset, length, packetLength, extension8);
        if (commit && result == WriteResult.Written.INSTANCE) {
            commit();
        }
        return result;
    }

    private WriteError.TooLarge tooLarge(int packetLength) {
        return new WriteError.TooLarge(packetLength, maxPacketLength);
    }

    /**
     * One space check, counted from the end of the batch so far, and, if it passes, the copy (not published). If the
     * packet does not fit behind a non-empty batch, the batch is committed and {@code Full} returned.
     */
    private WriteResult attemptCopy(int type, int flags, long transId, byte[] payload, int offset, int length,
                                    int packetLength, int extension8) {
        int total = packetLength + PacketDescriptor.TRAILER_LENGTH;
        // "If there is only room for the packet, assume it is full" (§2.3): equal indices must mean empty. The free
        // space from the cached read_index is a lower bound; load read_index only when it says full (Agrona
        // OneToOneRingBuffer's head cache, openvmm OutgoingRing::write's cached_out).
        if (RingDescriptor.bytesToWrite(batchEnd, knownReadIndex, dataLength) <= total) {
            WriteResult full = reloadSpace(total);
            if (full != null) {
                return full;
            }
        }
        if (pendingPublished) {
            clearPendingSendSz(); // Enough space now: stop asking for a wakeup before using it (openvmm does too).
        }
        int start = batchEnd;
        long firstWord = PacketDescriptor.firstWord(type, PacketDescriptor.LENGTH / PacketDescriptor.UNIT + extension8,
                packetLength / PacketDescriptor.UNIT, flags);
        int end = start + total;
        if (end <= dataLength) {
            // The packet does not wrap (every packet but one per lap): one call, so the memory checks its bounds once
            // for the whole packet instead of once per field (Agrona's one claim then plain puts).
            memory.putPacket(start, firstWord, transId, payload, offset, length, packetLength,
                    PacketDescriptor.trailer(start));
            if (end == dataLength) {
                end = 0;
                wraps++;
            }
        } else {
            end = copyWrapping(start, firstWord, transId, payload, offset, length);
            wraps++;
        }
        trace(RingAction.PRODUCER_COPIES_PACKET, start);
        batchEnd = end;
        refreshFastEnd();
        uncommitted++;
        return WriteResult.Written.INSTANCE;
    }

    /**
     * The cached read_index says the packet does not fit: load it again (§2.3). Null if the packet fits now; else
     * {@code Full} (after publishing the batch so far, so the consumer can free space) or the corruption.
     */
    private WriteResult reloadSpace(int total) {
        if (!loadReadIndex()) {
            return broken;
        }
        if (RingDescriptor.bytesToWrite(batchEnd, knownReadIndex, dataLength) <= total) {
            if (uncommitted > 0) {
                commit(); // Never wait on packets nobody can see: publish them so the consumer frees space.
            }
            return WriteError.Full.INSTANCE;
        }
        return null;
    }

    /**
     * Loads {@code read_index} and checks it as an untrusted value: in range, aligned, and moved only forward from the
     * last value we saw, no further than our {@code write_index} (the bytes the consumer has not released can only
     * shrink). A consumer that moves it backwards would have us overwrite packets it has not read, or report space
     * that is not there; Linux {@code hv_get_bytes_to_write} and openvmm {@code OutgoingRing} check only range and
     * alignment. False (and broken) if the check fails.
     */
    private boolean loadReadIndex() {
        // Acquire pairs with the consumer's storeReadIndexRelease: its reads of the bytes we are about to
        // overwrite happened before it published the space (Linux READ_ONCE(read_index) in hv_get_bytes_to_write).
        int r = memory.loadReadIndexAcquire();
        trace(RingAction.PRODUCER_LOADS_READ_INDEX, r);
        // In range and aligned (as unsigned: a negative int is a u32 above the data length), and not backwards. The
        // reason is built only on failure.
        if (Integer.compareUnsigned(r, dataLength) >= 0 || (r & (RingDescriptor.ALIGNMENT - 1)) != 0
                || RingDescriptor.bytesToRead(writeIndex, r, dataLength)
                > RingDescriptor.bytesToRead(writeIndex, knownReadIndex, dataLength)) {
            broken = new WriteError.Corrupt(badReadIndex(r));
            refreshFastEnd();
            return false;
        }
        knownReadIndex = r;
        refreshFastEnd();
        return true;
    }

    /** Why {@code r} was rejected by {@link #loadReadIndex()}. */
    private String badReadIndex(int r) {
        String bad = RingDescriptor.checkIndex("read_index", r, dataLength);
        return bad != null ? bad : "read_index moved backwards: read_index=" + r + " last_read_index="
                + knownReadIndex + " write_index=" + writeIndex;
    }

    /**
     * Writes one packet, waiting for space up to {@code timeoutNanos}: publishes the bytes it needs in
     * {@code pending_send_sz}, fences, re-checks, then sleeps on the doorbell (§2.6, openvmm
     * {@code WriteState::poll_ready}). Clears {@code pending_send_sz} before returning.
     *
     * @return as {@link #tryWrite}, or {@link WriteError.TimedOut} instead of {@code Full}
     * @throws InterruptedException if interrupted while asleep (pending_send_sz is cleared first)
     */
    public WriteResult write(int type, int flags, long transId, byte[] payload, int offset, int length,
                             long timeoutNanos) throws InterruptedException {
        checkArguments(type, flags, payload, offset, length);
        return writeBlocking(type, flags, transId, payload, offset, length, 0, timeoutNanos, true);
    }

    /**
     * As {@link #write(int, int, long, byte[], int, int, long)}, with a descriptor extension before the payload as
     * {@link #tryWrite(int, int, long, byte[], byte[], int, int)} writes it.
     *
     * @return as {@link #tryWrite}, or {@link WriteError.TimedOut} instead of {@code Full}
     * @throws InterruptedException if interrupted while asleep (pending_send_sz is cleared first)
     */
    public WriteResult write(int type, int flags, long transId, byte[] extension, byte[] payload, int offset,
                             int length, long timeoutNanos) throws InterruptedException {
        checkArguments(type, flags, payload, offset, length);
        byte[] joined = join(extension, payload, offset, length);
        return writeBlocking(type, flags, transId, joined, 0, joined.length, extension.length / PacketDescriptor.UNIT,
                timeoutNanos, true);
    }

    private WriteResult writeBlocking(int type, int flags, long transId, byte[] payload, int offset, int length,
                                      int extension8, long timeoutNanos, boolean commit) throws InterruptedException {
        boolean batchOpen = uncommitted > 0;
        WriteResult result = tryWriteChecked(type, flags, transId, payload, offset, length, extension8, commit);
        if (result == WriteError.Full.INSTANCE && batchOpen) {
            // The batch was committed to make room (attemptCopy): start this packet again, now with nothing
            // unpublished, as the spec's producer does after publishing (Idle, then ProducerStartsWrite).
            result = tryWriteChecked(type, flags, transId, payload, offset, length, extension8, commit);
        }
        if (result != WriteError.Full.INSTANCE) {
            return result;
        }
        blockedWrites++;
        long begin = System.nanoTime();
        // The consumer signals when free space goes from <= pending to > pending; we need free > total, and ask
        // for the threshold if that is more (wake-up batching; spec PendingFor).
        int need = Math.max(PacketDescriptor.packetLength(length) + PacketDescriptor.TRAILER_LENGTH,
                pendingSendSzThreshold);
        try {
            while (true) {
                if (!pendingPublished) {
                    memory.storePendingSendSzOpaque(need);
                    pendingPublished = true;
                    refreshFastEnd();
                    trace(RingAction.PRODUCER_SETS_PENDING_SEND_SZ, need);
                    // StoreLoad (Dekker, §2.7 "producer block"): pending_send_sz store before the read_index
                    // reload below. Pairs with the consumer's read_index store -> full fence -> pending_send_sz
                    // load: either it sees our need and signals, or we see its freed space here.
                    fullFence();
                }
                result = attemptCopy(type, flags, transId, payload, offset, length,
                        PacketDescriptor.packetLength(length), extension8);
                if (result != WriteError.Full.INSTANCE) {
                    if (commit && result == WriteResult.Written.INSTANCE) {
                        commit();
                    }
                    return result;
                }
                long remaining = timeoutNanos - (System.nanoTime() - begin);
                if (remaining <= 0) {
                    return new WriteError.TimedOut(System.nanoTime() - begin, need);
                }
                if (doorbell.await(remaining)) {
                    trace(RingAction.PRODUCER_CONSUMES_DOORBELL, 0);
                }
            }
        } finally {
            if (pendingPublished) {
                clearPendingSendSz(); // Timed out, interrupted or broken: a stale need only causes spurious signals.
            }
        }
    }

    /**
     * Recomputes {@link #fastEnd} after {@code broken}, {@code pendingPublished}, {@code batchEnd} or
     * {@code knownReadIndex} changed anywhere but in {@link #copyFast}. A packet from {@code batchEnd} to {@code end}
     * (trailer included) fits by the cached {@code read_index} r iff the free space {@code bytesToWrite(batchEnd, r)}
     * exceeds its length: with {@code batchEnd >= r} that is {@code end < dataLength + r}, implied by the fast
     * path's own {@code end < dataLength}; with {@code batchEnd < r} it is {@code end < r}. So the fast path's
     * conditions are {@code end < fastEnd}, and a packet it copies leaves {@code batchEnd} on the same side of r, so
     * {@link #copyFast} needs no refresh (one compare per packet instead of five loads and three branches).
     */
    private void refreshFastEnd() {
        fastEnd = !FAST_COPY || tracing || broken != null || pendingPublished ? 0
                : batchEnd >= knownReadIndex ? dataLength : knownReadIndex;
    }

    private void clearPendingSendSz() {
        memory.storePendingSendSzOpaque(0);
        pendingPublished = false;
        refreshFastEnd();
        trace(RingAction.PRODUCER_CLEARS_PENDING_SEND_SZ, 0);
    }

    private void fullFence() {
        memory.fullFence();
        trace(RingAction.PRODUCER_FULL_BARRIER, 0);
    }

    /** §2.4 signal decision, after write_index is published; {@code old} is write_index before the batch. */
    private void signalIfEmptyBefore(int old) {
        // StoreLoad (Linux virt_mb() in hv_signal_on_write, spec barrier site ProducerAfterWriteIndex): the
        // write_index store must be visible before we load interrupt_mask. Pairs with the consumer's unmask: mask
        // store -> full fence -> write_index load. Either the consumer's re-check sees our packets or we see the mask
        // clear and signal: no lost wakeup. The one fence per commit the protocol needs (one per batch).
        fullFence();
        // Acquire = Linux virt_rmb() between the mask load and the read_index load below.
        int mask = memory.loadInterruptMaskAcquire();
        trace(RingAction.PRODUCER_LOADS_INTERRUPT_MASK, mask);
        if (mask != 0) {
            return; // The consumer is draining and will re-check after unmasking (§2.5).
        }
        if (signalWheneverUnmasked) {
            signal(); // Fault H3: ignores whether the ring was empty.
            return;
        }
        // A fresh load, never the cached copy: the ring was empty before our packet iff the consumer had caught up
        // with its start by now. The packet is published either way; a corrupt index only breaks later writes.
        if (loadReadIndex() && old == knownReadIndex) {
            signal(); // The ring was empty when the batch started: empty -> non-empty.
        }
    }

    private void signal() {
        signals++;
        trace(RingAction.PRODUCER_SIGNALS_CONSUMER, 0);
        doorbell.ring();
    }

    /** Copies a packet that wraps at the end of the data area, field by field (at most one packet per lap). */
    private int copyWrapping(int start, long firstWord, long transId, byte[] payload, int offset, int length) {
        int w = start;
        memory.putLong(w, firstWord);
        w = RingDescriptor.advance(w, Long.BYTES, dataLength);
        memory.putLong(w, transId);
        w = RingDescriptor.advance(w, Long.BYTES, dataLength);
        int first = Math.min(length, dataLength - w);
        memory.putBytes(w, payload, offset, first);
        if (first < length) {
            memory.putBytes(0, payload, offset + first, length - first);
        }
        w = RingDescriptor.advance(w, length, dataLength);
        int padding = RingDescriptor.align(length) - length;
        if (padding > 0) {
            // Never straddles the end: the packet starts 8-aligned, so the padding ends at the next multiple of 8,
            // at most the data length (itself a multiple of 8). PIT found the split this once had unreachable.
            memory.putZeros(w, padding);
            w = RingDescriptor.advance(w, padding, dataLength);
        }
        memory.putLong(w, PacketDescriptor.trailer(start));
        return RingDescriptor.advance(w, PacketDescriptor.TRAILER_LENGTH, dataLength);
    }

    private static void checkArguments(int type, int flags, byte[] payload, int offset, int length) {
        if (((type | flags) & ~PacketDescriptor.U16_MAX) != 0 || offset < 0 || length < 0
                || offset > payload.length - length) {
            throw badArguments(type, flags, payload, offset, length);
        }
    }

    /** The exception {@link #checkArguments} throws, built only on failure. */
    private static IllegalArgumentException badArguments(int type, int flags, byte[] payload, int offset,
                                                         int length) {
        if (((type | flags) & ~PacketDescriptor.U16_MAX) != 0) {
            return new IllegalArgumentException("type and flags are u16: type=" + type + " flags=" + flags);
        }
        return new IllegalArgumentException("payload slice out of bounds: offset=" + offset + " length="
                + length + " payload_length=" + payload.length);
    }

    private void trace(RingAction action, int value) {
        if (RingHooks.ENABLED && tracing) { // a JIT constant first: -Denlightened.ring.hooks=false drops the test
            observer.onStep(action, value, memory);
        }
    }

    /** True once the peer corrupted the ring; every write then fails with {@link #corruption()}. */
    public boolean isBroken() {
        return broken != null;
    }

    /** The corruption that broke the ring, or null. */
    public WriteError.Corrupt corruption() {
        return broken;
    }

    /** Packets written and published. */
    public long packetsWritten() {
        return packetsWritten;
    }

    /** Signals sent to the consumer (producer to consumer direction). */
    public long signals() {
        return signals;
    }

    /** Packets whose end index wrapped past the end of the data area. */
    public long wraps() {
        return wraps;
    }

    /** Blocking writes that found the ring full and had to publish pending_send_sz. */
    public long blockedWrites() {
        return blockedWrites;
    }

    /** This producer's copy of {@code write_index}. */
    public int writeIndex() {
        return writeIndex;
    }
}
