package dev.enlightened.vp;

import dev.enlightened.trace.ViewTrace;
import dev.enlightened.sim.Actor;
import dev.enlightened.sim.DeterministicScheduler;
import dev.enlightened.sim.Chooser;
import dev.enlightened.sim.RandomChooser;
import dev.enlightened.sim.StateDigest;
import dev.enlightened.sim.RunOutcome;
import dev.enlightened.trace.TraceHeader;
import dev.enlightened.trace.TraceSink;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;

/**
 * Runs a {@link VpScenario} under the seeded deterministic scheduler: the host, the hypervisor's delivery, one
 * interrupt context per VP and the guest's administrator (sysfs {@code target_cpu}, CPU hotplug) are the actors;
 * each step is one spec action of VpDelivery.tla, traced for TraceVpDelivery. With {@link VpScenario#panic()} the
 * guest panics once, before any step the chooser picks (or at the run's quiet end), on an online VP it picks, and the
 * panicking CPU waits for UNLOAD_RESPONSE by polling every present CPU's slot.
 */
public final class VpRunner {
    /** Name of the trace module that validates per-VP traces. */
    public static final String TRACE_SPEC = "TraceVpDelivery";
    /** Step budget of a run. */
    public static final long MAX_STEPS = 100_000;

    private VpRunner() {
    }

    /** @return the trace header: VpDelivery's constants for this run */
    public static TraceHeader header(VpScenario s) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("VPs", IntStream.range(0, s.vps()).boxed().toList());
        c.put("ConnectVp", VpScenario.CONNECT_VP);
        c.put("Version53", s.version53());
        c.put("MaxPackets", s.packets());
        c.put("MaxRetargets", s.retargets());
        c.put("MaxOfflines", s.offlines());
        c.put("MaxControl", s.controls());
        String faults = s.faults().isEmpty() ? "none" : s.faults().stream().map(Enum::name).sorted().toList()
                .toString();
        return new TraceHeader(TRACE_SPEC, c, s.seed(), "enlightened run channels --vps (deterministic, faults="
                + faults + ")");
    }

    /** Runs the scenario, writing its events to {@code sink}, every decision drawn from its seed. */
    public static VpResult run(VpScenario s, TraceSink sink) {
        return run(s, sink, new RandomChooser(s.seed()));
    }

    /**
     * Runs the scenario, every decision (which context steps, the host's and the administrator's choices, which
     * flag or slot an interrupt handler serves first) taken by {@code chooser}: a seed's, a replay's or an
     * explorer's.
     */
    public static VpResult run(VpScenario s, TraceSink sink, Chooser chooser) {
        ViewTrace trace = new ViewTrace(sink);
        VpSynic synic = new VpSynic(s.vps(), s.controls() + s.retargets() + 1, trace);
        ChannelRing ring = new ChannelRing();
        VpHost[] hostRef = new VpHost[1];
        VpGuest guest = new VpGuest(s, synic, ring, trace, chooser, bytes -> hostRef[0].receive(bytes));
        VpHost host = new VpHost(s, synic, ring, trace, chooser);
        hostRef[0] = host;
        trace.viewFrom(() -> view(guest, host, ring));
        // With a panic, the chooser decides before every step of the host, the hypervisor, a VP or the administrator
        // whether the guest panics instead (VpGuest.panicsBefore); the "panic" context is the quiet end's panic.
        long[] steps = {0};
        java.util.function.Function<Runnable, Runnable> orPanic = body -> () -> {
            if (!guest.panicsBefore(steps[0]++)) {
                body.run();
            }
        };
        List<Actor> actors = new ArrayList<>();
        actors.add(new Context("host", host::canStep, orPanic.apply(host::step), () -> false, ""));
        for (int v = 0; v < s.vps(); v++) {
            int vp = v;
            actors.add(new Context("vp" + v, () -> guest.canHandle(vp), orPanic.apply(() -> guest.handle(vp)),
                    () -> false, ""));
        }
        actors.add(new Context("hypervisor", () -> deliverable(synic) >= 0,
                orPanic.apply(() -> deliver(synic, chooser)), () -> false, ""));
        actors.add(new Context("admin", guest::canAdminister, orPanic.apply(guest::administer),
                guest::awaitingResponse, "modify response"));
        actors.add(new Context("panic", () -> guest.canPanic(host.idle()), guest::panic, () -> false, ""));
        if (chooser instanceof StateDigest.Aware aware) {
            // Between steps the run's state is the guest (its VPs' online flags, target_cpu, the MODIFYCHANNEL in
            // flight, the panic's progress), the host, the channel's ring and the SynIC pages (message slots and
            // event flags); the actors are views of these. The step count is compared only with the guest's
            // panicFrom, which is 0 under an explorer: it is left out.
            aware.digestFrom(() -> StateDigest.of(guest, host, ring, synic));
        }
        actors.add(new Context("unload-wait", guest::canUnloadStep, guest::unloadStep, guest::awaitingUnload,
                "unload response"));
        RunOutcome out = new DeterministicScheduler(chooser, actors).run(MAX_STEPS);
        List<String> stuck = out.blocked().stream().map(a -> a.name() + " waits for " + a.waitingFor()).toList();
        if (!stuck.isEmpty()) {
            trace.quiescent("guest", guest.awaitingUnload() ? "unload response" : "modify response");
        }
        return new VpResult(out.steps(), stuck.isEmpty() && !out.budgetExhausted(), stuck, guest.targetCpu(),
                host.target(), guest.refusedOfflines(), guest.errors(), host.errors());
    }

    /** @return a VP the hypervisor can deliver to, or -1 */
    private static int deliverable(VpSynic synic) {
        for (int v = 0; v < synic.vps(); v++) {
            if (synic.canDeliver(v)) {
                return v;
            }
        }
        return -1;
    }

    /** The hypervisor's step: HostDeliversMessage(v), to one VP with a message waiting behind its free slot. */
    private static void deliver(VpSynic synic, Chooser chooser) {
        List<Integer> c = new ArrayList<>();
        for (int v = 0; v < synic.vps(); v++) {
            if (synic.canDeliver(v)) {
                c.add(v);
            }
        }
        synic.deliver(c.get(c.size() == 1 ? 0 : chooser.choose(dev.enlightened.sim.ChoiceKind.SCHEDULE, c.size())));
    }

    /** The post-state of every event: VpDelivery's scalar variables (TraceVpDelivery's TraceView). */
    static Map<String, Object> view(VpGuest guest, VpHost host, ChannelRing ring) {
        String mod = host.modifyQueued() ? "Sent" : guest.modifyInFlight() ? "Responded" : "Idle";
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ring", ring.unread());
        m.put("sent", host.sent());
        m.put("control", host.controls());
        m.put("chTarget", host.target());
        m.put("gTarget", guest.targetCpu());
        m.put("modState", mod);
        m.put("retargets", guest.retargets());
        m.put("offlines", guest.offlines());
        m.put("unload", guest.unloadState());
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
