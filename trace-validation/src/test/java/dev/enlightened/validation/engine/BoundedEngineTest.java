package dev.enlightened.validation.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.enlightened.validation.ExampleModules;
import dev.enlightened.validation.TraceValidator;
import dev.enlightened.validation.Verdict;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine's bounded memory and its failure contract, through forked engine JVMs: a search whose stack chunks
 * are thinned and replayed decides exactly as the full one; bad input names its line, column and cause; an engine
 * that runs out of memory ends as {@link Verdict.Failed}, not as a rejection or a crash.
 */
class BoundedEngineTest {
    private static final Path RELAY = Path.of("src/test/resources/traces/relay");
    private static final String HEADER = "{\"format\":\"enlightened-trace/1\",\"spec\":\"TraceRelay\","
            + "\"constants\":{\"N\":2,\"Cap\":2}}\n";
    private static final String EVENT1 = "{\"seq\":1,\"action\":\"ProducerSends\",\"actor\":\"producer\","
            + "\"params\":{\"m\":1},\"post\":{\"next\":2,\"wireLen\":1}}\n";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static List<Path> relayTraces() throws IOException {
        try (var files = Files.list(RELAY)) {
            return files.filter(f -> f.toString().endsWith(".ndjson")).sorted().toList();
        }
    }

    /** Chunks of one frame: every backtrack below the top five frames replays a thinned chunk from its checkpoint. */
    @Test
    void thinnedAndReplayedStackDecidesAsTheFullOne(@TempDir Path tmp) throws IOException {
        List<Path> traces = relayTraces();
        Path fullWitness = tmp.resolve("full.json");
        Path thinWitness = tmp.resolve("thin.json");
        TraceValidator.Report full = ExampleModules.validator().witness(fullWitness).run(traces);
        TraceValidator.Report thin = ExampleModules.validator().witness(thinWitness).searchChunk(1).run(traces);
        int accepted = 0;
        for (int i = 0; i < traces.size(); i++) {
            Verdict a = full.verdicts().get(i);
            Verdict b = thin.verdicts().get(i);
            assertEquals(a.getClass(), b.getClass(), () -> a.render() + "\n---\n" + b.render());
            if (a instanceof Verdict.Accepted x && b instanceof Verdict.Accepted y) {
                accepted++;
                assertEquals(x.events(), y.events());
                assertEquals(x.silentSteps(), y.silentSteps());
                assertEquals(x.warnings(), y.warnings());
            } else if (a instanceof Verdict.Rejected x && b instanceof Verdict.Rejected y) {
                assertEquals(x.seq(), y.seq());
                assertEquals(x.kind(), y.kind());
                assertEquals(x.summary(), y.summary());
            } else if (a instanceof Verdict.BadInput x && b instanceof Verdict.BadInput y) {
                assertEquals(x.reason(), y.reason());
            }
        }
        assertTrue(accepted >= 2, "the relay traces hold accepted ones");
        assertEquals(full.coverage(), thin.coverage(), "coverage counted over thinned chunks equals the full path's");
        JsonNode w1 = JSON.readTree(fullWitness.toFile());
        JsonNode w2 = JSON.readTree(thinWitness.toFile());
        for (int i = 0; i < w1.size(); i++) {
            assertEquals(w1.get(i).get("steps"), w2.get(i).get("steps"), "witness replayed from checkpoints");
        }
    }

    private static Verdict validate(Path trace) {
        return ExampleModules.validator().validate(trace);
    }

    private static Verdict.BadInput bad(Path trace) {
        Verdict v = validate(trace);
        return assertInstanceOf(Verdict.BadInput.class, v, v::render);
    }

    @Test
    void badInputNamesLineColumnAndCause(@TempDir Path tmp) throws IOException {
        // All cases in one engine JVM: they share the header's spec and constants.
        Path binary = tmp.resolve("binary.ndjson");
        byte[] head = (HEADER + EVENT1).getBytes(StandardCharsets.UTF_8);
        byte[] garbage = {'{', '"', (byte) 0xC3, (byte) 0x28, (byte) 0xFF, '\n'};
        byte[] all = new byte[head.length + garbage.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(garbage, 0, all, head.length, garbage.length);
        Files.write(binary, all);
        Path headerOnly = Files.writeString(tmp.resolve("header-only.ndjson"), HEADER);
        Path noHeader = Files.writeString(tmp.resolve("no-header.ndjson"), EVENT1);
        Path dupNested = Files.writeString(tmp.resolve("dup.ndjson"), HEADER
                + "{\"seq\":1,\"action\":\"ProducerSends\",\"actor\":\"producer\",\"params\":{\"m\":1,\"m\":2},"
                + "\"post\":{\"next\":2,\"wireLen\":1}}\n");
        Path stringForNumber = Files.writeString(tmp.resolve("string.ndjson"), HEADER
                + "{\"seq\":1,\"action\":\"ProducerSends\",\"actor\":\"producer\",\"params\":{\"m\":\"one\"},"
                + "\"post\":{\"next\":2,\"wireLen\":1}}\n");
        Path bigConstant = Files.writeString(tmp.resolve("big.ndjson"), HEADER.replace("\"N\":2",
                "\"N\":1099511627776") + EVENT1);
        Path dir = Files.createDirectories(tmp.resolve("a-directory"));
        List<Path> traces = List.of(binary, headerOnly, noHeader, dupNested, stringForNumber, bigConstant, dir);
        List<Verdict> v = ExampleModules.validator().validate(traces);
        for (Verdict x : v) {
            assertInstanceOf(Verdict.BadInput.class, x, x::render);
        }
        Verdict.BadInput b = (Verdict.BadInput) v.get(0);
        assertEquals(3, b.line(), b::render);
        assertEquals(3, b.column(), b::render);
        assertTrue(b.reason().contains("not UTF-8"), b::render);

        b = (Verdict.BadInput) v.get(1);
        assertTrue(b.reason().contains("no events"), b::render);

        b = (Verdict.BadInput) v.get(2);
        assertEquals(1, b.line(), b::render);
        assertTrue(b.reason().contains("header is missing"), b::render);

        b = (Verdict.BadInput) v.get(3);
        assertEquals(2, b.line(), b::render);
        assertTrue(b.column() > 60, b::render);
        assertTrue(b.reason().contains("duplicate key m"), b::render);

        b = (Verdict.BadInput) v.get(4);
        assertEquals(2, b.line(), b::render);
        assertEquals(HEADER.length() - HEADER.length() + EVENT1.indexOf("1}") + 1, b.column(), b::render);
        assertTrue(b.reason().startsWith("params.m=\"one\""), b::render);

        b = (Verdict.BadInput) v.get(5);
        assertEquals(1, b.line(), b::render);
        assertEquals(HEADER.indexOf("2,\"Cap\"") + 1, b.column(), b::render);
        assertTrue(b.reason().contains("N=1099511627776"), b::render);

        b = (Verdict.BadInput) v.get(6);
        assertTrue(b.reason().contains("is a directory"), b::render);
    }

    @Test
    void anEngineOutOfMemoryIsFailedNamingTheHeap() throws IOException {
        // 3 MiB: too little for either collector the engine may use to load the spec (G1 ran out at 6 MiB, in the
        // search; ParallelGC fits the relay in 5 MiB and runs out at 4 MiB while the JVM starts).
        Verdict v = ExampleModules.validator().heap("3m").validate(RELAY.resolve("accepted-full.ndjson"));
        Verdict.Failed f = assertInstanceOf(Verdict.Failed.class, v, v::render);
        assertTrue(f.reason().contains("out of memory") && f.reason().contains("--heap"), f::reason);
        assertTrue(v.render().startsWith("ERROR "), v::render);
        assertEquals(1, v.render().lines().count(), "one line, no stack trace: " + v.render());
    }
}
