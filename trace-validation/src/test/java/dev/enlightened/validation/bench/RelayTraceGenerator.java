package dev.enlightened.validation.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Emits fully logged traces of the Relay test spec (trace-validation/src/main/tla/examples/Relay.tla) from a
 * seeded simulation in Java: each step picks an enabled action at random and logs it with every TraceView field,
 * so exactly one spec state fits after each event. The fields below mirror the spec's variables (see the mapping
 * table of TraceRelay.tla).
 */
public final class RelayTraceGenerator {
    private final int n;
    private final int cap;
    private final SplittableRandom random;
    private int next = 1;
    private final ArrayDeque<Integer> wire = new ArrayDeque<>();
    private final ArrayDeque<Integer> inbox = new ArrayDeque<>();
    private int got;
    private boolean wantMore = true;

    /**
     * @param n    items to send (the spec's N); must exceed events / 3 so the producer never runs dry
     * @param cap  wire capacity (the spec's Cap)
     * @param seed scheduler seed
     */
    public RelayTraceGenerator(int n, int cap, long seed) {
        this.n = n;
        this.cap = cap;
        this.random = new SplittableRandom(seed);
    }

    /**
     * Writes a trace of exactly {@code events} events (fewer only if every item was consumed first).
     *
     * @return the number of events written
     */
    public int write(Path file, int events, long seed) throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("{\"format\":\"enlightened-trace/1\",\"spec\":\"TraceRelay\",\"constants\":{\"N\":" + n
                    + ",\"Cap\":" + cap + "},\"seed\":" + seed + ",\"producer\":\"RelayTraceGenerator\"}\n");
            int seq = 0;
            while (seq < events) {
                String line = step(seq + 1);
                if (line == null) {
                    break;
                }
                out.write(line);
                out.write('\n');
                seq++;
            }
            return seq;
        }
    }

    /** One random enabled step, as its event line; null when nothing is enabled. */
    private String step(int seq) {
        List<String> enabled = new ArrayList<>(4);
        if (wantMore && next <= n && wire.size() < cap) {
            enabled.add("ProducerSends");
        }
        if (!wire.isEmpty()) {
            enabled.add("WireDelivers");
        }
        if (!inbox.isEmpty()) {
            enabled.add("ConsumerTakes");
        }
        if (!wantMore) {
            enabled.add("ConsumerResumes");
        }
        if (enabled.isEmpty()) {
            return null;
        }
        String action = enabled.get(random.nextInt(enabled.size()));
        String params = "";
        switch (action) {
            case "ProducerSends" -> {
                params = ",\"params\":{\"m\":" + next + "}";
                wire.addLast(next++);
            }
            case "WireDelivers" -> inbox.addLast(wire.removeFirst());
            case "ConsumerTakes" -> {
                params = ",\"params\":{\"m\":" + inbox.removeFirst() + "}";
                got++;
                wantMore = random.nextInt(4) != 0;
            }
            default -> wantMore = true;
        }
        // The actor each step belongs to (TraceRelay's TraceActors; the engine checks it).
        String actor = switch (action) {
            case "ProducerSends" -> "producer";
            case "WireDelivers" -> "wire";
            default -> "consumer";
        };
        return "{\"seq\":" + seq + ",\"action\":\"" + action + "\",\"actor\":\"" + actor + "\"" + params + ",\"post\":{\"next\":" + next
                + ",\"wireLen\":" + wire.size() + ",\"inboxLen\":" + inbox.size() + ",\"got\":" + got
                + ",\"wantMore\":" + wantMore + "}}";
    }
}
