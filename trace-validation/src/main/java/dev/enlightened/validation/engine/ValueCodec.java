package dev.enlightened.validation.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.enlightened.validation.format.EventValues;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import tlc2.value.impl.BoolValue;
import tlc2.value.impl.FcnRcdValue;
import tlc2.value.impl.IntValue;
import tlc2.value.impl.ModelValue;
import tlc2.value.impl.RecordValue;
import tlc2.value.impl.SetEnumValue;
import tlc2.value.impl.StringValue;
import tlc2.value.impl.TupleValue;
import tlc2.value.impl.Value;
import util.UniqueString;

/**
 * Converts between trace JSON and TLC values. JSON integers, booleans, strings, arrays (TLA+ sequences) and objects
 * (records) map one to one; anything else in a trace is an error, never a guess.
 */
final class ValueCodec {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    /** Field names seen so far: TLC's intern table is synchronised, and traces repeat a few names millions of times. */
    private static final Map<String, UniqueString> NAMES = new java.util.concurrent.ConcurrentHashMap<>();

    private ValueCodec() {
    }

    /** Thrown for a JSON value with no TLA+ counterpart; the message names the path and value. */
    static final class UnsupportedValue extends Exception {
        private static final long serialVersionUID = 1L;

        UnsupportedValue(String message) {
            super(message);
        }
    }

    /**
     * @param node a JSON value from a trace
     * @param path where it sits, for the error message (e.g. {@code params.m})
     * @return the TLC value
     * @throws UnsupportedValue for null, fractions, or integers outside TLC's 32-bit range
     */
    static Value toTla(JsonNode node, String path) throws UnsupportedValue {
        if (node.isBoolean()) {
            return node.booleanValue() ? BoolValue.ValTrue : BoolValue.ValFalse;
        }
        if (node.isIntegralNumber()) {
            return IntValue.gen(wire(node, path));
        }
        if (node.isTextual()) {
            return new StringValue(node.textValue());
        }
        if (node.isArray()) {
            Value[] elems = new Value[node.size()];
            for (int i = 0; i < elems.length; i++) {
                elems[i] = toTla(node.get(i), path + "[" + (i + 1) + "]");
            }
            return new TupleValue(elems);
        }
        if (node.isObject()) {
            return record(node, path);
        }
        throw new UnsupportedValue(path + "=" + node + " has no TLA+ counterpart (use integers, booleans, strings, "
                + "arrays or objects)");
    }

    /**
     * A JSON integer as the TLC integer that stands for it. TLC's integers are 32-bit signed; a protocol's u32 field
     * (a GPADL handle, a relid, a transaction id) may be up to 0xFFFFFFFF. Values in [2^31, 2^32) are therefore
     * carried as the int with the same 32 bits (two's complement, as a Java or C {@code int} holds a {@code u32}):
     * 0xFFFFFFFF is -1, 0x80000000 is -2147483648. The mapping is one to one on [-2^31, 2^32) minus the overlap,
     * and equality (the only operation specs apply to handles and ids) is preserved for unsigned values. A spec
     * that does arithmetic on a field states its range (TypeOK), so a value at or above 2^31 there is a rejection,
     * not an overflow. Integers outside [-2^31, 2^32) (a u64 beyond 32 bits) are bad input: no spec reads one.
     *
     * @throws UnsupportedValue outside [-2^31, 2^32)
     */
    static int wire(JsonNode node, String path) throws UnsupportedValue {
        if (!node.canConvertToLong() || node.longValue() < Integer.MIN_VALUE || node.longValue() > 0xFFFF_FFFFL) {
            throw new UnsupportedValue(path + "=" + node + " is outside the integers a trace carries (-2^31 .. "
                    + "2^32-1: TLC's 32-bit integers and u32 wire values)");
        }
        return (int) node.longValue();
    }

    /** Converts a JSON object to a normalised TLA+ record (an empty object is the empty record). */
    static Value record(JsonNode node, String path) throws UnsupportedValue {
        UniqueString[] names = new UniqueString[node.size()];
        Value[] values = new Value[names.length];
        int i = 0;
        Iterator<Map.Entry<String, JsonNode>> it = node.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            names[i] = NAMES.computeIfAbsent(e.getKey(), UniqueString::uniqueStringOf);
            JsonNode v = e.getValue();
            // An int or a string as toTla converts it, without building the field's path for a message it cannot
            // need (issue 15: the reader thread built a string per field of every event).
            values[i++] = v.isInt() ? IntValue.gen(v.intValue()) : v.isTextual() ? new StringValue(v.textValue())
                    : toTla(v, path + "." + e.getKey());
        }
        return new RecordValue(names, values, false).normalize();
    }

    /**
     * The TLA+ values of an event line's params and post, built while the line is scanned: what {@link #toTla} and
     * {@link #record} make of the line's Jackson tree (the scanner reads only integers within
     * [-2^31, 2^32), so {@link #wire}'s range check holds), without the tree (issue 15).
     */
    static final EventValues<Value> VALUES = new EventValues<>() {
        @Override
        public Value text(String s) {
            return new StringValue(s);
        }

        @Override
        public Value integer(long v) {
            return IntValue.gen((int) v);
        }

        @Override
        public Value bool(boolean b) {
            return b ? BoolValue.ValTrue : BoolValue.ValFalse;
        }

        @Override
        public Value array(List<Value> elements) {
            return new TupleValue(elements.toArray(new Value[0]));
        }

        @Override
        public Value object(List<String> names, List<Value> values) {
            UniqueString[] n = new UniqueString[names.size()];
            for (int i = 0; i < n.length; i++) {
                n[i] = NAMES.computeIfAbsent(names.get(i), UniqueString::uniqueStringOf);
            }
            return new RecordValue(n, values.toArray(new Value[0]), false).normalize();
        }
    };

    /**
     * Renders a TLC value as JSON: sequences as arrays, records (and functions over strings) as objects, sets as
     * {@code {"set": [...]}}, other functions as {@code {"function": [[k, v], ...]}}.
     */
    static JsonNode toJson(Value v) {
        if (v instanceof BoolValue b) {
            return JSON.booleanNode(b.val);
        }
        if (v instanceof IntValue i) {
            return JSON.numberNode(i.val);
        }
        if (v instanceof StringValue s) {
            return JSON.textNode(s.val.toString());
        }
        if (v instanceof ModelValue m) {
            return JSON.textNode(m.val.toString());
        }
        if (v instanceof TupleValue t) {
            ArrayNode a = JSON.arrayNode();
            for (Value e : t.elems) {
                a.add(toJson(e));
            }
            return a;
        }
        if (v instanceof RecordValue r) {
            ObjectNode o = JSON.objectNode();
            for (int i = 0; i < r.names.length; i++) {
                o.set(r.names[i].toString(), toJson(r.values[i]));
            }
            return o;
        }
        if (v instanceof FcnRcdValue f) {
            return function(f);
        }
        if (v instanceof SetEnumValue s) {
            ArrayNode a = JSON.arrayNode();
            SetEnumValue norm = (SetEnumValue) s.normalize();
            for (int i = 0; i < norm.elems.size(); i++) {
                a.add(toJson(norm.elems.elementAt(i)));
            }
            return JSON.objectNode().set("set", a);
        }
        return convertedOrText(v);
    }

    private static JsonNode function(FcnRcdValue f) {
        Value asTuple = f.toTuple();
        if (asTuple instanceof TupleValue t) {
            return toJson(t);
        }
        Value asRecord = f.toRcd();
        if (asRecord instanceof RecordValue r) {
            return toJson(r);
        }
        ArrayNode pairs = JSON.arrayNode();
        for (int i = 0; i < f.domain.length; i++) {
            pairs.add(JSON.arrayNode().add(toJson(f.domain[i])).add(toJson(f.values[i])));
        }
        return JSON.objectNode().set("function", pairs);
    }

    private static JsonNode convertedOrText(Value v) {
        try {
            Value set = v.toSetEnum();
            if (set instanceof SetEnumValue s) {
                return toJson(s);
            }
            Value fcn = v.toFcnRcd();
            if (fcn instanceof FcnRcdValue f) {
                return toJson(f);
            }
        } catch (RuntimeException e) {
            // Not enumerable (e.g. an infinite set): fall through to its TLA+ text.
        }
        return JSON.objectNode().put("tla", v.toString());
    }
}
