package dev.enlightened.benchmarks;

import dev.enlightened.ring.ByteBufferRingMemory;
import dev.enlightened.ring.PacketDescriptor;
import dev.enlightened.ring.PacketHandler;
import dev.enlightened.ring.RingConsumer;
import dev.enlightened.ring.RingProducer;
import dev.enlightened.ring.WriteResult;
import dev.enlightened.signal.InProcessDoorbell;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.CyclicBarrier;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

/**
 * Two threads, a producer and a consumer, over one ring: the issue-15 two-thread row measured as paired rounds. The
 * same two threads alternate between the VMBus ring and Agrona's {@code OneToOneRingBuffer}, one round each, the
 * order flipping every pair; a round moves {@code MESSAGES} messages and ends when the consumer has them all. Each
 * pair gives one ratio (Agrona's round time over the VMBus ring's), and the median of the ratios is the figure.
 *
 * <p>Why pairs: on a machine whose load is many times its cores, two runnable threads are seldom on a CPU at once,
 * and a separate JMH trial of each ring (or a round-trip latency) measures the scheduler: single trials differed by
 * 20x. Two adjacent rounds of a few milliseconds see nearly the same machine, so their ratio cancels most of it.
 * Threads that find nothing to do call {@link Thread#yield()}, for both rings alike, so a peer that shares a CPU gets
 * it. {@code taskset} cannot help on 2 vCPUs shared with other sessions: pinning keeps neither thread on a CPU.
 *
 * <p>The VMBus producer copies up to {@code BATCH} packets and publishes them with one {@code commit} (the path a
 * driver with a queue of requests takes); its consumer polls NAPI-style with a budget of 64. Agrona writes one message
 * at a time (its tail is published per message) and reads up to 64. Nobody parks: the doorbells are rung as the
 * protocol decides, and nobody waits on them.
 *
 * <p>Run: {@code java --add-exports java.base/jdk.internal.misc=ALL-UNNAMED -cp benchmarks/target/benchmarks.jar
 * dev.enlightened.benchmarks.RingTwoThreadRatio [pairs [sizes]]}; prints per size the median round time of each ring,
 * the median ratio with its interquartile range, and messages per second.
 */
public final class RingTwoThreadRatio {

    private static final int DATA_LENGTH = 256 * 1024;
    private static final int BATCH = 32;
    private static final int BUDGET = 64;
    /** Payload bytes moved per round: rounds of similar length at every size. */
    private static final long BYTES_PER_ROUND = 64L << 20;

    private final byte[] payload = new byte[4096];
    /**
     * Agrona copies from the same heap array as the VMBus producer: with its own direct buffer it copied from other
     * memory with another placement, which alone moves a 4 KiB copy by up to 25 % (docs/benchmarks.md, "One-thread
     * burst at 4 KiB"). {@code -Denlightened.bench.agronaDirectSource=true} restores the direct buffer.
     */
    private final UnsafeBuffer agronaSource = Boolean.getBoolean("enlightened.bench.agronaDirectSource")
            ? new UnsafeBuffer(ByteBuffer.allocateDirect(4096)) : new UnsafeBuffer(payload);
    private final RingProducer producer;
    private final RingConsumer consumer;
    private final OneToOneRingBuffer agrona;
    private volatile boolean useAgrona;
    private volatile int payloadBytes;
    private volatile int messages;
    private volatile boolean stop;
    private long received;
    private final PacketHandler handler = packet -> received++;
    private final MessageHandler agronaHandler = (type, buffer, index, length) -> received++;

    private RingTwoThreadRatio() {
        ByteBufferRingMemory memory = ByteBufferRingMemory.allocate(DATA_LENGTH);
        InProcessDoorbell[] bells = InProcessDoorbell.pair();
        producer = new RingProducer(memory, bells[0]);
        consumer = new RingConsumer(memory, bells[1]);
        agrona = new OneToOneRingBuffer(new UnsafeBuffer(
                ByteBuffer.allocateDirect(DATA_LENGTH + RingBufferDescriptor.TRAILER_LENGTH)));
    }

    // Each ring's loops are methods of their own, compiled on their own profiles: in one method, the JIT compiled
    // both loops together, on whichever profile it had when the method got hot (docs/benchmarks.md, "Two threads
    // at 4 KiB").
    private void produce() {
        if (useAgrona) {
            produceAgrona();
        } else {
            produceVmbus();
        }
    }

    private void produceAgrona() {
        int n = messages;
        int size = payloadBytes;
        for (int sent = 0; sent < n; ) {
            if (agrona.write(1, agronaSource, 0, size)) {
                sent++;
            } else {
                Thread.yield();
            }
        }
    }

    private void produceVmbus() {
        int n = messages;
        int size = payloadBytes;
        for (int sent = 0; sent < n; ) {
            int batch = Math.min(BATCH, n - sent);
            int copied = 0;
            while (copied < batch && producer.tryCopy(PacketDescriptor.TYPE_DATA_INBAND, 0, sent + copied, payload,
                    0, size) == WriteResult.Written.INSTANCE) {
                copied++;
            }
            producer.commit(); // a Full tryCopy has committed already; then this is a no-op
            sent += copied;
            if (copied < batch) {
                Thread.yield();
            }
        }
    }

    private void consume() {
        received = 0;
        if (useAgrona) {
            consumeAgrona();
        } else {
            consumeVmbus();
        }
    }

    private void consumeAgrona() {
        int n = messages;
        while (received < n) {
            if (agrona.read(agronaHandler, BUDGET) == 0) {
                Thread.yield();
            }
        }
    }

    private void consumeVmbus() {
        int n = messages;
        while (received < n) {
            if (consumer.poll(handler, BUDGET) == 0) {
                Thread.yield();
            }
        }
    }

    private static double quantile(double[] sorted, double q) {
        return sorted[(int) Math.round(q * (sorted.length - 1))];
    }

    /** Runs the pairs and prints one line per payload size. */
    public static void main(String[] args) throws Exception {
        int pairs = args.length > 0 ? Integer.parseInt(args[0]) : 60;
        int[] sizes = args.length > 1
                ? Arrays.stream(args[1].split(",")).mapToInt(Integer::parseInt).toArray() : new int[] {64, 1500, 4096};
        RingTwoThreadRatio bench = new RingTwoThreadRatio();
        // The round's two sides run on two worker threads; this thread only starts them and times the round.
        CyclicBarrier go = new CyclicBarrier(3);
        CyclicBarrier done = new CyclicBarrier(3);
        Thread[] workers = new Thread[2];
        Runnable[] sides = {bench::produce, bench::consume};
        for (int i = 0; i < 2; i++) {
            Runnable side = sides[i];
            workers[i] = new Thread(() -> {
                try {
                    while (true) {
                        go.await();
                        if (bench.stop) {
                            return;
                        }
                        side.run();
                        done.await();
                    }
                } catch (Exception e) {
                    throw new IllegalStateException("worker stopped", e);
                }
            }, i == 0 ? "producer" : "consumer");
            workers[i].setDaemon(true);
            workers[i].start();
        }
        for (int size : sizes) {
            long[] time = new long[2];
            double[] vmbus = new double[pairs];
            double[] ag = new double[pairs];
            double[] ratio = new double[pairs];
            for (int r = -10; r < pairs; r++) { // 10 warm-up pairs
                for (int k = 0; k < 2; k++) {
                    boolean agronaRound = ((r & 1) == 0) == (k == 1);
                    bench.useAgrona = agronaRound;
                    bench.payloadBytes = size;
                    bench.messages = (int) (BYTES_PER_ROUND / size);
                    long begin = System.nanoTime();
                    go.await();
                    done.await();
                    time[agronaRound ? 1 : 0] = System.nanoTime() - begin;
                }
                if (r >= 0) {
                    vmbus[r] = time[0];
                    ag[r] = time[1];
                    ratio[r] = (double) time[1] / time[0];
                }
            }
            Arrays.sort(vmbus);
            Arrays.sort(ag);
            Arrays.sort(ratio);
            int n = (int) (BYTES_PER_ROUND / size);
            System.out.printf(Locale.ROOT, "payload=%d pairs=%d messages_per_round=%d vmbus_round_ms=%.2f"
                            + " agrona_round_ms=%.2f vmbus_msgs_per_s=%.0f agrona_msgs_per_s=%.0f"
                            + " ratio=%.2f(%.2f-%.2f)%n", size, pairs, n, quantile(vmbus, 0.5) / 1e6,
                    quantile(ag, 0.5) / 1e6, n * 1e9 / quantile(vmbus, 0.5), n * 1e9 / quantile(ag, 0.5),
                    quantile(ratio, 0.5), quantile(ratio, 0.25), quantile(ratio, 0.75));
        }
        System.out.printf(Locale.ROOT, "vmbus: packets=%d producer_signals=%d consumer_signals=%d%n",
                bench.producer.packetsWritten(), bench.producer.signals(), bench.consumer.signals());
        bench.stop = true;
        go.await();
    }
}
