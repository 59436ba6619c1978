package dev.enlightened.cli;

import dev.enlightened.trace.NdjsonTraceWriter;
import dev.enlightened.vp.VpFault;
import dev.enlightened.vp.VpResult;
import dev.enlightened.vp.VpRunner;
import dev.enlightened.vp.VpScenario;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * {@code enlightened run channels --vps N [--retargets M] [--panic]}: the per-VP delivery run (reference-impl
 * {@code dev.enlightened.vp}), traced for TraceVpDelivery. Exit 0 when every context finished, 1 when one was left
 * waiting or a side rejected a message, 2 on bad input.
 */
final class VpRun {
    private VpRun() {
    }

    static int call(int vps, int retargets, boolean panic, long seed, List<String> faults, boolean threads, String replay,
                    Path trace,
                    PrintWriter out, PrintWriter err) {
        if (vps < 2 || vps > 64) {
            throw new UserError("--vps must be in 2..64 (--retargets and --panic need it): vps=" + vps);
        }
        if (retargets < 0 || retargets > 100) {
            throw new UserError("--retargets must be in 0..100: retargets=" + retargets);
        }
        if (threads) {
            throw new UserError("--vps runs under the deterministic scheduler (from --seed or --replay): it cannot "
                    + "be combined with --threads");
        }
        Set<VpFault> on = FaultRegistry.parse(FaultRegistry.Family.VPS, VpFault.class, faults);
        VpScenario s = VpScenario.basic(vps, retargets, seed).withPanic(panic).withFaults(on);
        VpResult r;
        try (NdjsonTraceWriter w = NdjsonTraceWriter.create(trace, VpRunner.header(s))) {
            // A token printed by enlightened explore (explore channels --vps) replays its schedule, not the seed's.
            r = replay == null ? VpRunner.run(s, w)
                    : Replay.run(() -> VpRunner.run(s, w, Replay.chooser(replay)));
        } catch (IOException e) {
            throw OutputFiles.cannotWrite("trace", trace, e);
        }
        out.println("run channels: vps=" + vps + " retargets=" + retargets + (panic ? " panic" : "") + " seed=" + seed + " faults="
                + (faults.isEmpty() ? "none" : faults) + " steps=" + r.steps() + " target_cpu=" + r.targetCpu()
                + " host_target=" + r.hostTarget() + " refused_offlines=" + r.refused() + " trace=" + trace);
        r.guestErrors().forEach(e -> err.println("guest rejected: " + e.describe()));
        r.hostErrors().forEach(e -> err.println("host rejected: " + e.describe()));
        r.stuck().forEach(w -> err.println("blocked forever: " + w));
        if (!r.completed()) {
            return ExitCodes.CHECK_FAILED;
        }
        return r.guestErrors().isEmpty() && r.hostErrors().isEmpty() ? ExitCodes.OK : ExitCodes.CHECK_FAILED;
    }
}
