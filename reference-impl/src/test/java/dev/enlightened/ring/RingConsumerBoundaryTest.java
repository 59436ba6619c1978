package dev.enlightened.ring;

import static dev.enlightened.ring.PacketDescriptor.TRAILER_LENGTH;
import static dev.enlightened.ring.PacketDescriptor.TYPE_DATA_INBAND;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enlightened.signal.InProcessDoorbell;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The consumer at the edges PIT found untested (docs/mutation.md lists each mutant these kill): the smallest and the
 * largest packet, a packet that wraps the data area in both readers, the budget of 0, the packets counted before a
 * corruption, a producer without {@code feat_pending_send_sz}, a corrupt {@code write_index} met while deciding a
 * signal, the spec steps an observer sees at a budget stop, and the signal decisions of faults H1 and H2 at their
 * exact thresholds.
 */
class RingConsumerBoundaryTest {

    private static final int DATA_LENGTH = 256;
    /** A packet of this payload occupies a quarter of the ring (64 bytes with descriptor and trailer). */
    private static final int QUARTER_PAYLOAD = DATA_LENGTH / 4 - PacketDescriptor.LENGTH - TRAILER_LENGTH;
    private static final int QUARTER = DATA_LENGTH / 4;

    private final RecordingRingMemory memory = new RecordingRingMemory(DATA_LENGTH);
    private final InProcessDoorbell[] doorbells = InProcessDoorbell.pair();
    private final RingProducer producer = new RingProducer(memory, doorbells[0]);
    private final PacketView view = new PacketView();
    private final List<RingAction> steps = new ArrayList<>();

    private RingConsumer consumer(Set<RingFault> faults, boolean isolated) {
        return new RingConsumer(memory, doorbells[1], (action, value, w, r, mask, pending) -> steps.add(action),
                faults, isolated);
    }

    private RingConsumer consumer() {
        return consumer(Set.of(), false);
    }

    private void write(byte[] payload) {
        assertSame(WriteResult.Written.INSTANCE,
                producer.tryWrite(TYPE_DATA_INBAND, 0, payload.length, payload, 0, payload.length));
    }

    private void write(int payloadLength) {
        write(new byte[payloadLength]);
    }

    private static byte[] pattern(int length, int seed) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = (byte) (i * 31 + seed);
        }
        return b;
    }

    private byte[] payloadOf(PacketView v) {
        byte[] copy = new byte[v.payloadLength()];
        v.copyPayload(0, copy, 0, copy.length);
        return copy;
    }

    /** A packet with no payload is 24 bytes, exactly the least a fragment may hold (len8 2, offset8 2). */
    @ParameterizedTest(name = "isolated={0}")
    @ValueSource(booleans = {false, true})
    void aPacketWithAnEmptyPayloadIsReadNotRejectedNorClamped(boolean isolated) {
        RingConsumer consumer = consumer(Set.of(), isolated);
        write(0);
        assertSame(ReadResult.Read.INSTANCE, consumer.next(view), String.valueOf(consumer.corruption()));
        assertEquals(0, view.payloadLength());
        assertEquals(PacketDescriptor.LENGTH, view.packetLength());
        assertEquals(0, consumer.clamped());
        assertEquals(PacketDescriptor.LENGTH + TRAILER_LENGTH, RingDescriptor.bytesToRead(
                memory.loadWriteIndexAcquire(), 0, DATA_LENGTH));
        assertSame(ReadError.Empty.INSTANCE, consumer.next(view));
        assertFalse(consumer.isBroken());
    }

    /**
     * The smallest ring (32 bytes) holds one packet without payload; both readers read it. The isolated reader's
     * private copy of a packet is itself a ring, and sized by this ring's largest packet (16 bytes) it fell below
     * the least a ring may be: constructing the reader threw (found by running the hostile-ring property in both
     * modes).
     */
    @ParameterizedTest
    @EnumSource(ReaderMode.class)
    void bothReadersReadTheSmallestRing(ReaderMode mode) {
        ByteBufferRingMemory ring = ByteBufferRingMemory.allocate(RingDescriptor.MIN_DATA_LENGTH);
        InProcessDoorbell[] bells = InProcessDoorbell.pair();
        assertSame(WriteResult.Written.INSTANCE,
                new RingProducer(ring, bells[0]).tryWrite(TYPE_DATA_INBAND, 0, 9, new byte[0], 0, 0));
        RingConsumer consumer = mode.consumer(ring, bells[1]);
        assertSame(ReadResult.Read.INSTANCE, consumer.next(view), String.valueOf(consumer.corruption()));
        assertEquals(9, view.transId());
        assertEquals(0, view.payloadLength());
        assertSame(ReadError.Empty.INSTANCE, consumer.next(view));
        assertEquals(mode.isolated(), consumer.isolated());
    }

    /** The largest packet the ring allows (data length - 16: one trailer and the "never full" 8 bytes). */
    @ParameterizedTest(name = "isolated={0}")
    @ValueSource(booleans = {false, true})
    void theLargestPacketTheRingAllowsIsReadWhole(boolean isolated) {
        RingConsumer consumer = consumer(Set.of(), isolated);
        byte[] payload = pattern(PacketDescriptor.maxPacketLength(DATA_LENGTH) - PacketDescriptor.LENGTH, 3);
        write(payload);
        assertSame(ReadResult.Read.INSTANCE, consumer.next(view), String.valueOf(consumer.corruption()));
        assertArrayEquals(payload, payloadOf(view));
        assertEquals(0, consumer.clamped());
    }

    /** Quarter packets, then a half-ring packet that wraps: both readers deliver it whole and count what they read. */
    @ParameterizedTest(name = "isolated={0}")
    @ValueSource(booleans = {false, true})
    void bothReadersDeliverAPacketThatWrapsTheDataArea(boolean isolated) {
        RingConsumer consumer = consumer(Set.of(), isolated);
        write(QUARTER_PAYLOAD);
        write(QUARTER_PAYLOAD);
        write(QUARTER_PAYLOAD);
        assertEquals(3, consumer.poll(p -> { }, Integer.MAX_VALUE));
        byte[] payload = pattern(DATA_LENGTH / 2, 7);
        write(payload);
        assertTrue(producer.writeIndex() < 3 * QUARTER, "the packet wrapped");
        steps.clear();
        assertSame(ReadResult.Read.INSTANCE, consumer.next(view));
        assertEquals(isolated ? 0 : 3 * QUARTER, view.startIndex(), "in place, or at the start of the private copy");
        assertArrayEquals(payload, payloadOf(view));
        assertEquals(4, consumer.packetsRead());
        assertEquals(0, consumer.trailerMismatches(), "every trailer a correct producer writes matches");
        assertEquals(0, consumer.clamped());
        assertEquals(List.of(RingAction.CONSUMER_LOADS_WRITE_INDEX, RingAction.CONSUMER_READS_PACKET), steps);
    }

    /** A trailer that is not (u64) start << 32 is counted by both readers (issue 12), never an error. */
    @ParameterizedTest(name = "isolated={0}")
    @ValueSource(booleans = {false, true})
    void bothReadersCountAWrongTrailer(boolean isolated) {
        RingConsumer consumer = consumer(Set.of(), isolated);
        write(5);
        memory.putLong(PacketDescriptor.packetLength(5), 0xBADL);
        assertSame(ReadResult.Read.INSTANCE, consumer.next(view));
        assertEquals(1, consumer.trailerMismatches());
    }

    @Test
    void aReadOfAPacketBehindAKnownWriteIndexDoesNotReloadIt() {
        RingConsumer consumer = consumer();
        write(5);
        write(5);
        assertEquals(1, consumer.poll(p -> { }, 1)); // released the first; write_index already seen past the second
        memory.clearLog();
        assertSame(ReadResult.Read.INSTANCE, consumer.next(view));
        assertEquals("data load", memory.log().get(0), "hv_pkt_iter_next reads on without reloading write_index");
    }

    /** Netpoll calls NAPI poll with a budget of 0 (netpoll_poll_dev): nothing is read and the poll stays owed. */
    @Test
    void aBudgetOfZeroReadsNothingAndKeepsTheMask() {
        RingConsumer consumer = consumer();
        write(5);
        int[] handled = {0};
        assertEquals(0, consumer.poll(p -> handled[0]++, 0));
        assertEquals(0, handled[0]);
        assertTrue(consumer.isMasked(), "a poll is owed");
        assertEquals(0, consumer.readIndex());
        assertEquals(1, consumer.poll(p -> handled[0]++, Integer.MAX_VALUE));
    }

    @Test
    void aPollReturnsThePacketsHandledBeforeACorruptOne() {
        RingConsumer consumer = consumer();
        write(5);
        write(5);
        write(5);
        int third = 2 * (PacketDescriptor.packetLength(5) + TRAILER_LENGTH);
        memory.putLong(third, PacketDescriptor.firstWord(TYPE_DATA_INBAND, 2, 1, 0)); // len8 below the descriptor
        int[] handled = {0};
        assertEquals(2, consumer.poll(p -> handled[0]++, Integer.MAX_VALUE));
        assertEquals(2, handled[0]);
        assertTrue(consumer.isBroken());
        assertTrue(consumer.corruption().reason().contains("len8=1"), consumer.corruption().reason());
    }

    /** An observer sees the budget stop and, on the next poll, the repoll without a new mask (spec cRepoll). */
    @Test
    void anObserverSeesTheBudgetStopAndTheRepoll() {
        RingConsumer consumer = consumer();
        write(5);
        write(5);
        assertEquals(1, consumer.poll(p -> { }, 1));
        assertEquals(RingAction.CONSUMER_STOPS_AT_BUDGET, steps.get(steps.size() - 4), steps.toString());
        assertEquals(RingAction.CONSUMER_STORES_READ_INDEX, steps.get(steps.size() - 3), steps.toString());
        steps.clear();
        assertEquals(1, consumer.poll(p -> { }, 1));
        assertEquals(RingAction.CONSUMER_REPOLLS, steps.get(0), steps.toString());
        assertFalse(steps.contains(RingAction.CONSUMER_MASKS), steps.toString());
        assertTrue(steps.contains(RingAction.CONSUMER_STOPS_AT_BUDGET), "the budget is used up again: " + steps);
    }

    /** Idle polls: the drained ring is polled again, still masked, that many times, then unmasked and re-checked. */
    @Test
    void anEmptyRingIsPolledAgainMaskedBeforeTheUnmask() {
        RingConsumer consumer = new RingConsumer(memory, doorbells[1],
                (action, value, w, r, mask, pending) -> steps.add(action), Set.of(), false, 2);
        assertEquals(0, consumer.poll(p -> { }, 64));
        assertEquals(List.of(RingAction.CONSUMER_MASKS, RingAction.CONSUMER_LOADS_WRITE_INDEX,
                RingAction.CONSUMER_SPINS, RingAction.CONSUMER_LOADS_WRITE_INDEX,
                RingAction.CONSUMER_SPINS, RingAction.CONSUMER_LOADS_WRITE_INDEX,
                RingAction.CONSUMER_UNMASKS, RingAction.CONSUMER_FULL_BARRIER,
                RingAction.CONSUMER_LOADS_WRITE_INDEX), steps);
        assertFalse(consumer.isMasked());
    }

    /**
     * A packet published while the consumer spins is read in the same poll, and the producer, seeing the mask set,
     * does not signal: the wake-up the policy saves (spec ConsumerSpins, probe ring-idle-polls-probe).
     */
    @Test
    void aPacketPublishedDuringTheSpinIsReadWithoutASignal() {
        int[] spins = {0};
        RingConsumer consumer = new RingConsumer(memory, doorbells[1], (action, value, w, r, mask, pending) -> {
            steps.add(action);
            if (action == RingAction.CONSUMER_SPINS && spins[0]++ == 0) {
                write(5); // the producer publishes between two polls of the masked consumer
            }
        }, Set.of(), false, 1);
        List<Long> read = new ArrayList<>();
        assertEquals(1, consumer.poll(p -> read.add(p.transId()), 64));
        assertEquals(List.of(5L), read);
        assertEquals(0, producer.signals(), "the mask was set: no signal");
        assertEquals(2, spins[0], "the spin budget starts again after the packet read");
        assertEquals(RingAction.CONSUMER_UNMASKS, steps.get(steps.size() - 3), steps.toString());
    }

    @Test
    void idlePollsOutsideTheirRangeAreRefused() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new RingConsumer(memory, doorbells[1], RingObserver.NONE, Set.of(), false, -1));
        assertTrue(e.getMessage().contains("idle_polls=-1"), e.getMessage());
        e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new RingConsumer(memory, doorbells[1], RingObserver.NONE, Set.of(), false,
                        RingConsumer.MAX_IDLE_POLLS + 1));
        assertTrue(e.getMessage().contains("idle_polls=" + (RingConsumer.MAX_IDLE_POLLS + 1)), e.getMessage());
        // Both ends of the range are allowed: 0 (unmask at once) and the maximum.
        RingConsumer patient = new RingConsumer(memory, doorbells[1], RingObserver.NONE, Set.of(), false,
                RingConsumer.MAX_IDLE_POLLS);
        assertFalse(patient.isBroken());
    }

    /**
     * Fault H1 samples the free space once per batch (Linux prev_write_sz, taken at hv_pkt_iter_first): the second
     * and later reads of the batch use that sample and still read their packets.
     */
    @Test
    void underFaultH1EveryReadOfABatchReadsItsPacket() {
        RingConsumer consumer = consumer(EnumSet.of(RingFault.H1_STALE_FREE_SPACE), false);
        write(pattern(8, 1));
        write(pattern(16, 2));
        write(pattern(24, 3));
        for (int i = 1; i <= 3; i++) {
            assertInstanceOf(ReadResult.Read.class, consumer.next(view), "read " + i + " of the batch");
            assertArrayEquals(pattern(8 * i, i), payloadOf(view));
        }
        assertSame(ReadError.Empty.INSTANCE, consumer.next(view));
    }

    /**
     * Fault H1 with a packet already known from the last batch: a corrupt {@code write_index} met by the sample at
     * the start of the next batch breaks the ring at once, so the known packet is not read past the corruption.
     */
    @Test
    void underFaultH1ACorruptWriteIndexAtTheBatchStartStopsReadingKnownPackets() {
        RingConsumer consumer = consumer(EnumSet.of(RingFault.H1_STALE_FREE_SPACE), false);
        write(8);
        write(8);
        assertInstanceOf(ReadResult.Read.class, consumer.next(view)); // knows both packets now
        consumer.release(); // ends the batch: the next read samples again
        memory.storeWriteIndexRelease(DATA_LENGTH + RingDescriptor.ALIGNMENT);
        ReadError.Corrupt corrupt = assertInstanceOf(ReadError.Corrupt.class, consumer.next(view));
        assertTrue(corrupt.reason().contains("write_index out of range"), corrupt.reason());
        assertTrue(consumer.isBroken());
    }

    @Test
    void awaitDataReportsTheSignalAndItsStepOrTheTimeout() throws InterruptedException {
        RingConsumer consumer = consumer();
        assertFalse(consumer.awaitData(1_000_000L));
        assertFalse(steps.contains(RingAction.CONSUMER_CONSUMES_DOORBELL));
        write(5); // empty -> non-empty with the mask clear: the producer signals
        assertEquals(1, producer.signals());
        assertTrue(consumer.awaitData(1_000_000_000L));
        assertEquals(List.of(RingAction.CONSUMER_CONSUMES_DOORBELL), steps);
    }

    /** Fills three quarters and publishes a blocked producer's need. */
    private void blockProducer(int pendingSendSz) {
        write(QUARTER_PAYLOAD);
        write(QUARTER_PAYLOAD);
        write(QUARTER_PAYLOAD);
        memory.storePendingSendSzOpaque(pendingSendSz);
    }

    @Test
    void anObserverSeesTheSignalToABlockedProducer() {
        RingConsumer consumer = consumer();
        blockProducer(DATA_LENGTH / 2 - RingDescriptor.ALIGNMENT);
        consumer.next(view);
        consumer.release();
        assertEquals(1, consumer.signals());
        assertEquals(RingAction.CONSUMER_SIGNALS_PRODUCER, steps.get(steps.size() - 1), steps.toString());
    }

    /** A producer without feat_pending_send_sz (a pre-WS2012 host) polls: whatever pending_send_sz holds, no signal. */
    @Test
    void noSignalNorFenceForAProducerWithoutThePendingSendSzFeature() {
        RingConsumer consumer = consumer();
        blockProducer(DATA_LENGTH / 2 - RingDescriptor.ALIGNMENT);
        memory.storeFeatureBitsOpaque(0);
        consumer.next(view);
        memory.clearLog();
        consumer.release();
        assertEquals(0, consumer.signals());
        assertEquals(List.of("store read_index release " + QUARTER, "load feature_bits opaque 0"),
                memory.controlLog());
    }

    /** A corrupt write_index met while deciding the signal breaks the ring and decides nothing on stale values. */
    @Test
    void aCorruptWriteIndexMetWhileDecidingTheSignalSendsNoSignal() {
        RingConsumer consumer = consumer();
        blockProducer(DATA_LENGTH / 2 - RingDescriptor.ALIGNMENT);
        consumer.next(view);
        memory.storeWriteIndexRelease(DATA_LENGTH + RingDescriptor.ALIGNMENT);
        consumer.release();
        assertTrue(consumer.isBroken());
        assertEquals(0, consumer.signals(), "free space was computed from no trusted write_index");
        assertEquals(0, doorbells[1].rings());
        assertFalse(consumer.unmask(), "a broken ring reports no data");
    }

    @Test
    void underFaultH1TheFirstReadOfABatchSamplesTheFreeSpaceAndStillReads() {
        RingConsumer consumer = consumer(EnumSet.of(RingFault.H1_STALE_FREE_SPACE), false);
        write(8);
        assertSame(ReadResult.Read.INSTANCE, consumer.next(view));
        assertEquals(8, view.payloadLength());
    }

    @Test
    void underFaultH1ACorruptWriteIndexAtTheBatchStartIsReported() {
        RingConsumer consumer = consumer(EnumSet.of(RingFault.H1_STALE_FREE_SPACE), false);
        memory.storeWriteIndexRelease(DATA_LENGTH + RingDescriptor.ALIGNMENT);
        ReadError.Corrupt corrupt = assertInstanceOf(ReadError.Corrupt.class, consumer.next(view));
        assertTrue(corrupt.reason().contains("write_index out of range"), corrupt.reason());
    }

    /**
     * Fault H1 (Linux before the fix of hv_pkt_iter_close: prev_write_sz &lt; pending_sz &lt;= cur_write_sz): the
     * batch starts with 64 bytes free. Pending 128 and one packet read (128 free): H1 signals where the correct
     * consumer does not ("exactly" is not enough); pending 64 = the stale sample: H1 does not signal.
     */
    @Test
    void underFaultH1TheSignalComparesTheStaleSampleAndTheCurrentSpaceWithPending() {
        RingConsumer atPending = consumer(EnumSet.of(RingFault.H1_STALE_FREE_SPACE), false);
        blockProducer(DATA_LENGTH / 2);
        atPending.next(view);
        atPending.release();
        assertEquals(1, atPending.signals(), "prev 64 < pending 128 <= cur 128");

        RecordingRingMemory ring = new RecordingRingMemory(DATA_LENGTH);
        RingProducer writer = new RingProducer(ring, InProcessDoorbell.pair()[0]);
        for (int i = 0; i < 3; i++) {
            writer.tryWrite(TYPE_DATA_INBAND, 0, 0, new byte[QUARTER_PAYLOAD], 0, QUARTER_PAYLOAD);
        }
        ring.storePendingSendSzOpaque(QUARTER);
        RingConsumer staleAtPending = new RingConsumer(ring, InProcessDoorbell.pair()[1], RingObserver.NONE,
                EnumSet.of(RingFault.H1_STALE_FREE_SPACE));
        staleAtPending.next(view);
        staleAtPending.next(view);
        staleAtPending.release();
        assertEquals(0, staleAtPending.signals(), "prev 64 = pending 64: not below it");
    }

    /**
     * Fault H2 (Linux 03bad714a161 hv_pkt_iter_close): outside a drain (mask clear) it signals when the space sampled
     * before publishing was at most pending_send_sz and the space now is at least pending_send_sz; both equalities
     * count as enough. The observer sees the mask and pending_send_sz loads.
     */
    @ParameterizedTest(name = "pending={0}")
    @ValueSource(ints = {QUARTER, 2 * QUARTER})
    void underFaultH2AnUnmaskedReleaseSignalsAtBothEqualities(int pending) {
        RingConsumer consumer = consumer(EnumSet.of(RingFault.H2_CONSUMER_CHECKS_OWN_MASK), false);
        blockProducer(pending);
        consumer.next(view); // sampled free space 64; after release 128
        steps.clear();
        consumer.release();
        assertEquals(1, consumer.signals(), "orig 64 <= pending " + pending + " <= cur 128");
        assertTrue(steps.contains(RingAction.CONSUMER_LOADS_INTERRUPT_MASK), steps.toString());
        assertTrue(steps.contains(RingAction.CONSUMER_LOADS_PENDING_SEND_SZ), steps.toString());
    }

    @Test
    void underFaultH2AReleaseThatStillLeavesTooLittleSpaceDoesNotSignal() {
        RingConsumer consumer = consumer(EnumSet.of(RingFault.H2_CONSUMER_CHECKS_OWN_MASK), false);
        blockProducer(2 * QUARTER + RingDescriptor.ALIGNMENT);
        consumer.next(view);
        consumer.release();
        assertEquals(0, consumer.signals(), "cur 128 < pending 136");
    }

    /** Fault H2 with a producer that does not use pending_send_sz: the decision is the mask alone. */
    @Test
    void underFaultH2WithoutThePendingSendSzFeatureTheMaskAloneDecides() {
        RingConsumer consumer = consumer(EnumSet.of(RingFault.H2_CONSUMER_CHECKS_OWN_MASK), false);
        write(5);
        memory.storeFeatureBitsOpaque(0);
        consumer.next(view);
        consumer.release();
        assertEquals(1, consumer.signals());
        assertInstanceOf(ReadError.Empty.class, consumer.next(view));
    }
}
