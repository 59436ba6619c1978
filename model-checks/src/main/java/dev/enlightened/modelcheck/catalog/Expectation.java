package dev.enlightened.modelcheck.catalog;

import dev.enlightened.modelcheck.result.ModelResult;
import dev.enlightened.modelcheck.result.Outcome;

import java.util.regex.Pattern;

/**
 * The outcome a catalog entry expects: {@code ok}, {@code deadlock}, {@code invariant:<Name>} or
 * {@code property:<Name>}. Buggy-variant models expect the violation that reproduces their historical bug.
 */
public sealed interface Expectation {
    /** TLA+ identifiers, as TLC names invariants and properties. */
    Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    /** The catalog spelling. */
    String text();

    /** Whether {@code outcome} is the expected one, ignoring state counts. */
    boolean matches(Outcome outcome);

    /** Every reachable state satisfied everything. */
    record Ok() implements Expectation {
        @Override
        public String text() {
            return "ok";
        }

        @Override
        public boolean matches(Outcome outcome) {
            return outcome instanceof Outcome.Ok;
        }
    }

    /** TLC reports a deadlock. */
    record Deadlock() implements Expectation {
        @Override
        public String text() {
            return "deadlock";
        }

        @Override
        public boolean matches(Outcome outcome) {
            return outcome instanceof Outcome.Deadlock;
        }
    }

    /** TLC reports this invariant violated. */
    record Invariant(String name) implements Expectation {
        @Override
        public String text() {
            return "invariant:" + name;
        }

        @Override
        public boolean matches(Outcome outcome) {
            return outcome instanceof Outcome.InvariantViolated v && v.name().equals(name);
        }
    }

    /** TLC reports this property violated (the cfg must then list it as its only PROPERTY, see Outcome). */
    record Property(String name) implements Expectation {
        @Override
        public String text() {
            return "property:" + name;
        }

        @Override
        public boolean matches(Outcome outcome) {
            return outcome instanceof Outcome.PropertyViolated v && v.name().equals(name);
        }
    }

    /**
     * Parses the catalog spelling.
     *
     * @throws IllegalArgumentException saying what is accepted
     */
    static Expectation parse(String text) {
        if ("ok".equals(text)) {
            return new Ok();
        }
        if ("deadlock".equals(text)) {
            return new Deadlock();
        }
        int colon = text.indexOf(':');
        String kind = colon < 0 ? text : text.substring(0, colon);
        String name = colon < 0 ? "" : text.substring(colon + 1);
        if ((kind.equals("invariant") || kind.equals("property")) && NAME.matcher(name).matches()) {
            return kind.equals("invariant") ? new Invariant(name) : new Property(name);
        }
        throw new IllegalArgumentException("expect=\"" + text
                + "\" is not ok | deadlock | invariant:<Name> | property:<Name>");
    }

    /**
     * Checks a result against its entry: the outcome must match, and the distinct states (states generated, when
     * TLC simulated and reports no distinct count) must reach the entry's floor.
     */
    static Verdict check(ModelEntry entry, ModelResult result) {
        Outcome outcome = result.outcome();
        if (!entry.expect().matches(outcome)) {
            return Verdict.missed("expected " + entry.expect().text() + ", got " + describe(outcome));
        }
        var distinct = result.stats().distinctStates();
        long reached = distinct.isPresent() ? distinct.getAsLong() : result.stats().statesGenerated();
        String what = distinct.isPresent() ? "distinct states" : "states generated";
        if (reached < entry.minDistinctStates()) {
            return Verdict.missed(what + "=" + reached + " below minDistinctStates=" + entry.minDistinctStates()
                    + " (the model may be vacuous)");
        }
        return Verdict.success();
    }

    /** A one-line account of an outcome, for reasons and tables. */
    static String describe(Outcome outcome) {
        if (outcome instanceof Outcome.ParseError p) {
            return "parse error " + p.oneLine();
        } else if (outcome instanceof Outcome.TlcFailure f) {
            return "TLC failure: " + f.message();
        } else if (outcome instanceof Outcome.TimedOut t) {
            return "timeout after " + t.budget().toSeconds() + "s";
        } else if (outcome instanceof Outcome.AssumptionFailed a) {
            return "assumption false: " + a.where();
        }
        return outcome.label();
    }
}
