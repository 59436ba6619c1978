package dev.enlightened.ring;

import static dev.enlightened.ring.PacketDescriptor.TYPE_DATA_INBAND;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enlightened.signal.InProcessDoorbell;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue 12's ring rules against a hostile peer, one test per rule: indices only move forward (progress checks),
 * {@code pending_send_sz} is a u32, every index is checked as unsigned, and a poll's work is bounded by its budget.
 * Each test fails on the ring before these checks (docs/reference-impl/ring.md says what Linux and openvmm do).
 */
class RingIndexProgressTest {

    private static final int DATA_LENGTH = 256;
    /** Payload of a 64-byte packet (16-byte descriptor + 40 + 8-byte trailer): four of them fill the ring. */
    private static final int PAYLOAD = 40;
    private static final int TOTAL = 64;

    private final ByteBufferRingMemory memory = ByteBufferRingMemory.allocate(DATA_LENGTH);
    private final InProcessDoorbell[] doorbells = InProcessDoorbell.pair();
    private final PacketView view = new PacketView();

    private WriteResult write(RingProducer producer, long transId) {
        return producer.tryWrite(TYPE_DATA_INBAND, 0, transId, new byte[PAYLOAD], 0, PAYLOAD);
    }

    @ParameterizedTest
    @EnumSource(ReaderMode.class)
    void readIndexMovedBackwardsIsCorruptNotSpace(ReaderMode mode) {
        memory.storeInterruptMaskOpaque(1); // a draining consumer: the producer's signal path loads nothing
        RingProducer producer = new RingProducer(memory, doorbells[0]);
        RingConsumer consumer = mode.consumer(memory, doorbells[1]);
        for (int i = 1; i <= 3; i++) {
            assertSame(WriteResult.Written.INSTANCE, write(producer, i));
        }
        assertSame(WriteError.Full.INSTANCE, write(producer, 4), "3 x 64 bytes written: 64 free is full");
        assertSame(ReadResult.Read.INSTANCE, consumer.next(view));
        consumer.release(); // read_index = 64
        assertSame(WriteResult.Written.INSTANCE, write(producer, 4), "the producer loaded read_index = 64");
        memory.storeReadIndexRelease(32); // the host moves it back, into space it had already released
        WriteError.Corrupt corrupt = assertInstanceOf(WriteError.Corrupt.class, write(producer, 5));
        assertTrue(corrupt.reason().contains("read_index moved backwards: read_index=32 last_read_index=64"),
                corrupt.reason());
        memory.storeReadIndexRelease(128);
        assertSame(corrupt, write(producer, 5), "stays broken");
    }

    @ParameterizedTest
    @EnumSource(ReaderMode.class)
    void writeIndexMovedBackIntoReadBytesIsCorruptNotARedelivery(ReaderMode mode) {
        RingProducer producer = new RingProducer(memory, doorbells[0]);
        RingConsumer consumer = mode.consumer(memory, doorbells[1]);
        for (int i = 1; i <= 3; i++) {
            write(producer, i); // lap 1: packets at 0, 64, 128
        }
        assertEquals(3, consumer.poll(p -> { }, 10)); // read_index = 192
        for (int i = 4; i <= 6; i++) {
            write(producer, i); // lap 2: packets at 192, 0, 64; write_index = 128
        }
        List<Long> delivered = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            assertSame(ReadResult.Read.INSTANCE, consumer.next(view));
            delivered.add(view.transId());
        }
        assertEquals(List.of(4L, 5L, 6L), delivered);
        // Before the batch is released the host moves write_index back to 64: the packet at 128 is lap 1's packet 3,
        // whose trailer still matches its start.
        memory.storeWriteIndexRelease(64);
        ReadError.Corrupt corrupt = assertInstanceOf(ReadError.Corrupt.class, consumer.next(view));
        assertTrue(corrupt.reason().contains("write_index moved backwards: write_index=64 last_write_index=128"),
                corrupt.reason());
        assertEquals(6, consumer.packetsRead(), "laps 1 and 2, and not lap 1's packet 3 again");
    }

    @ParameterizedTest
    @EnumSource(ReaderMode.class)
    void pendingSendSzAboveTheRingIsNeverSignalled(ReaderMode mode) {
        RingProducer producer = new RingProducer(memory, doorbells[0]);
        RingConsumer consumer = mode.consumer(memory, doorbells[1]);
        memory.storePendingSendSzOpaque(0xFFFF_FFFF); // u32 max: more space than the ring can ever have
        for (int batch = 0; batch < 5; batch++) {
            write(producer, 1);
            write(producer, 2);
            assertEquals(2, consumer.poll(p -> { }, 10));
        }
        assertEquals(10, consumer.packetsRead());
        assertEquals(0, consumer.signals(), "Linux compares u32: curr_write_sz <= pending_sz, never signal");
    }

    @ParameterizedTest
    @EnumSource(ReaderMode.class)
    void everyIndexFromSharedMemoryIsCheckedAsUnsigned(ReaderMode mode) {
        memory.storeReadIndexRelease(0xFFFF_FFF8); // aligned, and negative as a Java int
        RingProducer producer = new RingProducer(memory, doorbells[0]);
        WriteError.Corrupt bad = assertInstanceOf(WriteError.Corrupt.class, write(producer, 1));
        assertTrue(bad.reason().contains("read_index=4294967288"), bad.reason());
        memory.storeReadIndexRelease(0);
        memory.storeWriteIndexRelease(0x8000_0000);
        RingConsumer consumer = mode.consumer(memory, doorbells[1]);
        ReadError.Corrupt corrupt = assertInstanceOf(ReadError.Corrupt.class, consumer.next(view));
        assertTrue(corrupt.reason().contains("write_index=2147483648"), corrupt.reason());
    }

    @ParameterizedTest
    @EnumSource(ReaderMode.class)
    void pollWorkIsBoundedByItsBudgetWhateverTheProducerAppends(ReaderMode mode) {
        // A host that appends a packet on every read_index store (issue 12: one call kept busy for 200,000 packets).
        ByteBufferRingMemory shared = ByteBufferRingMemory.allocate(4096);
        RingProducer host = new RingProducer(shared, doorbells[0]);
        RingMemory hostile = new ForwardingRingMemory(shared) {
            @Override
            public void storeReadIndexRelease(int readIndex) {
                super.storeReadIndexRelease(readIndex);
                host.tryWrite(TYPE_DATA_INBAND, 0, 0, new byte[8], 0, 8);
            }
        };
        host.tryWrite(TYPE_DATA_INBAND, 0, 0, new byte[8], 0, 8);
        RingConsumer consumer = mode.consumer(hostile, doorbells[1]);
        int[] handled = {0};
        for (int budget : new int[] {1, 7, 100}) {
            handled[0] = 0;
            assertEquals(budget, consumer.poll(p -> handled[0]++, budget));
            assertEquals(budget, handled[0]);
            assertTrue(consumer.isMasked(), "packets left at the budget: a poll is owed");
        }
    }

    /** Delegates every access; a test overrides the one it makes hostile. */
    private static class ForwardingRingMemory implements RingMemory {
        private final RingMemory d;

        ForwardingRingMemory(RingMemory delegate) {
            this.d = delegate;
        }

        @Override public int dataLength() { return d.dataLength(); }
        @Override public int loadWriteIndexAcquire() { return d.loadWriteIndexAcquire(); }
        @Override public void storeWriteIndexRelease(int w) { d.storeWriteIndexRelease(w); }
        @Override public int loadReadIndexAcquire() { return d.loadReadIndexAcquire(); }
        @Override public void storeReadIndexRelease(int r) { d.storeReadIndexRelease(r); }
        @Override public int loadInterruptMaskAcquire() { return d.loadInterruptMaskAcquire(); }
        @Override public void storeInterruptMaskOpaque(int m) { d.storeInterruptMaskOpaque(m); }
        @Override public int loadPendingSendSzAcquire() { return d.loadPendingSendSzAcquire(); }
        @Override public void storePendingSendSzOpaque(int p) { d.storePendingSendSzOpaque(p); }
        @Override public int loadFeatureBitsOpaque() { return d.loadFeatureBitsOpaque(); }
        @Override public void storeFeatureBitsOpaque(int f) { d.storeFeatureBitsOpaque(f); }
        @Override public void fullFence() { d.fullFence(); }
        @Override public void putLong(int i, long v) { d.putLong(i, v); }
        @Override public long getLong(int i) { return d.getLong(i); }
        @Override public void putBytes(int i, byte[] s, int o, int l) { d.putBytes(i, s, o, l); }
        @Override public void getBytes(int i, byte[] t, int o, int l) { d.getBytes(i, t, o, l); }
        @Override public byte getByte(int i) { return d.getByte(i); }
        @Override public void putZeros(int i, int l) { d.putZeros(i, l); }
        @Override public int peek(int f) { return d.peek(f); }
    }
}
