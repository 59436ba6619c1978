package dev.enlightened.ring.trace;

import dev.enlightened.ring.PacketDescriptor;
import dev.enlightened.ring.RingAction;
import dev.enlightened.ring.RingDescriptor;
import dev.enlightened.ring.RingMemory;
import dev.enlightened.ring.RingObserver;
import dev.enlightened.ring.RingProducer;
import dev.enlightened.trace.TraceHeader;
import dev.enlightened.trace.TraceSink;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Writes one trace event per protocol step of a ring's producer or consumer, for {@code TraceRingBuffer.tla}. The
 * spec counts 8-byte units where the ring counts bytes, so indices and {@code pending_send_sz} are divided by 8 and a
 * packet's {@code len} is its descriptor and payload in units, trailer excluded.
 *
 * <p>Every event's {@code post} holds the four control fields after the step; packet steps add what the packet's
 * descriptor says (its {@code trans_id}, which the scenario numbers 1, 2, ..., and its length), read back from the
 * ring at the packet's start. The caller makes each step atomic with its event (one step at a time, or a lock), so the
 * snapshot is exact. Not thread-safe by itself: steps reach it one at a time.
 */
public final class RingTraceEmitter implements RingObserver {
    /** The trace module that validates ring traces. */
    public static final String SPEC = "TraceRingBuffer";
    /** The trace module that validates ring traces with host save/restore points ({@code run ring --restores}). */
    public static final String RESTORE_SPEC = "TraceRingRestore";
    private static final int UNIT = PacketDescriptor.UNIT;

    private final TraceSink sink;
    private final RingMemory memory;
    private long received;

    /** An emitter writing to {@code sink} and reading packet descriptors from {@code memory}. */
    public RingTraceEmitter(TraceSink sink, RingMemory memory) {
        this.sink = sink;
        this.memory = memory;
    }

    /**
     * The trace header for a ring of {@code dataLength} bytes carrying {@code packets} packets of the given payload
     * lengths: the spec constants DataSize, PacketLens and MaxPackets, checked under the SC memory model with the
     * pending_send_sz feature (the Java producer always advertises it) and the producer's wake-up threshold.
     */
    public static TraceHeader header(int dataLength, List<Integer> payloadLengths, long seed, String producer) {
        return header(dataLength, payloadLengths, seed, producer, 1);
    }

    /**
     * As {@link #header(int, List, long, String)} for a producer that commits up to {@code batch} packets at a time
     * (spec constant MaxBatch; 1 is left out, the spec cfg's value).
     */
    public static TraceHeader header(int dataLength, List<Integer> payloadLengths, long seed, String producer,
                                     int batch) {
        return header(dataLength, payloadLengths, seed, producer, batch, 0, 0);
    }

    /**
     * As {@link #header(int, List, long, String, int)} for a consumer that polls the drained ring up to
     * {@code idlePolls} times, still masked, before it unmasks (spec constant ConsumerIdlePolls; 0 is left out, the
     * spec cfg's value), in a run whose host saves and restores the VM {@code restores} times: checked against
     * {@link #RESTORE_SPEC} with MaxRestores, the spec's bound on HostRestores (0: no restore, {@link #SPEC}).
     */
    public static TraceHeader header(int dataLength, List<Integer> payloadLengths, long seed, String producer,
                                     int batch, int idlePolls, int restores) {
        SortedSet<Integer> lens = new TreeSet<>();
        for (int length : payloadLengths) {
            lens.add(len8(PacketDescriptor.packetLength(length)));
        }
        Map<String, Object> constants = new LinkedHashMap<>();
        constants.put("DataSize", dataLength / UNIT);
        constants.put("PacketLens", List.copyOf(lens));
        constants.put("MaxPackets", payloadLengths.size());
        constants.put("MemoryModel", "SC");
        constants.put("PendingSendSzFeature", true);
        // The wake-up threshold every producer of a scenario run uses (RingProducer's default policy).
        constants.put("PendingSendSzThreshold", RingProducer.defaultPendingSendSzThreshold(dataLength) / UNIT);
        if (batch > 1) {
            constants.put("MaxBatch", batch);
        }
        if (idlePolls > 0) {
            constants.put("ConsumerIdlePolls", idlePolls);
        }
        if (restores > 0) {
            constants.put("MaxRestores", restores);
            return new TraceHeader(RESTORE_SPEC, constants, seed, producer);
        }
        return new TraceHeader(SPEC, constants, seed, producer);
    }

    /**
     * HostRestores ({@code TraceRingRestore.tla}): the host saved and restored the VM. Post: the control fields
     * (unchanged: the ring is guest memory), the restores made so far, and each party's doorbell latch after the
     * restore's re-signals (the spec's {@code doorbell[C]}, {@code doorbell[P]}).
     */
    public void onRestore(int restores, boolean consumerDoorbell, boolean producerDoorbell) {
        Map<String, Object> post = new LinkedHashMap<>();
        post.put("writeIndex", memory.peek(RingDescriptor.WRITE_INDEX_OFFSET) / UNIT);
        post.put("readIndex", memory.peek(RingDescriptor.READ_INDEX_OFFSET) / UNIT);
        post.put("interruptMask", memory.peek(RingDescriptor.INTERRUPT_MASK_OFFSET));
        post.put("pendingSendSz", memory.peek(RingDescriptor.PENDING_SEND_SZ_OFFSET) / UNIT);
        post.put("restores", restores);
        post.put("consumerDoorbell", consumerDoorbell);
        post.put("producerDoorbell", producerDoorbell);
        sink.emit("host", "HostRestores", Map.of(), post);
    }

    /** A packet of {@code packetLength} bytes (descriptor, payload, padding) as the spec's len8. */
    public static int len8(int packetLength) {
        return packetLength / UNIT;
    }

    @Override
    public void onStep(RingAction action, int value, int writeIndex, int readIndex, int interruptMask,
                       int pendingSendSz) {
        Map<String, Object> params = new LinkedHashMap<>();
        Map<String, Object> post = new LinkedHashMap<>();
        post.put("writeIndex", writeIndex / UNIT);
        post.put("readIndex", readIndex / UNIT);
        post.put("interruptMask", interruptMask);
        post.put("pendingSendSz", pendingSendSz / UNIT);
        switch (action) {
            // value = the packet's bytes with its trailer: the spec's len is without the trailer's unit.
            case PRODUCER_STARTS_WRITE -> params.put("len", value / UNIT - 1);
            case PRODUCER_COPIES_PACKET -> {
                params.put("start", value / UNIT);
                post.put("sent", transId(value));
            }
            case CONSUMER_READS_PACKET -> {
                params.put("start", value / UNIT);
                received++;
                post.put("received", received);
                post.put("lastId", transId(value));
                post.put("lastLen", len8(PacketDescriptor.len8(memory.getLong(value)) * UNIT));
            }
            default -> {
                // Loads, stores, barriers and signals: the control fields say it all.
            }
        }
        sink.emit(action.actor(), action.specName(), params, post);
    }

    /** The trans_id of the packet starting at {@code start}: the scenario's packet number. */
    private long transId(int start) {
        return memory.getLong(RingDescriptor.advance(start, PacketDescriptor.TRANS_ID_OFFSET, memory.dataLength()));
    }
}
