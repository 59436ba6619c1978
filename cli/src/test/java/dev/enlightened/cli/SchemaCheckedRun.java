package dev.enlightened.cli;

import dev.enlightened.validation.format.TraceSchema;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Runs the cli as the tests do and then holds every trace the run wrote to docs/trace-format.schema.json (issue 11:
 * the published schema is checked against what the tool really writes, not only against fixtures). The traces are
 * the {@code --trace} file and, for {@code run network}, its per-guest siblings ({@code -guest<g>} before the
 * extension).
 */
final class SchemaCheckedRun {
    private SchemaCheckedRun() {
    }

    static int execute(PrintWriter out, PrintWriter err, String... args) {
        int code = Main.execute(out, err, args);
        if (code == ExitCodes.OK || code == ExitCodes.CHECK_FAILED) {
            written(args).forEach(TraceSchema::assertValid);
        }
        return code;
    }

    /** The traces a run with these arguments wrote: none unless it is a {@code run} with {@code --trace}. */
    static List<Path> written(String... args) {
        if (args.length == 0 || !args[0].equals("run")) {
            return List.of();
        }
        for (int i = 1; i + 1 < args.length; i++) {
            if (args[i].equals("--trace")) {
                return withSiblings(Path.of(args[i + 1]).toAbsolutePath());
            }
        }
        return List.of();
    }

    private static List<Path> withSiblings(Path trace) {
        if (!Files.isRegularFile(trace)) {
            return List.of();
        }
        String name = trace.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String stem = dot < 0 ? name : name.substring(0, dot);
        try (Stream<Path> files = Files.list(trace.getParent())) {
            return files.filter(f -> f.equals(trace) || f.getFileName().toString().startsWith(stem + "-guest"))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
