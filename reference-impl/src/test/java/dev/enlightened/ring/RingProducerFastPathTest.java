package dev.enlightened.ring;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enlightened.signal.InProcessDoorbell;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@code RingProducer.copyFast} (the untraced common case of {@code tryCopy}/{@code tryWrite}) against the full path:
 * the same operations on two rings, one producer traced (an observer forces the full path on every write) and one
 * not, must leave the same bytes in the ring and return the same results. Covers packets that end exactly at the end
 * of the data area and that wrap (the fast path declines both), a full ring, packets too large, and the batch.
 */
class RingProducerFastPathTest {

    private static final int DATA_LENGTH = 512;

    /** One ring with its endpoints; {@code traced} decides which producer path runs. */
    private static final class Side {
        final ByteBufferRingMemory memory = ByteBufferRingMemory.allocate(DATA_LENGTH);
        final RingProducer producer;
        final RingConsumer consumer;
        final List<Integer> read = new ArrayList<>();
        int steps;

        Side(boolean traced) {
            InProcessDoorbell[] bells = InProcessDoorbell.pair();
            RingObserver observer = traced ? (action, value, w, r, mask, pending) -> steps++ : RingObserver.NONE;
            producer = new RingProducer(memory, bells[0], observer, Set.of());
            consumer = new RingConsumer(memory, bells[1]);
        }

        byte[] bytes() {
            byte[] data = new byte[DATA_LENGTH];
            memory.getBytes(0, data, 0, DATA_LENGTH);
            byte[] all = new byte[DATA_LENGTH + 16];
            System.arraycopy(data, 0, all, 16, DATA_LENGTH);
            for (int i = 0; i < 4; i++) {
                int field = memory.peek(i * 4);
                for (int b = 0; b < 4; b++) {
                    all[i * 4 + b] = (byte) (field >>> (8 * b));
                }
            }
            return all;
        }

        String counters() {
            return "writeIndex=" + producer.writeIndex() + " uncommitted=" + producer.uncommitted() + " written="
                    + producer.packetsWritten() + " wraps=" + producer.wraps() + " signals=" + producer.signals()
                    + " broken=" + producer.isBroken() + " read=" + read.size() + " read_hash=" + read.hashCode();
        }
    }

    @Test
    void untracedWritesLeaveTheSameRingAsTracedOnes() {
        Side fast = new Side(false);
        Side full = new Side(true);
        Random random = new Random(15);
        byte[] payload = new byte[DATA_LENGTH];
        random.nextBytes(payload);
        int wrapsSeen = 0;
        for (int op = 0; op < 5_000; op++) {
            int kind = random.nextInt(10);
            // Mostly small packets, some near the largest, some too large for the ring.
            int length = random.nextInt(20) == 0 ? DATA_LENGTH - random.nextInt(64) : random.nextInt(120);
            int offset = random.nextInt(DATA_LENGTH - length + 1);
            long transId = random.nextLong();
            int flags = random.nextInt(2);
            String what = "op " + op + " kind " + kind + " length " + length;
            if (kind < 5) {
                assertEquals(fast.producer.tryCopy(6, flags, transId, payload, offset, length),
                        full.producer.tryCopy(6, flags, transId, payload, offset, length), what);
            } else if (kind < 7) {
                assertEquals(fast.producer.tryWrite(6, flags, transId, payload, offset, length),
                        full.producer.tryWrite(6, flags, transId, payload, offset, length), what);
            } else if (kind < 8) {
                assertEquals(fast.producer.commit(), full.producer.commit(), what);
            } else {
                int budget = 1 + random.nextInt(6);
                assertEquals(fast.consumer.poll(packet -> fast.read.add(packet.payloadLength()), budget),
                        full.consumer.poll(packet -> full.read.add(packet.payloadLength()), budget), what);
            }
            assertEquals(full.counters(), fast.counters(), what);
            assertArrayEquals(full.bytes(), fast.bytes(), what);
            wrapsSeen = (int) fast.producer.wraps();
        }
        assertTrue(wrapsSeen > 100, "the run must wrap the ring often: wraps=" + wrapsSeen);
        assertTrue(fast.read.size() > 1_000, "the run must read packets: read=" + fast.read.size());
        assertTrue(full.steps > 0 && fast.steps == 0, "one side traced, the other not");
    }
}
