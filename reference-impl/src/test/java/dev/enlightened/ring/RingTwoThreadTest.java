package dev.enlightened.ring;

import static dev.enlightened.ring.PacketDescriptor.TYPE_DATA_INBAND;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enlightened.signal.InProcessDoorbell;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The memory protocol under real concurrency: explicit allowed outcomes, and a long stream with checksums. */
class RingTwoThreadTest {

    private static final int ROUNDS = 3000;
    private static final int SMALL_DATA = 128;
    private static final byte[] EIGHT = new byte[8];

    @FunctionalInterface
    private interface Step {
        void run(int round) throws Exception;
    }

    /** Runs both steps of every round at the same moment on two threads. */
    private static void race(Step left, Step right) throws Exception {
        CyclicBarrier barrier = new CyclicBarrier(2);
        AtomicReference<Throwable> error = new AtomicReference<>();
        Thread other = new Thread(() -> {
            try {
                for (int i = 0; i < ROUNDS; i++) {
                    barrier.await();
                    right.run(i);
                }
            } catch (Throwable t) {
                error.set(t);
                barrier.reset();
            }
        });
        other.start();
        for (int i = 0; i < ROUNDS && error.get() == null; i++) {
            barrier.await(10, TimeUnit.SECONDS);
            left.run(i);
        }
        other.join();
        assertNull(error.get());
    }

    /**
     * Producer write races the consumer's unmask (§2.5 vs §2.4). Allowed: the producer signals, or the consumer's
     * re-check finds the packet, or both. Forbidden: neither (a lost wakeup).
     */
    @Test
    void producerWriteAndConsumerUnmaskNeverBothMissEachOther() throws Exception {
        RingProducer[] producers = new RingProducer[ROUNDS];
        RingConsumer[] consumers = new RingConsumer[ROUNDS];
        for (int i = 0; i < ROUNDS; i++) {
            ByteBufferRingMemory memory = ByteBufferRingMemory.allocate(SMALL_DATA);
            InProcessDoorbell[] bells = InProcessDoorbell.pair();
            producers[i] = new RingProducer(memory, bells[0]);
            consumers[i] = new RingConsumer(memory, bells[1]);
            consumers[i].mask(); // drained the empty ring, about to unmask
        }
        boolean[] signalled = new boolean[ROUNDS];
        boolean[] recheckSawData = new boolean[ROUNDS];
        race(i -> {
            producers[i].tryWrite(TYPE_DATA_INBAND, 0, i, EIGHT, 0, EIGHT.length);
            signalled[i] = producers[i].signals() > 0;
        }, i -> recheckSawData[i] = consumers[i].unmask());
        Set<String> allowed = Set.of("signal+data", "signal+empty", "nosignal+data");
        Map<String, Integer> seen = new TreeMap<>();
        for (int i = 0; i < ROUNDS; i++) {
            seen.merge((signalled[i] ? "signal" : "nosignal") + "+" + (recheckSawData[i] ? "data" : "empty"), 1,
                    Integer::sum);
        }
        System.out.println("producer write vs consumer unmask outcomes: " + seen);
        assertTrue(allowed.containsAll(seen.keySet()), "seen=" + seen);
    }

    /**
     * A blocked producer's publish-then-recheck races the consumer's release (§2.6). Allowed: the producer's
     * re-check finds the space, or the consumer signals. Forbidden: the producer sleeps through its timeout.
     */
    @Test
    void blockedProducerAndReleasingConsumerNeverBothMissEachOther() throws Exception {
        RingProducer[] producers = new RingProducer[ROUNDS];
        RingConsumer[] consumers = new RingConsumer[ROUNDS];
        PacketView view = new PacketView();
        for (int i = 0; i < ROUNDS; i++) {
            ByteBufferRingMemory memory = ByteBufferRingMemory.allocate(SMALL_DATA);
            InProcessDoorbell[] bells = InProcessDoorbell.pair();
            // Threshold 0: the producer asks for one packet's need, so releasing one packet must wake it (the
            // default batches wake-ups at half the ring, which one release never reaches).
            producers[i] = new RingProducer(memory, bells[0], RingObserver.NONE, Set.of(), 0);
            consumers[i] = new RingConsumer(memory, bells[1]);
            WriteResult filled;
            do {
                filled = producers[i].tryWrite(TYPE_DATA_INBAND, 0, 0, EIGHT, 0, EIGHT.length);
            } while (filled == WriteResult.Written.INSTANCE);
            assertSame(WriteError.Full.INSTANCE, filled);
            assertSame(ReadResult.Read.INSTANCE, consumers[i].next(view)); // one packet read, not yet released
        }
        WriteResult[] results = new WriteResult[ROUNDS];
        race(i -> results[i] = producers[i].write(TYPE_DATA_INBAND, 0, 0, EIGHT, 0, EIGHT.length,
                TimeUnit.MILLISECONDS.toNanos(500)), i -> consumers[i].release());
        Set<String> allowed = Set.of("written+signal", "written+nosignal");
        Map<String, Integer> seen = new TreeMap<>();
        for (int i = 0; i < ROUNDS; i++) {
            seen.merge((results[i] == WriteResult.Written.INSTANCE ? "written" : results[i].toString()) + "+"
                    + (consumers[i].signals() > 0 ? "signal" : "nosignal"), 1, Integer::sum);
        }
        System.out.println("blocked producer vs releasing consumer outcomes: " + seen);
        assertTrue(allowed.containsAll(seen.keySet()), "seen=" + seen);
    }

    /**
     * H2 targeted scenario: the producer thread sleeps on a full ring, then the consumer drains it with the mask
     * set. The correct consumer wakes the producer at once; under fault H2 its own mask suppresses the signal and
     * the producer sleeps through its whole timeout although the ring has room.
     */
    @Test
    void consumerCheckingOwnMaskStrandsASleepingProducerUnderFaultH2() throws Exception {
        for (boolean faulty : new boolean[] {false, true}) {
            ByteBufferRingMemory memory = ByteBufferRingMemory.allocate(SMALL_DATA);
            InProcessDoorbell[] bells = InProcessDoorbell.pair();
            RingProducer producer = new RingProducer(memory, bells[0]);
            RingConsumer consumer = new RingConsumer(memory, bells[1], RingObserver.NONE,
                    faulty ? EnumSet.of(RingFault.H2_CONSUMER_CHECKS_OWN_MASK) : Set.of());
            while (producer.tryWrite(TYPE_DATA_INBAND, 0, 0, EIGHT, 0, EIGHT.length)
                    == WriteResult.Written.INSTANCE) {
                assertTrue(producer.packetsWritten() < SMALL_DATA, "the ring fills up");
            }
            long timeout = TimeUnit.SECONDS.toNanos(1);
            AtomicReference<WriteResult> result = new AtomicReference<>();
            long[] waited = new long[1];
            Thread writer = new Thread(() -> {
                long start = System.nanoTime();
                try {
                    result.set(producer.write(TYPE_DATA_INBAND, 0, 0, EIGHT, 0, EIGHT.length, timeout));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                waited[0] = System.nanoTime() - start;
            });
            writer.start();
            while (writer.getState() != Thread.State.TIMED_WAITING && writer.isAlive()) {
                Thread.onSpinWait(); // the producer published pending_send_sz and sleeps on the doorbell
            }
            consumer.poll(p -> { }, Integer.MAX_VALUE);
            writer.join();
            // Either way the write lands: after its sleep the producer re-checks and finds the space.
            assertSame(WriteResult.Written.INSTANCE, result.get());
            if (faulty) {
                assertEquals(0, consumer.signals());
                assertTrue(waited[0] >= timeout, "lost wakeup under H2: slept its whole timeout, waited_ns="
                        + waited[0]);
            } else {
                assertEquals(1, consumer.signals());
                assertTrue(waited[0] < timeout, "woken by the consumer, waited_ns=" + waited[0]);
            }
        }
    }

    /** The blocked producer's steps, as the trace emitter will see them (spec: SetPending, Sleep, ClearPending). */
    @Test
    void blockedProducerPublishesNeedSleepsThenClearsItBeforeCopying() throws Exception {
        ByteBufferRingMemory memory = ByteBufferRingMemory.allocate(SMALL_DATA);
        InProcessDoorbell[] bells = InProcessDoorbell.pair();
        List<String> steps = new CopyOnWriteArrayList<>();
        RingProducer producer = new RingProducer(memory, bells[0],
                (action, value, w, r, mask, pending) -> steps.add(action.specName() + " " + value), Set.of());
        RingConsumer consumer = new RingConsumer(memory, bells[1]);
        while (producer.tryWrite(TYPE_DATA_INBAND, 0, 0, EIGHT, 0, EIGHT.length) == WriteResult.Written.INSTANCE) {
            assertTrue(producer.packetsWritten() < SMALL_DATA, "the ring fills up");
        }
        steps.clear();
        int freed = producer.writeIndex(); // the consumer's drain publishes read_index = this
        AtomicReference<WriteResult> result = new AtomicReference<>();
        Thread writer = new Thread(() -> {
            try {
                result.set(producer.write(TYPE_DATA_INBAND, 0, 0, EIGHT, 0, EIGHT.length,
                        TimeUnit.SECONDS.toNanos(10)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        writer.start();
        while (writer.getState() != Thread.State.TIMED_WAITING && writer.isAlive()) {
            Thread.onSpinWait();
        }
        consumer.poll(p -> { }, Integer.MAX_VALUE);
        writer.join();
        assertSame(WriteResult.Written.INSTANCE, result.get());
        int need = PacketDescriptor.packetLength(EIGHT.length) + PacketDescriptor.TRAILER_LENGTH;
        assertEquals(List.of("ProducerStartsWrite " + need, "ProducerLoadsReadIndex 0",
                "ProducerSetsPendingSendSz " + Math.max(need, producer.pendingSendSzThreshold()),
                "ProducerFullBarrier 0", "ProducerLoadsReadIndex 0",
                "ProducerConsumesDoorbell 0", "ProducerLoadsReadIndex " + freed,
                "ProducerClearsPendingSendSz 0"), steps.subList(0, 8));
        assertEquals("ProducerCopiesPacket", steps.get(8).split(" ")[0]);
        assertEquals(0, memory.peek(RingDescriptor.PENDING_SEND_SZ_OFFSET));
    }

    @Test
    void streamsPacketsBetweenTwoThreadsOverDirectMemory() throws Exception {
        stream(ByteBufferRingMemory.allocate(4096));
    }

    @Test
    void streamsPacketsBetweenTwoThreadsOverAMappedFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("ring");
        Files.write(file, new byte[RingDescriptor.DATA_OFFSET + 4096]);
        stream(ByteBufferRingMemory.map(file, 4096));
    }

    private static void stream(RingMemory memory) throws Exception {
        int count = 50_000;
        InProcessDoorbell[] bells = InProcessDoorbell.pair();
        RingProducer producer = new RingProducer(memory, bells[0]);
        StreamingConsumer consumer = new StreamingConsumer(new RingConsumer(memory, bells[1]),
                new PacketStream(42, 600));
        AtomicReference<WriteResult> failedWrite = new AtomicReference<>();
        Thread writer = new Thread(() -> {
            PacketStream packets = new PacketStream(42, 600);
            try {
                for (int i = 0; i < count && failedWrite.get() == null; i++) {
                    int length = packets.next();
                    WriteResult r = producer.write(TYPE_DATA_INBAND, 0, packets.sequence(), packets.buffer(), 0,
                            length, TimeUnit.SECONDS.toNanos(10));
                    if (r != WriteResult.Written.INSTANCE) {
                        failedWrite.set(r);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        writer.start();
        consumer.run(count, TimeUnit.SECONDS.toNanos(60));
        writer.join();
        assertNull(failedWrite.get());
        assertNull(consumer.failure());
        assertEquals(count, consumer.received());
        assertEquals(0, consumer.lostWakeups());
        assertTrue(producer.wraps() > 0, "wrapped " + producer.wraps() + " times");
        assertTrue(producer.blockedWrites() > 0, "blocked " + producer.blockedWrites() + " times");
        assertEquals(producer.signals(), bells[0].rings());
    }
}
