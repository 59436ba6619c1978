package dev.enlightened.explore;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.enlightened.sim.RandomChooser;
import dev.enlightened.trace.NdjsonTraceWriter;
import dev.enlightened.trace.TraceSink;
import dev.enlightened.validation.Verdict;
import dev.enlightened.validation.engine.OnlineSession;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Online against offline validation on the same events, in one JVM and one session ({@code explore FAMILY
 * --throughput}): the scenario runs once with its seed (as {@code enlightened run} runs it), its events are kept in
 * memory and written as a trace file; then, {@link #REPS} times each, alternating, the offline engine checks the file
 * ({@link OnlineSession#check}, what {@code validate} runs) and an online run is fed the same events
 * ({@link OnlineSession.Run#feed}, what the explorer runs), its match memo forgotten first so that both start cold.
 * Each is timed in CPU nanoseconds of this thread (the machine may be shared); the median is reported.
 */
final class Throughput {
    /** Timed repetitions of each side (the first of each also warms the JIT up; the median discounts it). */
    static final int REPS = 5;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

    private Throughput() {
    }

    /** One logged event, as a sink receives it. */
    private record Event(String actor, String action, Map<String, Object> params, Map<String, Object> post) {
    }

    /** Keeps every event in memory and writes it to the trace file too. */
    private static final class Tee implements TraceSink {
        private final NdjsonTraceWriter file;
        private final List<Event> events = new ArrayList<>();

        Tee(NdjsonTraceWriter file) {
            this.file = file;
        }

        @Override
        public boolean enabled() {
            return true;
        }

        @Override
        public synchronized long emit(String actor, String action, Map<String, Object> params,
                                      Map<String, Object> post) {
            events.add(new Event(actor, action, params, post));
            return file.emit(actor, action, params, post);
        }

        @Override
        public void close() {
            file.close();
        }
    }

    /**
     * @return the report: events, the median CPU milliseconds and events per CPU second of each side
     * @throws IllegalStateException if the run fails or either side rejects the trace (a correct run must pass both)
     */
    static Map<String, Object> measure(OnlineSession session, Target target, long seed, Path work)
            throws IOException {
        Path trace = work.resolve("throughput.ndjson");
        Tee tee = new Tee(NdjsonTraceWriter.create(trace, target.header()));
        String failure;
        try (tee) {
            failure = target.run(new RandomChooser(seed), tee);
        }
        if (failure != null) {
            throw new IllegalStateException("the run failed: " + failure);
        }
        List<Event> events = tee.events;
        long[] offline = new long[REPS];
        long[] online = new long[REPS];
        for (int i = 0; i < REPS; i++) {
            long t = CPU.getCurrentThreadCpuTime();
            Verdict v = session.check(trace);
            offline[i] = CPU.getCurrentThreadCpuTime() - t;
            if (!(v instanceof Verdict.Accepted)) {
                throw new IllegalStateException("the offline engine did not accept the run's trace: " + v);
            }
            session.forgetMatches();
            t = CPU.getCurrentThreadCpuTime();
            OnlineSession.Run run = session.begin();
            for (Event e : events) {
                if (!run.feed(e.actor, e.action, JSON.valueToTree(e.params),
                        e.post.isEmpty() ? null : (ObjectNode) JSON.valueToTree(e.post))) {
                    throw new IllegalStateException("online validation rejected the run's trace: " + run.rejection());
                }
            }
            online[i] = CPU.getCurrentThreadCpuTime() - t;
        }
        long off = median(offline);
        long on = median(online);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("events", events.size());
        m.put("repetitions", REPS);
        m.put("offlineCpuMillis", off / 1e6);
        m.put("offlineEventsPerCpuSecond", events.size() * 1e9 / Math.max(1, off));
        m.put("onlineCpuMillis", on / 1e6);
        m.put("onlineEventsPerCpuSecond", events.size() * 1e9 / Math.max(1, on));
        m.put("offlineCpuMillisEach", Arrays.stream(offline).mapToDouble(x -> x / 1e6).boxed().toList());
        m.put("onlineCpuMillisEach", Arrays.stream(online).mapToDouble(x -> x / 1e6).boxed().toList());
        return m;
    }

    private static long median(long[] xs) {
        long[] s = xs.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
