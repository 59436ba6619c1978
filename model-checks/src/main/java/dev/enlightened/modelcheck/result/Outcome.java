package dev.enlightened.modelcheck.result;

import java.time.Duration;

/** What a TLC run concluded. Each record carries only what is known for that kind of ending. */
public sealed interface Outcome {

    /** One word for tables and JSON, e.g. {@code ok}, {@code invariant:TypeOK}, {@code parse-error}. */
    String label();

    /** Every reachable state (or every simulated trace) satisfied what the cfg asked. */
    record Ok() implements Outcome {
        @Override
        public String label() {
            return "ok";
        }
    }

    /** An INVARIANT of the cfg was false in a reachable state. */
    record InvariantViolated(String name) implements Outcome {
        @Override
        public String label() {
            return "invariant:" + name;
        }
    }

    /**
     * A PROPERTY of the cfg was violated. TLC 2.18 does not say which temporal property failed when a cfg lists
     * several; then {@code name} is the list of candidates, as in {@code one of [A, B]}.
     */
    record PropertyViolated(String name) implements Outcome {
        @Override
        public String label() {
            return "property:" + name;
        }
    }

    /** A reachable state had no successor and the cfg did not disable deadlock checking. */
    record Deadlock() implements Outcome {
        @Override
        public String label() {
            return "deadlock";
        }
    }

    /** An ASSUME was false for the cfg's constants; {@code where} is TLC's location of it. */
    record AssumptionFailed(String where) implements Outcome {
        @Override
        public String label() {
            return "assumption";
        }
    }

    /**
     * SANY rejected a module (syntax or semantic error) or TLC rejected the cfg. Line and column are 1-based;
     * 0 means TLC gave no position.
     */
    record ParseError(String file, int line, int column, String message) implements Outcome {
        @Override
        public String label() {
            return "parse-error";
        }

        /** {@code file:line:col: message}, leaving out a position TLC did not give. */
        public String oneLine() {
            String where = line > 0 ? file + ":" + line + ":" + Math.max(column, 1) : file;
            return where + ": " + message;
        }
    }

    /** TLC stopped for another reason: an evaluation error, no initial state, a crash. */
    record TlcFailure(String message) implements Outcome {
        @Override
        public String label() {
            return "tlc-failure";
        }
    }

    /** The run outlived its time budget and was killed with its whole process tree. */
    record TimedOut(Duration budget) implements Outcome {
        @Override
        public String label() {
            return "timeout";
        }
    }
}
