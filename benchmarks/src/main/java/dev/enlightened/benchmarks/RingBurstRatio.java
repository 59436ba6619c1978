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
import java.util.Arrays;
import java.util.Locale;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

/**
 * The one-thread burst of {@link RingThroughputBenchmark} (32 writes, then one poll) as an interleaved A/B: rounds of
 * {@code ROUND_MS} alternate between the VMBus ring and Agrona in one thread of one JVM, the order flipping each
 * round, and each round pair gives one ratio. On a machine shared by many sessions the CPU a thread gets changes
 * from one second to the next (JMH's separate trials of the two rings then differ by 2x for no reason of theirs);
 * adjacent 20 ms rounds see nearly the same machine, so the median of the per-pair ratios is the figure to quote.
 *
 * <p>Three rings take turns, the order rotating each round: the VMBus ring publishing each packet on its own
 * ({@code tryWrite}: a write_index store, StoreLoad fence and signal decision per packet), the VMBus ring with batched
 * commit ({@code tryCopy} 32 times, then one {@code commit}: one store, one fence, one signal decision per burst), and
 * Agrona's 32 writes. Every VMBus poll drains to empty and unmasks, fences and re-checks (budget BURST + 1).
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar dev.enlightened.benchmarks.RingBurstRatio [rounds [sizes]]}
 * (sizes: comma-separated payload bytes, each at most 4096; default 64,1500,4096).
 * Prints, per payload size, two lines: messages/s of the three (medians over rounds) and the median ratios to Agrona
 * with their interquartile ranges, per second of wall time ({@code wall:}) and per second of this thread's CPU time
 * ({@code cpu:}, {@link ThreadMXBean#getCurrentThreadCpuTime}). On a machine whose load exceeds its cores the thread
 * is descheduled for part of most 20 ms rounds, at random; CPU time leaves those gaps out, so the {@code cpu:} ratio
 * is the steadier measure of the work each ring does per message (it still includes cache and TLB misses caused by
 * the other processes).
 */
public final class RingBurstRatio {

    private static final int DATA_LENGTH = 256 * 1024;
    private static final int BURST = 32;
    private static final long ROUND_NANOS = 20_000_000L;
    private static final int[] PAYLOADS = {64, 1500, 4096};

    private final byte[] payload = new byte[4096];
    private final RingProducer producer;
    private final RingConsumer consumer;
    private final OneToOneRingBuffer agrona;
    private final UnsafeBuffer agronaSource = new UnsafeBuffer(ByteBuffer.allocateDirect(4096));
    private long sink;
    private final PacketHandler handler = packet -> sink += packet.payloadLength();
    private final MessageHandler agronaHandler = (type, buffer, index, length) -> sink += length;
    /** Wall time of the last round. */
    private long lastWallNanos;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private RingBurstRatio() {
        ByteBufferRingMemory memory = ByteBufferRingMemory.allocate(DATA_LENGTH);
        InProcessDoorbell[] bells = InProcessDoorbell.pair();
        producer = new RingProducer(memory, bells[0]);
        consumer = new RingConsumer(memory, bells[1]);
        agrona = new OneToOneRingBuffer(new UnsafeBuffer(
                ByteBuffer.allocateDirect(DATA_LENGTH + RingBufferDescriptor.TRAILER_LENGTH)));
    }

    /** Messages of VMBus bursts in one round, each packet published on its own. */
    private long vmbusRound(int payloadBytes) {
        long messages = 0;
        long begin = System.nanoTime();
        long now;
        do {
            for (int i = 0; i < BURST; i++) {
                producer.tryWrite(PacketDescriptor.TYPE_DATA_INBAND, 0, 0, payload, 0, payloadBytes);
            }
            messages += consumer.poll(handler, BURST + 1);
            now = System.nanoTime();
        } while (now - begin < ROUND_NANOS);
        lastWallNanos = now - begin;
        return messages;
    }

    /** Messages of VMBus bursts in one round, each burst published by one commit. */
    private long vmbusBatchRound(int payloadBytes) {
        long messages = 0;
        long begin = System.nanoTime();
        long now;
        do {
            for (int i = 0; i < BURST; i++) {
                producer.tryCopy(PacketDescriptor.TYPE_DATA_INBAND, 0, 0, payload, 0, payloadBytes);
            }
            producer.commit();
            messages += consumer.poll(handler, BURST + 1);
            now = System.nanoTime();
        } while (now - begin < ROUND_NANOS);
        lastWallNanos = now - begin;
        return messages;
    }

    /** Messages of Agrona bursts in one round. */
    private long agronaRound(int payloadBytes) {
        long messages = 0;
        long begin = System.nanoTime();
        long now;
        do {
            for (int i = 0; i < BURST; i++) {
                agrona.write(1, agronaSource, 0, payloadBytes);
            }
            messages += agrona.read(agronaHandler, BURST);
            now = System.nanoTime();
        } while (now - begin < ROUND_NANOS);
        lastWallNanos = now - begin;
        return messages;
    }

    private static double quantile(double[] sorted, double q) {
        return sorted[(int) Math.round(q * (sorted.length - 1))];
    }

    /** "median (q1-q3)" of a sorted array. */
    private static String iqr(double[] sorted) {
        return String.format(Locale.ROOT, "%.2f(%.2f-%.2f)", quantile(sorted, 0.5), quantile(sorted, 0.25),
                quantile(sorted, 0.75));
    }

    /** Runs the rotation and prints one line per payload size. */
    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        int[] payloads = args.length > 1
                ? Arrays.stream(args[1].split(",")).mapToInt(Integer::parseInt).toArray() : PAYLOADS;
        RingBurstRatio bench = new RingBurstRatio();
        for (int payloadBytes : payloads) {
            for (int i = 0; i < 50; i++) { // warm-up: every code path compiled at this size
                bench.vmbusRound(payloadBytes);
                bench.vmbusBatchRound(payloadBytes);
                bench.agronaRound(payloadBytes);
            }
            double[][] rate = new double[3][rounds];
            double[][] cpuRate = new double[3][rounds];
            double[] ratio = new double[rounds];
            double[] batchRatio = new double[rounds];
            double[] cpuRatio = new double[rounds];
            double[] cpuBatchRatio = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                for (int k = 0; k < 3; k++) {
                    int which = (r + k) % 3; // rotate the order: each ring runs first, second and third in turn
                    long cpuBegin = THREADS.getCurrentThreadCpuTime();
                    long messages = switch (which) {
                        case 0 -> bench.vmbusRound(payloadBytes);
                        case 1 -> bench.vmbusBatchRound(payloadBytes);
                        default -> bench.agronaRound(payloadBytes);
                    };
                    long cpu = THREADS.getCurrentThreadCpuTime() - cpuBegin;
                    rate[which][r] = messages * 1e9 / bench.lastWallNanos;
                    cpuRate[which][r] = messages * 1e9 / Math.max(1, cpu);
                }
                ratio[r] = rate[0][r] / rate[2][r];
                batchRatio[r] = rate[1][r] / rate[2][r];
                cpuRatio[r] = cpuRate[0][r] / cpuRate[2][r];
                cpuBatchRatio[r] = cpuRate[1][r] / cpuRate[2][r];
            }
            for (double[] a : rate) {
                Arrays.sort(a);
            }
            for (double[] a : cpuRate) {
                Arrays.sort(a);
            }
            for (double[] a : new double[][] {ratio, batchRatio, cpuRatio, cpuBatchRatio}) {
                Arrays.sort(a);
            }
            System.out.printf(Locale.ROOT, "payload=%d rounds=%d wall: vmbus_msgs_per_s=%.0f vmbus_batch_msgs_per_s=%.0f"
                            + " agrona_msgs_per_s=%.0f ratio=%s batch_ratio=%s%n", payloadBytes, rounds,
                    quantile(rate[0], 0.5), quantile(rate[1], 0.5), quantile(rate[2], 0.5), iqr(ratio),
                    iqr(batchRatio));
            System.out.printf(Locale.ROOT, "payload=%d rounds=%d cpu:  vmbus_msgs_per_s=%.0f vmbus_batch_msgs_per_s=%.0f"
                            + " agrona_msgs_per_s=%.0f ratio=%s batch_ratio=%s%n", payloadBytes, rounds,
                    quantile(cpuRate[0], 0.5), quantile(cpuRate[1], 0.5), quantile(cpuRate[2], 0.5), iqr(cpuRatio),
                    iqr(cpuBatchRatio));
        }
        System.out.printf(Locale.ROOT, "vmbus: packets=%d producer_signals=%d per_1000=%.2f%n",
                bench.producer.packetsWritten(), bench.producer.signals(),
                1000.0 * bench.producer.signals() / bench.producer.packetsWritten());
        if (bench.sink == 42) {
            System.out.println(); // keeps sink alive
        }
    }
}
