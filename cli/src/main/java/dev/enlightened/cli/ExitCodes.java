package dev.enlightened.cli;

/**
 * The only exit codes the command uses, the same for every subcommand: 0 ok, 1 a check failed (a model missed, a
 * trace was REJECTED), 2 bad input, 3 an internal error or an exhausted resource (a timeout, memory, a crashed
 * engine or TLC JVM). Each non-zero code comes with one actionable line on stderr, never a stack trace
 * (ENLIGHTENED_DEBUG=1 adds one).
 */
public final class ExitCodes {
    /** Everything met its expectation. */
    public static final int OK = 0;
    /** A check ran and failed: a model missed its expectation or a trace was rejected. */
    public static final int CHECK_FAILED = 1;
    /** Bad input: unknown model, missing file, malformed trace, TLA+ syntax error, wrong arguments. */
    public static final int BAD_INPUT = 2;
    /** Internal error or exhausted resource: a bug or the machine, not the input; the line says which. */
    public static final int INTERNAL = 3;

    private ExitCodes() {
    }
}
