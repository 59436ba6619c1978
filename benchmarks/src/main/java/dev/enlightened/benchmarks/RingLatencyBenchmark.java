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
import java.util.concurrent.atomic.AtomicBoolean;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Round trip between two threads, the steadier two-thread method of issue 15: the benchmark thread writes one
 * message into ring A and spins until the echo thread has copied it back through ring B. JMH's {@code SampleTime}
 * mode samples each round trip and prints percentiles (p50, p90, p99, p99.9), so a descheduled thread shows up as a
 * tail, not as a throughput collapse averaged into the median. Both rings of a pair are the same kind: VMBus rings
 * with their whole protocol (fences, mask, signal decisions; nobody parks), or Agrona {@code OneToOneRingBuffer}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = {"--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED"})
public class RingLatencyBenchmark {

    private static final int DATA_LENGTH = 64 * 1024;
    private static final int MESSAGE_TYPE = 1;

    /** Payload bytes per message. */
    @Param({"64", "1500", "4096"})
    public int payloadBytes;

    /** "vmbus" or "agrona". */
    @Param({"vmbus", "agrona"})
    public String ring;

    private final byte[] payload = new byte[4096];
    private final AtomicBoolean running = new AtomicBoolean();
    private Thread echo;

    private RingProducer pingProducer;
    private RingConsumer pongConsumer;
    private PacketHandler pongHandler;
    private OneToOneRingBuffer agronaPing;
    private OneToOneRingBuffer agronaPong;
    private UnsafeBuffer agronaSource;
    private MessageHandler agronaPongHandler;
    private int returned;

    /** Two rings and the echo thread. */
    @Setup(Level.Trial)
    public void setUp() {
        running.set(true);
        if ("vmbus".equals(ring)) {
            ByteBufferRingMemory ping = ByteBufferRingMemory.allocate(DATA_LENGTH);
            ByteBufferRingMemory pong = ByteBufferRingMemory.allocate(DATA_LENGTH);
            InProcessDoorbell[] pingBells = InProcessDoorbell.pair();
            InProcessDoorbell[] pongBells = InProcessDoorbell.pair();
            pingProducer = new RingProducer(ping, pingBells[0]);
            RingConsumer pingConsumer = new RingConsumer(ping, pingBells[1]);
            RingProducer pongProducer = new RingProducer(pong, pongBells[0]);
            pongConsumer = new RingConsumer(pong, pongBells[1]);
            pongHandler = packet -> returned++;
            byte[] copy = new byte[4096];
            PacketHandler echoHandler = packet -> {
                int n = packet.payloadLength();
                packet.copyPayload(0, copy, 0, n);
                while (pongProducer.tryWrite(PacketDescriptor.TYPE_DATA_INBAND, 0, packet.transId(), copy, 0, n)
                        != WriteResult.Written.INSTANCE) {
                    Thread.onSpinWait();
                }
            };
            echo = new Thread(() -> {
                while (running.get()) {
                    if (pingConsumer.poll(echoHandler, 64) == 0) {
                        Thread.onSpinWait();
                    }
                }
            }, "vmbus-echo");
        } else {
            agronaPing = new OneToOneRingBuffer(new UnsafeBuffer(
                    ByteBuffer.allocateDirect(DATA_LENGTH + RingBufferDescriptor.TRAILER_LENGTH)));
            agronaPong = new OneToOneRingBuffer(new UnsafeBuffer(
                    ByteBuffer.allocateDirect(DATA_LENGTH + RingBufferDescriptor.TRAILER_LENGTH)));
            agronaSource = new UnsafeBuffer(ByteBuffer.allocateDirect(4096));
            agronaPongHandler = (type, buffer, index, length) -> returned++;
            MessageHandler echoHandler = (type, buffer, index, length) -> {
                while (!agronaPong.write(type, buffer, index, length)) {
                    Thread.onSpinWait();
                }
            };
            echo = new Thread(() -> {
                while (running.get()) {
                    if (agronaPing.read(echoHandler, 64) == 0) {
                        Thread.onSpinWait();
                    }
                }
            }, "agrona-echo");
        }
        echo.setDaemon(true);
        echo.start();
    }

    /** Stops the echo thread. */
    @TearDown(Level.Trial)
    public void tearDown() throws InterruptedException {
        running.set(false);
        echo.join(10_000);
    }

    /** One round trip: write, then spin until the echo is back. */
    @Benchmark
    public int roundTrip() {
        int before = returned;
        if ("vmbus".equals(ring)) {
            while (pingProducer.tryWrite(PacketDescriptor.TYPE_DATA_INBAND, 0, before, payload, 0, payloadBytes)
                    != WriteResult.Written.INSTANCE) {
                Thread.onSpinWait();
            }
            while (returned == before) {
                if (pongConsumer.poll(pongHandler, 1) == 0) {
                    Thread.onSpinWait();
                }
            }
        } else {
            while (!agronaPing.write(MESSAGE_TYPE, agronaSource, 0, payloadBytes)) {
                Thread.onSpinWait();
            }
            while (returned == before) {
                if (agronaPong.read(agronaPongHandler, 1) == 0) {
                    Thread.onSpinWait();
                }
            }
        }
        return returned;
    }
}
