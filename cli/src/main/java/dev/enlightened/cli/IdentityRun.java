package dev.enlightened.cli;

import dev.enlightened.identity.IdentityFault;
import dev.enlightened.identity.IdentityResult;
import dev.enlightened.identity.IdentityRunner;
import dev.enlightened.identity.IdentityScenario;
import dev.enlightened.trace.NdjsonTraceWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * {@code enlightened run channels --identity [--instances N]}: offer instances, the channel's owner and the guest's
 * local users (reference-impl {@code dev.enlightened.identity}), traced for TraceChannelIdentity. Exit 0 when the
 * run ended with only requested instances revoked and nothing refused, 1 otherwise, 2 on bad input.
 */
final class IdentityRun {
    private IdentityRun() {
    }

    static int call(int instances, long seed, List<String> faults, boolean threads, String replay, Path trace,
                    PrintWriter out, PrintWriter err) {
        if (instances < 1 || instances > 32) {
            throw new UserError("--instances must be in 1..32: instances=" + instances);
        }
        if (threads) {
            throw new UserError("--identity runs under the deterministic scheduler (from --seed or --replay): it "
                    + "cannot be combined with --threads");
        }
        Set<IdentityFault> on = FaultRegistry.parse(FaultRegistry.Family.IDENTITY, IdentityFault.class, faults);
        IdentityScenario s = IdentityScenario.basic(seed, instances).withFaults(on);
        IdentityResult r;
        try (NdjsonTraceWriter w = NdjsonTraceWriter.create(trace, IdentityRunner.header(s))) {
            // A token printed by enlightened explore (explore channels --identity) replays its schedule, not the seed's.
            r = replay == null ? IdentityRunner.run(s, w)
                    : Replay.run(() -> IdentityRunner.run(s, w, Replay.chooser(replay)));
        } catch (IOException e) {
            throw OutputFiles.cannotWrite("trace", trace, e);
        }
        out.println("run channels: identity offer-ids=" + s.offerIds() + " relids=" + s.relids() + " instances="
                + instances + " seed=" + seed + " faults=" + (faults.isEmpty() ? "none" : faults) + " steps="
                + r.steps() + " objects=" + r.objects() + " trace=" + trace);
        r.guestErrors().forEach(e -> err.println("guest rejected: " + e));
        r.revokedUnrequested().forEach(i -> err.println("revoked an instance its owner never asked about: inst="
                + i));
        boolean ok = r.completed() && r.guestErrors().isEmpty() && r.revokedUnrequested().isEmpty();
        return ok ? ExitCodes.OK : ExitCodes.CHECK_FAILED;
    }
}
