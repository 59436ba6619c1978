package dev.enlightened.validation;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Test helpers: validate a trace and fail with the rendered diagnosis. A failing trace is kept under
 * {@code target/failed-traces/} so CI can archive it (failing traces must outlive the build log). Throws plain
 * {@link AssertionError}, which every test framework reports as a failure, so this needs no JUnit dependency.
 */
public final class TraceAssertions {
    private TraceAssertions() {
    }

    /** Fails unless {@code trace} is accepted by its trace module. */
    public static Verdict.Accepted assertAccepted(Path trace) {
        return assertAccepted(TraceValidator.forRepository(), trace);
    }

    /** Fails unless {@code validator} accepts {@code trace}. */
    public static Verdict.Accepted assertAccepted(TraceValidator validator, Path trace) {
        Verdict v = validator.validate(trace);
        if (v instanceof Verdict.Accepted a) {
            return a;
        }
        throw new AssertionError(v.render() + "\n  trace kept at " + keep(trace));
    }

    /** Fails unless {@code trace} is rejected exactly at event {@code seq}. */
    public static Verdict.Rejected assertRejectedAt(Path trace, int seq) {
        return assertRejectedAt(TraceValidator.forRepository(), trace, seq);
    }

    /** Fails unless {@code validator} rejects {@code trace} exactly at event {@code seq}. */
    public static Verdict.Rejected assertRejectedAt(TraceValidator validator, Path trace, int seq) {
        Verdict v = validator.validate(trace);
        if (v instanceof Verdict.Rejected r && r.seq() == seq) {
            return r;
        }
        throw new AssertionError("expected a rejection at event " + seq + ", got:\n" + v.render()
                + "\n  trace kept at " + keep(trace));
    }

    /** Copies the trace to {@code target/failed-traces/} and returns the copy. */
    static Path keep(Path trace) {
        try {
            Path dir = Files.createDirectories(Path.of("target", "failed-traces"));
            Path copy = dir.resolve(trace.getFileName());
            Files.copy(trace, copy, StandardCopyOption.REPLACE_EXISTING);
            return copy.toAbsolutePath();
        } catch (IOException e) {
            return trace.toAbsolutePath();
        }
    }
}
