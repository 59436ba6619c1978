package dev.enlightened.validation.policy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The values a header constant may take, as a trace module declares them (docs/trace-format.md, "Header
 * constants"). Checked on the JSON value before TLC sees it, so an oversized constant is refused in microseconds
 * rather than exhausting the engine.
 */
public sealed interface ValueRange {
    /** @return why {@code v} is outside this range, or null when it is inside */
    String check(JsonNode v);

    /** An integer in {@code min..max}. */
    record Int(long min, long max) implements ValueRange {
        @Override
        public String check(JsonNode v) {
            if (!v.isIntegralNumber() || !v.canConvertToLong()) {
                return "an integer in " + min + ".." + max + " is expected";
            }
            long x = v.longValue();
            return x < min || x > max ? "not in " + min + ".." + max : null;
        }
    }

    /** {@code TRUE} or {@code FALSE}. */
    record Bool() implements ValueRange {
        @Override
        public String check(JsonNode v) {
            return v.isBoolean() ? null : "a boolean is expected";
        }
    }

    /** A string from a fixed list, or matching a pattern, of at most 64 characters. */
    record Str(List<String> oneOf, Pattern pattern) implements ValueRange {
        @Override
        public String check(JsonNode v) {
            if (!v.isTextual() || v.textValue().length() > 64) {
                return "a string of at most 64 characters is expected";
            }
            if (oneOf != null && !oneOf.contains(v.textValue())) {
                return "not one of " + oneOf;
            }
            if (pattern != null && !pattern.matcher(v.textValue()).matches()) {
                return "does not match " + pattern;
            }
            return null;
        }
    }

    /** A set (a JSON array without repeats) of {@code minSize..maxSize} elements, each in {@code of}. */
    record SetOf(ValueRange of, int minSize, int maxSize) implements ValueRange {
        @Override
        public String check(JsonNode v) {
            if (!v.isArray()) {
                return "an array (a set) is expected";
            }
            if (v.size() < minSize || v.size() > maxSize) {
                return "a set of " + minSize + ".." + maxSize + " elements is expected, it has " + v.size();
            }
            Set<JsonNode> seen = new HashSet<>();
            for (JsonNode e : v) {
                String bad = of.check(e);
                if (bad != null) {
                    return "element " + HeaderPolicy.abbreviate(e) + ": " + bad;
                }
                if (!seen.add(e)) {
                    return "element " + HeaderPolicy.abbreviate(e) + " is repeated (a set has no repeats)";
                }
            }
            return null;
        }
    }

    /**
     * Reads a range: {@code {"type":"int","min":a,"max":b}}, {@code {"type":"bool"}},
     * {@code {"type":"string","oneOf":[..]}} or {@code {"type":"string","pattern":".."}},
     * {@code {"type":"set","of":RANGE,"minSize":a,"maxSize":b}}.
     *
     * @throws IllegalArgumentException when the declaration is malformed
     */
    static ValueRange parse(JsonNode d) {
        String type = d.path("type").asText("");
        switch (type) {
            case "int":
                require(d, "min", "max");
                if (d.get("min").longValue() > d.get("max").longValue()) {
                    throw new IllegalArgumentException("min > max");
                }
                return new Int(d.get("min").longValue(), d.get("max").longValue());
            case "bool":
                return new Bool();
            case "string":
                if (d.has("oneOf")) {
                    List<String> values = new java.util.ArrayList<>();
                    d.get("oneOf").forEach(n -> values.add(n.asText()));
                    return new Str(List.copyOf(values), null);
                }
                require(d, "pattern");
                return new Str(null, Pattern.compile(d.get("pattern").asText()));
            case "set":
                require(d, "of", "minSize", "maxSize");
                return new SetOf(parse(d.get("of")), d.get("minSize").intValue(), d.get("maxSize").intValue());
            default:
                throw new IllegalArgumentException("unknown type " + d.path("type") + " (int, bool, string, set)");
        }
    }

    private static void require(JsonNode d, String... fields) {
        for (String f : fields) {
            if (!d.has(f)) {
                throw new IllegalArgumentException("a " + d.path("type").asText() + " range needs " + f);
            }
        }
    }
}
