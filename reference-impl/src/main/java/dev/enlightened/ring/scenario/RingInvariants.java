package dev.enlightened.ring.scenario;

import dev.enlightened.ring.PacketDescriptor;
import dev.enlightened.sim.Chooser;
import dev.enlightened.trace.TraceSink;
import java.util.List;
import java.util.Map;

/**
 * The ring's end-to-end invariants, checked on one stepped run without the spec: what the protocol is for, stated on
 * the implementation's own observations (the steps it reports, the packets its consumer hands on, who is left
 * asleep). {@link dev.enlightened.sim.ScheduleSearch} runs it over many schedules in the test's JVM, so that PIT's
 * mutants meet it; {@code enlightened explore ring} holds the same runs to TraceRingBuffer.tla.
 * <ol>
 *   <li><b>Delivery.</b> Every packet is delivered once, in order, byte-exact (the consumer checks each payload and
 *       its zero padding, {@link RingScenarioRunner}), and no party fails.</li>
 *   <li><b>No lost wakeup.</b> The run ends with the producer finished and the consumer asleep with everything: the
 *       only party left waiting is the consumer, for data (vmbus-protocol.md §2.5).</li>
 *   <li><b>The producer's signal rule</b> (Linux {@code hv_ringbuffer_write}, "Base host signaling strictly on the
 *       ring state"): the producer signals only after publishing a packet into an empty ring, i.e. the
 *       {@code read_index} it loaded after its store equals the {@code write_index} before it, and only when the
 *       {@code interrupt_mask} it loaded was clear.</li>
 *   <li><b>The consumer's signal rule</b> (Linux {@code hv_pkt_iter_close}): the consumer signals only a producer
 *       that asked, i.e. the {@code pending_send_sz} it loaded was non-zero, and only when the space free after its
 *       read exceeds it.</li>
 *   <li><b>Termination.</b> The run ends within its step budget ({@link RingScenarioRunner} throws otherwise).</li>
 * </ol>
 * What it does not check is the interleaving itself (which loads and stores a schedule may order how): that is the
 * spec's, and a fault that only reorders without losing a packet or a wakeup, or signalling against the rules, is
 * spec-visible only.
 */
public final class RingInvariants implements TraceSink {
    private final int units;
    private int write;
    private int read;
    /** The producer's write_index before its last store, or -1 outside the store's signal decision. */
    private int storedFrom = -1;
    private int maskLoaded = -1;
    private int readLoaded = -1;
    private int pendingLoaded = -1;
    /** The write_index the consumer loaded last: its signal decision's view of the producer's side. */
    private int writeLoaded;
    private String violation;
    private long events;

    private RingInvariants(int dataLength) {
        this.units = dataLength / PacketDescriptor.UNIT;
    }

    /**
     * Runs {@code scenario} (stepped) with every decision taken by {@code chooser} and checks the invariants.
     *
     * @return null if every invariant held, else the first one broken, as one line
     */
    public static String check(RingScenario scenario, Chooser chooser) {
        RingInvariants rules = new RingInvariants(scenario.dataLength());
        RingRun run;
        try {
            run = RingScenarioRunner.run(scenario, rules, chooser);
        } catch (IllegalStateException e) {
            return rules.violation != null ? rules.violation : "failed: " + e.getMessage();
        }
        if (rules.violation != null) {
            return rules.violation;
        }
        List<Long> expected = java.util.stream.LongStream.rangeClosed(1, scenario.packets()).boxed().toList();
        if (!run.received().equals(expected)) {
            return "delivery: the consumer received " + run.received() + ", written " + expected + "; waiting at the end: "
                    + run.quiescent();
        }
        List<String> normalEnd = List.of("consumer: " + RingScenarioRunner.CONSUMER_WAITS_FOR);
        if (!run.quiescent().equals(normalEnd)) {
            return "lost wakeup: the run ended with " + run.quiescent() + " waiting, expected only " + normalEnd;
        }
        return null;
    }

    @Override
    public boolean enabled() {
        return true;
    }

    @Override
    public long emit(String actor, String action, Map<String, Object> params, Map<String, Object> post) {
        events++;
        int w = field(post, "writeIndex", write);
        int r = field(post, "readIndex", read);
        switch (action) {
            case "ProducerStartsWrite" -> storedFrom = -1;
            case "ProducerStoresWriteIndex" -> {
                storedFrom = write;
                maskLoaded = -1;
                readLoaded = -1;
            }
            case "ProducerLoadsInterruptMask" -> maskLoaded = field(post, "interruptMask", -1);
            case "ProducerLoadsReadIndex" -> readLoaded = r;
            case "ProducerSignalsConsumer" -> {
                if (storedFrom < 0 || maskLoaded != 0 || readLoaded != storedFrom) {
                    fail("producer signal rule: signalled at event " + events + " with write_index before its store="
                            + storedFrom + ", read_index loaded=" + readLoaded + ", interrupt_mask loaded="
                            + maskLoaded + " (signal only a ring it made non-empty, with the mask clear)");
                }
            }
            case "ConsumerLoadsPendingSendSz" -> pendingLoaded = field(post, "pendingSendSz", -1);
            case "ConsumerLoadsWriteIndex" -> writeLoaded = w;
            case "ConsumerSignalsProducer" -> {
                // The free space as the consumer saw it: the write_index it loaded, its own read_index (the producer
                // may have written since, which only makes the signal early, never wrong).
                int free = writeLoaded >= r ? units - (writeLoaded - r) : r - writeLoaded;
                // "Exactly" is not enough (the producer needs more than pending_send_sz free): a signal at free =
                // pending wakes a producer that finds the ring still full (fault NO_BEFORE_CHECK's >=).
                if (pendingLoaded <= 0 || free <= pendingLoaded) {
                    fail("consumer signal rule: signalled at event " + events + " with pending_send_sz loaded="
                            + pendingLoaded + " and free=" + free + " (units of 8 bytes; signal only a producer "
                            + "that asked, once its need is exceeded)");
                }
                pendingLoaded = -1;
            }
            default -> {
                // Other steps move the indices only.
            }
        }
        write = w;
        read = r;
        return events;
    }

    private void fail(String why) {
        if (violation == null) {
            violation = why;
        }
    }

    private static int field(Map<String, Object> post, String name, int otherwise) {
        Object v = post.get(name);
        return v instanceof Number n ? n.intValue() : otherwise;
    }

    @Override
    public void close() {
    }
}
