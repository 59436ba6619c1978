package dev.enlightened.validation.soundness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Generates the mutants of one accepted trace: every event dropped, every adjacent pair swapped, every event
 * duplicated, every param and post field of every event changed to a different valid value (another value the
 * same field takes in the trace, else the integer plus one, the other boolean), and every actor changed to another
 * actor of the trace. Events are re-numbered so that a mutant never fails on a sequence gap alone.
 */
final class Mutator {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Mutator() {
    }

    static List<Mutant> all(BaseTrace base) {
        List<ObjectNode> events = new ArrayList<>();
        for (String l : base.lines().subList(1, base.lines().size())) {
            events.add(parse(l));
        }
        Map<String, Set<JsonNode>> values = observedValues(events);
        Set<String> actors = new LinkedHashSet<>();
        events.forEach(e -> {
            if (e.hasNonNull("actor") && !"Quiescent".equals(e.path("action").asText())) {
                actors.add(e.get("actor").asText());
            }
        });
        List<Mutant> out = new ArrayList<>();
        int n = events.size();
        for (int i = 0; i < n; i++) {
            String name = i + 1 + ":" + events.get(i).path("action").asText();
            List<ObjectNode> drop = new ArrayList<>(events);
            drop.remove(i);
            out.add(mutant(Mutant.Kind.DROP, i, "drop " + name, base, drop));
            List<ObjectNode> dup = new ArrayList<>(events);
            dup.add(i + 1, events.get(i).deepCopy());
            out.add(mutant(Mutant.Kind.DUPLICATE, i, "duplicate " + name, base, dup));
            if (i + 1 < n) {
                List<ObjectNode> swap = new ArrayList<>(events);
                swap.set(i, events.get(i + 1));
                swap.set(i + 1, events.get(i));
                out.add(mutant(Mutant.Kind.SWAP, i, "swap " + name + " with " + (i + 2) + ":"
                        + events.get(i + 1).path("action").asText(), base, swap));
            }
            fieldMutants(base, events, i, values, out);
            String actor = events.get(i).path("actor").asText(null);
            if (actor != null && !"Quiescent".equals(events.get(i).path("action").asText())) {
                for (String other : actors) {
                    if (!other.equals(actor)) {
                        List<ObjectNode> m = new ArrayList<>(events);
                        ObjectNode e = events.get(i).deepCopy();
                        e.put("actor", other);
                        m.set(i, e);
                        out.add(mutant(Mutant.Kind.ACTOR, i, name + " actor " + actor + " -> " + other, base, m));
                        break;
                    }
                }
            }
        }
        return out;
    }

    private static void fieldMutants(BaseTrace base, List<ObjectNode> events, int i,
                                     Map<String, Set<JsonNode>> values, List<Mutant> out) {
        ObjectNode e = events.get(i);
        String action = e.path("action").asText();
        for (String rec : List.of("params", "post")) {
            JsonNode r = e.get(rec);
            if (r == null || !r.isObject()) {
                continue;
            }
            for (var it = r.fieldNames(); it.hasNext(); ) {
                String f = it.next();
                JsonNode old = r.get(f);
                JsonNode changed = other(old, values.getOrDefault(action + " " + rec + "." + f, Set.of()),
                        values.getOrDefault(rec + "." + f, Set.of()));
                if (changed == null) {
                    continue;
                }
                ObjectNode copy = e.deepCopy();
                ((ObjectNode) copy.get(rec)).set(f, changed);
                List<ObjectNode> m = new ArrayList<>(events);
                m.set(i, copy);
                out.add(mutant(Mutant.Kind.FIELD, i, (i + 1) + ":" + action + " " + rec + "." + f + " " + old + " -> "
                        + changed, base, m));
            }
        }
    }

    /** A different valid value: one the same field of the same action takes, else of any action, else a neighbour. */
    static JsonNode other(JsonNode old, Set<JsonNode> sameAction, Set<JsonNode> anyAction) {
        for (Set<JsonNode> pool : List.of(sameAction, anyAction)) {
            for (JsonNode v : pool) {
                if (!v.equals(old) && v.getNodeType() == old.getNodeType()) {
                    return v;
                }
            }
        }
        if (old.isBoolean()) {
            return BooleanNode.valueOf(!old.booleanValue());
        }
        if (old.isInt()) {
            return IntNode.valueOf(old.intValue() + 1);
        }
        if (old.isTextual()) {
            return TextNode.valueOf(old.textValue() + "X");
        }
        return null;
    }

    private static Map<String, Set<JsonNode>> observedValues(List<ObjectNode> events) {
        Map<String, Set<JsonNode>> values = new TreeMap<>();
        for (ObjectNode e : events) {
            String action = e.path("action").asText();
            for (String rec : List.of("params", "post")) {
                JsonNode r = e.get(rec);
                if (r == null || !r.isObject()) {
                    continue;
                }
                r.fields().forEachRemaining(f -> {
                    values.computeIfAbsent(action + " " + rec + "." + f.getKey(), k -> new LinkedHashSet<>())
                            .add(f.getValue());
                    values.computeIfAbsent(rec + "." + f.getKey(), k -> new LinkedHashSet<>()).add(f.getValue());
                });
            }
        }
        return values;
    }

    private static Mutant mutant(Mutant.Kind kind, int index, String what, BaseTrace base, List<ObjectNode> events) {
        List<String> lines = new ArrayList<>();
        lines.add(base.lines().get(0));
        long seq = 1;
        for (ObjectNode e : events) {
            ObjectNode c = e.deepCopy();
            c.put("seq", seq++);
            lines.add(c.toString());
        }
        return new Mutant(kind, index, what, lines, base);
    }

    static ObjectNode parse(String line) {
        try {
            return (ObjectNode) JSON.readTree(line);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
