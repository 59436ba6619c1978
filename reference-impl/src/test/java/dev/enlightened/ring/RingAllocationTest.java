package dev.enlightened.ring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enlightened.signal.InProcessDoorbell;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/** The hot path (write, signal, masked poll, release) allocates nothing with tracing off. */
class RingAllocationTest {

    private static final int ITERATIONS = 200_000;
    /** Slack for the measurement itself (ThreadMXBean may allocate a few bytes per call), not per packet. */
    private static final long SLACK_BYTES = 1024;

    private long received;

    @Test
    void writeSignalPollAndReleaseAllocateNothing() {
        ByteBufferRingMemory memory = ByteBufferRingMemory.allocate(4096);
        InProcessDoorbell[] bells = InProcessDoorbell.pair();
        RingProducer producer = new RingProducer(memory, bells[0]);
        RingConsumer consumer = new RingConsumer(memory, bells[1]);
        PacketHandler handler = packet -> received += packet.transId();
        byte[] payload = new byte[100];
        long allocated = allocatedBy(() -> run(producer, consumer, handler, payload));
        System.out.println("hot path allocated " + allocated + " bytes over " + ITERATIONS + " packets");
        assertTrue(allocated < SLACK_BYTES, "allocated " + allocated + " bytes over " + ITERATIONS + " packets");
        assertEquals(2L * ITERATIONS, consumer.packetsRead());
        assertEquals(2L * ITERATIONS, producer.signals(), "every write found the ring empty: one signal each");
    }

    @Test
    void batchedCommitAndBudgetedPollsAllocateNothing() {
        ByteBufferRingMemory memory = ByteBufferRingMemory.allocate(4096);
        InProcessDoorbell[] bells = InProcessDoorbell.pair();
        RingProducer producer = new RingProducer(memory, bells[0]);
        RingConsumer consumer = new RingConsumer(memory, bells[1]);
        PacketHandler handler = packet -> received += packet.transId();
        byte[] payload = new byte[100];
        long allocated = allocatedBy(() -> runBatched(producer, consumer, handler, payload));
        assertTrue(allocated < SLACK_BYTES, "allocated " + allocated + " bytes over " + ITERATIONS + " packets");
        assertEquals(2L * ITERATIONS, consumer.packetsRead());
        assertEquals(2L * ITERATIONS, producer.packetsWritten());
    }

    @Test
    void extendedPacketsCopiedFromOneBufferAllocateNothing() {
        ByteBufferRingMemory memory = ByteBufferRingMemory.allocate(4096);
        InProcessDoorbell[] bells = InProcessDoorbell.pair();
        RingProducer producer = new RingProducer(memory, bells[0]);
        RingConsumer consumer = new RingConsumer(memory, bells[1]);
        PacketHandler handler = packet -> received += packet.transId();
        byte[] packet = new byte[24 + 64]; // a one-page GPA_DIRECT extension, then a vstor_packet
        long allocated = allocatedBy(() -> runExtended(producer, consumer, handler, packet));
        assertTrue(allocated < SLACK_BYTES, "allocated " + allocated + " bytes over " + ITERATIONS + " packets");
        assertEquals(2L * ITERATIONS, consumer.packetsRead());
    }

    /** Bytes this thread allocates in a second run of {@code loop}; the first warms up (JIT compiles the loop). */
    private static long allocatedBy(Runnable loop) {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assertTrue(threads.isThreadAllocatedMemorySupported());
        threads.setThreadAllocatedMemoryEnabled(true);
        loop.run();
        long id = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(id);
        loop.run();
        return threads.getThreadAllocatedBytes(id) - before;
    }

    private void runExtended(RingProducer producer, RingConsumer consumer, PacketHandler handler, byte[] packet) {
        for (int i = 0; i < ITERATIONS / 8; i++) {
            for (int k = 0; k < 8; k++) {
                producer.tryCopyExtended(PacketDescriptor.TYPE_DATA_USING_GPA_DIRECT, 0, 1, packet, 0, 24, 64);
            }
            producer.commit();
            while (consumer.poll(handler, Integer.MAX_VALUE) > 0 || consumer.isMasked()) {
                // drain
            }
        }
    }

    /** Batches of 8 packets, each published by one commit, polled with a budget of 4 (stop, then repoll masked). */
    private void runBatched(RingProducer producer, RingConsumer consumer, PacketHandler handler, byte[] payload) {
        for (int i = 0; i < ITERATIONS / 8; i++) {
            for (int k = 0; k < 8; k++) {
                producer.tryCopy(PacketDescriptor.TYPE_DATA_INBAND, 0, 1, payload, 0, payload.length);
            }
            producer.commit();
            while (consumer.poll(handler, 4) > 0 || consumer.isMasked()) {
                // drain: two budget stops, then the poll that finds the ring empty unmasks
            }
        }
    }

    private void run(RingProducer producer, RingConsumer consumer, PacketHandler handler, byte[] payload) {
        for (int i = 0; i < ITERATIONS; i++) {
            producer.tryWrite(PacketDescriptor.TYPE_DATA_INBAND, 0, 1, payload, 0, payload.length);
            consumer.poll(handler, Integer.MAX_VALUE);
        }
    }
}
