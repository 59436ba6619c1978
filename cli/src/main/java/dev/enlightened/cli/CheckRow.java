package dev.enlightened.cli;

import dev.enlightened.modelcheck.catalog.Expectation;
import dev.enlightened.modelcheck.catalog.ModelEntry;
import dev.enlightened.modelcheck.catalog.Verdict;
import dev.enlightened.modelcheck.result.ModelResult;
import dev.enlightened.modelcheck.result.Outcome;

import java.time.Duration;
import java.util.Locale;

/**
 * One model's line in the check report.
 *
 * @param entry     the catalog entry
 * @param result    what TLC produced
 * @param verdict   met or missed, with the reason
 * @param reproduce the {@code enlightened} command that runs just this model the same way
 */
record CheckRow(ModelEntry entry, ModelResult result, Verdict verdict, String reproduce) {

    String expected() {
        return entry.expect().text();
    }

    String actual() {
        Outcome outcome = result.outcome();
        return outcome instanceof Outcome.Ok || outcome instanceof Outcome.Deadlock
                || outcome instanceof Outcome.InvariantViolated || outcome instanceof Outcome.PropertyViolated
                ? outcome.label() : Expectation.describe(outcome);
    }

    /** The actual outcome cut to a table cell; the full text is printed below the table. */
    String shortActual() {
        String actual = actual();
        return actual.length() <= 60 ? actual : actual.substring(0, 57) + "...";
    }

    String distinct() {
        var distinct = result.stats().distinctStates();
        return distinct.isPresent() ? String.format(Locale.ROOT, "%,d", distinct.getAsLong())
                : String.format(Locale.ROOT, "(%,d gen.)", result.stats().statesGenerated());
    }

    String depth() {
        var depth = result.stats().depth();
        return depth.isPresent() ? Long.toString(depth.getAsLong()) : "-";
    }

    String time() {
        return seconds(result.stats().wallTime());
    }

    /** TLC's CPU time (user + system, every run of the model), or "-" where the OS did not report it. */
    String cpu() {
        return result.stats().cpuTime().map(CheckRow::seconds).orElse("-");
    }

    String verdictWord() {
        return verdict.met() ? "MET" : "MISSED";
    }

    static String seconds(Duration duration) {
        return String.format(Locale.ROOT, "%.1fs", duration.toMillis() / 1000.0);
    }
}
