package dev.enlightened.trace;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes an {@code enlightened-trace/1} NDJSON trace: the header line, then one event per line. Sequence numbers
 * are assigned here, under this object's lock, so line order equals sequence order. The writer is buffered and
 * flushed on {@link #close()} and every {@value #FLUSH_EVERY} events, so a crash loses at most a partial last
 * line, which the validator detects as truncated.
 */
public final class NdjsonTraceWriter implements TraceSink {
    private static final int FLUSH_EVERY = 4096;
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);

    private final Writer out;
    private long seq;
    private boolean closed;

    private NdjsonTraceWriter(Writer out, TraceHeader header) {
        this.out = out;
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("format", TraceHeader.FORMAT);
        line.put("spec", header.spec());
        line.put("constants", header.constants());
        line.put("seed", header.seed());
        line.put("producer", header.producer());
        writeLine(line);
    }

    /** Creates (or truncates) {@code file} and writes the header. */
    public static NdjsonTraceWriter create(Path file, TraceHeader header) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Writer w = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(file), StandardCharsets.UTF_8),
                1 << 16);
        return new NdjsonTraceWriter(w, header);
    }

    /** Writes to an arbitrary writer (tests, in-memory traces). The writer is closed by {@link #close()}. */
    public static NdjsonTraceWriter to(Writer writer, TraceHeader header) {
        return new NdjsonTraceWriter(writer, header);
    }

    @Override
    public boolean enabled() {
        return true;
    }

    @Override
    public synchronized long emit(String actor, String action, Map<String, Object> params,
                                  Map<String, Object> post) {
        if (closed) {
            throw new TraceWriteException("trace already closed: action=" + action, null);
        }
        long s = ++seq;
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("seq", s);
        line.put("action", action);
        line.put("actor", actor);
        line.put("params", params);
        if (!post.isEmpty()) {
            line.put("post", post);
        }
        writeLine(line);
        if (s % FLUSH_EVERY == 0) {
            flush();
        }
        return s;
    }

    /** Number of events written so far. */
    public synchronized long events() {
        return seq;
    }

    private void writeLine(Map<String, Object> line) {
        try {
            out.write(MAPPER.writeValueAsString(line));
            out.write('\n');
        } catch (IOException e) {
            throw new TraceWriteException("cannot write trace line: " + e.getMessage(), e);
        }
    }

    private void flush() {
        try {
            out.flush();
        } catch (IOException e) {
            throw new TraceWriteException("cannot flush trace: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            out.close();
        } catch (IOException e) {
            throw new TraceWriteException("cannot close trace: " + e.getMessage(), e);
        }
    }
}
