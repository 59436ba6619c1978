package dev.enlightened.site.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.enlightened.modelcheck.result.Counterexample;
import dev.enlightened.modelcheck.result.TraceState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * The results file {@code enlightened check --json} writes (format {@code enlightened-check/1}), read back into
 * the harness's own counterexample types.
 *
 * @param file     where it was read from
 * @param modified when it was written
 * @param runs     one per model run, by id
 */
public record CheckResults(Path file, Instant modified, Map<String, ModelRun> runs) {
    /** The format this reader understands; CheckReport writes it. */
    public static final String FORMAT = "enlightened-check/1";

    /**
     * One model's row of the results.
     *
     * @param id             catalog id
     * @param expected       the expected outcome
     * @param actual         the outcome label
     * @param detail         the outcome in words
     * @param met            whether it met the expectation
     * @param reason         why not, when missed
     * @param statesGenerated states generated
     * @param distinctStates distinct states, if TLC gave them
     * @param depth          depth, if TLC gave it
     * @param wallMillis     wall time of the TLC JVM(s)
     * @param reproduce      the command that reproduces the row
     * @param counterexample the behaviour TLC printed, if any
     */
    public record ModelRun(String id, String expected, String actual, String detail, boolean met, String reason,
                           long statesGenerated, OptionalLong distinctStates, OptionalLong depth, long wallMillis,
                           String reproduce, Optional<Counterexample> counterexample) {
    }

    /** Thrown when the file is not a results file this reader understands. */
    public static final class FormatException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        FormatException(String message) {
            super(message);
        }
    }

    /** Reads a results file. */
    public static CheckResults read(Path file) throws IOException {
        JsonNode root = new ObjectMapper().readTree(file.toFile());
        if (root == null || !FORMAT.equals(root.path("format").asText())) {
            throw new FormatException(file + ": not a check results file (format " + FORMAT + ")");
        }
        Map<String, ModelRun> runs = new LinkedHashMap<>();
        for (JsonNode m : root.path("models")) {
            String id = text(m, "id", file);
            runs.put(id, new ModelRun(id, text(m, "expected", file), text(m, "actual", file),
                    m.path("detail").asText(""), m.path("met").asBoolean(false), m.path("reason").asText(""),
                    m.path("statesGenerated").asLong(0), optLong(m.get("distinctStates")), optLong(m.get("depth")),
                    m.path("wallTimeMillis").asLong(0), m.path("reproduce").asText(""),
                    m.has("counterexample") ? Optional.of(trace(m.get("counterexample"))) : Optional.empty()));
        }
        return new CheckResults(file, Files.getLastModifiedTime(file).toInstant(), runs);
    }

    private static String text(JsonNode node, String field, Path file) {
        JsonNode v = node.get(field);
        if (v == null || !v.isTextual()) {
            throw new FormatException(file + ": a model has no \"" + field + "\"");
        }
        return v.asText();
    }

    private static OptionalLong optLong(JsonNode node) {
        return node == null || node.isNull() ? OptionalLong.empty() : OptionalLong.of(node.asLong());
    }

    private static Counterexample trace(JsonNode node) {
        List<TraceState> states = new ArrayList<>();
        for (JsonNode s : node.path("states")) {
            Map<String, String> vars = new LinkedHashMap<>();
            Iterator<Map.Entry<String, JsonNode>> fields = s.path("variables").fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> f = fields.next();
                vars.put(f.getKey(), f.getValue().asText());
            }
            states.add(new TraceState(s.path("number").asInt(), s.path("action").asText(),
                    s.path("location").asText(""), vars));
        }
        JsonNode loop = node.get("loopsBackTo");
        return new Counterexample(states, loop == null || loop.isNull() ? OptionalInt.empty()
                : OptionalInt.of(loop.asInt()), node.path("loopAction").asText(""), node.path("stutters").asBoolean());
    }
}
