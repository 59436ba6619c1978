package dev.enlightened.validation.format;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A scanner for the event lines writers produce, which builds the {@link TraceEvent} that {@link TraceParser}'s
 * Jackson path builds, without Jackson's parser and tree reader. Issue 15: on the 893,805-event ring trace the
 * reader thread spent about 3.3 s of CPU, a quarter of the engine JVM's work outside the search.
 *
 * <p>It accepts only a line it can prove valid: one compact object ({@code {"k":v,...}}, no white space outside
 * strings) of the known event fields, each once, whose {@code seq} is the expected one, whose {@code action} is an
 * identifier ({@code Quiescent} only with an {@code actor} and a string {@code params.waitingFor}, and only when read
 * as Jackson's nodes: its readers look at its {@code params} tree), whose {@code actor} and {@code site} are strings,
 * and whose {@code params} and {@code post} are objects of integers in the trace's range, strings without escapes or
 * control characters, booleans, and arrays and objects of those, with no key twice. Anything else (white space,
 * escapes, {@code null}, fractions, exponents, big integers, a duplicate, any defect) returns null, and the Jackson
 * path reads the line: it gives every error message and position, so they are the same as without this scanner.
 * Switch: {@code -Denlightened.trace.scanner=false}.
 *
 * <p>The header line goes through the same scanner ({@link #fields}): its top-level fields with Jackson's nodes and
 * positions, or null and the Jackson path, under the same rule (compact, no escapes, no null, no float, no big
 * integer, no key twice). Issue 15: Jackson's parser read every header twice per trace of a batch and was compiled
 * by C1 during traces 2..20. Switch: {@code -Denlightened.trace.headerScanner=false}.
 *
 * <p>The values of {@code params} and {@code post} are built by an {@link EventValues}: Jackson's nodes for
 * {@link TraceEvent} ({@link #JSON}), or a reader's own (the engine's TLA+ values) through
 * {@link ValueSink}.
 *
 * <p>Quiescent lines (one a trace, at its end) are read too: they went to Jackson's parser, which then ran
 * interpreted once per trace of a batch, a line at the cost of a hundred. Switch:
 * {@code -Denlightened.trace.scanQuiescent=false}.
 */
final class EventLine {
    /** Whether the scanner is used ({@code -Denlightened.trace.scanner=false}: every line goes to Jackson). */
    static final boolean ON = Boolean.parseBoolean(System.getProperty("enlightened.trace.scanner", "true"));
    /** Whether a Quiescent line is scanned ({@code -Denlightened.trace.scanQuiescent=false}: Jackson reads it). */
    static final boolean QUIESCENT =
            Boolean.parseBoolean(System.getProperty("enlightened.trace.scanQuiescent", "true"));
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final int SEQ = 1;
    private static final int ACTION = 2;
    private static final int ACTOR = 4;
    private static final int PARAMS = 8;
    private static final int POST = 16;
    private static final int SITE = 32;
    /** Nesting the scanner follows before it leaves a line to Jackson (event lines nest two or three deep). */
    private static final int MAX_DEPTH = 16;
    /**
     * Whether strings already read are handed out again instead of a new substring ({@link #text};
     * {@code -Denlightened.trace.scannerMemo=false}: a substring for every string, as before).
     */
    static final boolean MEMO = Boolean.parseBoolean(System.getProperty("enlightened.trace.scannerMemo", "true"));
    /** Slots of the memo (a power of two): a ring trace has about 30 distinct keys, actions and actors. */
    private static final int MEMO_SLOTS = 512;
    /** Longer strings (e.g. a {@code site} with a line number) are not remembered. */
    private static final int MEMO_MAX_CHARS = 40;
    private static final String[] MEMO_TEXT = new String[MEMO_SLOTS];

    /** The nodes Jackson's tree reader makes of the same values. */
    static final EventValues<JsonNode> JSON = new EventValues<>() {
        @Override
        public JsonNode text(String s) {
            return TextNode.valueOf(s);
        }

        @Override
        public JsonNode integer(long v) {
            // Jackson's tree holds an int that fits as an IntNode, a larger one as a LongNode.
            return v == (int) v ? IntNode.valueOf((int) v) : LongNode.valueOf(v);
        }

        @Override
        public JsonNode bool(boolean b) {
            return b ? BooleanNode.TRUE : BooleanNode.FALSE;
        }

        @Override
        public JsonNode array(List<JsonNode> elements) {
            ArrayNode a = NODES.arrayNode(elements.size());
            a.addAll(elements);
            return a;
        }

        @Override
        public JsonNode object(List<String> names, List<JsonNode> values) {
            ObjectNode o = NODES.objectNode();
            for (int i = 0; i < names.size(); i++) {
                o.set(names.get(i), values.get(i));
            }
            return o;
        }
    };

    /**
     * An event line read with a reader's own values: the event without JSON trees ({@code params} and {@code post}
     * null), the two objects as {@code values} built them (an absent one as the empty object), and the keys of
     * {@code post} in the line's order.
     */
    record Scanned<V>(TraceEvent event, V params, V post, List<String> postNames) {
    }

    private final String line;
    private int pos;
    /** Keys of the top-level post object, in order (set by {@link #event}). */
    private List<String> postNames = List.of();

    private EventLine(String line) {
        this.line = line;
    }

    /** Thrown, without a stack trace, where the scanner stops: the line goes to the Jackson path. */
    private static final class Unsure extends Exception {
        private static final long serialVersionUID = 1L;
        static final Unsure INSTANCE = new Unsure();

        private Unsure() {
            super(null, null, false, false);
        }
    }

    /**
     * @param line        an event line without its line end
     * @param lineNo      its 1-based line number
     * @param expectedSeq the seq it must carry
     * @return the event as {@link TraceParser} reads it, or null when the Jackson path must read the line
     */
    static TraceEvent event(String line, int lineNo, long expectedSeq) {
        Scanned<JsonNode> s = scan(line, lineNo, expectedSeq, JSON);
        return s == null ? null : new TraceEvent(lineNo, s.event.actionColumn(), expectedSeq, s.event.action(),
                s.event.actor(), (ObjectNode) s.params, (ObjectNode) s.post, line);
    }

    /**
     * @return the event line read with {@code values}, or null when the Jackson path must read the line (exactly
     *         when {@link #event(String, int, long)} returns null)
     */
    static <V> Scanned<V> scan(String line, int lineNo, long expectedSeq, EventValues<V> values) {
        try {
            return new EventLine(line).event(lineNo, expectedSeq, values);
        } catch (Unsure | RuntimeException e) {
            return null;
        }
    }

    /**
     * @param line a line without its line end (the header)
     * @return its top-level fields as the Jackson path reads them (each value as Jackson's tree reader makes it,
     *         with the columns of the value and of the name), or null when the Jackson path must read the line
     */
    static Map<String, TraceParser.Field> fields(String line) {
        try {
            return new EventLine(line).fields();
        } catch (Unsure | RuntimeException e) {
            return null;
        }
    }

    private Map<String, TraceParser.Field> fields() throws Unsure {
        expect('{');
        Map<String, TraceParser.Field> fields = new LinkedHashMap<>();
        if (peek() == '}') {
            pos++;
        } else {
            while (true) {
                int nameColumn = pos + 1;
                String name = string();
                expect(':');
                int column = pos + 1;
                if (fields.put(name, new TraceParser.Field(value(0, JSON), column, nameColumn)) != null) {
                    throw Unsure.INSTANCE;
                }
                char c = next();
                if (c == '}') {
                    break;
                }
                if (c != ',') {
                    throw Unsure.INSTANCE;
                }
            }
        }
        if (pos != line.length()) {
            throw Unsure.INSTANCE;
        }
        return fields;
    }

    private <V> Scanned<V> event(int lineNo, long expectedSeq, EventValues<V> values) throws Unsure {
        expect('{');
        int seen = 0;
        String action = null;
        int actionColumn = 0;
        String actor = null;
        V params = null;
        V post = null;
        boolean seqSeen = false;
        if (peek() == '}') {
            throw Unsure.INSTANCE;
        }
        while (true) {
            String name = string();
            expect(':');
            int field = field(name);
            if (field == 0 || (seen & field) != 0) {
                throw Unsure.INSTANCE;
            }
            seen |= field;
            switch (field) {
                case SEQ -> {
                    if (peek() == '-' || number() != expectedSeq) {
                        throw Unsure.INSTANCE;
                    }
                    seqSeen = true;
                }
                case ACTION -> {
                    actionColumn = pos + 1;
                    action = string();
                    boolean quiescent = TraceEvent.QUIESCENT.equals(action);
                    if (!identifier(action) || (quiescent && (!QUIESCENT || values != JSON))) {
                        throw Unsure.INSTANCE;
                    }
                }
                case ACTOR -> actor = string();
                case SITE -> string();
                case PARAMS -> params = object(1, values, false);
                default -> post = object(1, values, true);
            }
            char c = next();
            if (c == '}') {
                break;
            }
            if (c != ',') {
                throw Unsure.INSTANCE;
            }
        }
        if (pos != line.length() || !seqSeen || action == null) {
            throw Unsure.INSTANCE;
        }
        if (TraceEvent.QUIESCENT.equals(action) && (actor == null || !(params instanceof JsonNode p)
                || !p.path("waitingFor").isTextual())) {
            throw Unsure.INSTANCE; // Jackson's path names what is missing
        }
        return new Scanned<>(new TraceEvent(lineNo, actionColumn, expectedSeq, action, actor, null, null, line),
                params == null ? values.object(List.of(), List.of()) : params,
                post == null ? values.object(List.of(), List.of()) : post, postNames);
    }

    private static int field(String name) {
        return switch (name) {
            case "seq" -> SEQ;
            case "action" -> ACTION;
            case "actor" -> ACTOR;
            case "params" -> PARAMS;
            case "post" -> POST;
            case "site" -> SITE;
            default -> 0;
        };
    }

    private <V> V object(int depth, EventValues<V> values, boolean post) throws Unsure {
        if (depth > MAX_DEPTH) {
            throw Unsure.INSTANCE;
        }
        expect('{');
        List<String> names = new ArrayList<>();
        List<V> vals = new ArrayList<>();
        if (peek() == '}') {
            pos++;
            return done(names, vals, values, post);
        }
        while (true) {
            String name = string();
            expect(':');
            // No key twice (Jackson's duplicate detection): an object of a trace has a few keys.
            if (names.contains(name)) {
                throw Unsure.INSTANCE;
            }
            names.add(name);
            vals.add(value(depth, values));
            char c = next();
            if (c == '}') {
                return done(names, vals, values, post);
            }
            if (c != ',') {
                throw Unsure.INSTANCE;
            }
        }
    }

    private <V> V done(List<String> names, List<V> vals, EventValues<V> values, boolean post) {
        if (post) {
            postNames = names;
        }
        return values.object(names, vals);
    }

    private <V> V array(int depth, EventValues<V> values) throws Unsure {
        if (depth > MAX_DEPTH) {
            throw Unsure.INSTANCE;
        }
        expect('[');
        List<V> a = new ArrayList<>();
        if (peek() == ']') {
            pos++;
            return values.array(a);
        }
        while (true) {
            a.add(value(depth, values));
            char c = next();
            if (c == ']') {
                return values.array(a);
            }
            if (c != ',') {
                throw Unsure.INSTANCE;
            }
        }
    }

    private <V> V value(int depth, EventValues<V> values) throws Unsure {
        char c = peek();
        if (c == '"') {
            return values.text(string());
        }
        if (c == '-' || (c >= '0' && c <= '9')) {
            return values.integer(number());
        }
        if (c == '{') {
            return object(depth + 1, values, false);
        }
        if (c == '[') {
            return array(depth + 1, values);
        }
        if (line.startsWith("true", pos)) {
            pos += 4;
            return values.bool(true);
        }
        if (line.startsWith("false", pos)) {
            pos += 5;
            return values.bool(false);
        }
        throw Unsure.INSTANCE;
    }

    /** A JSON integer in the trace's range ({@link TraceParser#MIN_INT} .. {@link TraceParser#MAX_INT}). */
    private long number() throws Unsure {
        int start = pos;
        boolean negative = peek() == '-';
        if (negative) {
            pos++;
        }
        int digits = pos;
        long v = 0;
        while (pos < line.length() && line.charAt(pos) >= '0' && line.charAt(pos) <= '9') {
            v = v * 10 + (line.charAt(pos) - '0');
            pos++;
            if (pos - digits > 10) {
                throw Unsure.INSTANCE;
            }
        }
        int n = pos - digits;
        // JSON has no leading zeros; a fraction or exponent makes a float, which Jackson reads otherwise.
        if (n == 0 || (n > 1 && line.charAt(digits) == '0') || (pos < line.length()
                && (line.charAt(pos) == '.' || line.charAt(pos) == 'e' || line.charAt(pos) == 'E'))) {
            throw Unsure.INSTANCE;
        }
        v = negative ? -v : v;
        if (v < TraceParser.MIN_INT || v > TraceParser.MAX_INT || pos == start) {
            throw Unsure.INSTANCE;
        }
        return v;
    }

    /** A string without escapes or control characters (both legal JSON, both left to Jackson). */
    private String string() throws Unsure {
        expect('"');
        int start = pos;
        int hash = 0;
        while (true) {
            char c = line.charAt(pos);
            if (c == '"') {
                break;
            }
            if (c == '\\' || c < 0x20) {
                throw Unsure.INSTANCE;
            }
            hash = 31 * hash + c;
            pos++;
        }
        return text(start, pos++, hash);
    }

    /**
     * {@code line.substring(start, end)}, or an equal string read before: keys, actions and actors repeat on every
     * line (issue 15: a substring per key and name was a tenth of a short trace's allocation in a batch). The
     * cache is shared by threads without a lock: a slot holds an immutable string or null, and a hit is checked
     * character by character, so a slot overwritten by another thread at worst misses.
     */
    private String text(int start, int end, int hash) {
        int len = end - start;
        if (!MEMO || len > MEMO_MAX_CHARS) {
            return line.substring(start, end);
        }
        int slot = (hash ^ (hash >>> 16) ^ len) & (MEMO_SLOTS - 1);
        String seen = MEMO_TEXT[slot];
        if (seen != null && seen.length() == len && line.regionMatches(start, seen, 0, len)) {
            return seen;
        }
        String s = line.substring(start, end);
        MEMO_TEXT[slot] = s;
        return s;
    }

    private static boolean identifier(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean letter = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
            if (!letter && (i == 0 || c < '0' || c > '9')) {
                return false;
            }
        }
        return true;
    }

    private char peek() {
        return line.charAt(pos);
    }

    private char next() {
        return line.charAt(pos++);
    }

    private void expect(char c) throws Unsure {
        if (line.charAt(pos++) != c) {
            throw Unsure.INSTANCE;
        }
    }
}
