package dev.enlightened.explore;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.enlightened.trace.TraceSink;
import dev.enlightened.validation.engine.OnlineSession;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The trace sink of an explored schedule: events are queued as the implementation emits them (possibly on a party
 * thread of the stepped ring) and fed to the online session by the explorer's thread at each step boundary and at
 * the end of the run ({@link #flush}); no file is written.
 */
final class OnlineSink implements TraceSink {
    private static final ObjectMapper JSON = new ObjectMapper();

    private record Pending(String actor, String action, Map<String, Object> params, Map<String, Object> post) {
    }

    private final OnlineSession.Run run;
    private final List<Pending> pending = new ArrayList<>();
    /** Every event of the schedule, when kept for the offline comparison ({@code --throughput-explore}); else null. */
    private List<Pending> kept;
    private long seq;
    private static final java.lang.management.ThreadMXBean CPU =
            java.lang.management.ManagementFactory.getThreadMXBean();
    /** Wall nanoseconds spent in the online session (validation only, not the implementation's run). */
    static long validationNanos;
    /** CPU nanoseconds of the same (the machine may be shared: CPU time is what the engine's offline rate uses). */
    static long validationCpuNanos;

    OnlineSink(OnlineSession.Run run) {
        this.run = run;
    }

    @Override
    public boolean enabled() {
        return true;
    }

    @Override
    public synchronized long emit(String actor, String action, Map<String, Object> params, Map<String, Object> post) {
        Pending p = new Pending(actor, action, params, post);
        pending.add(p);
        if (kept != null) {
            kept.add(p);
        }
        return ++seq;
    }

    /** Feeds the queued events; stops at the first rejected one. @return false once the run is rejected */
    synchronized boolean flush() {
        long start = System.nanoTime();
        long cpu = CPU.getCurrentThreadCpuTime();
        for (Pending p : pending) {
            if (!run.feed(p.actor, p.action, JSON.valueToTree(p.params), p.post.isEmpty() ? null
                    : (ObjectNode) JSON.valueToTree(p.post))) {
                break;
            }
        }
        pending.clear();
        validationNanos += System.nanoTime() - start;
        validationCpuNanos += CPU.getCurrentThreadCpuTime() - cpu;
        return !run.rejected();
    }

    /** Drops the queued events: their validation is restored from a mark instead. */
    synchronized void discard() {
        pending.clear();
    }

    /** Keeps every event from now on, for {@link #writeTo}. */
    synchronized void keep() {
        kept = new ArrayList<>();
    }

    /** Emits every kept event to {@code sink} (a trace file for the offline engine), in order. */
    synchronized void writeTo(TraceSink sink) {
        for (Pending p : kept) {
            sink.emit(p.actor, p.action, p.params, p.post);
        }
    }

    /** @return events emitted */
    synchronized long events() {
        return seq;
    }

    @Override
    public void close() {
    }
}
