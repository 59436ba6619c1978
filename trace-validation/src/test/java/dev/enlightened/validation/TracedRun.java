package dev.enlightened.validation;

import dev.enlightened.trace.NdjsonTraceWriter;
import dev.enlightened.trace.TraceHeader;
import dev.enlightened.validation.format.TraceSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A trace a test wrote by running a scenario: the file, the run's result and the event lines (index 0 = seq 1),
 * shared by the channel, storvsc and netvsc trace tests.
 *
 * @param <R> the scenario runner's result type
 */
public record TracedRun<R>(Path file, R result, List<String> events) {

    /** A scenario run that writes its events to the given writer. */
    @FunctionalInterface
    public interface Body<R> {
        /** @return the run's result */
        R run(NdjsonTraceWriter writer) throws Exception;
    }

    /** Runs {@code body} into {@code file} (with {@code header}) and reads the events back. */
    public static <R> TracedRun<R> write(Path file, TraceHeader header, Body<R> body) throws Exception {
        R result;
        try (NdjsonTraceWriter w = NdjsonTraceWriter.create(file, header)) {
            result = body.run(w);
        }
        // Every trace a test generates also obeys the published schema (docs/trace-format.schema.json).
        TraceSchema.assertValid(file);
        List<String> lines = Files.readAllLines(file);
        return new TracedRun<>(file, result, lines.subList(1, lines.size()));
    }

    /** @return seq of the first event containing every fragment, or -1 */
    public int firstSeq(String... fragments) {
        for (int i = 0; i < events.size(); i++) {
            String e = events.get(i);
            boolean all = true;
            for (String f : fragments) {
                all &= e.contains(f);
            }
            if (all) {
                return i + 1;
            }
        }
        return -1;
    }
}
