package dev.enlightened.benchmarks;

import dev.enlightened.ring.ByteBufferRingMemory;
import dev.enlightened.ring.PacketDescriptor;
import dev.enlightened.ring.PacketHandler;
import dev.enlightened.ring.RingConsumer;
import dev.enlightened.ring.RingProducer;
import dev.enlightened.signal.InProcessDoorbell;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.util.Locale;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

/**
 * The one-thread burst of {@link RingBurstAB} (VMBus: 32 {@code tryCopy}, one {@code commit}, one {@code poll};
 * Agrona: 32 writes, one read) with the payload copied from offset {@code o} of an 8 KiB source, for {@code o} in
 * {@code steps} even steps over 0 to 4 KiB: where the source sits relative to the ring, modulo the 4 KiB page.
 *
 * <p>Why: a copy whose loads fall on the same address modulo 4 KiB as its own stores still in the store buffer waits
 * for them (4K aliasing), so the copy stub's time depends on (destination - source) mod 4096. Agrona's records sit at
 * the same 63 offsets every lap (a padding record restarts it at 0), so with a fixed source it sees one 504-byte
 * window of that difference and is either always fast or always slow, depending on where the buffers happen to be;
 * the VMBus ring's packets wrap without padding and drift through every offset, so it pays the average. Each cell is
 * the best of the last 2 of 4 passes (20 ms rounds, CPU time per message).
 *
 * <p>Run: {@code java --add-exports java.base/jdk.internal.misc=ALL-UNNAMED -cp benchmarks/target/benchmarks.jar
 * dev.enlightened.benchmarks.RingSourceOffsetSweep [payloadBytes [steps]]}.
 */
public final class RingSourceOffsetSweep {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final int DATA_LENGTH = 256 * 1024;
    private static final int BURST = 32;
    private static final long ROUND_NANOS = 20_000_000L;
    private static final int PASSES = 4;

    private long sink;

    private RingSourceOffsetSweep() {
    }

    /** Prints, per source offset, CPU ns per message of each ring, then the means and their ratio. */
    public static void main(String[] args) {
        int payloadBytes = args.length > 0 ? Integer.parseInt(args[0]) : 4096;
        int steps = args.length > 1 ? Integer.parseInt(args[1]) : 16;
        if (payloadBytes < 0 || payloadBytes > 4096 || steps < 1 || steps > 512) {
            System.err.println("usage: RingSourceOffsetSweep [payloadBytes 0..4096 [steps 1..512]]");
            System.exit(2);
        }
        new RingSourceOffsetSweep().run(payloadBytes, steps);
    }

    private void run(int payloadBytes, int steps) {
        ByteBufferRingMemory memory = ByteBufferRingMemory.allocate(DATA_LENGTH);
        InProcessDoorbell[] bells = InProcessDoorbell.pair();
        RingProducer producer = new RingProducer(memory, bells[0]);
        RingConsumer consumer = new RingConsumer(memory, bells[1]);
        PacketHandler handler = packet -> sink += packet.payloadLength();
        OneToOneRingBuffer agrona = new OneToOneRingBuffer(new UnsafeBuffer(
                ByteBuffer.allocateDirect(DATA_LENGTH + RingBufferDescriptor.TRAILER_LENGTH)));
        MessageHandler agronaHandler = (type, buffer, index, length) -> sink += length;
        byte[] heap = new byte[8192];
        UnsafeBuffer direct = new UnsafeBuffer(ByteBuffer.allocateDirect(8192));
        double[][] ns = new double[steps][2];
        for (int pass = 0; pass < PASSES; pass++) {
            for (int i = 0; i < steps; i++) {
                int offset = i * (4096 / steps);
                for (int side = 0; side < 2; side++) {
                    long cpu = THREADS.getCurrentThreadCpuTime();
                    long messages = 0;
                    long end = System.nanoTime() + ROUND_NANOS;
                    do {
                        for (int k = 0; k < 10; k++) {
                            if (side == 0) {
                                for (int j = 0; j < BURST; j++) {
                                    producer.tryCopy(PacketDescriptor.TYPE_DATA_INBAND, 0, 0, heap, offset,
                                            payloadBytes);
                                }
                                producer.commit();
                                messages += consumer.poll(handler, BURST + 1);
                            } else {
                                for (int j = 0; j < BURST; j++) {
                                    agrona.write(1, direct, offset, payloadBytes);
                                }
                                messages += agrona.read(agronaHandler, BURST);
                            }
                        }
                    } while (System.nanoTime() < end);
                    double perMessage = (double) (THREADS.getCurrentThreadCpuTime() - cpu) / messages;
                    if (pass == PASSES - 2) {
                        ns[i][side] = perMessage;
                    } else if (pass == PASSES - 1) {
                        ns[i][side] = Math.min(ns[i][side], perMessage);
                    }
                }
            }
        }
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT,
                "payload=%d source offset -> CPU ns per message: vmbus (heap source) / agrona (direct source)%n",
                payloadBytes));
        double vmbus = 0;
        double agronaSum = 0;
        for (int i = 0; i < steps; i++) {
            out.append(String.format(Locale.ROOT, "%5d %7.1f %7.1f%n", i * (4096 / steps), ns[i][0], ns[i][1]));
            vmbus += ns[i][0];
            agronaSum += ns[i][1];
        }
        out.append(String.format(Locale.ROOT, "mean %7.1f %7.1f | vmbus/agrona per CPU second %.3f%n",
                vmbus / steps, agronaSum / steps, agronaSum / vmbus));
        if (sink == 42) {
            out.append(' '); // keeps sink alive
        }
        System.out.print(out);
    }
}
