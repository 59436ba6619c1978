package dev.enlightened.cli;

import dev.enlightened.channel.Fault;
import dev.enlightened.channel.scenario.FaultScenarios;
import dev.enlightened.channel.scenario.Scenario;
import dev.enlightened.channel.scenario.ScenarioResult;
import dev.enlightened.channel.scenario.ScenarioRunner;
import dev.enlightened.host.HostFlavour;
import dev.enlightened.sim.SilentHost;
import dev.enlightened.trace.NdjsonTraceWriter;
import dev.enlightened.wire.ProtocolVersion;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code enlightened run channels}: the guest channel manager against the simulated host, traced for
 * TraceVMBusChannels. Exit 0 when every context finished, 1 when the run stopped with blocked waiters (named on
 * stderr and in the trace's final quiescence event) or a side rejected a message, 2 on bad input.
 */
@Command(name = "channels", mixinStandardHelpOptions = true,
        description = "Run VMBus channel management (guest channel manager + simulated host) and write its trace.")
final class RunChannelsCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--devices", paramLabel = "N", defaultValue = "2", description = "Boot devices (default: 2).")
    int devices;

    @Mixin
    TraceRunOptions run;

    /** The seed of the runs in README (H6 and H9 show with --seed 5). */
    static final long DEFAULT_SEED = 1;

    @Option(names = "--threads", description = "Run on real threads instead of the deterministic scheduler.")
    boolean threads;

    @Option(names = "--replay", paramLabel = "TOKEN", description = Replay.DESCRIPTION)
    String replay;

    @Option(names = "--rescinds", paramLabel = "N", defaultValue = "1",
            description = "Rescinds at random points (default: 1).")
    int rescinds;

    @Option(names = "--hot-adds", paramLabel = "N", defaultValue = "1",
            description = "Hot-add offers at random points (default: 1).")
    int hotAdds;

    @Option(names = "--unloads", paramLabel = "N", defaultValue = "0",
            description = "UNLOAD + reconnect cycles (default: 0).")
    int unloads;

    @Option(names = "--restores", paramLabel = "N", defaultValue = "0",
            description = "Host save/restart/restore cycles (VMM servicing) at random points (default: 0).")
    int restores;

    @Option(names = "--host-silences", paramLabel = "N", defaultValue = "0",
            description = "How many times the host may leave the guest's waits unanswered until they time out "
                    + "(drawn, seeded; the timeouts are then traced steps) (default: 0; explore channels: 2).")
    int hostSilences;

    @Option(names = "--fail-percent", paramLabel = "P", defaultValue = "0",
            description = "The host fails a GPADL creation and an OPENCHANNEL with this chance (drawn, seeded), as "
                    + "a real host's device may (openvmm vmbus_server handle_gpadl_create, open_complete with "
                    + "STATUS_UNSUCCESSFUL) (default: 0; explore channels: 50, a branch of the search).")
    int failPercent;

    @Option(names = "--reconnects", paramLabel = "N", defaultValue = "0",
            description = "Guest reconnects without UNLOAD (kexec, kdump) at random points (default: 0).")
    int reconnects;

    @Option(names = "--save-restore-trace", paramLabel = "FILE",
            description = "Also write the run's SaveRestore projection here (the same events, SaveRestore.tla's "
                    + "variables as the post-state), traced for TraceSaveRestore. Needs a deterministic run inside "
                    + "SaveRestore's world: --hot-adds 0 --rescinds 0 --sub-channels 0, and --restores, "
                    + "--reconnects or --unloads.")
    Path saveRestoreTrace;

    @Option(names = "--sub-channels", paramLabel = "N", defaultValue = "0",
            description = "Sub-channels per device (default: 0).")
    int subChannels;

    @Option(names = "--vps", paramLabel = "N", defaultValue = "0",
            description = "With N in 2..64: the per-VP delivery run instead (each VP its own SynIC slot and event "
                    + "page, MODIFYCHANNEL, CPU offline/online), traced for TraceVpDelivery (default: 0, off).")
    int vps;

    @Option(names = "--retargets", paramLabel = "M", defaultValue = "2",
            description = "With --vps: MODIFYCHANNEL requests, and as many CPU offline attempts (default: 2).")
    int retargets;

    @Option(names = "--panic", description = "With --vps: the guest panics once, on an online CPU, at a step the seed "
            + "picks (else at the run's quiet end): UNLOAD, then vmbus_wait_for_unload polls every present CPU's slot.")
    boolean panic;

    @Option(names = "--contexts", description = "The guest's execution contexts instead (message tasklet, offer "
            + "work with offer_in_progress, primary and sub-channel work queues, rescind work; one device, "
            + "--rescinds 0..2), traced for TraceExecContexts.")
    boolean contexts;

    @Option(names = "--identity", description = "Offer instances and channel owners instead (OfferId slots reused "
            + "with sequence numbers, the owner's revoke and its retry, the guest's bound driver distinct from the "
            + "relid map), traced for TraceChannelIdentity.")
    boolean identity;

    @Option(names = "--instances", paramLabel = "N", defaultValue = "3",
            description = "With --identity: offer instances over the run, one slot and two relids (default: 3).")
    int instances;

    @Option(names = "--host-flavour", paramLabel = "NAME", defaultValue = "openvmm",
            description = "The real host the simulated host plays where real hosts differ on the wire: openvmm "
                    + "(default) or hyperv (VERSION_RESPONSE's connection_state left uninitialized below Win8 and on"
                    + " a refusal, as Hyper-V's header allows).")
    String hostFlavour;

    @Option(names = "--guest-versions", paramLabel = "M.m,...", split = ",",
            description = "Versions the guest proposes, newest first (default: 5.3,5.2).")
    List<String> guestVersions;

    @Option(names = "--host-versions", paramLabel = "M.m,...", split = ",",
            description = "Versions the host accepts (default: 5.2,5.3).")
    List<String> hostVersions;

    @Override
    public Integer call() throws InterruptedException {
        Path trace = run.trace;
        long seed = run.seed(DEFAULT_SEED);
        OutputFiles.checkWritable("trace", trace);
        UserError.requireRange("--host-silences", hostSilences, 0, SilentHost.MAX_SILENCES);
        if (hostSilences > 0 && (identity || contexts || vps != 0 || panic)) {
            // Those runs' hosts are their own (no SilentHost): the option would be ignored there.
            throw new UserError("--host-silences is a choice of the channel manager's run: it cannot be combined "
                    + "with --identity, --contexts, --vps or --panic");
        }
        if (failPercent != 0 && (identity || contexts || vps != 0 || panic)) {
            throw new UserError("--fail-percent is a choice of the channel manager's host: it cannot be combined "
                    + "with --identity, --contexts, --vps or --panic");
        }
        if (identity) {
            if (contexts || vps != 0 || panic) {
                throw new UserError("--identity is its own run: it cannot be combined with --contexts, --vps or "
                        + "--panic");
            }
            return IdentityRun.call(instances, seed, run.faults, threads, replay, trace,
                    spec.commandLine().getOut(), spec.commandLine().getErr());
        }
        if (contexts) {
            if (vps != 0 || panic) {
                throw new UserError("--contexts is its own run: it cannot be combined with --vps or --panic");
            }
            return ContextsRun.call(rescinds, seed, run.faults, threads, replay, trace,
                    spec.commandLine().getOut(), spec.commandLine().getErr());
        }
        if (vps != 0 || panic || spec.commandLine().getParseResult().hasMatchedOption("--retargets")) {
            return VpRun.call(vps, retargets, panic, seed, run.faults, threads, replay, trace,
                    spec.commandLine().getOut(), spec.commandLine().getErr());
        }
        Scenario scenario = scenario(seed);
        if (hostSilences > 0 && threads) {
            throw new UserError("--host-silences is a choice of the deterministic run: it cannot be combined with "
                    + "--threads");
        }
        if (saveRestoreTrace != null) {
            if (hostSilences > 0) {
                throw new UserError("--host-silences cannot be combined with --save-restore-trace: SaveRestore.tla "
                        + "has no guest timeouts");
            }
            return withSaveRestore(scenario, seed, trace);
        }
        ScenarioResult r;
        try (NdjsonTraceWriter w = NdjsonTraceWriter.create(trace, ScenarioRunner.header(scenario, threads))) {
            if (replay != null) {
                if (threads) {
                    throw new UserError("--replay replays a deterministic run: it cannot be combined with --threads");
                }
                dev.enlightened.sim.ReplayChooser chooser = Replay.chooser(replay);
                r = Replay.run(() -> ScenarioRunner.runDeterministic(scenario, w, chooser, hostSilences));
            } else {
                r = threads ? ScenarioRunner.runThreaded(scenario, w) : ScenarioRunner.runDeterministic(scenario, w,
                        new dev.enlightened.sim.RandomChooser(seed), hostSilences);
            }
        } catch (IOException e) {
            throw OutputFiles.cannotWrite("trace", trace, e);
        }
        return report(r, seed, trace, "");
    }

    /** The run traced twice: for TraceVMBusChannels and, projected, for TraceSaveRestore. */
    private int withSaveRestore(Scenario scenario, long seed, Path trace) {
        if (threads) {
            throw new UserError("--save-restore-trace projects a deterministic run: it cannot be combined with "
                    + "--threads");
        }
        java.util.Optional<String> outside = dev.enlightened.channel.scenario.SaveRestoreProjection
                .outsideWorld(scenario);
        if (outside.isPresent()) {
            throw new UserError("--save-restore-trace: " + outside.get());
        }
        OutputFiles.checkWritable("save-restore trace", saveRestoreTrace);
        ScenarioResult r;
        try (NdjsonTraceWriter w = NdjsonTraceWriter.create(trace, ScenarioRunner.header(scenario, false));
             NdjsonTraceWriter p = NdjsonTraceWriter.create(saveRestoreTrace,
                     dev.enlightened.channel.scenario.SaveRestoreProjection.header(scenario))) {
            if (replay != null) {
                dev.enlightened.sim.ReplayChooser chooser = Replay.chooser(replay);
                r = Replay.run(() -> ScenarioRunner.runWithSaveRestore(scenario, w, p, chooser));
            } else {
                r = ScenarioRunner.runWithSaveRestore(scenario, w, p, null);
            }
        } catch (IOException e) {
            throw OutputFiles.cannotWrite("trace", trace, e);
        }
        return report(r, seed, trace, " save-restore-trace=" + saveRestoreTrace);
    }

    private int report(ScenarioResult r, long seed, Path trace, String more) {
        PrintWriter out = spec.commandLine().getOut();
        out.println("run channels: devices=" + devices + " seed=" + seed + " host=" + flavour(hostFlavour).name()
                .toLowerCase(Locale.ROOT) + " mode="
                + (threads ? "threads" : "deterministic") + (run.isolated ? " isolated" : "") + " faults=" + (run.faults.isEmpty() ? "none" : run.faults)
                + " steps=" + r.steps() + " trace=" + trace + more);
        PrintWriter err = spec.commandLine().getErr();
        r.guestErrors().forEach(e -> err.println("guest rejected: " + e.describe()));
        r.hostErrors().forEach(e -> err.println("host rejected: " + e.describe()));
        if (r.deadlocked()) {
            r.stuckWaiters().forEach(w -> err.println("blocked forever: " + w));
            return ExitCodes.CHECK_FAILED;
        }
        if (r.budgetExhausted()) {
            err.println("step budget exhausted: steps=" + r.steps());
            return ExitCodes.CHECK_FAILED;
        }
        return r.guestErrors().isEmpty() && r.hostErrors().isEmpty() ? ExitCodes.OK : ExitCodes.CHECK_FAILED;
    }

    private Scenario scenario(long seed) {
        Set<Fault> on = FaultRegistry.parse(FaultRegistry.Family.CHANNELS, Fault.class, run.faults);
        if (devices < 1 || devices > 64) {
            throw new UserError("--devices must be in 1..64: devices=" + devices);
        }
        if (subChannels < 0 || subChannels > 8) {
            throw new UserError("--sub-channels must be in 0..8: subChannels=" + subChannels);
        }
        for (int[] v : new int[][] {{rescinds}, {hotAdds}, {unloads}, {restores}, {reconnects}}) {
            if (v[0] < 0 || v[0] > 100) {
                throw new UserError("--rescinds, --hot-adds, --unloads, --restores and --reconnects must be in "
                        + "0..100: value=" + v[0]);
            }
        }
        UserError.requireRange("--fail-percent", failPercent, 0, 100);
        Scenario base = Scenario.basic(devices, seed);
        base = base.withOpens(base.opensPerChannel(), failPercent, failPercent, base.ringPages());
        List<ProtocolVersion> guest = guestVersions == null ? base.guestVersions() : versions(guestVersions);
        Set<ProtocolVersion> host = hostVersions == null ? base.hostVersions() : Set.copyOf(versions(hostVersions));
        return FaultScenarios.withFaults(base.withVersions(guest, host).withDevices(1, subChannels)
                .withEvents(rescinds, hotAdds, unloads).withEnvironment(restores, reconnects), on)
                .withIsolated(run.isolated).withHostFlavour(flavour(hostFlavour));
    }

    private static HostFlavour flavour(String name) {
        try {
            return HostFlavour.parse(name);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
    }

    /** Parses {@code M.m} version names that {@link ProtocolVersion} knows ({@link ProtocolVersion#parseList}). */
    private static List<ProtocolVersion> versions(List<String> names) {
        try {
            return ProtocolVersion.parseList(String.join(",", names));
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
    }
}
