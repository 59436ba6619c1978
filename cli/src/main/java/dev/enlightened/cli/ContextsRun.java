package dev.enlightened.cli;

import dev.enlightened.contexts.ContextsFault;
import dev.enlightened.contexts.ContextsResult;
import dev.enlightened.contexts.ContextsRunner;
import dev.enlightened.contexts.ContextsScenario;
import dev.enlightened.trace.NdjsonTraceWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * {@code enlightened run channels --contexts [--rescinds N]}: the guest's execution contexts as Linux has them
 * (reference-impl {@code dev.enlightened.contexts}), traced for TraceExecContexts. Exit 0 when every context
 * finished, 1 when one was left waiting, 2 on bad input.
 */
final class ContextsRun {
    private ContextsRun() {
    }

    static int call(int rescinds, long seed, List<String> faults, boolean threads, String replay, Path trace,
                    PrintWriter out, PrintWriter err) {
        if (rescinds < 0 || rescinds > 2) {
            throw new UserError("--rescinds must be in 0..2 with --contexts (one device: its primary and one "
                    + "sub-channel): rescinds=" + rescinds);
        }
        if (threads) {
            throw new UserError("--contexts runs under the deterministic scheduler (from --seed or --replay): it "
                    + "cannot be combined with --threads");
        }
        Set<ContextsFault> on = FaultRegistry.parse(FaultRegistry.Family.CONTEXTS, ContextsFault.class, faults);
        ContextsScenario s = new ContextsScenario(seed, rescinds, on);
        ContextsResult r;
        try (NdjsonTraceWriter w = NdjsonTraceWriter.create(trace, ContextsRunner.header(s))) {
            // A token printed by enlightened explore (explore channels --contexts) replays its schedule, not the seed's.
            r = replay == null ? ContextsRunner.run(s, w)
                    : Replay.run(() -> ContextsRunner.run(s, w, Replay.chooser(replay)));
        } catch (IOException e) {
            throw OutputFiles.cannotWrite("trace", trace, e);
        }
        out.println("run channels: contexts rescinds=" + rescinds + " seed=" + seed + " faults="
                + (faults.isEmpty() ? "none" : faults) + " steps=" + r.steps() + " channels=" + r.guest()
                + " trace=" + trace);
        r.stuck().forEach(w -> err.println("blocked forever: " + w));
        return r.completed() ? ExitCodes.OK : ExitCodes.CHECK_FAILED;
    }
}
