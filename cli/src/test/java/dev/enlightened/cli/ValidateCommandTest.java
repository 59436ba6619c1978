package dev.enlightened.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code enlightened validate}: exit codes 0/1/2/3, the JSON report and the witness file. */
class ValidateCommandTest {
    private static final Path TRACES = Path.of(System.getProperty("enlightened.root"),
            "trace-validation/src/test/resources/traces");

    /** The engine's test spec (Relay) is a test source of trace-validation, not a built-in module. */
    private static final String RELAY_MODULES = Path.of(System.getProperty("enlightened.root"),
            "trace-validation/src/test/tla/examples").toString();

    private static String trace(String name) {
        return TRACES.resolve(name).toString();
    }

    private static int run(ByteArrayOutputStream out, String... args) {
        PrintStream saved = System.out;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            String[] withRelay = new String[args.length + 2];
            withRelay[0] = args[0];
            withRelay[1] = "--modules";
            withRelay[2] = RELAY_MODULES;
            System.arraycopy(args, 1, withRelay, 3, args.length - 1);
            return Main.execute(withRelay);
        } finally {
            System.setOut(saved);
        }
    }

    @Test
    void acceptedTracesExitZeroAndWriteJsonAndWitness(@TempDir Path tmp) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Path json = tmp.resolve("v.json");
        Path witness = tmp.resolve("w.json");
        int code = run(out, "validate", trace("relay/accepted-full.ndjson"), "--json", json.toString(),
                "--witness", witness.toString());
        assertEquals(ExitCodes.OK, code, out.toString(StandardCharsets.UTF_8));
        JsonNode report = new ObjectMapper().readTree(json.toFile());
        assertEquals(1, report.get("accepted").asInt());
        assertEquals("ACCEPTED", report.get("verdicts").get(0).get("verdict").asText());
        JsonNode coverage = report.get("coverage").get("TraceRelay");
        assertEquals(2, coverage.get("ProducerSends").asInt(), "two sends in the accepted behaviour");
        assertEquals(0, coverage.get("ConsumerResumes").asInt());
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("never exercised: ConsumerResumes"));
        assertEquals(9, new ObjectMapper().readTree(witness.toFile()).get("steps").size());
    }

    @Test
    void aRejectedTraceExitsOneWithTheDiagnosis() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = run(out, "validate", trace("relay/accepted-full.ndjson"),
                trace("relay/rejected-wrong-param.ndjson"));
        String text = out.toString(StandardCharsets.UTF_8);
        assertEquals(ExitCodes.CHECK_FAILED, code, text);
        assertTrue(text.contains("at event 5") && text.contains("Head(inbox) = m"), text);
    }

    @Test
    void strictTurnsUnderLoggingIntoARejection() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(ExitCodes.CHECK_FAILED, run(out, "validate", "--strict",
                trace("relay/ambiguous-unlogged-wantmore.ndjson")), out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void badInputExitsTwo() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(ExitCodes.BAD_INPUT, run(out, "validate", trace("relay/bad-unknown-action.ndjson")));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains(":2:19: unknown action=ProducerFlies"));
        assertEquals(ExitCodes.BAD_INPUT, run(new ByteArrayOutputStream(), "validate", "/no/such/trace.ndjson"));
    }

    @Test
    void aDirectoryIsBadInputSayingSo(@TempDir Path tmp) {
        java.io.StringWriter err = new java.io.StringWriter();
        int code = Main.execute(new java.io.PrintWriter(new java.io.StringWriter()), new java.io.PrintWriter(err, true),
                "validate", tmp.toString());
        assertEquals(ExitCodes.BAD_INPUT, code, err.toString());
        assertTrue(err.toString().contains("is a directory"), err.toString());
    }

    @Test
    void aHeapSizeJavaCannotTakeIsBadInput() {
        java.io.StringWriter err = new java.io.StringWriter();
        int code = Main.execute(new java.io.PrintWriter(new java.io.StringWriter()), new java.io.PrintWriter(err, true),
                "validate", "--heap", "lots", trace("relay/accepted-full.ndjson"));
        assertEquals(ExitCodes.BAD_INPUT, code, err.toString());
        assertTrue(err.toString().contains("--heap"), err.toString());
    }

    @Test
    void anEngineOutOfMemoryExitsThreeInOneLine() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        // 3 MiB: too little for the engine JVM with either collector (BoundedEngineTest says where each runs out).
        int code = run(out, "validate", "--heap", "3m", trace("relay/accepted-full.ndjson"));
        String text = out.toString(StandardCharsets.UTF_8);
        assertEquals(ExitCodes.INTERNAL, code, text);
        String line = text.lines().filter(l -> l.startsWith("ERROR ")).findFirst().orElse("");
        assertTrue(line.contains("out of memory") && line.contains("raise --heap"), text);
        assertTrue(!text.contains("\tat ") && !text.contains("Exception"), text);
    }
}
