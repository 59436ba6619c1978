package dev.enlightened.benchmarks;

import dev.enlightened.ring.ByteBufferRingMemory;
import dev.enlightened.ring.PacketDescriptor;
import dev.enlightened.ring.PacketHandler;
import dev.enlightened.ring.RingAction;
import dev.enlightened.ring.RingConsumer;
import dev.enlightened.ring.RingHooks;
import dev.enlightened.ring.RingMemory;
import dev.enlightened.ring.RingObserver;
import dev.enlightened.ring.RingProducer;
import dev.enlightened.ring.trace.RingTraceEmitter;
import dev.enlightened.signal.InProcessDoorbell;
import dev.enlightened.trace.NdjsonTraceWriter;
import dev.enlightened.trace.TraceSink;
import java.io.Writer;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
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

/**
 * What tracing costs the ring: the one-thread burst of {@link RingThroughputBenchmark} (32 writes, then one poll)
 * with five tracing set-ups on both endpoints.
 * <ul>
 *   <li>{@code compiled-out}: this fork sets {@code -Denlightened.ring.hooks=false} before the ring classes
 *       initialize, so the JIT folds {@link RingHooks#ENABLED} and no hook test is left: the ring as if it had no
 *       tracing code. The baseline for {@code off}.</li>
 *   <li>{@code off}: {@link RingObserver#NONE}, the production default. Each step tests a final boolean and skips
 *       the hook: tracing off.</li>
 *   <li>{@code calls}: an observer that takes the hook on every step (8.3 per packet) and only counts: the branch
 *       taken, the interface call and a field increment.</li>
 *   <li>{@code counting}: as {@code calls}, but through the default {@code onStep} that also peeks the four control
 *       fields of the post-state, as the trace emitter does.</li>
 *   <li>{@code ndjson}: the real {@link RingTraceEmitter} writing NDJSON to a writer that discards the bytes, so
 *       the figure is the cost of building the events, not of a disk.</li>
 * </ul>
 * docs/benchmarks.md gives the ratios to {@code off}, measured in one run.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(3)
public class TracingOverheadBenchmark {

    private static final int DATA_LENGTH = 64 * 1024;
    private static final int BURST = 32;

    /** Which observer both endpoints report to. */
    @Param({"compiled-out", "off", "calls", "counting", "ndjson"})
    public String tracing;

    /** Payload bytes per message. */
    @Param({"64"})
    public int payloadBytes;

    private RingProducer producer;
    private RingConsumer consumer;
    private TraceSink sink;
    private CountingObserver counter;
    private CallCounter calls;
    private final byte[] payload = new byte[4096];
    private PacketHandler packetHandler;
    private long consumed;

    /** Sums the four control fields of each step, so that the JIT cannot drop the peeks. */
    static final class CountingObserver implements RingObserver {
        long steps;
        long checksum;

        @Override
        public void onStep(RingAction action, int value, int writeIndex, int readIndex, int interruptMask,
                int pendingSendSz) {
            steps++;
            checksum += value + writeIndex + readIndex + interruptMask + pendingSendSz;
        }
    }

    /** Counts hook calls and nothing else: no post-state peeks. */
    static final class CallCounter implements RingObserver {
        long steps;

        @Override
        public void onStep(RingAction action, int value, RingMemory memory) {
            steps++;
        }

        @Override
        public void onStep(RingAction action, int value, int writeIndex, int readIndex, int interruptMask,
                int pendingSendSz) {
            steps++;
        }
    }

    /** Fresh ring and observer for each trial. */
    @Setup(Level.Trial)
    public void setUp() {
        ByteBufferRingMemory memory = ByteBufferRingMemory.allocate(DATA_LENGTH);
        InProcessDoorbell[] bells = InProcessDoorbell.pair();
        RingObserver observer = observer(memory);
        producer = new RingProducer(memory, bells[0], observer, Set.of());
        consumer = new RingConsumer(memory, bells[1], observer, Set.of());
        packetHandler = packet -> consumed += packet.payloadLength();
    }

    private RingObserver observer(RingMemory memory) {
        if (tracing.equals("compiled-out")) {
            System.setProperty(RingHooks.PROPERTY, "false"); // before RingHooks initializes: this fork only
        }
        boolean expected = !tracing.equals("compiled-out");
        if (RingHooks.ENABLED != expected) {
            throw new IllegalStateException("ring hooks " + (RingHooks.ENABLED ? "present" : "compiled out")
                    + " in a '" + tracing + "' fork: run with forks >= 1");
        }
        switch (tracing) {
            case "compiled-out":
            case "off":
                return RingObserver.NONE;
            case "calls":
                calls = new CallCounter();
                return calls;
            case "counting":
                counter = new CountingObserver();
                return counter;
            case "ndjson":
                sink = NdjsonTraceWriter.to(Writer.nullWriter(),
                        RingTraceEmitter.header(DATA_LENGTH, List.of(payloadBytes), 0, "TracingOverheadBenchmark"));
                return new RingTraceEmitter(sink, memory);
            default:
                throw new IllegalArgumentException("tracing must be compiled-out, off, calls, counting or ndjson, not "
                        + tracing);
        }
    }

    /** Prints the steps seen, so a run shows that the hooks really fired (JMH forwards the fork's stdout). */
    @TearDown(Level.Trial)
    public void report() throws Exception {
        long packets = producer.packetsWritten();
        if (calls != null) {
            System.out.printf("%nhooks: tracing=calls packets=%d steps=%d steps_per_packet=%.2f%n",
                    packets, calls.steps, (double) calls.steps / Math.max(1, packets));
        }
        if (counter != null) {
            System.out.printf("%nhooks: tracing=counting packets=%d steps=%d steps_per_packet=%.2f%n",
                    packets, counter.steps, (double) counter.steps / Math.max(1, packets));
        }
        if (sink instanceof NdjsonTraceWriter writer) {
            System.out.printf("%nhooks: tracing=ndjson packets=%d events=%d events_per_packet=%.2f%n",
                    packets, writer.events(), (double) writer.events() / Math.max(1, packets));
            writer.close();
        }
    }

    /** One burst: 32 try-writes, then one poll of up to 32 packets, on one thread. */
    @Benchmark
    @OperationsPerInvocation(BURST)
    public long burst() {
        for (int i = 0; i < BURST; i++) {
            producer.tryWrite(PacketDescriptor.TYPE_DATA_INBAND, 0, 0, payload, 0, payloadBytes);
        }
        return consumer.poll(packetHandler, BURST) + consumed;
    }
}
