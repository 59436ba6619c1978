package dev.enlightened.validation.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.enlightened.validation.format.TraceParser;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Which field of an event a TLC evaluation error is about: TLC quotes the value it could not use ("Attempted to
 * compare integer 3 with non-integer: \"abc\""), so the field holding that value, when exactly one does, is the
 * one to point the user at, with its column.
 */
final class Fields {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Fields() {
    }

    /** A field of an event line: its path ({@code params.len}), its value as written, its 1-based column. */
    record Blame(String path, String value, int column) {
    }

    /** @return the one params/post field whose value {@code message} quotes, or null when none or several do */
    static Blame blame(String raw, String message) {
        JsonNode line;
        try {
            line = JSON.readTree(raw);
        } catch (IOException e) {
            return null;
        }
        List<String[]> hits = new ArrayList<>();
        List<String> values = new ArrayList<>();
        for (String part : new String[] {"params", "post"}) {
            JsonNode obj = line.get(part);
            if (obj == null || !obj.isObject()) {
                continue;
            }
            Iterator<Map.Entry<String, JsonNode>> it = obj.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonNode v = e.getValue();
                // Strings and booleans only: a number is too easily quoted by accident (e.g. a state's 0).
                String shown = v.isTextual() ? "\"" + v.textValue() + "\"" : v.isBoolean() ? v.toString() : null;
                if (shown != null && message.contains(shown)) {
                    hits.add(new String[] {part, e.getKey()});
                    values.add(v.toString());
                }
            }
        }
        if (hits.size() != 1) {
            return null;
        }
        String[] path = hits.get(0);
        return new Blame(path[0] + "." + path[1], values.get(0), TraceParser.column(raw, path));
    }
}
