package dev.enlightened.validation.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The strict NDJSON reader: each defect is reported with its line, column and reason. */
class TraceParserTest {
    private static final String HEADER =
            "{\"format\":\"enlightened-trace/1\",\"spec\":\"TraceRelay\",\"constants\":{\"N\":2},\"seed\":7}\n";
    private static final String EVENT1 = "{\"seq\":1,\"action\":\"ProducerSends\",\"params\":{\"m\":1}}\n";

    @TempDir
    Path dir;

    private Path write(String text) throws IOException {
        Path f = dir.resolve("t.ndjson");
        Files.writeString(f, text);
        return f;
    }

    private TraceFormatException reject(String text) throws IOException {
        Path f = write(text);
        return assertThrows(TraceFormatException.class, () -> TraceParser.parse(f));
    }

    @Test
    void parsesHeaderAndEvents() throws Exception {
        ParsedTrace t = TraceParser.parse(write(HEADER + EVENT1
                + "{\"seq\":2,\"action\":\"Quiescent\",\"actor\":\"consumer\","
                + "\"params\":{\"waitingFor\":\"item\"}}\n"));
        assertEquals("TraceRelay", t.header().spec());
        assertEquals(2, t.header().constants().get("N").asInt());
        assertEquals(7L, t.header().seed());
        assertEquals(2, t.events().size());
        assertEquals(1, t.events().get(0).params().get("m").asInt());
        assertEquals(3, t.events().get(1).line());
        assertTrue(t.events().get(1).isQuiescent());
    }

    @Test
    void malformedJsonNamesLineAndColumn() throws IOException {
        TraceFormatException e = reject(HEADER + "{\"seq\":1,\"action\" \"X\"}\n");
        assertEquals(2, e.line());
        assertEquals(19, e.column());
        assertTrue(e.reason().startsWith("malformed JSON"), e.reason());
    }

    @Test
    void sequenceGapIsRejectedAtTheSeqValue() throws IOException {
        TraceFormatException e = reject(HEADER + EVENT1 + "{\"seq\":3,\"action\":\"ProducerSends\"}\n");
        assertEquals(3, e.line());
        assertEquals(8, e.column());
        assertEquals("sequence gap: expected seq=2, found seq=3", e.reason());
    }

    @Test
    void missingActionIsRejected() throws IOException {
        TraceFormatException e = reject(HEADER + "{\"seq\":1,\"params\":{}}\n");
        assertEquals(2, e.line());
        assertEquals("missing field action", e.reason());
    }

    @Test
    void misspelledFieldIsRejectedNotIgnored() throws IOException {
        TraceFormatException e = reject(HEADER + "{\"seq\":1,\"action\":\"A\",\"parms\":{}}\n");
        assertTrue(e.reason().startsWith("unknown event field parms"), e.reason());
        assertEquals(23, e.column(), "the column of the field name");
    }

    @Test
    void truncatedLastLineIsDetected() throws IOException {
        TraceFormatException e = reject(HEADER + EVENT1 + "{\"seq\":2,\"action\":\"Produc");
        assertEquals(3, e.line());
        assertTrue(e.reason().startsWith("truncated last line"), e.reason());
    }

    @Test
    void completeLastLineWithoutNewlineIsAccepted() throws Exception {
        ParsedTrace t = TraceParser.parse(write(HEADER + EVENT1.strip()));
        assertEquals(1, t.events().size());
    }

    @Test
    void wrongFormatVersionIsRejectedInHeader() throws IOException {
        TraceFormatException e = reject("{\"format\":\"enlightened-trace/2\",\"spec\":\"X\"}\n");
        assertEquals(1, e.line());
        assertTrue(e.reason().startsWith("unsupported format=enlightened-trace/2"), e.reason());
    }

    @Test
    void quiescentEventNeedsActorAndWaitingFor() throws IOException {
        TraceFormatException e = reject(HEADER + "{\"seq\":1,\"action\":\"Quiescent\",\"params\":{}}\n");
        assertTrue(e.reason().startsWith("missing field actor"), e.reason());
        e = reject(HEADER + "{\"seq\":1,\"action\":\"Quiescent\",\"actor\":\"guest\",\"params\":{}}\n");
        assertTrue(e.reason().startsWith("missing field params.waitingFor"), e.reason());
    }

    @Test
    void stepAfterQuiescenceIsRejected() throws IOException {
        TraceFormatException e = reject(HEADER
                + "{\"seq\":1,\"action\":\"Quiescent\",\"actor\":\"guest\",\"params\":{\"waitingFor\":\"x\"}}\n"
                + "{\"seq\":2,\"action\":\"ProducerSends\"}\n");
        assertEquals(3, e.line());
        assertTrue(e.reason().startsWith("event after a Quiescent event"), e.reason());
    }

    @Test
    void emptyFileAndBlankLinesAreRejected() throws IOException {
        assertEquals("empty file: expected a header line", reject("").reason());
        assertTrue(reject(HEADER + "\n" + EVENT1).reason().startsWith("blank line"));
    }

    @Test
    void messageReadsFileLineColumnReason() throws IOException {
        TraceFormatException e = reject(HEADER + "[1]\n");
        assertTrue(e.getMessage().endsWith("t.ndjson:2:1: expected a JSON object"), e.getMessage());
    }

    /**
     * Parsing from memory (the fuzz target's path) gives what parsing the file gives, trace or positioned error,
     * for every trace in the test resources, every fuzz seed, and defects of each kind: the fuzz target reads
     * through the same line reader and checks.
     */
    @Test
    void parsingFromMemoryGivesWhatParsingTheFileGives() throws IOException {
        java.util.List<Path> files;
        try (var walk = Files.walk(Path.of("src/test/resources"))) {
            files = walk.filter(Files::isRegularFile).filter(p -> p.toString().endsWith(".ndjson")
                    || p.toString().contains("TraceParserFuzzTestInputs")).sorted().toList();
        }
        assertTrue(files.size() > 20, "traces and seeds found: " + files.size());
        java.util.List<byte[]> inputs = new java.util.ArrayList<>();
        for (Path f : files) {
            inputs.add(Files.readAllBytes(f));
        }
        for (String text : new String[] {"", "\n", HEADER, HEADER + EVENT1, HEADER + EVENT1.trim(),
            HEADER + "{\"seq\":1,\"action\" \"X\"}\n", HEADER + "\u00e9\n", HEADER + EVENT1 + "\r\n"}) {
            inputs.add(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        inputs.add(new byte[] {'{', (byte) 0xC3, '\n'});
        int parsed = 0;
        int rejected = 0;
        for (byte[] bytes : inputs) {
            Path f = dir.resolve("same.ndjson");
            Files.write(f, bytes);
            Object fromFile;
            Object fromMemory;
            try {
                ParsedTrace t = TraceParser.parse(f);
                fromFile = java.util.List.of(t.header(), t.events());
                parsed++;
            } catch (TraceFormatException e) {
                fromFile = e.line() + ":" + e.column() + ":" + e.reason();
                rejected++;
            }
            try {
                ParsedTrace t = TraceParser.parse(f, bytes);
                fromMemory = java.util.List.of(t.header(), t.events());
            } catch (TraceFormatException e) {
                fromMemory = e.line() + ":" + e.column() + ":" + e.reason();
            }
            assertEquals(fromFile, fromMemory, () -> new String(bytes, java.nio.charset.StandardCharsets.UTF_8));
        }
        assertTrue(parsed > 0 && rejected > 0, "both outcomes compared: parsed=" + parsed + " rejected=" + rejected);
    }

    /**
     * The reader takes a block no larger than the file (and 4 KB for {@link TraceParser#readHeader}): lines longer
     * than the block, around its sizes, are read whole, and give what the reader of an in-memory copy (64 KB
     * blocks) gives, header and events.
     */
    @Test
    void linesLongerThanTheReadBlockAreReadWhole() throws Exception {
        java.util.Random random = new java.util.Random(15);
        int[] lengths = {0, 1, 300, 511, 512, 513, 4000, 4095, 4096, 4097, 8191, 8193, 20_000, 65_535, 65_536, 70_000};
        for (int producer : lengths) {
            StringBuilder p = new StringBuilder();
            for (int i = 0; i < producer; i++) {
                p.append((char) ('a' + random.nextInt(26)));
            }
            String header = "{\"format\":\"enlightened-trace/1\",\"spec\":\"TraceRelay\",\"constants\":{\"N\":2},"
                    + "\"producer\":\"" + p + "\"}\n";
            String text = header + EVENT1 + "{\"seq\":2,\"action\":\"ProducerSends\",\"params\":{\"m\":\"" + p
                    + "\"}}" + (producer % 2 == 0 ? "\n" : "");
            Path f = write(text);
            ParsedTrace fromFile = TraceParser.parse(f);
            ParsedTrace fromMemory = TraceParser.parse(f, text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            assertEquals(fromMemory.header(), fromFile.header(), "producer of " + producer);
            assertEquals(fromMemory.events(), fromFile.events(), "producer of " + producer);
            assertEquals(p.toString(), TraceParser.readHeader(f).producer(), "producer of " + producer);
            assertEquals(fromFile.header(), TraceParser.readHeader(f), "producer of " + producer);
            assertEquals(p.toString(), fromFile.events().get(1).params().get("m").asText());
        }
    }
}
