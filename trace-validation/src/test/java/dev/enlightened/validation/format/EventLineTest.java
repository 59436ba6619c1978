package dev.enlightened.validation.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The event-line scanner reads what the Jackson path reads, and every other line is the Jackson path's: each input
 * is parsed with the scanner on and off and the outcomes (every event, or the error's line, column and reason)
 * must be equal.
 */
class EventLineTest {
    private static final Path NAME = Path.of("t.ndjson");
    private static final String HEADER =
            "{\"format\":\"enlightened-trace/1\",\"spec\":\"TraceRingBuffer\",\"constants\":{\"N\":2}}\n";
    private static final String RING_LINE = "{\"seq\":1,\"action\":\"ProducerCopiesPacket\",\"actor\":\"producer\","
            + "\"params\":{\"start\":0},\"post\":{\"writeIndex\":0,\"readIndex\":0,\"interruptMask\":0,"
            + "\"pendingSendSz\":0,\"sent\":1}}";

    /** The outcome of parsing: the events, or the error as line:column:reason. */
    private static Object outcome(byte[] bytes, boolean scanner) {
        try {
            ParsedTrace t = TraceParser.parse(NAME, bytes, scanner);
            return List.of(t.header(), t.events());
        } catch (TraceFormatException e) {
            return e.line() + ":" + e.column() + ":" + e.reason();
        }
    }

    private static Object same(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        Object slow = outcome(bytes, false);
        assertEquals(slow, outcome(bytes, true), () -> "scanner and Jackson differ on: " + text);
        return slow;
    }

    @Test
    void readsAWriterLineAsJacksonDoes() {
        TraceEvent e = EventLine.event(RING_LINE, 2, 1);
        assertNotNull(e, "the scanner takes the lines writers produce");
        assertEquals("ProducerCopiesPacket", e.action());
        assertEquals(19, e.actionColumn());
        assertEquals(IntNode.valueOf(1), e.post().get("sent"));
        Object slow = same(HEADER + RING_LINE + "\n");
        assertEquals(List.of(e), ((List<?>) slow).get(1));
    }

    @Test
    void anIntegerBeyondIntIsALongNodeAsInJacksonsTree() {
        String line = "{\"seq\":1,\"action\":\"A\",\"params\":{\"h\":4294967295,\"m\":-2147483648,\"z\":-0}}";
        TraceEvent e = EventLine.event(line, 2, 1);
        assertNotNull(e);
        assertEquals(LongNode.valueOf(4294967295L), e.params().get("h"));
        assertEquals(IntNode.valueOf(Integer.MIN_VALUE), e.params().get("m"));
        same(HEADER + line + "\n");
    }

    @Test
    void leavesToJacksonWhatItIsNotSureOf() {
        String[] lines = {
            "{\"seq\":1, \"action\":\"A\"}",                          // white space
            "{\"seq\":1,\"action\":\"A\",\"actor\":\"a\\u0062\"}",    // an escape
            "{\"seq\":1,\"action\":\"A\",\"params\":{\"x\":null}}",   // null
            "{\"seq\":1,\"action\":\"A\",\"params\":{\"x\":1.0}}",    // a fraction
            "{\"seq\":1,\"action\":\"A\",\"params\":{\"x\":1e3}}",    // an exponent
            "{\"seq\":1,\"action\":\"A\",\"params\":{\"x\":01}}",     // a leading zero
            "{\"seq\":1,\"action\":\"A\",\"params\":{\"x\":4294967296}}", // beyond u32
            "{\"seq\":1,\"action\":\"A\",\"params\":{\"x\":1,\"x\":2}}", // a duplicate key
            "{\"seq\":1,\"action\":\"A\",\"action\":\"B\"}",          // a duplicate field
            "{\"seq\":1,\"action\":\"A\",\"parms\":{}}",              // an unknown field
            "{\"seq\":2,\"action\":\"A\"}",                           // a sequence gap
            "{\"seq\":1,\"action\":\"Quiescent\",\"params\":{\"waitingFor\":\"x\"}}",        // no actor
            "{\"seq\":1,\"action\":\"Quiescent\",\"actor\":\"c\",\"params\":{\"waitingFor\":1}}", // not a string
            "{\"seq\":1,\"action\":\"Quiescent\",\"actor\":\"c\"}",                       // no waitingFor
            "{\"seq\":1,\"action\":\"A-B\"}",                         // not an identifier
            "{\"seq\":1,\"action\":\"A\"}x",                          // trailing content
            "{\"seq\":1,\"action\":\"A\"",                            // incomplete
            "{\"seq\":1}",                                            // no action
        };
        for (String line : lines) {
            assertNull(EventLine.event(line, 2, 1), line);
            same(HEADER + line + "\n");
            same(HEADER + line);
        }
    }

    @Test
    void everyOneCharacterEditOfAnEventLineGivesTheSameOutcome() {
        String line = "{\"seq\":1,\"action\":\"ProducerStartsWrite\",\"actor\":\"producer\",\"params\":{\"len\":5,"
                + "\"v\":[1,[true,false],{\"k\":\"s\"}]},\"post\":{\"writeIndex\":4294967295,\"readIndex\":-7},"
                + "\"site\":\"Ring.java:1\"}";
        String next = "\n{\"seq\":2,\"action\":\"B\",\"params\":{}}\n";
        String[] inserts = {" ", "\t", "\"", "\\", "-", "0", "9", ".", "e", ",", ":", "{", "}", "[", "]", "x", "\u00e9",
            "n", "\u0001"};
        int accepted = 0;
        for (int i = 0; i <= line.length(); i++) {
            if (i < line.length()) {
                Object o = same(HEADER + line.substring(0, i) + line.substring(i + 1) + next);
                accepted += o instanceof List ? 1 : 0;
            }
            for (String s : inserts) {
                Object o = same(HEADER + line.substring(0, i) + s + line.substring(i) + next);
                accepted += o instanceof List ? 1 : 0;
            }
        }
        assertTrue(accepted > 100, "the edits include many valid lines, accepted=" + accepted);
    }

    @Test
    void theTestTracesAndFuzzSeedsGiveTheSameOutcome() throws IOException {
        int files = 0;
        try (Stream<Path> all = Files.walk(Path.of("src/test/resources"))) {
            for (Path p : all.filter(Files::isRegularFile).toList()) {
                byte[] bytes = Files.readAllBytes(p);
                assertEquals(outcome(bytes, false), outcome(bytes, true), p::toString);
                files++;
            }
        }
        assertTrue(files >= 20, "files=" + files);
    }

    /**
     * Strings the scanner read before are handed out again ({@code EventLine}'s memo): thousands of keys, actions,
     * actors and values of equal length from a small alphabet, so that many share a memo slot, read as Jackson
     * reads them, line for line.
     */
    @Test
    void stringsOfEqualLengthSharingMemoSlotsReadAsJacksonReadsThem() {
        java.util.Random random = new java.util.Random(12);
        StringBuilder text = new StringBuilder(HEADER);
        for (int seq = 1; seq <= 3000; seq++) {
            text.append("{\"seq\":").append(seq).append(",\"action\":\"A").append(word(random, 3))
                    .append("\",\"actor\":\"").append(word(random, 4)).append("\",\"params\":{");
            java.util.Set<String> keys = new java.util.LinkedHashSet<>();
            while (keys.size() < 5) {
                keys.add(word(random, 1 + random.nextInt(4)));
            }
            String sep = "";
            for (String k : keys) {
                text.append(sep).append('"').append(k).append("\":\"").append(word(random, 4)).append('"');
                sep = ",";
            }
            text.append("}}\n");
        }
        Object o = same(text.toString());
        assertTrue(o instanceof List<?> l && ((List<?>) l.get(1)).size() == 3000,
                "every line read");
    }

    /** A header line as writers produce it: the scanner reads it, with Jackson's fields and positions. */
    @Test
    void readsAWriterHeaderAsJacksonDoes() throws TraceFormatException {
        String line = "{\"format\":\"enlightened-trace/1\",\"spec\":\"TraceRingBuffer\",\"constants\":{"
                + "\"MemoryModel\":\"SC\",\"DataSize\":8,\"PendingSendSzFeature\":true,\"PacketLens\":[2,3,4,5]},"
                + "\"invariants\":[\"TypeOK\"],\"seed\":1,\"producer\":\"enlightened run ring (stepped)\"}";
        var fast = EventLine.fields(line);
        assertNotNull(fast, "the scanner takes the headers writers produce");
        assertEquals(TraceParser.fields(NAME, 1, line, true), fast);
        assertEquals(40, fast.get("spec").column());
        same(line + "\n" + RING_LINE + "\n");
    }

    /**
     * A header constant outside the trace's integers is left to Jackson, whose path names it (the scanner's fields
     * skip that range check: they hold no integer outside it).
     */
    @Test
    void outOfRangeHeaderIntegersAreLeftToJackson() {
        for (String v : new String[] {"4294967296", "9999999999", "-2147483649", "-9999999999", "[1,4294967296]",
            "{\"a\":-2147483649}"}) {
            String line = "{\"format\":\"enlightened-trace/1\",\"spec\":\"TraceX\",\"constants\":{\"C\":" + v + "}}";
            assertNull(EventLine.fields(line), line);
            Object o = same(line + "\n" + RING_LINE + "\n");
            assertTrue(o instanceof String s && s.contains("is outside the integers a trace can carry"), v + ": " + o);
        }
    }

    @Test
    void everyOneCharacterEditOfAHeaderGivesTheSameOutcome() {
        String line = "{\"format\":\"enlightened-trace/1\",\"spec\":\"TraceRingBuffer\",\"constants\":{\"N\":-2,"
                + "\"H\":4294967295,\"B\":false,\"S\":[1,[true],{\"k\":\"v\"}],\"E\":{}},\"invariants\":[\"Inv\"],"
                + "\"seed\":12,\"producer\":\"p\u00e9\",\"specHash\":\"ab\"}";
        String next = "\n" + RING_LINE + "\n";
        String[] inserts = {" ", "\t", "\"", "\\", "-", "0", "9", ".", "e", ",", ":", "{", "}", "[", "]", "x", "\u00e9",
            "n", "\u0001", "null", "1e2"};
        int accepted = 0;
        for (int i = 0; i <= line.length(); i++) {
            if (i < line.length()) {
                accepted += sameHeader(line.substring(0, i) + line.substring(i + 1), next);
            }
            for (String s : inserts) {
                accepted += sameHeader(line.substring(0, i) + s + line.substring(i), next);
            }
        }
        assertTrue(accepted > 100, "the edits include many valid headers, accepted=" + accepted);
    }

    /**
     * Random headers (nested constants of every kind the scanner takes, boundary integers, non-ASCII strings, unknown
     * and misplaced fields), each also mangled at random: whatever the scanner returns equals Jackson's fields,
     * values, node classes and columns; whole traces give the same outcome either way.
     */
    @Test
    void randomAndMangledHeadersReadAsJacksonReadsThem() {
        java.util.Random random = new java.util.Random(15);
        String[] junk = {" ", "\"", "\\", "-", "0", ".", "e", ",", ":", "{", "}", "[", "]", "null", "\u00e9", "\u0000",
            "\"\"", "\"a\":1", "99999999999", "-0", "true", "fals"};
        int scanned = 0;
        for (int n = 0; n < 3000; n++) {
            StringBuilder b = new StringBuilder("{");
            java.util.List<String> keys = new java.util.ArrayList<>(java.util.List.of("format", "spec", "constants",
                    "invariants", "seed", "producer", "specHash", "seq", "x\u00e9"));
            java.util.Collections.shuffle(keys, random);
            String sep = "";
            java.util.List<String> chosen = new java.util.ArrayList<>(keys.subList(0, random.nextInt(keys.size() + 1)));
            if (!chosen.isEmpty() && random.nextInt(10) == 0) {
                chosen.add(random.nextInt(chosen.size() + 1), chosen.get(random.nextInt(chosen.size()))); // twice
            }
            for (String k : chosen) {
                b.append(sep).append('"').append(k).append("\":").append(switch (k) {
                    case "format" -> random.nextInt(8) == 0 ? "7" : "\"enlightened-trace/1\"";
                    case "spec" -> random.nextInt(8) == 0 ? "\"9x\"" : "\"TraceX\"";
                    default -> randomValue(random, 0);
                });
                sep = ",";
            }
            String line = b.append('}').toString();
            if (random.nextBoolean()) {
                int at = random.nextInt(line.length() + 1);
                int cut = Math.min(line.length(), at + random.nextInt(3));
                line = line.substring(0, at) + junk[random.nextInt(junk.length)] + line.substring(cut);
            }
            scanned += sameHeader(line, "\n" + RING_LINE + "\n") >= 0 && EventLine.fields(line) != null ? 1 : 0;
        }
        assertTrue(scanned > 1000, "the scanner read many of them, scanned=" + scanned);
    }

    private static String randomValue(java.util.Random random, int depth) {
        int kind = random.nextInt(depth > 3 ? 4 : 6);
        return switch (kind) {
            case 0 -> String.valueOf(switch (random.nextInt(6)) {
                case 0 -> 4294967295L;
                case 1 -> -2147483648L;
                case 2 -> 2147483648L;
                case 3 -> 0L;
                default -> (long) random.nextInt(1000) - 500;
            });
            case 1 -> random.nextBoolean() ? "true" : "false";
            case 2 -> "\"" + word(random, random.nextInt(4)) + (random.nextInt(5) == 0 ? "\u00e9\u4e2d" : "") + "\"";
            case 3 -> "\"Inv" + random.nextInt(3) + "\"";
            case 4 -> {
                StringBuilder a = new StringBuilder("[");
                for (int i = random.nextInt(4); i > 0; i--) {
                    a.append(randomValue(random, depth + 1)).append(i > 1 ? "," : "");
                }
                yield a.append(']').toString();
            }
            default -> {
                StringBuilder o = new StringBuilder("{");
                java.util.Set<String> keys = new java.util.LinkedHashSet<>();
                for (int i = random.nextInt(4); i > 0; i--) {
                    keys.add(word(random, 1 + random.nextInt(2)));
                }
                String sep = "";
                for (String k : keys) {
                    o.append(sep).append('"').append(k).append("\":").append(randomValue(random, depth + 1));
                    sep = ",";
                }
                yield o.append('}').toString();
            }
        };
    }

    /**
     * The header {@code line} followed by {@code rest}: the same outcome with the scanners on and off, and whatever
     * the header scanner returns equals Jackson's fields (a line it takes is one Jackson takes).
     *
     * @return 1 when the whole trace was accepted, else 0
     */
    private static int sameHeader(String line, String rest) {
        var fast = EventLine.fields(line);
        if (fast != null) {
            try {
                assertEquals(TraceParser.fields(NAME, 1, line, true), fast, () -> "header fields differ: " + line);
            } catch (TraceFormatException e) {
                throw new AssertionError("the scanner took a line Jackson rejects: " + line + ": " + e.reason());
            }
        }
        return same(line + rest) instanceof List ? 1 : 0;
    }

    /**
     * A Quiescent line is read as Jackson's nodes (its readers look at its params tree), never as a reader's own
     * values; every one-character edit of it, alone, after an event and before one, gives the same outcome.
     */
    @Test
    void readsAQuiescentLineAsJacksonDoes() {
        String line = "{\"seq\":2,\"action\":\"Quiescent\",\"actor\":\"consumer\",\"params\":{\"waitingFor\":\"data\","
                + "\"n\":[1]},\"post\":{\"writeIndex\":5},\"site\":\"R.java:9\"}";
        TraceEvent e = EventLine.event(line, 3, 2);
        assertNotNull(e, "the scanner takes a well-formed Quiescent line");
        assertTrue(e.isQuiescent());
        assertEquals("data", e.params().get("waitingFor").asText());
        assertNull(EventLine.scan(line, 3, 2, new EventValues<Object>() {
            @Override
            public Object text(String s) {
                return s;
            }

            @Override
            public Object integer(long v) {
                return v;
            }

            @Override
            public Object bool(boolean b) {
                return b;
            }

            @Override
            public Object array(List<Object> elements) {
                return elements;
            }

            @Override
            public Object object(List<String> names, List<Object> values) {
                return values;
            }
        }), "not as a reader's own values");
        String first = RING_LINE + "\n";
        String after = "\n{\"seq\":3,\"action\":\"Quiescent\",\"actor\":\"producer\","
                + "\"params\":{\"waitingFor\":\"space\"}}\n";
        String[] inserts = {" ", "\"", "\\", "-", "0", ",", ":", "{", "}", "x", "\u00e9", "null"};
        int accepted = 0;
        for (int i = 0; i <= line.length(); i++) {
            for (String edited : editsAt(line, i, inserts)) {
                accepted += same(HEADER + first + edited + "\n") instanceof List ? 1 : 0;
                accepted += same(HEADER + first + edited + after) instanceof List ? 1 : 0;
                same(HEADER + first + edited + "\n" + RING_LINE.replace("\"seq\":1", "\"seq\":3") + "\n");
            }
        }
        assertTrue(accepted > 100, "the edits include many valid traces, accepted=" + accepted);
    }

    private static List<String> editsAt(String line, int i, String[] inserts) {
        List<String> out = new java.util.ArrayList<>();
        if (i < line.length()) {
            out.add(line.substring(0, i) + line.substring(i + 1));
        }
        for (String s : inserts) {
            out.add(line.substring(0, i) + s + line.substring(i));
        }
        return out;
    }

    private static String word(java.util.Random random, int length) {
        char[] c = new char[length];
        for (int i = 0; i < length; i++) {
            c[i] = "abcd".charAt(random.nextInt(4));
        }
        return new String(c);
    }
}
