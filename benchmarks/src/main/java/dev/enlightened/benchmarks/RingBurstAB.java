package dev.enlightened.benchmarks;

import dev.enlightened.ring.ByteBufferRingMemory;
import dev.enlightened.ring.PacketDescriptor;
import dev.enlightened.ring.PacketHandler;
import dev.enlightened.ring.RingConsumer;
import dev.enlightened.ring.RingProducer;
import dev.enlightened.signal.InProcessDoorbell;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.IntToDoubleFunction;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

/**
 * Before and after in one JVM: the one-thread batched burst of {@link RingBurstRatio} (32 {@code tryCopy}, one
 * {@code commit}, one {@code poll}) on an older build of the ring classes, on this build, and Agrona's 32 writes and one
 * read, in rotating 20 ms rounds of one thread. A fourth side runs Agrona copying from a heap {@code byte[]} (an
 * {@code UnsafeBuffer} over it), the kind of source the VMBus ring's {@code tryCopy} takes, where the Agrona side
 * copies from a direct buffer. The older classes are loaded by a class loader of their own (a
 * directory of compiled {@code dev.enlightened} classes ahead of this jar), so each build has its own JIT code. Each
 * round is timed in this thread's CPU time; each rotation gives the ratios Agrona/before, Agrona/after and
 * before/after, and the medians are printed with their interquartile ranges.
 *
 * <p>Why: on the shared machine the JIT's decisions differ from one JVM to the next by about ±0.05 in these ratios,
 * and the load by more, so "before" and "after" from separate runs can differ by noise alone. One size per JVM: the
 * JIT specialises the copy path to the first size it sees.
 *
 * <p>Run: {@code java --add-exports java.base/jdk.internal.misc=ALL-UNNAMED -cp benchmarks/target/benchmarks.jar
 * dev.enlightened.benchmarks.RingBurstAB BEFORE_CLASSES_DIR [rounds [payloadBytes]]}.
 */
public final class RingBurstAB {

    private static final int BURST = 32;

    private RingBurstAB() {
    }

    /** One ring in one class loader: {@link #applyAsDouble} runs a round and returns CPU nanoseconds per message. */
    public static final class Side implements IntToDoubleFunction {
        private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
        private static final long ROUND_NANOS = 20_000_000L;
        private static final int DATA_LENGTH = 256 * 1024;
        private final boolean agronaSide;
        private final byte[] payload = new byte[4096];
        private final RingProducer producer;
        private final RingConsumer consumer;
        private final OneToOneRingBuffer agrona;
        /** Agrona's source: a direct buffer, or (kind "agrona-heap") the heap array the VMBus ring copies from. */
        private final UnsafeBuffer source;
        private long sink;
        private final PacketHandler handler = packet -> sink += packet.payloadLength();
        private final MessageHandler agronaHandler = (type, buffer, index, length) -> sink += length;

        /** @param kind "vmbus", "agrona" (copying from a direct buffer) or "agrona-heap" (from a heap array) */
        public Side(String kind) {
            agronaSide = kind.startsWith("agrona");
            source = "agrona-heap".equals(kind) ? new UnsafeBuffer(payload)
                    : new UnsafeBuffer(ByteBuffer.allocateDirect(4096));
            ByteBufferRingMemory memory = ByteBufferRingMemory.allocate(DATA_LENGTH);
            InProcessDoorbell[] bells = InProcessDoorbell.pair();
            producer = new RingProducer(memory, bells[0]);
            consumer = new RingConsumer(memory, bells[1]);
            agrona = new OneToOneRingBuffer(new UnsafeBuffer(
                    ByteBuffer.allocateDirect(DATA_LENGTH + RingBufferDescriptor.TRAILER_LENGTH)));
        }

        @Override
        public double applyAsDouble(int payloadBytes) {
            long cpu = THREADS.getCurrentThreadCpuTime();
            long messages = 0;
            long end = System.nanoTime() + ROUND_NANOS;
            do {
                for (int k = 0; k < 10; k++) {
                    if (agronaSide) {
                        for (int i = 0; i < BURST; i++) {
                            agrona.write(1, source, 0, payloadBytes);
                        }
                        messages += agrona.read(agronaHandler, BURST);
                    } else {
                        for (int i = 0; i < BURST; i++) {
                            producer.tryCopy(PacketDescriptor.TYPE_DATA_INBAND, 0, 0, payload, 0, payloadBytes);
                        }
                        producer.commit();
                        messages += consumer.poll(handler, BURST + 1);
                    }
                }
            } while (System.nanoTime() < end);
            if (sink == 42) {
                System.out.print(""); // keeps sink alive
            }
            return (double) (THREADS.getCurrentThreadCpuTime() - cpu) / messages;
        }
    }

    private static IntToDoubleFunction side(URL[] path, String kind) throws ReflectiveOperationException {
        ClassLoader loader = new URLClassLoader(path, ClassLoader.getPlatformClassLoader());
        return (IntToDoubleFunction) loader.loadClass(Side.class.getName()).getConstructor(String.class)
                .newInstance(kind);
    }

    private static double quantile(double[] sorted, double q) {
        return sorted[(int) Math.round(q * (sorted.length - 1))];
    }

    private static String iqr(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return String.format(Locale.ROOT, "%.3f(%.3f-%.3f)", quantile(sorted, 0.5), quantile(sorted, 0.25),
                quantile(sorted, 0.75));
    }

    /** Runs the rotation for one payload size and prints one line. */
    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: RingBurstAB BEFORE_CLASSES_DIR [rounds [payloadBytes]]");
            System.exit(2);
        }
        URL jar = RingBurstAB.class.getProtectionDomain().getCodeSource().getLocation();
        URL before = Path.of(args[0]).toUri().toURL();
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 60;
        int payloadBytes = args.length > 2 ? Integer.parseInt(args[2]) : 64;
        IntToDoubleFunction[] sides = {side(new URL[] {before, jar}, "vmbus"), side(new URL[] {jar}, "vmbus"),
            side(new URL[] {jar}, "agrona"), side(new URL[] {jar}, "agrona-heap")};
        for (int i = 0; i < 40; i++) { // warm-up: every side compiled at this size
            for (IntToDoubleFunction s : sides) {
                s.applyAsDouble(payloadBytes);
            }
        }
        double[][] ns = new double[4][rounds];
        double[] heapRatio = new double[rounds];
        double[] beforeRatio = new double[rounds];
        double[] afterRatio = new double[rounds];
        double[] speedup = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            for (int k = 0; k < 4; k++) {
                int which = (r + k) % 4; // each side first, second, third and fourth in turn
                ns[which][r] = sides[which].applyAsDouble(payloadBytes);
            }
            beforeRatio[r] = ns[2][r] / ns[0][r];
            afterRatio[r] = ns[2][r] / ns[1][r];
            speedup[r] = ns[0][r] / ns[1][r];
            heapRatio[r] = ns[3][r] / ns[1][r];
        }
        System.out.printf(Locale.ROOT, "payload=%d rounds=%d cpu_ns_per_msg: before=%s after=%s agrona=%s"
                        + " | per CPU second vs agrona: before=%s after=%s | after/before=%s"
                        + " | agrona from a heap array: %s, after vs it=%s%n", payloadBytes, rounds,
                iqr(ns[0]), iqr(ns[1]), iqr(ns[2]), iqr(beforeRatio), iqr(afterRatio), iqr(speedup), iqr(ns[3]),
                iqr(heapRatio));
    }
}
