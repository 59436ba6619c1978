package dev.enlightened.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The example traces of docs/instrumenting.md keep saying what the guide says they say. The file name is the
 * expectation: {@code *-accepted.ndjson} must be ACCEPTED, {@code *-rejected-at-N.ndjson} REJECTED at event N.
 */
class DocsExamplesTest {
    private static final Path EXAMPLES = Path.of(System.getProperty("enlightened.root", "..")).resolve("docs")
            .resolve("examples");
    private static final Pattern REJECTED_AT = Pattern.compile(".*-rejected-at-(\\d+)\\.ndjson");

    @Test
    void everyExampleTraceGetsTheVerdictItsNameStates() throws IOException {
        List<Path> traces;
        try (Stream<Path> files = Files.list(EXAMPLES)) {
            traces = files.filter(p -> p.toString().endsWith(".ndjson")).sorted().toList();
        }
        assertFalse(traces.isEmpty(), "no example traces under " + EXAMPLES);
        List<Verdict> verdicts = TraceValidator.forRepository().validate(traces);
        for (int i = 0; i < traces.size(); i++) {
            String name = traces.get(i).getFileName().toString();
            Verdict v = verdicts.get(i);
            Matcher rejected = REJECTED_AT.matcher(name);
            if (name.endsWith("-accepted.ndjson")) {
                assertInstanceOf(Verdict.Accepted.class, v, v::render);
            } else if (rejected.matches()) {
                Verdict.Rejected r = assertInstanceOf(Verdict.Rejected.class, v, v::render);
                assertEquals(Long.parseLong(rejected.group(1)), r.seq(), v::render);
            } else {
                throw new AssertionError(name + ": name must end in -accepted.ndjson or -rejected-at-N.ndjson");
            }
        }
    }
}
