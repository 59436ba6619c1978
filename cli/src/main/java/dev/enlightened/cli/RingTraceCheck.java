package dev.enlightened.cli;

import dev.enlightened.ring.scenario.RingRun;
import dev.enlightened.ring.scenario.RingScenario;
import dev.enlightened.ring.scenario.RingScenarioRunner;
import dev.enlightened.validation.TraceValidator;
import dev.enlightened.validation.Verdict;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;

/**
 * The trace chain for {@code enlightened check}: runs the default ring scenario (what {@code run ring} does with no
 * options) and validates its trace, so the main job exercises emitter, scheduler, engine and spec together.
 */
final class RingTraceCheck {
    private RingTraceCheck() {
    }

    /**
     * Runs, validates and prints one summary row (and the diagnosis if rejected).
     *
     * @return true iff the trace was accepted
     */
    static boolean run(Path root, PrintWriter out) {
        Path trace = root.resolve("target").resolve("traces").resolve("ring-default.ndjson");
        long start = System.nanoTime();
        RingRun run;
        try {
            run = RingScenarioRunner.run(RingScenario.generated(64, 100, 5, false, Set.of()), trace);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + trace, e);
        }
        Verdict v = TraceValidator.forSpecs(root).validate(trace);
        boolean ok = v instanceof Verdict.Accepted;
        String actual = ok ? "ACCEPTED" : v instanceof Verdict.Rejected r ? "REJECTED at event " + r.seq()
                : "BAD INPUT";
        out.println();
        out.printf("%-34s  %-8s  %-20s  %7s  %6s  %s%n", "trace", "expected", "actual", "events", "time", "verdict");
        out.printf("%-34s  %-8s  %-20s  %7s  %6s  %s%n", "-".repeat(34), "-".repeat(8), "-".repeat(20), "-".repeat(7),
                "-".repeat(6), "-".repeat(7));
        out.printf(Locale.ROOT, "%-34s  %-8s  %-20s  %,7d  %5.1fs  %s%n", "ring (run ring, stepped, seed 5)",
                "ACCEPTED", actual, run.events(), (System.nanoTime() - start) / 1e9, ok ? "MET" : "MISSED");
        if (!ok) {
            out.println(v.render());
            out.println("(trace kept at " + trace + "; reproduce: ./enlightened run ring --trace t.ndjson && "
                    + "./enlightened validate t.ndjson)");
        }
        out.flush();
        return ok;
    }
}
