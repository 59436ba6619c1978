package dev.enlightened.ring;

import static dev.enlightened.ring.PacketDescriptor.TRAILER_LENGTH;
import static dev.enlightened.ring.PacketDescriptor.TYPE_DATA_INBAND;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enlightened.signal.InProcessDoorbell;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RingProducerTest {

    private static final int DATA_LENGTH = 256;
    private static final byte[] PAYLOAD = {1, 2, 3, 4, 5};

    private final RecordingRingMemory memory = new RecordingRingMemory(DATA_LENGTH);
    private final InProcessDoorbell[] doorbells = InProcessDoorbell.pair();

    private RingProducer producer(Set<RingFault> faults) {
        RingProducer producer = new RingProducer(memory, doorbells[0], RingObserver.NONE, faults);
        memory.clearLog();
        return producer;
    }

    private static int total(int payloadLength) {
        return PacketDescriptor.packetLength(payloadLength) + TRAILER_LENGTH;
    }

    @Test
    void writeCopiesPacketThenReleasesWriteIndexThenFencesBeforeLoadingMaskAndReadIndex() {
        RingProducer producer = producer(Set.of());
        assertSame(WriteResult.Written.INSTANCE, producer.tryWrite(TYPE_DATA_INBAND, 0, 7, PAYLOAD, 0, 5));
        int end = total(PAYLOAD.length);
        // No read_index load before the copy: the cached one (0, loaded by the constructor) shows enough space.
        assertEquals(List.of(
                "data store", "data store", "data store", "data store", "data store",
                "store write_index release " + end,
                "fence",
                "load interrupt_mask acquire 0",
                "load read_index acquire 0"), memory.log());
        assertEquals(1, producer.signals());
        assertEquals(1, doorbells[0].rings());
    }

    @Test
    void aDescriptorExtensionSitsBetweenDescriptorAndPayloadAndMovesOffset8() {
        RingProducer producer = producer(Set.of());
        byte[] ext = {9, 9, 9, 9, 9, 9, 9, 9, 8, 8, 8, 8, 8, 8, 8, 8};
        assertSame(WriteResult.Written.INSTANCE, producer.tryWrite(PacketDescriptor.TYPE_DATA_USING_GPA_DIRECT, 0, 3,
                ext, PAYLOAD, 0, 5));
        long first = memory.getLong(0);
        assertEquals((PacketDescriptor.LENGTH + ext.length) / PacketDescriptor.UNIT, PacketDescriptor.offset8(first));
        assertEquals(PacketDescriptor.packetLength(ext.length + 5) / PacketDescriptor.UNIT,
                PacketDescriptor.len8(first));
        RingConsumer consumer = new RingConsumer(memory, doorbells[1]);
        PacketView view = new PacketView();
        assertSame(ReadResult.Read.INSTANCE, consumer.next(view));
        assertEquals(ext.length, view.extensionLength());
        byte[] gotExt = new byte[ext.length];
        view.copyExtension(0, gotExt, 0, ext.length);
        assertEquals(java.util.Arrays.toString(ext), java.util.Arrays.toString(gotExt));
        assertEquals(PAYLOAD[0], view.payloadByte(0));
        assertEquals(PAYLOAD[4], view.payloadByte(4));
        assertThrowsIae(() -> producer.tryWrite(TYPE_DATA_INBAND, 0, 4, new byte[12], PAYLOAD, 0, 5));
    }

    @Test
    void anExtendedPacketFromOneBufferHasTheBytesOfTheJoinedOne() {
        byte[] ext = {9, 9, 9, 9, 9, 9, 9, 9, 8, 8, 8, 8, 8, 8, 8, 8};
        RingProducer joined = producer(Set.of());
        assertSame(WriteResult.Written.INSTANCE, joined.tryWrite(PacketDescriptor.TYPE_DATA_USING_GPA_DIRECT, 0, 3,
                ext, PAYLOAD, 0, 5));
        assertSame(WriteResult.Written.INSTANCE, joined.tryCopy(PacketDescriptor.TYPE_DATA_USING_GPA_DIRECT, 0, 4,
                ext, PAYLOAD, 0, 5));
        joined.commit();
        byte[] expected = new byte[2 * total(ext.length + 5)];
        memory.getBytes(0, expected, 0, expected.length);

        RecordingRingMemory other = new RecordingRingMemory(DATA_LENGTH);
        RingProducer extended = new RingProducer(other, InProcessDoorbell.pair()[0]);
        byte[] run = new byte[3 + ext.length + PAYLOAD.length + 2]; // the run at an offset, garbage around it
        java.util.Arrays.fill(run, (byte) 0x55);
        System.arraycopy(ext, 0, run, 3, ext.length);
        System.arraycopy(PAYLOAD, 0, run, 3 + ext.length, PAYLOAD.length);
        assertSame(WriteResult.Written.INSTANCE, extended.tryWriteExtended(
                PacketDescriptor.TYPE_DATA_USING_GPA_DIRECT, 0, 3, run, 3, ext.length, PAYLOAD.length));
        assertSame(WriteResult.Written.INSTANCE, extended.tryCopyExtended(
                PacketDescriptor.TYPE_DATA_USING_GPA_DIRECT, 0, 4, run, 3, ext.length, PAYLOAD.length));
        assertEquals(1, extended.uncommitted(), "tryCopyExtended copies without publishing");
        extended.commit();
        byte[] got = new byte[expected.length];
        other.getBytes(0, got, 0, got.length);
        assertEquals(java.util.Arrays.toString(expected), java.util.Arrays.toString(got));
        assertThrowsIae(() -> extended.tryCopyExtended(TYPE_DATA_INBAND, 0, 5, run, 3, 12, 5)); // not 8-byte units
        assertThrowsIae(() -> extended.tryCopyExtended(TYPE_DATA_INBAND, 0, 5, run, 3, 16, run.length)); // past it
    }

    private static void assertThrowsIae(Runnable r) {
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, r::run);
    }

    @Test
    void writesTheLinuxPacketLayoutWithTrailer() {
        RingProducer producer = producer(Set.of());
        producer.tryWrite(TYPE_DATA_INBAND, PacketDescriptor.FLAG_COMPLETION_REQUESTED, 0x1122334455L, PAYLOAD, 0, 5);
        long first = memory.getLong(0);
        assertEquals(TYPE_DATA_INBAND, PacketDescriptor.type(first));
        assertEquals(PacketDescriptor.LENGTH / PacketDescriptor.UNIT, PacketDescriptor.offset8(first));
        assertEquals(PacketDescriptor.packetLength(5) / PacketDescriptor.UNIT, PacketDescriptor.len8(first));
        assertEquals(PacketDescriptor.FLAG_COMPLETION_REQUESTED, PacketDescriptor.flags(first));
        assertEquals(0x1122334455L, memory.getLong(PacketDescriptor.TRANS_ID_OFFSET));
        assertEquals(0x0000000504030201L, memory.getLong(PacketDescriptor.LENGTH), "payload then zero padding");
        assertEquals(PacketDescriptor.trailer(0), memory.getLong(PacketDescriptor.packetLength(5)));
        producer.tryWrite(TYPE_DATA_INBAND, 0, 0, PAYLOAD, 0, 5);
        int second = total(5);
        assertEquals(PacketDescriptor.trailer(second), memory.getLong(second + PacketDescriptor.packetLength(5)));
        assertEquals((long) second << 32, PacketDescriptor.trailer(second));
    }

    @Test
    void signalsOnlyOnEmptyToNonEmptyTransition() {
        RingProducer producer = producer(Set.of());
        for (int i = 0; i < 3; i++) {
            producer.tryWrite(TYPE_DATA_INBAND, 0, i, PAYLOAD, 0, 5);
        }
        assertEquals(1, producer.signals());
    }

    @Test
    void signalsWheneverUnmaskedUnderFaultH3() {
        RingProducer producer = producer(EnumSet.of(RingFault.H3_SIGNAL_WHENEVER_UNMASKED));
        for (int i = 0; i < 3; i++) {
            producer.tryWrite(TYPE_DATA_INBAND, 0, i, PAYLOAD, 0, 5);
        }
        assertEquals(3, producer.signals());
    }

    @Test
    void doesNotSignalWhileConsumerMasked() {
        RingProducer producer = producer(Set.of());
        memory.storeInterruptMaskOpaque(1);
        memory.clearLog();
        producer.tryWrite(TYPE_DATA_INBAND, 0, 1, PAYLOAD, 0, 5);
        assertEquals(0, producer.signals());
        assertEquals("load interrupt_mask acquire 1", memory.log().get(memory.log().size() - 1),
                "no read_index load after seeing the mask");
    }

    @Test
    void reportsFullWhenOnlyRoomForThePacketItself() {
        RingProducer producer = producer(Set.of());
        byte[] big = new byte[DATA_LENGTH];
        // Fill so that exactly total(len) bytes remain: equal means full, or the ring would look empty.
        int first = DATA_LENGTH - total(0);
        assertSame(WriteResult.Written.INSTANCE,
                producer.tryWrite(TYPE_DATA_INBAND, 0, 0, big, 0, first - PacketDescriptor.LENGTH - TRAILER_LENGTH));
        int before = producer.writeIndex();
        assertEquals(total(0), RingDescriptor.bytesToWrite(before, 0, DATA_LENGTH));
        assertSame(WriteError.Full.INSTANCE, producer.tryWrite(TYPE_DATA_INBAND, 0, 0, big, 0, 0));
        assertEquals(before, producer.writeIndex());
        assertEquals(before, memory.peek(RingDescriptor.WRITE_INDEX_OFFSET));
    }

    @Test
    void rejectsPacketLargerThanTheRingAsTooLarge() {
        RingProducer producer = producer(Set.of());
        int max = PacketDescriptor.maxPacketLength(DATA_LENGTH);
        byte[] big = new byte[DATA_LENGTH];
        WriteResult result = producer.tryWrite(TYPE_DATA_INBAND, 0, 0, big, 0, max - PacketDescriptor.LENGTH + 1);
        WriteError.TooLarge tooLarge = assertInstanceOf(WriteError.TooLarge.class, result);
        assertEquals(max, tooLarge.maxPacketLength());
        assertTrue(tooLarge.toString().contains("max=" + max), tooLarge.toString());
        assertSame(WriteResult.Written.INSTANCE,
                producer.tryWrite(TYPE_DATA_INBAND, 0, 0, big, 0, max - PacketDescriptor.LENGTH));
    }

    /**
     * The write in flight when the bad index is loaded (its signal decision loads read_index after publishing) is
     * already published; the producer is broken from that load on and publishes nothing more.
     */
    private void assertBrokenByReadIndex(int badReadIndex) {
        RingProducer producer = producer(Set.of());
        memory.storeReadIndexRelease(badReadIndex);
        assertSame(WriteResult.Written.INSTANCE, producer.tryWrite(TYPE_DATA_INBAND, 0, 0, PAYLOAD, 0, 5));
        assertTrue(producer.isBroken());
        WriteError.Corrupt corrupt = assertInstanceOf(WriteError.Corrupt.class,
                producer.tryWrite(TYPE_DATA_INBAND, 0, 0, PAYLOAD, 0, 5));
        assertTrue(corrupt.reason().contains("read_index=" + badReadIndex), corrupt.reason());
        assertEquals(0, producer.signals(), "a corrupt read_index is not an empty ring");
        memory.storeReadIndexRelease(0);
        assertSame(corrupt, producer.tryWrite(TYPE_DATA_INBAND, 0, 0, PAYLOAD, 0, 5), "stays broken");
        assertEquals(total(5), memory.peek(RingDescriptor.WRITE_INDEX_OFFSET), "nothing published after the load");
    }

    @Test
    void marksRingBrokenWhenReadIndexOutOfRange() {
        assertBrokenByReadIndex(DATA_LENGTH);
    }

    @Test
    void marksRingBrokenWhenReadIndexUnaligned() {
        assertBrokenByReadIndex(RingDescriptor.ALIGNMENT / 2);
    }

    @Test
    void marksRingBrokenWhenOwnWriteIndexStartsCorrupt() {
        memory.storeWriteIndexRelease(DATA_LENGTH + RingDescriptor.ALIGNMENT);
        RingProducer producer = producer(Set.of());
        WriteError.Corrupt corrupt = assertInstanceOf(WriteError.Corrupt.class,
                producer.tryWrite(TYPE_DATA_INBAND, 0, 0, PAYLOAD, 0, 5));
        assertTrue(corrupt.reason().contains("write_index="), corrupt.reason());
    }

    @Test
    void advertisesPendingSendSzFeature() {
        producer(Set.of());
        assertEquals(RingDescriptor.FEAT_PENDING_SEND_SZ,
                memory.peek(RingDescriptor.FEATURE_BITS_OFFSET) & RingDescriptor.FEAT_PENDING_SEND_SZ);
    }

    @Test
    void blockingWritePublishesNeedThenFencesThenRechecksBeforeSleeping() throws InterruptedException {
        RingProducer producer = producer(Set.of());
        byte[] big = new byte[DATA_LENGTH];
        int max = PacketDescriptor.maxPacketLength(DATA_LENGTH) - PacketDescriptor.LENGTH;
        producer.tryWrite(TYPE_DATA_INBAND, 0, 0, big, 0, max);
        memory.clearLog();
        WriteResult result = producer.write(TYPE_DATA_INBAND, 0, 0, PAYLOAD, 0, 5, 1_000_000L);
        WriteError.TimedOut timedOut = assertInstanceOf(WriteError.TimedOut.class, result);
        // Wake-up batching: the need is raised to the threshold, half the ring by default.
        int need = Math.max(total(PAYLOAD.length), producer.pendingSendSzThreshold());
        assertEquals(DATA_LENGTH / 2, need);
        assertEquals(need, timedOut.pendingSendSz());
        List<String> control = memory.controlLog();
        List<String> expectedPrefix = List.of(
                "load read_index acquire 0",
                "store pending_send_sz opaque " + need,
                "fence",
                "load read_index acquire 0");
        assertEquals(expectedPrefix, control.subList(0, expectedPrefix.size()));
        assertEquals("store pending_send_sz opaque 0", control.get(control.size() - 1), "need cleared");
        assertEquals(1, producer.blockedWrites());
    }

    @Test
    void aBlockedWriteAsksForItsOwnNeedWhenTheThresholdIsZero() throws InterruptedException {
        RingProducer producer = new RingProducer(memory, doorbells[0], RingObserver.NONE, Set.of(), 0);
        byte[] big = new byte[DATA_LENGTH];
        producer.tryWrite(TYPE_DATA_INBAND, 0, 0, big, 0, PacketDescriptor.maxPacketLength(DATA_LENGTH)
                - PacketDescriptor.LENGTH);
        WriteError.TimedOut timedOut = assertInstanceOf(WriteError.TimedOut.class,
                producer.write(TYPE_DATA_INBAND, 0, 0, PAYLOAD, 0, 5, 1_000_000L));
        assertEquals(total(PAYLOAD.length), timedOut.pendingSendSz());
    }

    @Test
    void thresholdMustBeAlignedAndBelowTheDataLength() {
        for (int bad : new int[] {-8, 4, DATA_LENGTH, DATA_LENGTH + 8}) {
            IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(
                    IllegalArgumentException.class,
                    () -> new RingProducer(memory, doorbells[0], RingObserver.NONE, Set.of(), bad));
            assertTrue(e.getMessage().contains("threshold=" + bad), e.getMessage());
        }
        assertEquals(DATA_LENGTH - 8, new RingProducer(memory, doorbells[0], RingObserver.NONE, Set.of(),
                DATA_LENGTH - 8).pendingSendSzThreshold());
    }

    @Test
    void observerSeesEveryProducerStepInOrder() {
        List<String> steps = new ArrayList<>();
        RingProducer producer = new RingProducer(memory, doorbells[0],
                (action, value, w, r, mask, pending) -> steps.add(action.specName() + " " + value + " w=" + w),
                Set.of());
        producer.tryWrite(TYPE_DATA_INBAND, 0, 0, PAYLOAD, 0, 5);
        int end = total(PAYLOAD.length);
        assertEquals(List.of("ProducerStartsWrite " + end + " w=0",
                "ProducerCopiesPacket 0 w=0", "ProducerStoresWriteIndex " + end + " w=" + end,
                "ProducerFullBarrier 0 w=" + end, "ProducerLoadsInterruptMask 0 w=" + end,
                "ProducerLoadsReadIndex 0 w=" + end, "ProducerSignalsConsumer 0 w=" + end), steps);
    }

    @Test
    void aBatchIsPublishedByOneIndexStoreOneFenceAndOneSignalDecision() {
        RingProducer producer = producer(Set.of());
        for (int i = 0; i < 3; i++) {
            assertSame(WriteResult.Written.INSTANCE, producer.tryCopy(TYPE_DATA_INBAND, 0, i, PAYLOAD, 0, 5));
        }
        assertEquals(3, producer.uncommitted());
        assertEquals(0, memory.loadWriteIndexAcquire(), "nothing is published before the commit");
        assertEquals(0, producer.packetsWritten());
        memory.clearLog();
        assertEquals(3, producer.commit());
        int end = 3 * total(PAYLOAD.length);
        assertEquals(List.of("store write_index release " + end, "fence", "load interrupt_mask acquire 0",
                "load read_index acquire 0"), memory.log());
        assertEquals(1, producer.signals(), "empty before the batch: one signal for three packets");
        assertEquals(3, producer.packetsWritten());
        assertEquals(0, producer.commit(), "nothing left to publish");
        assertEquals(1, producer.signals());
    }

    @Test
    void theSignalDecisionComparesReadIndexWithTheBatchsFirstPacket() {
        RingProducer producer = producer(Set.of());
        RingConsumer consumer = new RingConsumer(memory, doorbells[1]);
        producer.tryWrite(TYPE_DATA_INBAND, 0, 1, PAYLOAD, 0, 5);
        assertEquals(1, consumer.poll(p -> { }, Integer.MAX_VALUE)); // caught up and unmasked
        producer.tryCopy(TYPE_DATA_INBAND, 0, 2, PAYLOAD, 0, 5);
        producer.tryCopy(TYPE_DATA_INBAND, 0, 3, PAYLOAD, 0, 5);
        producer.commit();
        // read_index equals the batch's first start (not its last: the spec's bug BatchLastOld): signalled.
        assertEquals(2, producer.signals());
        producer.tryCopy(TYPE_DATA_INBAND, 0, 4, PAYLOAD, 0, 5);
        producer.commit();
        assertEquals(2, producer.signals(), "the ring was not empty before this batch");
        assertEquals(3, consumer.poll(p -> { }, Integer.MAX_VALUE));
    }

    @Test
    void aPacketThatDoesNotFitBehindTheBatchCommitsIt() {
        RingProducer producer = producer(Set.of());
        int payload = 40;
        int fit = (DATA_LENGTH - 1) / total(payload);
        byte[] bytes = new byte[payload];
        for (int i = 0; i < fit; i++) {
            assertSame(WriteResult.Written.INSTANCE, producer.tryCopy(TYPE_DATA_INBAND, 0, i, bytes, 0, payload));
        }
        assertEquals(0, memory.loadWriteIndexAcquire());
        assertSame(WriteError.Full.INSTANCE, producer.tryCopy(TYPE_DATA_INBAND, 0, fit, bytes, 0, payload));
        assertEquals(0, producer.uncommitted(), "the batch was published so the consumer can make room");
        assertEquals(fit * total(payload), memory.loadWriteIndexAcquire());
        assertEquals(fit, producer.packetsWritten());
        assertEquals(1, producer.signals());
    }

    @Test
    void observerSeesTheBatchSteps() {
        List<String> steps = new ArrayList<>();
        RingProducer producer = new RingProducer(memory, doorbells[0],
                (action, value, w, r, mask, pending) -> steps.add(action.specName() + " " + value + " w=" + w),
                Set.of());
        producer.tryCopy(TYPE_DATA_INBAND, 0, 0, PAYLOAD, 0, 5);
        producer.tryCopy(TYPE_DATA_INBAND, 0, 1, PAYLOAD, 0, 5);
        producer.commit();
        int end = total(PAYLOAD.length);
        assertEquals(List.of("ProducerStartsWrite " + end + " w=0", "ProducerCopiesPacket 0 w=0",
                "ProducerStartsWrite " + end + " w=0", "ProducerCopiesPacket " + end + " w=0",
                "ProducerStoresWriteIndex " + 2 * end + " w=" + 2 * end, "ProducerFullBarrier 0 w=" + 2 * end,
                "ProducerLoadsInterruptMask 0 w=" + 2 * end, "ProducerLoadsReadIndex 0 w=" + 2 * end,
                "ProducerSignalsConsumer 0 w=" + 2 * end), steps);
    }
}
