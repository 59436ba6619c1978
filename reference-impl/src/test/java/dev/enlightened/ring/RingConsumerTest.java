package dev.enlightened.ring;

import static dev.enlightened.ring.PacketDescriptor.TRAILER_LENGTH;
import static dev.enlightened.ring.PacketDescriptor.TYPE_DATA_INBAND;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enlightened.signal.InProcessDoorbell;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class RingConsumerTest {

    private static final int DATA_LENGTH = 256;
    /** A packet of this payload occupies a quarter of the ring. */
    private static final int QUARTER_PAYLOAD = DATA_LENGTH / 4 - PacketDescriptor.LENGTH - TRAILER_LENGTH;

    private final RecordingRingMemory memory = new RecordingRingMemory(DATA_LENGTH);
    private final InProcessDoorbell[] doorbells = InProcessDoorbell.pair();
    private final RingProducer producer = new RingProducer(memory, doorbells[0]);
    private final PacketView view = new PacketView();

    private RingConsumer consumer(ReaderMode mode, Set<RingFault> faults) {
        RingConsumer consumer = mode.consumer(memory, doorbells[1], RingObserver.NONE, faults);
        memory.clearLog();
        return consumer;
    }

    private static int total(int payloadLength) {
        return PacketDescriptor.packetLength(payloadLength) + TRAILER_LENGTH;
    }

    private void write(int payloadLength) {
        assertSame(WriteResult.Written.INSTANCE,
                producer.tryWrite(TYPE_DATA_INBAND, 0, payloadLength, new byte[payloadLength], 0, payloadLength));
    }

    @ParameterizedTest
    @EnumSource(ReaderMode.class)
    void readLoadsWriteIndexAcquireThenReleasePublishesThenFencesBeforePendingLoad(ReaderMode mode) {
        write(5);
        RingConsumer consumer = consumer(mode, Set.of());
        assertSame(ReadResult.Read.INSTANCE, consumer.next(view));
        assertSame(ReadError.Empty.INSTANCE, consumer.next(view));
        consumer.release();
        int end = total(5);
        // In place: the descriptor word, the trailer and trans_id, each a load of shared memory. Isolated: the
        // packet copied out in one load, then the trailer; every field after that is read from the copy.
        List<String> dataLoads = mode.isolated() ? List.of("data load", "data load")
                : List.of("data load", "data load", "data load");
        List<String> expected = new ArrayList<>();
        expected.add("load write_index acquire " + end);
        expected.addAll(dataLoads);
        expected.addAll(List.of(
                "load write_index acquire " + end,
                "store read_index release " + end,
                "load feature_bits opaque " + RingDescriptor.FEAT_PENDING_SEND_SZ,
                "fence",
                "load pending_send_sz acquire 0"));
        assertEquals(expected, memory.log());
    }

    @ParameterizedTest
    @EnumSource(ReaderMode.class)
    void releaseUnderFaultH2SamplesWriteIndexBeforePublishingThenLoadsOwnMask(ReaderMode mode) {
        write(5);
        RingConsumer consumer = consumer(mode, EnumSet.of(RingFault.H2_CONSUMER_CHECKS_OWN_MASK));
        consumer.next(view);
        memory.clearLog();
        consumer.release();
        int end = total(5);
        assertEquals(List.of(
                "load write_index acquire " + end,
                "store read_index release " + end,
                "fence",
                "load interrupt_mask acquire 0",
                "load feature_bits opaque " + RingDescriptor.FEAT_PENDING_SEND_SZ,
                "load pending_send_sz acquire 0"), memory.controlLog());
    }

    @ParameterizedTest
    @EnumSource(ReaderMode.class)
    void deliversTypeFlagsTransIdAndPayloadAcrossTheWrap(ReaderMode mode) {
        RingConsumer consumer = consumer(mode, Set.of());
        write(QUARTER_PAYLOAD);
        write(QUARTER_PAYLOAD);
        write(QUARTER_PAYLOAD);
        consumer.poll(p -> { }, Integer.MAX_VALUE);
        byte[] payload = new byte[DATA_LENGTH / 2];
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) (i * 7 + 1);
        }
        producer.tryWrite(PacketDescriptor.TYPE_COMP, PacketDescriptor.FLAG_COMPLETION_REQUESTED, -2L, payload, 0,
                payload.length);
        assertTrue(producer.writeIndex() < DATA_LENGTH / 2, "the packet wrapped");
        assertSame(ReadResult.Read.INSTANCE, consumer.next(view));
        assertEquals(PacketDescriptor.TYPE_COMP, view.type());
        assertEquals(PacketDescriptor.FLAG_COMPLETION_REQUESTED, view.flags());
        assertEquals(-2L, view.transId());
        assertEquals(payload.length, view.payloadLength());
        byte[] copy = new byte[payload.length];
        view.copyPayload(0, copy, 0, copy.length);
        assertArrayEquals(payload, copy);
        assertEquals(payload[payload.length - 1], view.payloadByte(payload.length - 1));
    }

    @ParameterizedTest
    @EnumSource(ReaderMode.class)
    void publishesReadIndexOncePerBatch(ReaderMode mode) {
        RingConsumer consumer = consumer(mode, Set.of());
        write(5);
        write(5);
        write(5);
        assertEquals(3, consumer.poll(p -> { }, Integer.MAX_VALUE));
        assertEquals(1, memory.log().stream().filter(s -> s.startsWith("store read_index")).count());
        assertEquals(1, consumer.batches());
    }

    @ParameterizedTest
    @EnumSource(ReaderMode.class)
    void masksWhileDrainingThenUnmasksFencesAndRechecks(ReaderMode mode) {
        RingConsumer consumer = consumer(mode, Set.of());
        write(5);
        memory.clearLog();
        consumer.poll(p -> { }, Integer.MAX_VALUE);
        List<String> control = memory.controlLog();
        // No fence after the mask (the model ring-no-mb-after-mask-tso): the drain loads write_index at once.
        assertEquals(List.of("store interrupt_mask opaque 1", "load write_index acquire " + total(5)),
                control.subList(0, 2));
        int end = total(5);
        assertEquals(List.of("store interrupt_mask opaque 0", "fence", "load write_index acquire " + end),
                control.subList(control.size() - 3, control.size()));
        assertFalse(consumer.isMasked());
    }

    @ParameterizedTest
    @EnumSource(ReaderMode.class)
    void staysMaskedAtTheBudgetUntilAPollFindsTheRingEmpty(ReaderMode mode) {
        RingConsumer consumer = consumer(mode, Set.of());
        write(5);
        write(5);
        assertEquals(1, consumer.poll(p -> { }, 1));
        assertTrue(consumer.isMasked(), "a packet is left: a poll is owed");
        assertEquals(1, consumer.batches(), "the budget stop published what it read");
        memory.clearLog();
        assertEquals(1, consumer.poll(p -> { }, 1));
        // netvsc_poll: work_done == budget, so NAPI is not completed even though the ring is now empty.
        assertTrue(consumer.isMasked(), "budget used up at the last packet: still masked, a poll is owed");
        assertFalse(memory.controlLog().contains("store interrupt_mask opaque 1"), "the repoll does not mask again");
        assertEquals(0, consumer.poll(p -> { }, 1));
        assertFalse(consumer.isMasked(), "the poll that found the ring empty unmasked and re-checked");
        List<String> control = memory.controlLog();
        assertEquals(List.of("store interrupt_mask opaque 0", "fence", "load write_index acquire " + total(5) * 2),
                control.subList(control.size() - 3, control.size()));
    }

    /** Fills the ring with quarter packets and leaves the producer blocked needing a half-ring packet. */
    private int blockProducerNeedingHalfTheRing() {
        write(QUARTER_PAYLOAD);
        write(QUARTER_PAYLOAD);
        write(QUARTER_PAYLOAD);
        int need = total(DATA_LENGTH / 2 - PacketDescriptor.LENGTH - TRAILER_LENGTH - RingDescriptor.ALIGNMENT);
        memory.storePendingSendSzOpaque(need); // what RingProducer.write publishes when blocked
        return need;
    }

    @ParameterizedTest
    @EnumSource(ReaderMode.class)
    void signalsBlockedProducerOnNotEnoughToEnoughTransition(ReaderMode mode) {
        RingConsumer consumer = consumer(mode, Set.of());
        blockProducerNeedingHalfTheRing();
        assertSame(ReadResult.Read.INSTANCE, consumer.next(view));
        consumer.release(); // free: a quarter -> a half, need a half - 8: not enough -> enough
        assertEquals(1, consumer.signals());
        assertEquals(1, doorbells[1].rings());
    }

    @ParameterizedTest
    @EnumSource(ReaderMode.class)
    void doesNotSignalWhileStillNotEnoughSpace(ReaderMode mode) {
        RingConsumer consumer = consumer(mode, Set.of());
        write(QUARTER_PAYLOAD);
        write(QUARTER_PAYLOAD);
        write(QUARTER_PAYLOAD);
        memory.storePendingSendSzOpaque(DATA_LENGTH / 2);
        consumer.next(view);
        consumer.release(); // free becomes exactly a half = pending: "exactly" is not enough
        assertEquals(0, consumer.signals());
    }

    @ParameterizedTest
    @EnumSource(ReaderMode.class)
    void doesNotSignalWhenSpaceWasAlreadyEnoughBeforeTheBatch(ReaderMode mode) {
        RingConsumer consumer = consumer(mode, Set.of());
        write(QUARTER_PAYLOAD);
        memory.storePendingSendSzOpaque(total(0));
        consumer.next(view);
        consumer.release();
        assertEquals(0, consumer.signals());
    }

    @ParameterizedTest
    @EnumSource(ReaderMode.class)
    void signalsBlockedProducerEvenWhileMaskedForDraining(ReaderMode mode) {
        RingConsumer consumer = consumer(mode, Set.of());
        blockProducerNeedingHalfTheRing();
        consumer.poll(p -> { }, 1); // masked drain of one packet, stops at the budget with the mask set
        assertTrue(consumer.isMasked());
        assertEquals(1, consumer.signals(), "interrupt_mask is not consulted in the release path");
    }

    @ParameterizedTest
    @EnumSource(ReaderMode.class)
    void losesWakeupWhenConsumerChecksOwnMaskUnderFaultH2(ReaderMode mode) {
        RingConsumer consumer = consumer(mode, EnumSet.of(RingFault.H2_CONSUMER_CHECKS_OWN_MASK));
        blockProducerNeedingHalfTheRing();
        consumer.poll(p -> { }, Integer.MAX_VALUE);
        assertEquals(0, consumer.signals(), "the drain mask suppressed the producer's wakeup");
        assertTrue(memory.controlLog().contains("load interrupt_mask acquire 1"));
    }

    @ParameterizedTest
    @EnumSource(ReaderMode.class)
    void losesWakeupWithStaleFreeSpaceSampleUnderFaultH1(ReaderMode mode) {
        for (boolean faulty : new boolean[] {false, true}) {
            RecordingRingMemory ring = new RecordingRingMemory(DATA_LENGTH);
            InProcessDoorbell[] bells = InProcessDoorbell.pair();
            RingProducer writer = new RingProducer(ring, bells[0]);
            RingConsumer consumer = mode.consumer(ring, bells[1], RingObserver.NONE,
                    faulty ? EnumSet.of(RingFault.H1_STALE_FREE_SPACE) : Set.of());
            byte[] quarter = new byte[QUARTER_PAYLOAD];
            writer.tryWrite(TYPE_DATA_INBAND, 0, 0, quarter, 0, quarter.length);
            consumer.next(view); // batch starts while the ring is roomy
            writer.tryWrite(TYPE_DATA_INBAND, 0, 0, quarter, 0, quarter.length);
            writer.tryWrite(TYPE_DATA_INBAND, 0, 0, quarter, 0, quarter.length);
            ring.storePendingSendSzOpaque(DATA_LENGTH / 2 - RingDescriptor.ALIGNMENT); // producer now blocked
            consumer.release();
            assertEquals(faulty ? 0 : 1, consumer.signals(), "faulty=" + faulty);
        }
    }

    /**
     * Fault NO_BEFORE_CHECK (Linux between a389fcfd2cb5 and 433e19cf33d3): a producer blocked needing half the ring
     * minus a unit; two releases of a quarter each while it still waits. The first crosses the threshold (both
     * signal); the second finds the space already enough before it: only the faulty consumer signals again.
     */
    @ParameterizedTest
    @EnumSource(ReaderMode.class)
    void signalsAgainWhileTheProducerStillWaitsUnderFaultNoBeforeCheck(ReaderMode mode) {
        for (boolean faulty : new boolean[] {false, true}) {
            RecordingRingMemory ring = new RecordingRingMemory(DATA_LENGTH);
            InProcessDoorbell[] bells = InProcessDoorbell.pair();
            RingProducer writer = new RingProducer(ring, bells[0]);
            RingConsumer consumer = mode.consumer(ring, bells[1], RingObserver.NONE,
                    faulty ? EnumSet.of(RingFault.NO_BEFORE_CHECK) : Set.of());
            byte[] quarter = new byte[QUARTER_PAYLOAD];
            for (int i = 0; i < 3; i++) {
                writer.tryWrite(TYPE_DATA_INBAND, 0, 0, quarter, 0, quarter.length);
            }
            ring.storePendingSendSzOpaque(DATA_LENGTH / 2 - RingDescriptor.ALIGNMENT); // producer now blocked
            consumer.next(view);
            consumer.release(); // free: a quarter -> a half: not enough -> enough
            assertEquals(1, consumer.signals(), "faulty=" + faulty);
            consumer.next(view);
            consumer.release(); // free: a half -> three quarters, pending_send_sz still set
            assertEquals(faulty ? 2 : 1, consumer.signals(), "faulty=" + faulty);
            assertEquals(faulty ? 2 : 1, bells[1].rings(), "faulty=" + faulty);
        }
    }

    @ParameterizedTest
    @EnumSource(ReaderMode.class)
    void strandsPacketWithoutRecheckAfterUnmask(ReaderMode mode) {
        for (boolean faulty : new boolean[] {false, true}) {
            RecordingRingMemory ring = new RecordingRingMemory(DATA_LENGTH);
            InProcessDoorbell[] bells = InProcessDoorbell.pair();
            RingProducer writer = new RingProducer(ring, bells[0]);
            RingConsumer consumer = mode.consumer(ring, bells[1], RingObserver.NONE,
                    faulty ? EnumSet.of(RingFault.NO_RECHECK_AFTER_UNMASK) : Set.of());
            consumer.mask();
            assertSame(ReadError.Empty.INSTANCE, consumer.next(view));
            writer.tryWrite(TYPE_DATA_INBAND, 0, 0, new byte[5], 0, 5); // sees the mask: no signal
            assertEquals(0, writer.signals());
            assertEquals(!faulty, consumer.unmask(), "faulty=" + faulty + ": re-check finds the packet");
        }
    }

    @ParameterizedTest
    @EnumSource(ReaderMode.class)
    void observerSeesConsumerStepsWithPostState(ReaderMode mode) {
        List<String> steps = new ArrayList<>();
        RingConsumer consumer = mode.consumer(memory, doorbells[1],
                (action, value, w, r, mask, pending) -> steps.add(action.specName() + " r=" + r + " m=" + mask),
                Set.of());
        write(5);
        consumer.poll(p -> { }, Integer.MAX_VALUE);
        int end = total(5);
        assertEquals(List.of("ConsumerMasks r=0 m=1",
                "ConsumerLoadsWriteIndex r=0 m=1", "ConsumerReadsPacket r=0 m=1", "ConsumerLoadsWriteIndex r=0 m=1",
                "ConsumerStoresReadIndex r=" + end + " m=1", "ConsumerFullBarrier r=" + end + " m=1",
                "ConsumerLoadsPendingSendSz r=" + end + " m=1", "ConsumerUnmasks r=" + end + " m=0",
                "ConsumerFullBarrier r=" + end + " m=0", "ConsumerLoadsWriteIndex r=" + end + " m=0"), steps);
    }
}
