package dev.enlightened.benchmarks;

import dev.enlightened.ring.scenario.RingRun;
import dev.enlightened.ring.scenario.RingScenario;
import dev.enlightened.ring.scenario.RingScenarioRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Wake-ups per 1,000 packets of a real-thread ring run ({@code enlightened run ring --threads}: producer and consumer
 * threads that park on their doorbells), counted from the run's own trace: signals sent in each direction and
 * doorbells consumed (a thread woken). Two workloads per ring size: the run command's generated payloads (0 to a third
 * of the ring, so about six packets fill it) and a saturating stream of same-size packets.
 *
 * <p>The consumer polls NAPI-style with the scenario's default budget ({@link RingScenario#DEFAULT_BUDGET}: at the
 * budget it stays masked and polls again without sleeping). With {@code batch} above 1 the producer commits that many
 * packets at a time (one write_index store and signal decision per batch, {@code RingProducer.commit}).
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar dev.enlightened.benchmarks.RingWakeups [packets]
 * [payloadBytes] [batch]}.
 */
public final class RingWakeups {

    private RingWakeups() {
    }

    private static void measure(String workload, RingScenario scenario, Path trace) throws IOException {
        RingRun run = RingScenarioRunner.run(scenario, trace);
        long toConsumer = 0;
        long toProducer = 0;
        long producerWoken = 0;
        long consumerWoken = 0;
        try (Stream<String> lines = Files.lines(trace)) {
            for (String line : (Iterable<String>) lines::iterator) {
                if (line.contains("\"action\":\"ProducerSignalsConsumer\"")) {
                    toConsumer++;
                } else if (line.contains("\"action\":\"ConsumerSignalsProducer\"")) {
                    toProducer++;
                } else if (line.contains("\"action\":\"ProducerConsumesDoorbell\"")) {
                    producerWoken++;
                } else if (line.contains("\"action\":\"ConsumerConsumesDoorbell\"")) {
                    consumerWoken++;
                }
            }
        }
        int packets = scenario.packets();
        System.out.printf(Locale.ROOT, "ring=%d workload=%s batch=%d idle_polls=%d packets=%d received=%d signals_to_consumer=%d"
                        + " signals_to_producer=%d producer_woken=%d consumer_woken=%d wakeups_per_1000=%.1f"
                        + " producer_wakeups_per_1000=%.1f blocked_at_end=%s%n", scenario.dataLength(), workload,
                scenario.batch(), scenario.idlePolls(),
                packets, run.received().size(), toConsumer, toProducer, producerWoken, consumerWoken,
                1000.0 * (producerWoken + consumerWoken) / packets, 1000.0 * producerWoken / packets,
                run.quiescent());
    }

    /** Runs both workloads on 8 KiB and 64 KiB rings. */
    public static void main(String[] args) throws IOException {
        int packets = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int payload = args.length > 1 ? Integer.parseInt(args[1]) : 64;
        int batch = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        int idlePolls = args.length > 3 ? Integer.parseInt(args[3]) : 0;
        Path trace = Files.createTempFile("ring-wakeups", ".ndjson");
        try {
            for (int dataLength : new int[] {8 * 1024, 64 * 1024}) {
                measure("generated", RingScenario.generated(dataLength, packets, 7, true, Set.of()).withBatch(batch)
                        .withIdlePolls(idlePolls),
                        trace);
                measure("fixed-" + payload, RingScenario.fixed(dataLength, packets, payload, 7, true, Set.of())
                        .withBatch(batch).withIdlePolls(idlePolls), trace);
            }
        } finally {
            Files.deleteIfExists(trace);
        }
    }
}
