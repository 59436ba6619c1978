package dev.enlightened.validation.format;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Strict reader of {@code enlightened-trace/1} files. Every defect becomes a {@link TraceFormatException} naming
 * the line, the column and the reason; nothing is guessed or skipped. A last line without a newline whose JSON is
 * incomplete is reported as truncated (the writer stopped mid-line), never silently dropped.
 */
public final class TraceParser {
    // Duplicate keys at any depth are bad input (Jackson would keep the last one silently): a trace must not
    // be able to show a checker one value and a reader another.
    private static final ObjectMapper MAPPER = new ObjectMapper(com.fasterxml.jackson.core.JsonFactory.builder()
            .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION).build());
    private static final Pattern DUPLICATE = Pattern.compile("Duplicate field '([^']*)'");
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Set<String> HEADER_FIELDS =
            Set.of("format", "spec", "constants", "invariants", "seed", "producer", "specHash");
    private static final Set<String> EVENT_FIELDS = Set.of("seq", "action", "actor", "params", "post", "site");

    private TraceParser() {
    }

    /**
     * Reads and checks a whole trace.
     *
     * @param file the NDJSON file
     * @return the header and the events
     * @throws TraceFormatException on the first defect, with its position
     * @throws IOException          when the file cannot be read
     */
    public static ParsedTrace parse(Path file) throws TraceFormatException, IOException {
        try (Lines lines = Lines.open(file, 0, 0)) {
            return collect(file, lines, EventLine.ON);
        }
    }

    /**
     * Reads and checks a whole trace held in memory, by the same line reader and checks as {@link #parse(Path)}
     * (the fuzz target's path: writing each input to a file first held it to about 120 inputs a second).
     *
     * @param name  the name positions are reported against
     * @param bytes the NDJSON text
     * @return the header and the events
     * @throws TraceFormatException on the first defect, with its position
     */
    static ParsedTrace parse(Path name, byte[] bytes) throws TraceFormatException {
        return parse(name, bytes, EventLine.ON);
    }

    /** As {@link #parse(Path, byte[])}, with {@link EventLine}'s scanner on or off (tests compare the two). */
    static ParsedTrace parse(Path name, byte[] bytes, boolean scanner) throws TraceFormatException {
        try (Lines lines = new Lines(name, new java.io.ByteArrayInputStream(bytes), 0, 0)) {
            return collect(name, lines, scanner);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("a byte array cannot fail to read", e);
        }
    }

    private static ParsedTrace collect(Path file, Lines lines, boolean scanner)
            throws TraceFormatException, IOException {
        List<TraceEvent> events = new ArrayList<>();
        TraceHeader[] header = new TraceHeader[1];
        parse(file, lines, new Sink() {
            @Override
            public void header(TraceHeader h) {
                header[0] = h;
            }

            @Override
            public void event(TraceEvent e) {
                events.add(e);
            }
        }, scanner);
        return new ParsedTrace(file, header[0], Collections.unmodifiableList(events));
    }

    /**
     * Receives a trace line by line, so a consumer of millions of events need not hold their JSON trees. A sink
     * may reject a line by throwing a {@link TraceFormatException} of its own (e.g. an action its spec lacks).
     */
    public interface Sink {
        /** Line 1. */
        void header(TraceHeader header) throws TraceFormatException;

        /** Each event line, in order. */
        void event(TraceEvent event) throws TraceFormatException;

        /** Called before each event line with the byte offset where it starts and its line number. */
        default void lineStart(long byteOffset, int lineNo) {
        }
    }

    /** Whether a {@link ValueSink} gets the scanner's lines as values ({@code enlightened.trace.directValues}). */
    static final boolean DIRECT_VALUES =
            Boolean.parseBoolean(System.getProperty("enlightened.trace.directValues", "true"));

    /**
     * Reads and checks a whole trace, handing each line to {@code sink} as soon as it is checked. The file is
     * streamed (one line in memory at a time), so memory does not grow with the trace.
     *
     * @throws TraceFormatException on the first defect, with its position
     * @throws IOException          when the file cannot be read
     */
    public static void parse(Path file, Sink sink) throws TraceFormatException, IOException {
        parse(file, sink, EventLine.ON);
    }

    /** As {@link #parse(Path, Sink)}, with {@link EventLine}'s scanner on or off (benchmarks compare the two). */
    static void parse(Path file, Sink sink, boolean scanner) throws TraceFormatException, IOException {
        try (Lines lines = Lines.open(file, 0, 0)) {
            parse(file, lines, sink, scanner);
        }
    }

    private static void parse(Path file, Lines lines, Sink sink, boolean scanner)
            throws TraceFormatException, IOException {
        String first = lines.next();
        if (first == null) {
            throw new TraceFormatException(file, 1, 0, "empty file: expected a header line");
        }
        sink.header(header(file, first, lines.terminated(), scanner));
        EventLines events = new EventLines(file, lines, sink, scanner);
        while (events.next()) {
            // One call per line: the loop runs once per trace, too few times for the JIT to compile it (issue 15:
            // a batch's per-line work ran interpreted); the call's body is compiled during the first trace.
        }
        if (events.expectedSeq == 1) {
            throw new TraceFormatException(file, 1, 0, "the trace has a header but no events: nothing to "
                    + "validate (was the run traced? did the writer stop before the first event?)");
        }
    }

    /** The event lines after the header, read and handed to the sink one per {@link #next} call. */
    private static final class EventLines {
        private final Path file;
        private final Lines lines;
        private final Sink sink;
        private final boolean scanner;
        private final ValueSink<?> direct;
        private long expectedSeq = 1;
        private boolean quiescentSeen;

        EventLines(Path file, Lines lines, Sink sink, boolean scanner) {
            this.file = file;
            this.lines = lines;
            this.sink = sink;
            this.scanner = scanner;
            this.direct = scanner && DIRECT_VALUES && sink instanceof ValueSink<?> v ? v : null;
        }

        /** @return false at the end of the file */
        boolean next() throws TraceFormatException, IOException {
            String line = lines.next();
            if (line == null) {
                return false;
            }
            int lineNo = lines.lineNo();
            sink.lineStart(lines.lineOffset(), lineNo);
            if (direct != null && scanned(direct, line, lineNo, expectedSeq, quiescentSeen, file)) {
                expectedSeq++;
                return true;
            }
            TraceEvent event = event(file, lineNo, line, lines.terminated(), expectedSeq++, scanner);
            if (quiescentSeen && !event.isQuiescent()) {
                throw new TraceFormatException(file, lineNo, event.actionColumn(),
                        "event after a Quiescent event: only further Quiescent events may end a trace, action="
                                + event.action());
            }
            quiescentSeen |= event.isQuiescent();
            sink.event(event);
            return true;
        }
    }

    /**
     * Hands {@code line} to {@code sink} as its own values when the scanner is sure of it.
     *
     * @return false when the line must take the Jackson path
     */
    private static <V> boolean scanned(ValueSink<V> sink, String line, int lineNo, long expectedSeq,
                                       boolean quiescentSeen, Path file) throws TraceFormatException {
        EventLine.Scanned<V> s = EventLine.scan(line, lineNo, expectedSeq, sink.values());
        if (s == null) {
            return false;
        }
        if (quiescentSeen) { // never a Quiescent event: the scanner reads those only as Jackson's nodes
            throw new TraceFormatException(file, lineNo, s.event().actionColumn(), "event after a Quiescent event: "
                    + "only further Quiescent events may end a trace, action=" + s.event().action());
        }
        sink.event(s.event(), s.params(), s.post(), s.postNames());
        return true;
    }

    /**
     * Re-reads {@code count} event lines that already passed {@link #parse}, from the byte {@code offset} where
     * line {@code lineNo} (event {@code seq}) starts: the engine keeps a bounded window of events and reloads
     * older ones from the file when the search backtracks that far or a diagnosis shows them.
     */
    public static void reparse(Path file, long offset, int lineNo, long seq, int count, Sink sink)
            throws TraceFormatException, IOException {
        try (Lines lines = Lines.open(file, offset, lineNo - 1)) {
            for (int i = 0; i < count; i++) {
                String line = lines.next();
                if (line == null) {
                    throw new TraceFormatException(file, lines.lineNo() + 1, 0, "the trace file changed while "
                            + "it was validated: it ended before event seq=" + (seq + i));
                }
                sink.lineStart(lines.lineOffset(), lines.lineNo());
                sink.event(event(file, lines.lineNo(), line, lines.terminated(), seq + i, EventLine.ON));
            }
        }
    }

    /**
     * Re-reads one event line that already passed {@link #parse}: the engine keeps only raw lines of long traces
     * and restores the JSON of the few events a diagnosis shows.
     */
    public static TraceEvent reparse(Path file, int lineNo, long seq, String raw) throws TraceFormatException {
        return event(file, lineNo, raw, fields(file, lineNo, raw, true), seq);
    }

    /**
     * Reads and checks line 1 only: enough to pick the spec and constants of a batch.
     *
     * @param file the NDJSON file
     * @return the header
     * @throws TraceFormatException when line 1 is not a valid header, or the file is no readable trace file
     * @throws IOException          when the file cannot be read
     */
    public static TraceHeader readHeader(Path file) throws TraceFormatException, IOException {
        try (Lines lines = Lines.open(file, 0, 0, HEADER_BLOCK_BYTES)) {
            String line = lines.next();
            if (line == null) {
                throw new TraceFormatException(file, 1, 0, "empty file: expected a header line");
            }
            return header(file, line, lines.terminated(), EventLine.ON);
        }
    }

    /**
     * Column (1-based) of the value at {@code path} in a line ({@code params}, {@code len}), or 0 when it is not
     * there: a second pass over the text, paid only when a message needs a nested position.
     */
    public static int column(String line, String... path) {
        try (JsonParser p = MAPPER.createParser(line)) {
            int depth = 0;
            int matched = 0;
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
                    depth++;
                } else if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
                    depth--;
                    matched = Math.min(matched, depth);
                } else if (t == JsonToken.FIELD_NAME && depth == matched + 1 && matched < path.length
                        && path[matched].equals(p.currentName())) {
                    matched++;
                    if (matched == path.length) {
                        p.nextToken();
                        return p.currentTokenLocation().getColumnNr();
                    }
                }
            }
        } catch (IOException e) {
            return 0;
        }
        return 0;
    }

    /** Files larger than this per line are rejected before they are decoded: one line must fit in memory. */
    static final int MAX_LINE_BYTES = 16 << 20;
    /** The block {@link Lines} reads at a time from a long file. */
    private static final int BLOCK_BYTES = 1 << 16;
    /** The smallest block: a line longer than the block is read over several (see {@link Lines#next}). */
    private static final int MIN_BLOCK_BYTES = 512;
    /** {@link #readHeader} reads line 1 only: a header is a few hundred bytes. */
    private static final int HEADER_BLOCK_BYTES = 4 << 10;

    /**
     * The lines of a file, decoded as strict UTF-8 one at a time, with the byte offset where each starts. Invalid
     * UTF-8 (binary data) is reported at its line and column, not as a decoder's message.
     */
    private static final class Lines implements java.io.Closeable {
        private final Path file;
        private final java.io.InputStream in;
        private final java.nio.charset.CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT);
        private byte[] buf = new byte[512];
        /** Bytes read from the file and not yet scanned: {@code block[pos, lim)}. */
        private final byte[] block;
        private int pos;
        private int lim;
        private long offset;
        private long lineOffset;
        private int lineNo;
        private boolean terminated;
        private boolean eof;

        private Lines(Path file, java.io.InputStream in, long offset, int lineNo) {
            this(file, in, offset, lineNo, BLOCK_BYTES);
        }

        private Lines(Path file, java.io.InputStream in, long offset, int lineNo, int blockBytes) {
            this.file = file;
            this.in = in;
            this.offset = offset;
            this.lineNo = lineNo;
            this.block = new byte[blockBytes];
        }

        static Lines open(Path file, long offset, int linesBefore) throws TraceFormatException, IOException {
            return open(file, offset, linesBefore, BLOCK_BYTES);
        }

        /**
         * @param maxBlock the largest block read at a time; the block is no larger than the rest of the file (plus
         *                 one byte to see its end), so a 50 KB trace of a batch does not allocate and zero 64 KB
         */
        static Lines open(Path file, long offset, int linesBefore, int maxBlock)
                throws TraceFormatException, IOException {
            if (Files.isDirectory(file)) {
                throw new TraceFormatException(file, 0, 0, "is a directory, not a trace file: name the .ndjson "
                        + "files in it");
            }
            if (!Files.exists(file)) {
                throw new TraceFormatException(file, 0, 0, "no such trace file");
            }
            java.nio.channels.SeekableByteChannel ch = Files.newByteChannel(file);
            try {
                ch.position(offset);
                long rest = Math.max(0, ch.size() - offset);
                int blockBytes = (int) Math.max(MIN_BLOCK_BYTES, Math.min(maxBlock, rest + 1));
                // No BufferedInputStream: every read fills a whole block already, and its own 64 KB buffer was
                // one more array allocated and zeroed per file opened (issue 15).
                return new Lines(file, java.nio.channels.Channels.newInputStream(ch), offset, linesBefore,
                        blockBytes);
            } catch (IOException | RuntimeException e) {
                ch.close();
                throw e;
            }
        }

        /** @return the next line without its line end ({@code \n} or {@code \r\n}), or null at the end */
        String next() throws TraceFormatException, IOException {
            if (eof) {
                return null;
            }
            // Scans a block at a time (issue 15: a byte at a time through BufferedInputStream.read, which takes
            // its lock per call, was a fifth of the reader thread on a 1M-event trace).
            int n = 0;
            boolean newline = false;
            lineOffset = offset;
            while (true) {
                if (pos == lim) {
                    int r = in.read(block, 0, block.length);
                    if (r < 0) {
                        break;
                    }
                    pos = 0;
                    lim = r;
                    continue;
                }
                int start = pos;
                int i = start;
                while (i < lim && block[i] != '\n') {
                    i++;
                }
                int len = i - start;
                if (n + len > buf.length) {
                    if (n + len > MAX_LINE_BYTES) {
                        throw new TraceFormatException(file, lineNo + 1, 0, "line longer than "
                                + (MAX_LINE_BYTES >> 20) + " MiB: not a trace line (binary data?)");
                    }
                    int size = buf.length;
                    while (size < n + len) {
                        size *= 2;
                    }
                    buf = java.util.Arrays.copyOf(buf, size);
                }
                System.arraycopy(block, start, buf, n, len);
                n += len;
                pos = i;
                if (i < lim) {
                    pos = i + 1;
                    newline = true;
                    break;
                }
            }
            offset += n + (newline ? 1 : 0);
            terminated = newline;
            if (!newline) {
                eof = true;
                if (n == 0) {
                    return null;
                }
            }
            lineNo++;
            if (n > 0 && buf[n - 1] == '\r') {
                n--;
            }
            return decode(n);
        }

        private String decode(int n) throws TraceFormatException {
            boolean ascii = true;
            for (int i = 0; i < n; i++) {
                if (buf[i] < 0) {
                    ascii = false;
                    break;
                }
            }
            if (ascii) {
                // ASCII is UTF-8 that decodes byte for byte: one copy into a compact string.
                return new String(buf, 0, n, StandardCharsets.ISO_8859_1);
            }
            java.nio.ByteBuffer bytes = java.nio.ByteBuffer.wrap(buf, 0, n);
            java.nio.CharBuffer chars = java.nio.CharBuffer.allocate(n);
            utf8.reset();
            java.nio.charset.CoderResult r = utf8.decode(bytes, chars, true);
            if (r.isError()) {
                throw new TraceFormatException(file, lineNo, chars.position() + 1, "not UTF-8 text: byte 0x"
                        + String.format("%02x", buf[bytes.position()] & 0xff) + " at byte " + (bytes.position() + 1)
                        + " of the line (binary data, or a file that is not an NDJSON trace?)");
            }
            utf8.flush(chars);
            chars.flip();
            return chars.toString();
        }

        int lineNo() {
            return lineNo;
        }

        long lineOffset() {
            return lineOffset;
        }

        boolean terminated() {
            return terminated;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    /** A top-level field's value, the column where the value starts and the column of its name. */
    record Field(JsonNode value, int column, int nameColumn) {
    }

    /**
     * Whether line 1 goes through {@link EventLine#fields} before Jackson (when the event scanner is on too;
     * {@code -Denlightened.trace.headerScanner=false}: Jackson reads every header, as before).
     */
    static final boolean HEADER_SCANNER =
            Boolean.parseBoolean(System.getProperty("enlightened.trace.headerScanner", "true"));

    /** Line 1: by {@link EventLine}'s scanner when it is sure of the line, else by Jackson; then checked. */
    private static TraceHeader header(Path file, String line, boolean terminated, boolean scanner)
            throws TraceFormatException {
        Map<String, Field> f = scanner && HEADER_SCANNER ? EventLine.fields(line) : null;
        // The scanner takes integers in the trace's range only and no fraction: integersInRange would find nothing.
        return f != null ? header(file, 1, line, f, false) : header(file, 1, line, fields(file, 1, line, terminated),
                true);
    }

    /** A line's top-level fields by Jackson's parser: every error's message and position. */
    static Map<String, Field> fields(Path file, int lineNo, String line, boolean terminated)
            throws TraceFormatException {
        if (line.isBlank()) {
            throw new TraceFormatException(file, lineNo, 1, "blank line: every line must be one JSON object");
        }
        Map<String, Field> fields = new LinkedHashMap<>();
        try (JsonParser p = MAPPER.createParser(line)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new TraceFormatException(file, lineNo, column(p), "expected a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                int nameColumn = column(p);
                JsonNode scalar = scalar(p, p.nextToken());
                int valueColumn = column(p);
                if (fields.put(name, new Field(scalar != null ? scalar : p.readValueAsTree(), valueColumn,
                        nameColumn)) != null) {
                    throw new TraceFormatException(file, lineNo, nameColumn, "duplicate field " + name);
                }
            }
            if (p.nextToken() != null) {
                throw new TraceFormatException(file, lineNo, column(p), "trailing content after the JSON object");
            }
        } catch (JsonProcessingException e) {
            if (!terminated) {
                throw new TraceFormatException(file, lineNo, 0, "truncated last line: no newline at the end and "
                        + "the JSON is incomplete (the writer stopped mid-line?)");
            }
            int col = e.getLocation() == null ? 0 : e.getLocation().getColumnNr();
            String m = e.getOriginalMessage();
            java.util.regex.Matcher dup = DUPLICATE.matcher(m == null ? "" : m);
            if (dup.find()) {
                // Jackson's location is just past the name; point at the name's opening quote.
                int at = line.lastIndexOf("\"" + dup.group(1) + "\"", Math.max(0, col - 1));
                throw new TraceFormatException(file, lineNo, at >= 0 ? at + 1 : col, "duplicate key "
                        + dup.group(1) + ": each key may appear once per object (a reader would keep only one of "
                        + "the values)");
            }
            throw new TraceFormatException(file, lineNo, col, "malformed JSON: " + m);
        } catch (IOException e) {
            throw new TraceFormatException(file, lineNo, 0, "unreadable line: " + e.getMessage());
        }
        return fields;
    }

    /**
     * A string, integer, boolean or null value as the node Jackson's tree reader makes of it ({@code TextNode},
     * {@code IntNode}, {@code LongNode} or {@code BigIntegerNode} by the number's size, {@code BooleanNode},
     * {@code NullNode}), without the tree reader: it sets up a deserialization context per call, and a line has
     * three scalar fields (seq, action, actor). Issue 15: the reader thread spent a quarter of its time there.
     *
     * @return the node, or null for an object, an array or a float (read by the tree reader)
     */
    private static JsonNode scalar(JsonParser p, JsonToken t) throws IOException {
        if (t == null) {
            return null;
        }
        switch (t) {
            case VALUE_STRING:
                return com.fasterxml.jackson.databind.node.TextNode.valueOf(p.getText());
            case VALUE_NUMBER_INT:
                switch (p.getNumberType()) {
                    case INT:
                        return com.fasterxml.jackson.databind.node.IntNode.valueOf(p.getIntValue());
                    case LONG:
                        return com.fasterxml.jackson.databind.node.LongNode.valueOf(p.getLongValue());
                    default:
                        return com.fasterxml.jackson.databind.node.BigIntegerNode.valueOf(p.getBigIntegerValue());
                }
            case VALUE_TRUE:
                return com.fasterxml.jackson.databind.node.BooleanNode.TRUE;
            case VALUE_FALSE:
                return com.fasterxml.jackson.databind.node.BooleanNode.FALSE;
            case VALUE_NULL:
                return com.fasterxml.jackson.databind.node.NullNode.getInstance();
            default:
                return null;
        }
    }

    private static int column(JsonParser p) {
        return p.currentTokenLocation().getColumnNr();
    }

    private static TraceHeader header(Path file, int lineNo, String line, Map<String, Field> f, boolean ranges)
            throws TraceFormatException {
        if (!f.containsKey("format") && (f.containsKey("seq") || f.containsKey("action"))) {
            throw new TraceFormatException(file, lineNo, 1, "the header is missing: line 1 is an event; a trace "
                    + "starts with {\"format\":\"" + TraceHeader.FORMAT + "\",\"spec\":\"Trace...\",...}");
        }
        unknownFields(file, lineNo, f, HEADER_FIELDS, "header");
        String format = string(file, lineNo, f, "format", true);
        if (!TraceHeader.FORMAT.equals(format)) {
            throw new TraceFormatException(file, lineNo, f.get("format").column,
                    "unsupported format=" + format + ", expected " + TraceHeader.FORMAT);
        }
        String spec = identifier(file, lineNo, f, "spec", true);
        Map<String, JsonNode> constants = new LinkedHashMap<>();
        Field c = f.get("constants");
        if (c != null) {
            if (!c.value.isObject()) {
                throw new TraceFormatException(file, lineNo, c.column, "constants must be an object");
            }
            for (var it = c.value.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (ranges) {
                    integersInRange(file, lineNo, line, e.getValue(), "constants", e.getKey());
                }
                constants.put(e.getKey(), e.getValue());
            }
        }
        List<String> invariants = new ArrayList<>();
        Field inv = f.get("invariants");
        if (inv != null) {
            if (!inv.value.isArray()) {
                throw new TraceFormatException(file, lineNo, inv.column, "invariants must be an array of names");
            }
            for (JsonNode n : inv.value) {
                if (!n.isTextual() || !IDENTIFIER.matcher(n.asText()).matches()) {
                    throw new TraceFormatException(file, lineNo, inv.column, "invariants must be names, got " + n);
                }
                invariants.add(n.asText());
            }
        }
        Field seed = f.get("seed");
        if (seed != null && !seed.value.canConvertToLong()) {
            throw new TraceFormatException(file, lineNo, seed.column, "seed must be an integer, seed=" + seed.value);
        }
        return new TraceHeader(format, spec, Collections.unmodifiableMap(constants), List.copyOf(invariants),
                seed == null ? null : seed.value.longValue(), string(file, lineNo, f, "producer", false));
    }

    /** The integers a trace may carry: TLC's 32-bit ints, and u32 wire values up to 2^32-1 (docs/trace-format.md). */
    public static final long MIN_INT = Integer.MIN_VALUE;
    /** Largest integer a trace may carry: 0xFFFFFFFF, the largest u32. */
    public static final long MAX_INT = 0xFFFF_FFFFL;

    /** Every integer inside {@code value} (at {@code path} of the line) must fit; else bad input at its column. */
    private static void integersInRange(Path file, int lineNo, String line, JsonNode value, String... path)
            throws TraceFormatException {
        if (value.isIntegralNumber()) {
            if (!value.canConvertToLong() || value.longValue() < MIN_INT || value.longValue() > MAX_INT) {
                throw new TraceFormatException(file, lineNo, column(line, path), String.join(".", path) + "="
                        + value + " is outside the integers a trace can carry (" + MIN_INT + " .. " + MAX_INT
                        + ", i.e. TLC's 32-bit integers and u32 wire values)");
            }
            return;
        }
        if (value.isNumber()) {
            throw new TraceFormatException(file, lineNo, column(line, path), String.join(".", path) + "="
                    + value + " is not an integer: traces carry integers only");
        }
        if (value.isObject()) {
            for (var it = value.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String[] sub = java.util.Arrays.copyOf(path, path.length + 1);
                sub[path.length] = e.getKey();
                integersInRange(file, lineNo, line, e.getValue(), sub);
            }
        } else if (value.isArray()) {
            for (JsonNode n : value) {
                integersInRange(file, lineNo, line, n, path);
            }
        }
    }

    /** An event line: by {@link EventLine} when it is sure of the line, else by Jackson (every error's path). */
    private static TraceEvent event(Path file, int lineNo, String line, boolean terminated, long expectedSeq,
                                    boolean scanner) throws TraceFormatException {
        TraceEvent e = scanner ? EventLine.event(line, lineNo, expectedSeq) : null;
        return e != null ? e : event(file, lineNo, line, fields(file, lineNo, line, terminated), expectedSeq);
    }

    private static TraceEvent event(Path file, int lineNo, String raw, Map<String, Field> f, long expectedSeq)
            throws TraceFormatException {
        unknownFields(file, lineNo, f, EVENT_FIELDS, "event");
        Field seq = f.get("seq");
        if (seq == null) {
            throw new TraceFormatException(file, lineNo, 0, "missing field seq");
        }
        if (!seq.value.isIntegralNumber() || !seq.value.canConvertToLong()) {
            throw new TraceFormatException(file, lineNo, seq.column, "seq must be an integer, seq=" + seq.value);
        }
        if (seq.value.longValue() != expectedSeq) {
            throw new TraceFormatException(file, lineNo, seq.column, "sequence gap: expected seq=" + expectedSeq
                    + ", found seq=" + seq.value.longValue());
        }
        String action = identifier(file, lineNo, f, "action", true);
        String actor = string(file, lineNo, f, "actor", false);
        ObjectNode params = object(file, lineNo, f, "params");
        ObjectNode post = object(file, lineNo, f, "post");
        integersInRange(file, lineNo, raw, params, "params");
        integersInRange(file, lineNo, raw, post, "post");
        string(file, lineNo, f, "site", false);
        if (TraceEvent.QUIESCENT.equals(action)) {
            if (actor == null) {
                throw new TraceFormatException(file, lineNo, 0, "missing field actor: a Quiescent event names the "
                        + "blocked party");
            }
            JsonNode waiting = params.get("waitingFor");
            if (waiting == null || !waiting.isTextual()) {
                throw new TraceFormatException(file, lineNo, f.containsKey("params") ? f.get("params").column : 0,
                        "missing field params.waitingFor (a string) in a Quiescent event");
            }
        }
        return new TraceEvent(lineNo, f.get("action").column, expectedSeq, action, actor, params, post, raw);
    }

    private static void unknownFields(Path file, int lineNo, Map<String, Field> f, Set<String> known, String what)
            throws TraceFormatException {
        for (Map.Entry<String, Field> e : f.entrySet()) {
            if (!known.contains(e.getKey())) {
                throw new TraceFormatException(file, lineNo, e.getValue().nameColumn,
                        "unknown " + what + " field " + e.getKey() + " (known: " + String.join(", ",
                                known.stream().sorted().toList()) + ")");
            }
        }
    }

    private static String string(Path file, int lineNo, Map<String, Field> f, String name, boolean required)
            throws TraceFormatException {
        Field field = f.get(name);
        if (field == null) {
            if (required) {
                throw new TraceFormatException(file, lineNo, 0, "missing field " + name);
            }
            return null;
        }
        if (!field.value.isTextual()) {
            throw new TraceFormatException(file, lineNo, field.column, name + " must be a string, "
                    + name + "=" + field.value);
        }
        return field.value.asText();
    }

    private static String identifier(Path file, int lineNo, Map<String, Field> f, String name, boolean required)
            throws TraceFormatException {
        String s = string(file, lineNo, f, name, required);
        if (s != null && !IDENTIFIER.matcher(s).matches()) {
            throw new TraceFormatException(file, lineNo, f.get(name).column,
                    name + " must be a TLA+ identifier, " + name + "=" + s);
        }
        return s;
    }

    private static ObjectNode object(Path file, int lineNo, Map<String, Field> f, String name)
            throws TraceFormatException {
        Field field = f.get(name);
        if (field == null) {
            return MAPPER.createObjectNode();
        }
        if (!field.value.isObject()) {
            throw new TraceFormatException(file, lineNo, field.column, name + " must be an object, "
                    + name + "=" + field.value);
        }
        return (ObjectNode) field.value;
    }
}
