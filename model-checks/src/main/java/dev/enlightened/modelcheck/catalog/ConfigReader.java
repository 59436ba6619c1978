package dev.enlightened.modelcheck.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Reads a catalog {@code config} onto its module's {@code defaults}. The merge rule, so that an entry says only what
 * differs: {@code constants} merge by name; every other field the entry gives replaces the default ({@code null}
 * removes an optional one); {@code comment} is the entry's own. A why-comment travels with its value: the default's
 * why for a field or constant is kept only while the entry keeps the default value, unless the entry gives its own
 * (an empty list drops it).
 */
final class ConfigReader {
    static final Set<String> FIELDS = Set.of("comment", "constants", "specification", "checkDeadlock", "invariants",
            "properties", "symmetry", "view", "constraint", "actionConstraint", "why");
    private static final Set<String> OPTIONAL = Set.of("symmetry", "view", "constraint", "actionConstraint");
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final Consumer<String> problems;
    private int count;

    /** @param problems receives one message per problem, naming the field */
    ConfigReader(Consumer<String> problems) {
        this.problems = problems;
    }

    /** Checks a module's {@code defaults} object on its own (the fields it gives, except {@code comment}). */
    void checkDefaults(JsonNode defaults) {
        if (!defaults.isObject()) {
            problems.accept("expected an object");
            return;
        }
        knownFields(defaults);
        if (defaults.has("comment")) {
            problems.accept("\"comment\" belongs to a model's config, not to a module's defaults");
        }
    }

    /** The merged configuration, or empty after reporting why not. */
    Optional<ModelConfig> read(JsonNode defaults, JsonNode config) {
        if (!config.isObject()) {
            problems.accept("\"config\" must be an object");
            return Optional.empty();
        }
        knownFields(config);
        if (config.has("why") && !config.get("why").isObject()) {
            problem("\"why\" must be an object of field or constant name to comment lines");
            return Optional.empty();
        }
        ObjectNode merged = merge(defaults == null ? JsonNodeFactory.instance.objectNode() : (ObjectNode) defaults,
                (ObjectNode) config);
        int before = count;
        Map<String, String> constants = constants(merged.get("constants"));
        String specification = name(merged, "specification", true);
        JsonNode deadlock = merged.get("checkDeadlock");
        if (deadlock == null || !deadlock.isBoolean()) {
            problem("\"checkDeadlock\" must be true or false, got " + deadlock);
        }
        List<String> invariants = names(merged, "invariants");
        List<String> properties = names(merged, "properties");
        List<String> comment = lines(merged.get("comment"), "comment");
        Map<String, List<String>> why = new LinkedHashMap<>();
        JsonNode whyNode = merged.get("why");
        if (whyNode != null && !whyNode.isObject()) {
            problem("\"why\" must be an object of comment-line arrays");
        } else if (whyNode != null) {
            whyNode.fields().forEachRemaining(f -> {
                if (!FIELDS.contains(f.getKey()) && !constants.containsKey(f.getKey())) {
                    problem("\"why\" names \"" + f.getKey() + "\", neither a field nor a constant");
                }
                why.put(f.getKey(), lines(f.getValue(), "why." + f.getKey()));
            });
        }
        if (count != before) {
            return Optional.empty();
        }
        return Optional.of(new ModelConfig(comment, constants, specification, deadlock.asBoolean(), invariants,
                properties, optionalName(merged, "symmetry"), optionalName(merged, "view"),
                optionalName(merged, "constraint"), optionalName(merged, "actionConstraint"), why));
    }

    private void problem(String message) {
        count++;
        problems.accept(message);
    }

    private void knownFields(JsonNode node) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!FIELDS.contains(field)) {
                problem("unknown config field \"" + field + "\" (known: " + new TreeSet<>(FIELDS) + ")");
            }
        }
    }

    /** The merge rule of the class comment, on the JSON trees. */
    static ObjectNode merge(ObjectNode defaults, ObjectNode config) {
        ObjectNode merged = defaults.deepCopy();
        merged.remove("comment");
        ObjectNode why = JsonNodeFactory.instance.objectNode();
        JsonNode defaultWhy = defaults.get("why");
        config.fields().forEachRemaining(f -> {
            String field = f.getKey();
            if (field.equals("constants") && f.getValue().isObject() && merged.get("constants") instanceof ObjectNode
                    constants) {
                f.getValue().fields().forEachRemaining(c -> constants.set(c.getKey(), c.getValue()));
            } else if (!field.equals("why")) {
                if (f.getValue().isNull() && OPTIONAL.contains(field)) {
                    merged.remove(field);
                } else {
                    merged.set(field, f.getValue());
                }
            }
        });
        if (defaultWhy != null && defaultWhy.isObject()) {
            JsonNode overridden = config.get("constants");
            defaultWhy.fields().forEachRemaining(w -> {
                boolean changed = config.has(w.getKey()) || overridden != null && overridden.has(w.getKey());
                if (!changed) {
                    why.set(w.getKey(), w.getValue());
                }
            });
        }
        JsonNode ownWhy = config.get("why");
        if (ownWhy != null && ownWhy.isObject()) {
            ownWhy.fields().forEachRemaining(w -> why.set(w.getKey(), w.getValue()));
        }
        merged.set("why", why);
        return merged;
    }

    /**
     * One line saying what a catalog {@code config} (or a module's {@code defaults}) sets, as cfg keywords, leaving
     * out comments: e.g. {@code Bugs = {"H1"}; INVARIANTS TypeOK NoOverrunInv}. Empty when it sets nothing.
     */
    static String summary(JsonNode config) {
        List<String> parts = new ArrayList<>();
        JsonNode constants = config.path("constants");
        List<String> assignments = new ArrayList<>();
        constants.fields().forEachRemaining(c -> {
            String value = c.getValue().asText();
            assignments.add(c.getKey() + (value.startsWith(ModelConfig.SUBSTITUTION) ? " " : " = ") + value);
        });
        if (!assignments.isEmpty()) {
            parts.add(String.join(", ", assignments));
        }
        Map<String, String> keywords = new LinkedHashMap<>();
        keywords.put("specification", "SPECIFICATION");
        keywords.put("checkDeadlock", "CHECK_DEADLOCK");
        keywords.put("invariants", "INVARIANTS");
        keywords.put("properties", "PROPERTIES");
        keywords.put("symmetry", "SYMMETRY");
        keywords.put("view", "VIEW");
        keywords.put("constraint", "CONSTRAINT");
        keywords.put("actionConstraint", "ACTION_CONSTRAINT");
        keywords.forEach((field, keyword) -> {
            JsonNode value = config.get(field);
            if (value == null) {
                return;
            }
            List<String> words = new ArrayList<>();
            if (value.isArray()) {
                value.forEach(v -> words.add(v.asText()));
            } else {
                words.add(value.isNull() ? "none"
                        : value.isBoolean() ? value.asText().toUpperCase(Locale.ROOT) : value.asText());
            }
            parts.add(keyword + " " + (words.isEmpty() ? "none" : String.join(" ", words)));
        });
        return String.join("; ", parts);
    }

    private Map<String, String> constants(JsonNode node) {
        Map<String, String> constants = new LinkedHashMap<>();
        if (node == null) {
            return constants;
        }
        if (!node.isObject()) {
            problem("\"constants\" must be an object of name to TLA+ value or \"<- Definition\"");
            return constants;
        }
        node.fields().forEachRemaining(c -> {
            String value = c.getValue().isTextual() ? c.getValue().asText().strip() : "";
            if (!NAME.matcher(c.getKey()).matches()) {
                problem("constant name \"" + c.getKey() + "\" is not a TLA+ identifier");
            } else if (value.isEmpty()) {
                problem("constant " + c.getKey() + " must be a non-empty string, got " + c.getValue());
            } else if (value.startsWith(ModelConfig.SUBSTITUTION)
                    && !NAME.matcher(value.substring(2).strip()).matches()) {
                problem("constant " + c.getKey() + ": \"" + value + "\" must be \"<- Definition\"");
            } else {
                constants.put(c.getKey(), value.startsWith(ModelConfig.SUBSTITUTION)
                        ? ModelConfig.SUBSTITUTION + " " + value.substring(2).strip() : value);
            }
        });
        return constants;
    }

    private String name(JsonNode merged, String field, boolean required) {
        JsonNode value = merged.get(field);
        if (value == null && !required) {
            return null;
        }
        if (value == null || !value.isTextual() || !NAME.matcher(value.asText()).matches()) {
            problem("\"" + field + "\" must be a TLA+ identifier, got " + value);
            return null;
        }
        return value.asText();
    }

    private Optional<String> optionalName(JsonNode merged, String field) {
        return Optional.ofNullable(name(merged, field, false));
    }

    private List<String> names(JsonNode merged, String field) {
        JsonNode value = merged.get(field);
        List<String> names = new ArrayList<>();
        if (value == null) {
            return names;
        }
        if (!value.isArray()) {
            problem("\"" + field + "\" must be an array of TLA+ identifiers, got " + value);
            return names;
        }
        value.forEach(n -> {
            if (n.isTextual() && NAME.matcher(n.asText()).matches()) {
                names.add(n.asText());
            } else {
                problem("\"" + field + "\" holds " + n + ", not a TLA+ identifier");
            }
        });
        return names;
    }

    private List<String> lines(JsonNode node, String field) {
        List<String> lines = new ArrayList<>();
        if (node == null) {
            return lines;
        }
        if (!node.isArray()) {
            problem("\"" + field + "\" must be an array of comment lines, got " + node);
            return lines;
        }
        node.forEach(line -> {
            if (line.isTextual() && !line.asText().contains("\n")) {
                lines.add(line.asText());
            } else {
                problem("\"" + field + "\" holds " + line + ", not a one-line string");
            }
        });
        return lines;
    }
}
