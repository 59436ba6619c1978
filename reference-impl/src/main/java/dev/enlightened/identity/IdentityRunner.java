package dev.enlightened.identity;

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
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;

/**
 * Runs an {@link IdentityScenario} under the seeded deterministic scheduler: the server, the channel's owner, the
 * guest's dispatch and its driver are the actors; each step is one action of ChannelIdentity.tla, traced for
 * TraceChannelIdentity.
 */
public final class IdentityRunner {
    /** Name of the trace module that validates identity traces. */
    public static final String TRACE_SPEC = "TraceChannelIdentity";
    /** Step budget of a run (each instance takes about ten steps). */
    public static final long MAX_STEPS = 10_000;

    private IdentityRunner() {
    }

    /** @return the trace header: ChannelIdentity's constants for this run (slots and relids numbered from 1) */
    public static TraceHeader header(IdentityScenario s) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("OfferIds", IntStream.rangeClosed(1, s.offerIds()).boxed().toList());
        c.put("Relids", IntStream.rangeClosed(1, s.relids()).boxed().toList());
        c.put("MaxInsts", s.instances());
        String faults = s.faults().isEmpty() ? "none" : s.faults().stream().map(Enum::name).sorted().toList()
                .toString();
        return new TraceHeader(TRACE_SPEC, c, s.seed(), "enlightened run channels --identity (deterministic, faults="
                + faults + ")");
    }

    /** Runs the scenario, writing its events to {@code sink}, every decision drawn from its seed. */
    public static IdentityResult run(IdentityScenario s, TraceSink sink) {
        return run(s, sink, new RandomChooser(s.seed()));
    }

    /**
     * Runs the scenario, every decision (which party steps, the server's and the owner's choices) taken by
     * {@code chooser}: a seed's, a replay's or an explorer's.
     */
    public static IdentityResult run(IdentityScenario s, TraceSink sink, Chooser chooser) {
        ViewTrace trace = new ViewTrace(sink);
        Deque<IdentityMessage> h2g = new ArrayDeque<>();
        Deque<Integer> g2h = new ArrayDeque<>();
        IdentityHost host = new IdentityHost(s, h2g, g2h, chooser, trace);
        IdentityGuest guest = new IdentityGuest(s.instances(), h2g, g2h, trace);
        trace.viewFrom(() -> view(host, guest));
        List<Actor> actors = List.of(
                new Step("host", host::canServe, host::serve),
                new Step("owner", host::canOwnerStep, host::ownerStep),
                new Step("guest-dispatch", guest::canDispatch, guest::dispatch),
                new Step("guest-driver", guest::canDrive, guest::drive));
        if (chooser instanceof StateDigest.Aware aware) {
            // Between steps the run's state is the server with its owner, the guest and the two message queues.
            aware.digestFrom(() -> StateDigest.of(host, guest, h2g, g2h));
        }
        RunOutcome out = new DeterministicScheduler(chooser, actors).run(MAX_STEPS);
        return new IdentityResult(out.steps(), out.blocked().isEmpty() && !out.budgetExhausted(),
                guest.objectStates(), host.revokedUnrequested(), guest.errors());
    }

    /** The post-state of every event (TraceChannelIdentity's TraceView). */
    static Map<String, Object> view(IdentityHost host, IdentityGuest guest) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("slotSt", host.slotStates());
        m.put("slotInst", host.slotInstances());
        m.put("nextInst", host.nextInst());
        m.put("gSt", guest.objectStates());
        m.put("gUsers", guest.objectUsers());
        return m;
    }

    /** An actor that never blocks: it is finished whenever it cannot step. */
    private record Step(String name, BooleanSupplier can, Runnable body) implements Actor {
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
            return !canStep();
        }

        @Override
        public String waitingFor() {
            return "";
        }
    }
}
