package dev.enlightened.ring;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.enlightened.signal.InProcessDoorbell;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@code RingConsumer.drainInPlace} (the untraced consumer's in-place drain) against {@code next}: the same operations
 * on two rings, one consumer traced (an observer keeps it on {@code next} for every packet) and one not, must hand
 * the same packets to the handler in the same order and leave the same consumer state and ring bytes. Covers packets
 * that wrap or end exactly at the end of the data area, budgets that stop a drain, a handler that polls again from
 * inside (a nested poll), and a hostile host: descriptor, trailer and {@code write_index} words overwritten.
 */
class RingConsumerFastDrainTest {

    private static final int DATA_LENGTH = 512;

    /** One ring with its endpoints; {@code traced} decides which consumer path runs. */
    private static final class Side {
        final ByteBufferRingMemory memory = ByteBufferRingMemory.allocate(DATA_LENGTH);
        final RingProducer producer;
        final RingConsumer consumer;
        final List<String> read = new ArrayList<>();
        int steps;

        Side(boolean traced) {
            InProcessDoorbell[] bells = InProcessDoorbell.pair();
            RingObserver observer = traced ? (action, value, w, r, mask, pending) -> steps++ : RingObserver.NONE;
            producer = new RingProducer(memory, bells[0]);
            consumer = new RingConsumer(memory, bells[1], observer, Set.of());
        }

        /** What the handler saw of the packet, and (deterministically, from its trans_id) maybe a nested poll. */
        void handle(PacketView packet) {
            byte[] payload = new byte[packet.payloadLength()];
            packet.copyPayload(0, payload, 0, payload.length);
            read.add(packet.startIndex() + ":" + packet.type() + ":" + packet.flags() + ":" + packet.transId() + ":"
                    + packet.packetLength() + ":" + Arrays.hashCode(payload) + " read=" + consumer.packetsRead());
            if ((packet.transId() & 63) == 0) {
                read.add("nested " + consumer.poll(this::record, 2));
            }
        }

        void record(PacketView packet) {
            read.add("inner " + packet.startIndex() + ":" + packet.transId() + ":" + packet.payloadLength());
        }

        byte[] bytes() {
            byte[] data = new byte[DATA_LENGTH];
            memory.getBytes(0, data, 0, DATA_LENGTH);
            return data;
        }

        String state() {
            return "readIndex=" + consumer.readIndex() + " read=" + consumer.packetsRead() + " mismatches="
                    + consumer.trailerMismatches() + " batches=" + consumer.batches() + " signals="
                    + consumer.signals() + " masked=" + consumer.isMasked() + " broken=" + consumer.corruption()
                    + " writeIndex=" + producer.writeIndex() + " producerBroken=" + producer.isBroken()
                    + " handled=" + read.size() + " handled_hash=" + read.hashCode();
        }
    }

    @Test
    void theInPlaceDrainHandsOverWhatNextDoes() {
        assumeTrue(new Side(false).consumer.drainsInPlace(), "the in-place drain is off here (-D"
                + RingConsumer.FAST_DRAIN_PROPERTY + "=false, or no raw access: -D" + ByteBufferRingMemory.RAW_PROPERTY
                + "=false or JDK 24+)");
        Random random = new Random(1500);
        byte[] payload = new byte[DATA_LENGTH];
        random.nextBytes(payload);
        int wraps = 0;
        int handled = 0;
        int broken = 0;
        int mismatches = 0;
        int nested = 0;
        for (int run = 0; run < 60; run++) {
            Side fast = new Side(false);
            Side slow = new Side(true);
            assertTrue(fast.consumer.drainsInPlace(), "untraced: the in-place drain");
            assertFalse(slow.consumer.drainsInPlace(), "traced: next() for every packet");
            for (int op = 0; op < 400; op++) {
                int kind = random.nextInt(20);
                String what = "run " + run + " op " + op + " kind " + kind;
                if (kind < 9) {
                    int length = random.nextInt(10) == 0 ? random.nextInt(DATA_LENGTH) : random.nextInt(100);
                    int offset = random.nextInt(DATA_LENGTH - length + 1);
                    long transId = random.nextLong();
                    assertEquals(slow.producer.tryCopy(6, 1, transId, payload, offset, length),
                            fast.producer.tryCopy(6, 1, transId, payload, offset, length), what);
                } else if (kind < 12) {
                    assertEquals(slow.producer.commit(), fast.producer.commit(), what);
                } else if (kind < 19 || run % 3 != 0) {
                    int budget = 1 + random.nextInt(kind == 18 ? 64 : 6);
                    assertEquals(slow.consumer.poll(slow::handle, budget), fast.consumer.poll(fast::handle, budget),
                            what);
                } else {
                    // A hostile host, in every third run: one data word (a descriptor, a trailer, payload) or
                    // write_index overwritten with a random or a near-valid value.
                    int at = random.nextInt(DATA_LENGTH / 8) * 8;
                    long word = random.nextBoolean() ? random.nextLong()
                            : PacketDescriptor.firstWord(6, 2 + random.nextInt(3), random.nextInt(80), 0);
                    if (random.nextInt(4) == 0) {
                        int w = random.nextBoolean() ? at : random.nextInt();
                        slow.memory.storeWriteIndexRelease(w);
                        fast.memory.storeWriteIndexRelease(w);
                    } else {
                        slow.memory.putLong(at, word);
                        fast.memory.putLong(at, word);
                    }
                }
                assertEquals(slow.state(), fast.state(), what);
                assertEquals(slow.read, fast.read, what);
                assertArrayEquals(slow.bytes(), fast.bytes(), what);
            }
            assertTrue(slow.steps > 0 && fast.steps == 0, "one side traced, the other not");
            wraps += (int) fast.producer.wraps();
            handled += fast.read.size();
            broken += fast.consumer.isBroken() ? 1 : 0;
            mismatches += (int) fast.consumer.trailerMismatches();
            nested += (int) fast.read.stream().filter(s -> s.startsWith("nested")).count();
        }
        // The run must reach every case it is there for.
        assertTrue(wraps > 500, "wraps=" + wraps);
        assertTrue(handled > 5_000, "handled=" + handled);
        assertTrue(broken >= 5 && broken < 40, "rings broken by the hostile host: " + broken);
        assertTrue(mismatches > 0, "trailer mismatches counted: " + mismatches);
        assertTrue(nested > 20, "nested polls: " + nested);
    }
}
