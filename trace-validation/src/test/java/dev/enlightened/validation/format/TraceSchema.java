package dev.enlightened.validation.format;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.enlightened.workspace.Workspace;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The published line schema of a trace, docs/trace-format.schema.json (JSON Schema 2020-12), checked with networknt
 * json-schema-validator. Each NDJSON line is one instance; the cross-line rules (header first, seq without gaps)
 * belong to TraceParser, not the schema.
 */
public final class TraceSchema {
    private static Schema schema;

    private TraceSchema() {
    }

    /** The schema, loaded once from the checkout. */
    public static synchronized Schema schema() {
        if (schema == null) {
            Path file = Workspace.locate(null).root().resolve("docs/trace-format.schema.json");
            try {
                schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                        .getSchema(Files.readString(file), InputFormat.JSON);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return schema;
    }

    /** Every schema error of one line, as {@code line N: message}. */
    public static List<String> errors(String line, int number) {
        List<String> out = new ArrayList<>();
        for (Error e : schema().validate(line, InputFormat.JSON)) {
            out.add("line " + number + ": " + e.getInstanceLocation() + " " + e.getMessage());
        }
        return out;
    }

    /** Every schema error of every non-empty line of a trace file. */
    public static List<String> errors(Path trace) {
        List<String> out = new ArrayList<>();
        try {
            List<String> lines = Files.readAllLines(trace);
            for (int i = 0; i < lines.size(); i++) {
                if (!lines.get(i).isBlank()) {
                    out.addAll(errors(lines.get(i), i + 1));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** Fails (AssertionError) naming the file and every error when a line of the trace breaks the schema. */
    public static void assertValid(Path trace) {
        List<String> errors = errors(trace);
        if (!errors.isEmpty()) {
            throw new AssertionError(trace + " breaks docs/trace-format.schema.json:\n" + String.join("\n", errors));
        }
    }
}
