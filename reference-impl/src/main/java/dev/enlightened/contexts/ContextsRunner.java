package dev.enlightened.contexts;

import dev.enlightened.trace.ViewTrace;
import dev.enlightened.sim.Actor;
import dev.enlightened.sim.DeterministicScheduler;
import dev.enlightened.sim.Chooser;
import dev.enlightened.sim.RandomChooser;
import dev.enlightened.sim.StateDigest;
import dev.enlightened.sim.RunOutcome;
import dev.enlightened.trace.TraceHeader;
import dev.enlightened.trace.TraceSink;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Runs a {@link ContextsScenario} under the seeded deterministic scheduler: the host and the guest's five contexts
 * (tasklet, connection work, primary and sub-channel work queues, rescind work) are the actors; each step is one
 * spec action of ExecContexts.tla, traced for TraceExecContexts. A context still blocked when nothing can step is a
 * deadlock, which the trace ends with as a Quiescent event.
 */
public final class ContextsRunner {
    /** Name of the trace module that validates execution-context traces. */
    public static final String TRACE_SPEC = "TraceExecContexts";
    /** Step budget of a run (a run takes at most a few dozen steps). */
    public static final long MAX_STEPS = 10_000;

    private ContextsRunner() {
    }

    /** @return the trace header: ExecContexts has no constant a run sets but its variant, pinned to the correct one */
    public static TraceHeader header(ContextsScenario s) {
        String faults = s.faults().isEmpty() ? "none" : s.faults().stream().map(Enum::name).sorted().toList()
                .toString();
        return new TraceHeader(TRACE_SPEC, Map.of(), s.seed(), "enlightened run channels --contexts (deterministic, "
                + "rescinds=" + s.rescinds() + ", faults=" + faults + ")");
    }

    /** Runs the scenario, writing its events to {@code sink}, every decision drawn from its seed. */
    public static ContextsResult run(ContextsScenario s, TraceSink sink) {
        return run(s, sink, new RandomChooser(s.seed()));
    }

    /**
     * Runs the scenario, every decision (which context steps, which message the host sends next) taken by
     * {@code chooser}: a seed's, a replay's or an explorer's.
     */
    public static ContextsResult run(ContextsScenario s, TraceSink sink, Chooser chooser) {
        ViewTrace trace = new ViewTrace(sink);
        Deque<HostMessage> h2g = new ArrayDeque<>();
        Deque<Chan> g2h = new ArrayDeque<>();
        ContextsGuest guest = new ContextsGuest(s.has(ContextsFault.SUB_OPEN_IN_OFFER_WORK), h2g, g2h, trace);
        ContextsHost host = new ContextsHost(s.rescinds(), h2g, g2h, chooser, trace);
        trace.viewFrom(() -> view(guest, host));
        List<Actor> actors = new ArrayList<>();
        actors.add(new Context("host", host::canStep, host::step, () -> false, ""));
        actors.add(new Context("guest-tasklet", guest::canRunTasklet, guest::runTasklet, () -> false, ""));
        actors.add(new Context("guest-con-work", guest::canRunConWork, guest::runConWork, guest::conWorkBlocked,
                "open result"));
        for (Chan w : Chan.values()) {
            actors.add(new Context("guest-" + w.workQueue(), () -> guest.canRunWorkQueue(w),
                    () -> guest.runWorkQueue(w), () -> guest.workQueueBlocked(w), "open result"));
        }
        actors.add(new Context("guest-rescind-work", guest::canRunRescindWork, guest::runRescindWork,
                guest::rescindWorkBlocked, "offer_in_progress"));
        if (chooser instanceof StateDigest.Aware aware) {
            // Between steps the run's state is the guest's contexts, the host and the two message queues.
            aware.digestFrom(() -> StateDigest.of(guest, host, h2g, g2h));
        }
        RunOutcome out = new DeterministicScheduler(chooser, actors).run(MAX_STEPS);
        List<String> stuck = out.blocked().stream().map(a -> a.name() + " waits for " + a.waitingFor()).toList();
        if (!stuck.isEmpty()) {
            // One Quiescent event for the guest party: what its first blocked context waits for.
            trace.quiescent("guest", out.blocked().get(0).waitingFor());
        }
        return new ContextsResult(out.steps(), stuck.isEmpty() && !out.budgetExhausted(), stuck, guest.states());
    }

    /** The post-state of every event: ExecContexts' variables but h2g and g2h (TraceExecContexts' TraceView). */
    static Map<String, Object> view(ContextsGuest guest, ContextsHost host) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("hSt", host.view());
        m.putAll(guest.view());
        return m;
    }

    /** An actor made of the guest's or host's methods; blocked (not finished) while {@code blocked} holds. */
    private record Context(String name, BooleanSupplier can, Runnable body, BooleanSupplier blocked, String waits)
            implements Actor {
        @Override
        public boolean canStep() {
            return can.getAsBoolean();
        }

        @Override
        public void step() {
            body.run();
        }

        @Override
        public boolean finished() {
            return !canStep() && !blocked.getAsBoolean();
        }

        @Override
        public String waitingFor() {
            return waits;
        }
    }
}
