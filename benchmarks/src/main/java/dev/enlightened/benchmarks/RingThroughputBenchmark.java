package dev.enlightened.benchmarks;

import dev.enlightened.ring.ByteBufferRingMemory;
import dev.enlightened.ring.PacketDescriptor;
import dev.enlightened.ring.PacketHandler;
import dev.enlightened.ring.RingConsumer;
import dev.enlightened.ring.RingProducer;
import dev.enlightened.ring.WriteResult;
import dev.enlightened.signal.InProcessDoorbell;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * One producer thread and one consumer thread over a 256 KiB ring (large enough for a burst of 32 4 KiB packets), same payload sizes for both rings (the
 * {@code *Burst} benchmarks run both sides on one thread instead: 32 writes then one poll). Each group benchmark
 * method is one attempt (a write that may find the ring full, a poll that may find it empty), so JMH's own op rate
 * is meaningless; the {@code sent} and {@code received} aux counters are the message rates. The VMBus ring runs its
 * full protocol: the producer's StoreLoad fence and signal decision on every write, the consumer's mask, drain,
 * publish, unmask and re-check on every poll, and the signals it decides on (counted, printed at teardown).
 */
@State(Scope.Group)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
// Agrona 2.x reaches jdk.internal.misc.Unsafe, which Java 17 exports only on request.
@Fork(value = 1, jvmArgsAppend = {"--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED"})
public class RingThroughputBenchmark {

    private static final int DATA_LENGTH = 256 * 1024;
    private static final int BATCH = 256;
    private static final int BURST = 32;
    private static final int MESSAGE_TYPE = 1;

    /** Payload bytes per message (both rings add their own header: 16 + 8 here, 8 in Agrona). */
    @Param({"64", "1500", "4096"})
    public int payloadBytes;

    private RingProducer producer;
    private RingConsumer consumer;
    private final byte[] payload = new byte[4096];
    private PacketHandler packetHandler;

    private OneToOneRingBuffer agrona;
    private UnsafeBuffer agronaSource;
    private MessageHandler messageHandler;

    private long sink;

    /** Producer-side rate. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Sent {
        /** Messages written. */
        public long sent;

        /** Resets per iteration. */
        @Setup(Level.Iteration)
        public void reset() {
            sent = 0;
        }
    }

    /** Consumer-side rate. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Received {
        /** Messages read. */
        public long received;

        /** Resets per iteration. */
        @Setup(Level.Iteration)
        public void reset() {
            received = 0;
        }
    }

    /** Fresh rings for each trial. */
    @Setup(Level.Trial)
    public void setUp() {
        ByteBufferRingMemory memory = ByteBufferRingMemory.allocate(DATA_LENGTH);
        InProcessDoorbell[] bells = InProcessDoorbell.pair();
        producer = new RingProducer(memory, bells[0]);
        consumer = new RingConsumer(memory, bells[1]);
        packetHandler = packet -> sink += packet.payloadLength();
        agrona = new OneToOneRingBuffer(new UnsafeBuffer(
                ByteBuffer.allocateDirect(DATA_LENGTH + RingBufferDescriptor.TRAILER_LENGTH)));
        agronaSource = new UnsafeBuffer(ByteBuffer.allocateDirect(4096));
        messageHandler = (type, buffer, index, length) -> sink += length;
    }

    /** Prints the signal counts of the trial (JMH forwards the fork's stdout). */
    @TearDown(Level.Trial)
    public void report(BenchmarkParams params) {
        if (producer.packetsWritten() > 0) {
            String name = params.getBenchmark().substring(params.getBenchmark().lastIndexOf('.') + 1);
            System.out.printf("%nsignals: benchmark=%s payload=%d packets=%d producer_signals=%d"
                            + " consumer_signals=%d producer_signals_per_1000=%.3f%n", name, payloadBytes,
                    producer.packetsWritten(), producer.signals(), consumer.signals(),
                    1000.0 * producer.signals() / producer.packetsWritten());
        }
    }

    /** VMBus ring producer: one try-write. */
    @Benchmark
    @Group("vmbusRing")
    @GroupThreads(1)
    public void vmbusWrite(Sent counter) {
        if (producer.tryWrite(PacketDescriptor.TYPE_DATA_INBAND, 0, 0, payload, 0, payloadBytes)
                == WriteResult.Written.INSTANCE) {
            counter.sent++;
        } else {
            Thread.yield(); // two cores shared by many: give the peer thread the CPU
        }
    }

    /** VMBus ring consumer: one masked poll of up to a batch. */
    @Benchmark
    @Group("vmbusRing")
    @GroupThreads(1)
    public void vmbusRead(Received counter) {
        int n = consumer.poll(packetHandler, BATCH);
        counter.received += n;
        if (n == 0) {
            Thread.yield(); // two cores shared by many: give the peer thread the CPU
        }
    }

    /** VMBus ring, one thread: writes a burst, then polls it back (per-message cost without scheduling noise). */
    @Benchmark
    @Group("vmbusBurst")
    @GroupThreads(1)
    @OperationsPerInvocation(BURST)
    public long vmbusBurst() {
        for (int i = 0; i < BURST; i++) {
            producer.tryWrite(PacketDescriptor.TYPE_DATA_INBAND, 0, 0, payload, 0, payloadBytes);
        }
        // Budget BURST + 1: the poll drains to empty, then unmasks, fences and re-checks as in every earlier run (at a
        // budget of BURST it would now stay masked, NAPI-style, and skip the unmask: a different protocol path).
        return consumer.poll(packetHandler, BURST + 1);
    }

    /**
     * VMBus ring, one thread, batched commit: copies a burst, publishes it with one write_index store, one StoreLoad
     * fence and one signal decision (RingProducer.commit, openvmm commit_write), then polls it back as vmbusBurst.
     */
    @Benchmark
    @Group("vmbusBatchBurst")
    @GroupThreads(1)
    @OperationsPerInvocation(BURST)
    public long vmbusBatchBurst() {
        for (int i = 0; i < BURST; i++) {
            producer.tryCopy(PacketDescriptor.TYPE_DATA_INBAND, 0, 0, payload, 0, payloadBytes);
        }
        producer.commit();
        return consumer.poll(packetHandler, BURST + 1);
    }

    /** Agrona, one thread: writes a burst, then reads it back. */
    @Benchmark
    @Group("agronaBurst")
    @GroupThreads(1)
    @OperationsPerInvocation(BURST)
    public long agronaBurst() {
        for (int i = 0; i < BURST; i++) {
            agrona.write(MESSAGE_TYPE, agronaSource, 0, payloadBytes);
        }
        return agrona.read(messageHandler, BURST);
    }

    /** Agrona producer: one write attempt. */
    @Benchmark
    @Group("agronaOneToOne")
    @GroupThreads(1)
    public void agronaWrite(Sent counter) {
        if (agrona.write(MESSAGE_TYPE, agronaSource, 0, payloadBytes)) {
            counter.sent++;
        } else {
            Thread.yield(); // two cores shared by many: give the peer thread the CPU
        }
    }

    /** Agrona consumer: one read of up to a batch. */
    @Benchmark
    @Group("agronaOneToOne")
    @GroupThreads(1)
    public int agronaRead(Received counter) {
        int n = agrona.read(messageHandler, BATCH);
        counter.received += n;
        if (n == 0) {
            Thread.yield(); // two cores shared by many: give the peer thread the CPU
        }
        return n;
    }
}
