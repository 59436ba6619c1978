package dev.enlightened.validation.format;

import dev.enlightened.workspace.Workspace;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * docs/trace-format.schema.json against the traces: every example in docs/examples and every fixture trace in the
 * test resources is valid line by line (the traces a test generates are checked in TracedRun), and lines that
 * break the format are not, so the schema is neither too strict nor vacuous.
 */
class TraceSchemaTest {
    private static final Path ROOT = Workspace.locate(null).root();

    @TestFactory
    Stream<DynamicTest> everyExampleAndFixtureTraceIsValid() throws IOException {
        List<Path> traces;
        try (Stream<Path> docs = Files.list(ROOT.resolve("docs/examples"));
             Stream<Path> fixtures = Files.walk(ROOT.resolve("trace-validation/src/test/resources/traces"))) {
            traces = Stream.concat(docs, fixtures).filter(p -> p.toString().endsWith(".ndjson")).sorted().toList();
        }
        assertTrue(traces.size() >= 20, "found the traces: " + traces);
        return traces.stream().map(t -> DynamicTest.dynamicTest(ROOT.relativize(t).toString(),
                () -> TraceSchema.assertValid(t)));
    }

    @Test
    void aHeaderAStepAndAQuiescentLineAreValid() {
        assertEquals(List.of(), TraceSchema.errors("{\"format\":\"enlightened-trace/1\",\"spec\":\"TraceRelay\","
                + "\"constants\":{\"N\":3,\"S\":[1,2],\"Mode\":\"a\"},\"seed\":7}", 1));
        assertEquals(List.of(), TraceSchema.errors("{\"seq\":1,\"action\":\"Send\",\"actor\":\"guest\","
                + "\"params\":{\"n\":-1,\"ok\":true,\"xs\":[1,[2]],\"r\":{\"a\":\"b\"}},\"post\":{\"idx\":0}}", 2));
        assertEquals(List.of(), TraceSchema.errors("{\"seq\":2,\"action\":\"Quiescent\",\"actor\":\"guest\","
                + "\"params\":{\"waitingFor\":\"a signal\"}}", 3));
    }

    @Test
    void linesThatBreakTheFormatAreInvalid() {
        List.of("{\"format\":\"enlightened-trace/2\",\"spec\":\"TraceRelay\"}",
                "{\"format\":\"enlightened-trace/1\"}",
                "{\"format\":\"enlightened-trace/1\",\"spec\":\"Trace-Relay\"}",
                "{\"seq\":0,\"action\":\"Send\"}",
                "{\"seq\":1,\"action\":\"Send\",\"params\":{\"n\":null}}",
                "{\"seq\":1,\"action\":\"Send\",\"params\":{\"n\":1.5}}",
                "{\"seq\":1,\"action\":\"Send\",\"params\":{\"n\":4294967296}}",
                "{\"seq\":1,\"action\":\"Send\",\"extra\":1}",
                "{\"seq\":1,\"action\":\"Quiescent\",\"actor\":\"guest\",\"params\":{}}",
                "[1,2]")
                .forEach(line -> assertFalse(TraceSchema.errors(line, 1).isEmpty(), "accepted: " + line));
    }
}
