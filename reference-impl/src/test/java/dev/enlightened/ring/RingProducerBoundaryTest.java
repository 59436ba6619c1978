package dev.enlightened.ring;

import static dev.enlightened.ring.PacketDescriptor.TRAILER_LENGTH;
import static dev.enlightened.ring.PacketDescriptor.TYPE_DATA_INBAND;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enlightened.signal.Doorbell;
import dev.enlightened.signal.InProcessDoorbell;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The producer and the packet view at the edges PIT found untested (docs/mutation.md lists each mutant these kill):
 * argument checks on every entry point, the blocking copy into an open batch, a blocking write that succeeds after
 * a wake-up, the padding bytes, the wrap counter, a descriptor extension that wraps the data area, and the view's
 * bounds.
 */
class RingProducerBoundaryTest {

    private static final int DATA_LENGTH = 256;
    private static final int QUARTER_PAYLOAD = DATA_LENGTH / 4 - PacketDescriptor.LENGTH - TRAILER_LENGTH;
    private static final long TIMEOUT = 1_000_000L;

    private final RecordingRingMemory memory = new RecordingRingMemory(DATA_LENGTH);
    private final InProcessDoorbell[] doorbells = InProcessDoorbell.pair();
    private final RingProducer producer = new RingProducer(memory, doorbells[0]);
    private final RingConsumer consumer = new RingConsumer(memory, doorbells[1]);
    private final PacketView view = new PacketView();

    private void written(WriteResult r) {
        assertSame(WriteResult.Written.INSTANCE, r, String.valueOf(r));
    }

    private void writeQuarter() {
        written(producer.tryWrite(TYPE_DATA_INBAND, 0, 0, new byte[QUARTER_PAYLOAD], 0, QUARTER_PAYLOAD));
    }

    @Test
    void everyEntryPointChecksTypeFlagsAndTheSlice() {
        byte[] p = new byte[5];
        byte[] ext = new byte[8];
        int badType = PacketDescriptor.U16_MAX + 1;
        List<Executable> badTypes = List.of(
            () -> producer.tryWrite(badType, 0, 0, p, 0, 5),
            () -> producer.tryCopy(badType, 0, 0, p, 0, 5),
            () -> producer.tryWrite(badType, 0, 0, ext, p, 0, 5),
            () -> producer.write(badType, 0, 0, p, 0, 5, TIMEOUT),
            () -> producer.write(badType, 0, 0, ext, p, 0, 5, TIMEOUT),
            () -> producer.copy(badType, 0, 0, p, 0, 5, TIMEOUT),
            () -> producer.tryCopy(badType, 0, 0, ext, p, 0, 5));
        for (Executable e : badTypes) {
            // The reason names the u16 field, not the (valid) slice: a type of 2^16 would be masked to 0 on the wire.
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, e);
            assertTrue(refused.getMessage().contains("type and flags are u16: type=" + badType + " flags=0"),
                    refused.getMessage());
        }
        // offset 3 + length 4 > 5: outside the payload, though offset < length + payload length.
        IllegalArgumentException slice = assertThrows(IllegalArgumentException.class,
                () -> producer.tryWrite(TYPE_DATA_INBAND, 0, 0, p, 3, 4));
        assertTrue(slice.getMessage().contains("offset=3 length=4 payload_length=5"), slice.getMessage());
        assertEquals(0, producer.writeIndex(), "nothing written by a rejected call");
        assertEquals(0, producer.uncommitted());
    }

    @Test
    void aBadThresholdNamesTheAllowedRange() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new RingProducer(memory, doorbells[0], RingObserver.NONE, Set.of(), 7));
        assertTrue(e.getMessage().contains("in 0.." + (DATA_LENGTH - RingDescriptor.ALIGNMENT)), e.getMessage());
    }

    @Test
    void aFreshProducerIsNotBrokenAndACorruptReadIndexNamesItself() {
        assertFalse(producer.isBroken());
        assertNull(producer.corruption());
        writeQuarter();
        writeQuarter();
        writeQuarter();
        memory.storeReadIndexRelease(DATA_LENGTH + RingDescriptor.ALIGNMENT);
        WriteError.Corrupt corrupt = assertInstanceOf(WriteError.Corrupt.class,
                producer.tryWrite(TYPE_DATA_INBAND, 0, 0, new byte[QUARTER_PAYLOAD], 0, QUARTER_PAYLOAD));
        assertTrue(producer.isBroken());
        assertSame(corrupt, producer.corruption());
        assertTrue(corrupt.toString().startsWith("ring corrupt: read_index out of range"), corrupt.toString());
    }

    @Test
    void theErrorsSayWhatHappenedWithTheirValues() {
        assertEquals("ring corrupt: x=1", new ReadError.Corrupt("x=1").toString());
        assertEquals("ring corrupt: y=2", new WriteError.Corrupt("y=2").toString());
        assertEquals("timed out waiting for space: waited_ns=5 pending_send_sz=128",
                new WriteError.TimedOut(5, 128).toString());
    }

    @Test
    void theWrapCounterCountsThePacketThatEndsAtOrPastTheEnd() {
        writeQuarter();
        writeQuarter();
        writeQuarter();
        assertEquals(0, producer.wraps());
        assertEquals(3, consumer.poll(p -> { }, Integer.MAX_VALUE));
        writeQuarter(); // 192..256: ends at the end, write_index back to 0
        assertEquals(0, producer.writeIndex());
        assertEquals(1, producer.wraps());
        writeQuarter();
        assertEquals(1, producer.wraps());
    }

    /** The padding after a payload that is not a multiple of 8 is zeroed, whatever the ring held before. */
    @Test
    void thePaddingIsZeroed() {
        byte[] garbage = new byte[DATA_LENGTH];
        Arrays.fill(garbage, (byte) 0xFF);
        memory.putBytes(0, garbage, 0, DATA_LENGTH);
        written(producer.tryWrite(TYPE_DATA_INBAND, 0, 0, new byte[] {1, 2, 3, 4, 5}, 0, 5));
        for (int i = PacketDescriptor.LENGTH + 5; i < PacketDescriptor.packetLength(5); i++) {
            assertEquals(0, memory.getByte(i), "padding byte " + i);
        }
    }

    /** copy() into an open batch copies the packet once, and publishes nothing. */
    @Test
    void aBlockingCopyThatFitsJoinsTheOpenBatch() throws InterruptedException {
        written(producer.tryCopy(TYPE_DATA_INBAND, 0, 1, new byte[5], 0, 5));
        written(producer.copy(TYPE_DATA_INBAND, 0, 2, new byte[5], 0, 5, TIMEOUT));
        assertEquals(2, producer.uncommitted());
        assertEquals(0, memory.loadWriteIndexAcquire(), "nothing published before commit");
        assertEquals(2, producer.commit());
        assertEquals(2, consumer.poll(p -> { }, Integer.MAX_VALUE));
    }

    /** copy() that does not fit behind the batch publishes the batch first, then waits (never on unpublished data). */
    @Test
    void aBlockingCopyThatDoesNotFitPublishesTheBatchThenTimesOut() throws InterruptedException {
        writeQuarter();
        writeQuarter();
        written(producer.tryCopy(TYPE_DATA_INBAND, 0, 0, new byte[QUARTER_PAYLOAD], 0, QUARTER_PAYLOAD));
        WriteError.TimedOut t = assertInstanceOf(WriteError.TimedOut.class,
                producer.copy(TYPE_DATA_INBAND, 0, 0, new byte[QUARTER_PAYLOAD], 0, QUARTER_PAYLOAD, TIMEOUT));
        assertEquals(3 * (DATA_LENGTH / 4), memory.loadWriteIndexAcquire(), "the batch was published");
        assertEquals(0, producer.uncommitted());
        assertEquals(0, memory.loadPendingSendSzAcquire(), "need cleared");
        assertTrue(t.waitedNanos() >= TIMEOUT && t.waitedNanos() < 60_000_000_000L, t.toString());
        assertEquals(1, producer.blockedWrites());
    }

    /** A doorbell whose wait runs the consumer: a blocked write wakes to freed space in one thread. */
    private static final class DrainingDoorbell implements Doorbell {
        private final Runnable drain;
        private long rings;

        DrainingDoorbell(Runnable drain) {
            this.drain = drain;
        }

        @Override
        public void ring() {
            rings++;
        }

        @Override
        public boolean await(long timeoutNanos) {
            drain.run();
            return true;
        }

        @Override
        public long rings() {
            return rings;
        }

        @Override
        public void close() {
        }
    }

    /** A blocking write (plain, and with a descriptor extension) that waited publishes its packet once it fits. */
    @Test
    void aBlockingWriteThatWaitedPublishesItsPacket() throws InterruptedException {
        ByteBufferRingMemory ring = ByteBufferRingMemory.allocate(DATA_LENGTH);
        InProcessDoorbell[] bells = InProcessDoorbell.pair();
        RingConsumer reader = new RingConsumer(ring, bells[1]);
        int[] drained = {0};
        RingProducer writer = new RingProducer(ring, new DrainingDoorbell(
                () -> drained[0] += reader.poll(p -> { }, Integer.MAX_VALUE)));
        byte[] quarter = new byte[QUARTER_PAYLOAD];
        for (int i = 0; i < 3; i++) {
            written(writer.tryWrite(TYPE_DATA_INBAND, 0, 0, quarter, 0, quarter.length));
        }
        written(writer.write(TYPE_DATA_INBAND, 0, 7, quarter, 0, quarter.length, 1_000_000_000L));
        assertEquals(3, drained[0]);
        assertEquals(1, writer.blockedWrites());
        assertEquals(0, ring.loadPendingSendSzAcquire());
        byte[] ext = {1, 2, 3, 4, 5, 6, 7, 8};
        for (int i = 0; i < 2; i++) {
            written(writer.tryWrite(TYPE_DATA_INBAND, 0, 0, quarter, 0, quarter.length));
        }
        // 64 bytes free; 16 + 8 + 40 + 8 = 72 needed: this one blocks too.
        written(writer.write(TYPE_DATA_INBAND, 0, 8, ext, new byte[40], 0, 40, 1_000_000_000L));
        assertEquals(2, writer.blockedWrites());
        assertEquals(6, drained[0]);
        List<Long> seen = new java.util.ArrayList<>();
        reader.poll(p -> {
            seen.add(p.transId());
            assertEquals(ext.length, p.extensionLength());
            assertEquals(40, p.payloadLength());
        }, Integer.MAX_VALUE);
        assertEquals(List.of(8L), seen, "the write that waited was published");
        assertEquals(writer.writeIndex(), reader.readIndex());
    }

    /** A descriptor extension that straddles the end of the data area reads back whole, and by parts. */
    @Test
    void anExtensionThatWrapsTheDataAreaReadsBack() {
        int firstPayload = DATA_LENGTH - 24 - PacketDescriptor.LENGTH - TRAILER_LENGTH; // the packet ends at 232
        written(producer.tryWrite(TYPE_DATA_INBAND, 0, 0, new byte[firstPayload], 0, firstPayload));
        assertEquals(1, consumer.poll(p -> { }, Integer.MAX_VALUE));
        byte[] ext = new byte[16];
        for (int i = 0; i < ext.length; i++) {
            ext[i] = (byte) (i + 1);
        }
        byte[] payload = {9, 8, 7, 6, 5, 4, 3, 2};
        written(producer.tryWrite(PacketDescriptor.TYPE_DATA_USING_GPA_DIRECT, 0, 0, ext, payload, 0, 8));
        assertSame(ReadResult.Read.INSTANCE, consumer.next(view));
        assertEquals(DATA_LENGTH - 24, view.startIndex());
        assertEquals(16, view.extensionLength());
        byte[] whole = new byte[16];
        view.copyExtension(0, whole, 0, 16);
        assertArrayEquals(ext, whole);
        byte[] part = new byte[8];
        view.copyExtension(4, part, 0, 8);
        assertArrayEquals(Arrays.copyOfRange(ext, 4, 12), part);
        byte[] got = new byte[8];
        view.copyPayload(0, got, 0, 8);
        assertArrayEquals(payload, got);
        assertEquals(2, view.payloadByte(7));
    }

    @Test
    void theViewRejectsEveryRangeOutsideItsPacket() {
        written(producer.tryWrite(TYPE_DATA_INBAND, 0, 0, new byte[8], new byte[5], 0, 5));
        assertSame(ReadResult.Read.INSTANCE, consumer.next(view));
        int payload = view.payloadLength();
        assertEquals(8, payload);
        byte[] dst = new byte[32];
        assertThrows(IndexOutOfBoundsException.class, () -> view.payloadByte(payload));
        assertThrows(IndexOutOfBoundsException.class, () -> view.copyPayload(1, dst, 0, payload));
        assertThrows(IndexOutOfBoundsException.class, () -> view.copyExtension(4, dst, 0, 8));
        view.copyPayload(0, dst, 0, payload);
        view.copyExtension(0, dst, 0, 8);
        view.copyPayload(0, dst, 0, 0); // empty ranges are inside the packet
        view.copyExtension(0, dst, 0, 0);
    }

    @Test
    void channelRingsConnectTheGuestAndHostEnds() {
        ChannelRings rings = ChannelRings.create(DATA_LENGTH);
        assertFalse(rings.hostHasInput());
        assertFalse(rings.guestHasInput());
        written(rings.guestOut().tryWrite(TYPE_DATA_INBAND, 0, 0, new byte[5], 0, 5));
        assertTrue(rings.hostHasInput());
        assertFalse(rings.guestHasInput());
        assertEquals(1, rings.hostIn().poll(p -> { }, Integer.MAX_VALUE));
        assertFalse(rings.hostHasInput());
        written(rings.hostOut().tryWrite(TYPE_DATA_INBAND, 0, 0, new byte[5], 0, 5));
        assertTrue(rings.guestHasInput());
        assertEquals(1, rings.guestIn().poll(p -> { }, Integer.MAX_VALUE));
        assertFalse(rings.guestHasInput());
    }

    @Test
    void everyActionIsTakenByTheActorItsSpecNameStartsWith() {
        for (RingAction a : RingAction.values()) {
            assertTrue(List.of("producer", "consumer").contains(a.actor()), a + " " + a.actor());
            assertTrue(a.specName().toLowerCase().startsWith(a.actor()), a + " " + a.actor());
        }
    }

    /**
     * len8 is a u16 count of 8-byte units, so no packet may exceed 65535 * 8 bytes however large the ring (openvmm
     * {@code maximum_packet_size}): on a 1 MiB ring a 600,000-byte payload fits the free space but not the field,
     * and every entry point must refuse it as too large rather than write a truncated len8.
     */
    @Test
    void aPacketBeyondTheU16Len8IsTooLargeEvenInARingWithRoomForIt() {
        ByteBufferRingMemory big = ByteBufferRingMemory.allocate(1 << 20);
        RingProducer writer = new RingProducer(big, InProcessDoorbell.pair()[0]);
        byte[] payload = new byte[600_000];
        int packetLength = PacketDescriptor.packetLength(payload.length);
        for (WriteResult r : List.of(writer.tryCopy(TYPE_DATA_INBAND, 0, 0, payload, 0, payload.length),
                writer.tryWrite(TYPE_DATA_INBAND, 0, 0, payload, 0, payload.length))) {
            WriteError.TooLarge tooLarge = assertInstanceOf(WriteError.TooLarge.class, r);
            assertEquals(packetLength, tooLarge.packetLength());
            assertEquals(PacketDescriptor.U16_MAX * PacketDescriptor.UNIT, tooLarge.maxPacketLength());
        }
        assertEquals(0, writer.uncommitted(), "nothing copied");
        assertEquals(0, big.getLong(0), "no descriptor stored");
    }

    /**
     * "If there is only room for the packet, assume it is full" (section 2.3): after reloading read_index, free
     * space exactly equal to the packet and its trailer is Full, or the write index would catch up with the read
     * index and a full ring would read as empty.
     */
    @Test
    void aPacketThatWouldFillTheRingExactlyAfterTheReloadIsFull() {
        for (int i = 0; i < 3; i++) {
            written(producer.tryWrite(TYPE_DATA_INBAND, 0, i, new byte[QUARTER_PAYLOAD], 0, QUARTER_PAYLOAD));
        }
        assertInstanceOf(ReadResult.Read.class, consumer.next(view));
        consumer.release(); // read_index 64, write_index 192: 128 bytes free
        int exactly = DATA_LENGTH / 2 - PacketDescriptor.LENGTH - TRAILER_LENGTH; // a 128-byte packet with trailer
        assertSame(WriteError.Full.INSTANCE, producer.tryWrite(TYPE_DATA_INBAND, 0, 9, new byte[exactly], 0,
                exactly));
        assertEquals(3 * DATA_LENGTH / 4, producer.writeIndex(), "write_index stays one packet short of read_index");
        written(producer.tryWrite(TYPE_DATA_INBAND, 0, 9, new byte[exactly - 8], 0, exactly - 8));
    }

    /** The full path (here through the extension overload, never the fast path) writes the largest packet too. */
    @Test
    void theLargestPacketIsWrittenByTheFullPathToo() {
        int largest = PacketDescriptor.maxPacketLength(DATA_LENGTH) - PacketDescriptor.LENGTH;
        written(producer.tryCopy(TYPE_DATA_INBAND, 0, 1, new byte[0], new byte[largest], 0, largest));
        producer.commit();
        assertInstanceOf(ReadResult.Read.class, consumer.next(view));
        assertEquals(largest, view.payloadLength());
        assertInstanceOf(WriteError.TooLarge.class,
                producer.tryCopy(TYPE_DATA_INBAND, 0, 1, new byte[0], new byte[largest + 8], 0, largest + 8));
    }

    /**
     * The extended entry points take an extension of 0 bytes (an inband packet) and a payload of 0 bytes (a
     * GPA_DIRECT packet whose data is all in its page ranges), and the blocking one writes the extension where
     * offset8 says (16 + extension bytes).
     */
    @Test
    void extendedPacketsMayHaveAnEmptyExtensionOrAnEmptyPayload() throws InterruptedException {
        byte[] packet = new byte[24];
        Arrays.fill(packet, (byte) 5);
        written(producer.tryCopyExtended(TYPE_DATA_INBAND, 0, 1, packet, 0, 0, 24));
        written(producer.tryCopyExtended(PacketDescriptor.TYPE_DATA_USING_GPA_DIRECT, 0, 2, packet, 0, 24, 0));
        written(producer.writeExtended(PacketDescriptor.TYPE_DATA_USING_GPA_DIRECT, 0, 3, packet, 0, 16, 8,
                TIMEOUT));
        int[][] expected = {{0, 24}, {24, 0}, {16, 8}};
        for (int[] e : expected) {
            assertInstanceOf(ReadResult.Read.class, consumer.next(view));
            assertEquals(e[0], view.extensionLength(), "extension bytes");
            assertEquals(e[1], view.payloadLength(), "payload bytes");
        }
        assertEquals(3, view.transId());
    }
}
