package dev.enlightened.validation.policy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.enlightened.validation.format.TraceFormatException;
import dev.enlightened.validation.format.TraceHeader;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * Which header constants a trace module lets a trace set, read from {@code Trace<Spec>.header.json} next to the
 * module (format: docs/trace-format.md, "Header constants"). A header constant is accepted only when the module
 * declares it {@code settable} and the value is within its {@link ValueRange}, or declares it {@code pinned} and the
 * value equals the pinned one. Anything else (a variant switch, a misspelt name, a value out of range) is bad input
 * at the constant's line and column, before any spec is loaded: a trace cannot choose its model.
 */
public final class HeaderPolicy {
    /** The declaration file's name for a module {@code TraceX.tla}: {@code TraceX.header.json}. */
    public static final String SUFFIX = ".header.json";
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private final String module;
    private final Map<String, ValueRange> settable;
    private final Map<String, JsonNode> pinned;

    private HeaderPolicy(String module, Map<String, ValueRange> settable, Map<String, JsonNode> pinned) {
        this.module = module;
        this.settable = settable;
        this.pinned = pinned;
    }

    /** The declaration is missing or malformed: the module cannot be used to validate traces. */
    public static final class DeclarationError extends Exception {
        private static final long serialVersionUID = 1L;

        DeclarationError(String message) {
            super(message);
        }
    }

    /**
     * Reads the declaration beside a trace module.
     *
     * @param moduleFile the {@code Trace<Spec>.tla} file
     * @return its policy
     * @throws DeclarationError when the declaration is missing or malformed (the message names the file)
     */
    public static HeaderPolicy forModule(Path moduleFile) throws DeclarationError {
        String file = moduleFile.getFileName().toString();
        String name = file.endsWith(".tla") ? file.substring(0, file.length() - 4) : file;
        Path decl = moduleFile.resolveSibling(name + SUFFIX);
        if (!Files.isRegularFile(decl)) {
            throw new DeclarationError(name + " declares no header constants (" + decl.getFileName() + " is "
                    + "missing next to it), so no trace can be validated against it: only trace modules with a"
                    + " declaration are a trace's model");
        }
        JsonNode root;
        try {
            root = JSON.readTree(decl.toFile());
        } catch (IOException e) {
            throw new DeclarationError("cannot read " + decl + ": " + e.getMessage());
        }
        Map<String, ValueRange> settable = new LinkedHashMap<>();
        Map<String, JsonNode> pinned = new LinkedHashMap<>();
        JsonNode s = root.path("settable");
        for (var it = s.fields(); it.hasNext(); ) {
            var e = it.next();
            if (!e.getValue().hasNonNull("why")) {
                throw new DeclarationError(decl + ": settable." + e.getKey() + " gives no reason (why)");
            }
            try {
                settable.put(e.getKey(), ValueRange.parse(e.getValue()));
            } catch (IllegalArgumentException ex) {
                throw new DeclarationError(decl + ": settable." + e.getKey() + ": " + ex.getMessage());
            }
        }
        JsonNode p = root.path("pinned");
        for (var it = p.fields(); it.hasNext(); ) {
            var e = it.next();
            if (!e.getValue().has("value") || !e.getValue().hasNonNull("why")) {
                throw new DeclarationError(decl + ": pinned." + e.getKey() + " needs a value and a reason (why)");
            }
            if (settable.containsKey(e.getKey())) {
                throw new DeclarationError(decl + ": " + e.getKey() + " is both settable and pinned");
            }
            pinned.put(e.getKey(), e.getValue().get("value"));
        }
        return new HeaderPolicy(name, Map.copyOf(settable), Map.copyOf(pinned));
    }

    /** @return the constants a header may set, with their ranges */
    public Map<String, ValueRange> settable() {
        return settable;
    }

    /** @return the constants a header may only repeat, with the one value it may give */
    public Map<String, JsonNode> pinned() {
        return pinned;
    }

    /**
     * Checks a trace's header constants against the declaration.
     *
     * @param file   the trace (its line 1 is re-read for the constants' columns)
     * @param header its parsed header
     * @throws TraceFormatException at the first constant that is not allowed, with its line 1 column
     */
    public void check(Path file, TraceHeader header) throws TraceFormatException {
        Map<String, Integer> columns = null;
        for (Map.Entry<String, JsonNode> c : header.constants().entrySet()) {
            String problem = problem(c.getKey(), c.getValue());
            if (problem != null) {
                if (columns == null) {
                    columns = columns(file);
                }
                throw new TraceFormatException(file, 1, columns.getOrDefault(c.getKey(), 0), problem);
            }
        }
    }

    /** @return why constant {@code name = value} may not come from a trace, or null when it may */
    String problem(String name, JsonNode value) {
        ValueRange range = settable.get(name);
        if (range != null) {
            String bad = range.check(value);
            return bad == null ? null : "header constant " + name + "=" + abbreviate(value) + " is outside what "
                    + module + " accepts: " + bad + " (" + module + SUFFIX + ")";
        }
        JsonNode fixed = pinned.get(name);
        if (fixed != null) {
            return sameValue(fixed, value) ? null : "header constant " + name + "=" + abbreviate(value)
                    + ": the validator checks every trace of " + module + " with " + name + "=" + fixed
                    + " and a trace cannot choose another (it selects the spec's variant, not the scenario)";
        }
        return "header constant " + name + " is not one a trace may set: " + module + " lets a header set only "
                + new TreeSet<>(settable.keySet()) + (pinned.isEmpty() ? "" : " and repeat "
                + new TreeSet<>(pinned.keySet())) + "; the spec's variant switches are fixed by the validator"
                + " (misspelt?)";
    }

    private static boolean sameValue(JsonNode fixed, JsonNode value) {
        if (fixed.isArray() && value.isArray()) {
            TreeSet<String> a = new TreeSet<>();
            TreeSet<String> b = new TreeSet<>();
            fixed.forEach(n -> a.add(n.toString()));
            value.forEach(n -> b.add(n.toString()));
            return a.equals(b) && a.size() == fixed.size() && b.size() == value.size();
        }
        return fixed.equals(value);
    }

    static String abbreviate(JsonNode v) {
        String s = v.toString();
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }

    /** Columns of the names in line 1's {@code constants} object (1-based, as the parser reports them). */
    private static Map<String, Integer> columns(Path file) {
        Map<String, Integer> out = new HashMap<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
             JsonParser p = JSON.createParser(in.readLine())) {
            int depth = 0;
            boolean inConstants = false;
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
                    depth++;
                } else if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
                    depth--;
                    inConstants &= depth >= 2;
                } else if (t == JsonToken.FIELD_NAME && depth == 1) {
                    inConstants = "constants".equals(p.currentName());
                } else if (t == JsonToken.FIELD_NAME && depth == 2 && inConstants) {
                    out.putIfAbsent(p.currentName(), p.currentTokenLocation().getColumnNr());
                }
            }
        } catch (IOException | RuntimeException e) {
            // The header already parsed once: without columns the error still names the constant, at column 0.
        }
        return out;
    }
}
