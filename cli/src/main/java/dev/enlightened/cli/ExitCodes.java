package dev.enlightened.cli;

/** The only exit codes the command uses. */
public final class ExitCodes {
    /** Everything met its expectation. */
    public static final int OK = 0;
    /** A check ran and failed: a model missed its expectation or a trace was rejected. */
    public static final int CHECK_FAILED = 1;
    /** Bad input: unknown model, missing file, malformed trace, TLA+ syntax error, wrong arguments. */
    public static final int BAD_INPUT = 2;
    /** Internal error or exhausted resource (out of memory, a time limit, a crashed engine or TLC JVM). */
    public static final int INTERNAL = 3;

    private ExitCodes() {
    }
}
