package dev.enlightened.storvsc.scenario;

import dev.enlightened.sim.DeterministicScheduler;
import dev.enlightened.sim.RunOutcome;
import dev.enlightened.trace.TraceHeader;
import dev.enlightened.trace.TraceSink;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Runs a {@link StorvscScenario} under the seeded deterministic scheduler and writes its trace. */
public final class StorvscRunner {
    /** Name of the trace module that validates storvsc traces. */
    public static final String TRACE_SPEC = "TraceStorvscHandshake";
    /** Name of the trace module that validates a storvsc trace with its I/O events (STORVSC_IO_EVENTS.md). */
    public static final String IO_TRACE_SPEC = "TraceStorvscIo";
    /** Step budget of a run (a handshake takes a few dozen). */
    public static final long MAX_STEPS = 10_000;

    private StorvscRunner() {
    }

    /**
     * @param scenario the run's configuration
     * @return the trace header: module, the spec constants of this run, seed
     */
    public static TraceHeader header(StorvscScenario scenario) {
        Map<String, Object> c = new LinkedHashMap<>();
        // Header arrays are sets: the trace module sorts the guest's versions newest first again.
        c.put("GuestVersionSet", scenario.guestVersions());
        c.put("HostVersionSet", scenario.hostVersions().stream().sorted().toList());
        c.put("MultiChannelVersion", scenario.multiChannelVersion());
        c.put("HostMaxSubChannels", scenario.hostMaxSubChannels());
        c.put("GuestWantedSubChannels", scenario.guestWanted());
        String faults = scenario.faults().isEmpty() ? "none"
                : scenario.faults().stream().map(Enum::name).sorted().toList().toString();
        return new TraceHeader(TRACE_SPEC, c, scenario.seed(), "enlightened run storvsc (faults=" + faults + ")");
    }

    /**
     * The header of a trace that goes on into the I/O phase: the handshake's constants plus {@code Slots},
     * {@code SectorsPerSlot}, {@code QueueDepth} and {@code FirstTid}, for {@link #IO_TRACE_SPEC}.
     *
     * @param scenario   the run's configuration
     * @param slots      slots the workload addresses
     * @param queueDepth the guest's limit per channel
     * @return the header
     */
    public static TraceHeader ioHeader(StorvscScenario scenario, int slots, int queueDepth) {
        TraceHeader h = header(scenario);
        Map<String, Object> c = new LinkedHashMap<>(h.constants());
        c.put("Slots", slots);
        c.put("SectorsPerSlot", SlotOp.SECTORS_PER_SLOT);
        c.put("QueueDepth", queueDepth);
        c.put("FirstTid", (int) dev.enlightened.storvsc.StorvscIo.FIRST_TID);
        return new TraceHeader(IO_TRACE_SPEC, c, scenario.seed(), h.producer());
    }

    /**
     * {@link #ioHeader(StorvscScenario, int, int)} with {@code MaxIoRequests}: the number of requests the run's
     * workload submits ({@link SlotOp#workload}'s length; a request is never re-sent). It bounds the spec at the
     * run's constants, so that TLC can count its states ({@code explore storvsc --io N --spec-coverage}), and a
     * trace of more requests is rejected.
     *
     * @param scenario   the run's configuration
     * @param slots      slots the workload addresses
     * @param queueDepth the guest's limit per channel
     * @param requests   the workload's requests
     * @return the header
     */
    public static TraceHeader ioHeader(StorvscScenario scenario, int slots, int queueDepth, int requests) {
        TraceHeader h = ioHeader(scenario, slots, queueDepth);
        Map<String, Object> c = new LinkedHashMap<>(h.constants());
        c.put("MaxIoRequests", requests);
        return new TraceHeader(IO_TRACE_SPEC, c, scenario.seed(), h.producer());
    }

    /** Runs and logs to {@code trace}; a run that ends with a context blocked ends its trace with Quiescent. */
    public static StorvscRunResult run(StorvscScenario scenario, TraceSink trace) {
        return run(new StorvscSystem(scenario, trace), trace);
    }

    /** Runs a built system (tests inspect it afterwards). */
    public static StorvscRunResult run(StorvscSystem system, TraceSink trace) {
        if (system.chooser() instanceof dev.enlightened.sim.StateDigest.Aware aware) {
            // The system holds guest, host, channel rings, offer queue and actors: the whole state between steps.
            aware.digestFrom(() -> dev.enlightened.sim.StateDigest.of(system));
        }
        // A stall (the guest waits on a host that will not answer): a handshake wait's timeout is a spec action
        // (StorvscHandshake GuestTimesOutWaitingFor*, issue 12), traced, and the run and its trace go on. (An I/O
        // request's timeout is StorvscIo GuestTimesOutWaitingForIoCompletion, traced by StorvscSlotRun.) Any other
        // stall ends the trace with its Quiescent claim.
        long[] stalledAt = new long[1];
        RunOutcome outcome = new DeterministicScheduler(system.chooser(), system.actors(), system.clock(),
                blocked -> {
                    if (!system.gate().stalled() && !system.guest().pc().awaiting()) {
                        stalledAt[0] = system.gate().stall("guest", "completion");
                    }
                }).run(MAX_STEPS);
        List<String> stuck = outcome.budgetExhausted() ? List.of("step budget exhausted") : system.stuck();
        long quiescentSeq = stalledAt[0];
        if (!stuck.isEmpty() && trace.enabled() && !outcome.budgetExhausted() && !system.gate().stalled()) {
            // Only guest contexts wait on the peer here (the host waits for nothing it owes): for a completion
            // (TraceWaitingFor enumerates it; which context waits stays in the result).
            quiescentSeq = trace.emitQuiescent("guest", "completion");
        }
        return new StorvscRunResult(outcome.steps(), system.guest().pc(), system.guest().version(),
                system.guest().requested(), system.guest().opens(), stuck, system.guest().errors(),
                system.host().errors(), quiescentSeq);
    }
}
