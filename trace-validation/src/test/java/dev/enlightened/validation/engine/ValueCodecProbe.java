package dev.enlightened.validation.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import tlc2.value.impl.BoolValue;
import tlc2.value.impl.FcnRcdValue;
import tlc2.value.impl.IntValue;
import tlc2.value.impl.RecordValue;
import tlc2.value.impl.SetEnumValue;
import tlc2.value.impl.StringValue;
import tlc2.value.impl.TupleValue;
import tlc2.value.impl.Value;

/**
 * ValueCodec's contract, run in its own JVM by {@link ValueCodecContractTest} (TLC values intern names in a global table,
 * so they are never built in the JUnit JVM). Prints one line per broken clause and exits 1 if any, else prints
 * {@code checked N} and exits 0.
 */
final class ValueCodecProbe {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> FAILURES = new ArrayList<>();
    private static int checked;

    private ValueCodecProbe() {
    }

    public static void main(String[] args) throws Exception {
        // Every JSON kind maps to its TLA+ kind.
        kind("true", BoolValue.class);
        kind("7", IntValue.class);
        kind("\"x\"", StringValue.class);
        kind("[1,2]", TupleValue.class);
        kind("[]", TupleValue.class);
        kind("{\"a\":1}", RecordValue.class);
        kind("{}", RecordValue.class);
        // Round trips: JSON -> TLA+ -> JSON is the identity on the trace value space (records come back normalised).
        for (String json : List.of("true", "false", "0", "-1", "2147483647", "-2147483648", "\"\"", "\"a b\"", "[]",
                "[1,[2,3],\"s\"]", "{\"a\":1,\"b\":{\"c\":[true]}}")) {
            JsonNode back = ValueCodec.toJson(ValueCodec.toTla(JSON.readTree(json), "v"));
            check(JSON.readTree(json).equals(back), "round trip of " + json + " gave " + back);
        }
        // Record field order does not matter: both orders give equal TLA+ records.
        Value ab = ValueCodec.toTla(JSON.readTree("{\"a\":1,\"b\":2}"), "v");
        Value ba = ValueCodec.toTla(JSON.readTree("{\"b\":2,\"a\":1}"), "v");
        check(ab.equals(ba), "records equal regardless of field order");
        // Bounds: TLC's 32-bit integers plus u32 wire values, which travel as their 32-bit pattern
        // (docs/trace-format.md); nothing outside, no null, no fractions; the error names the path.
        check(ValueCodec.toTla(JSON.readTree("2147483648"), "v").equals(IntValue.gen(Integer.MIN_VALUE)),
                "0x80000000 is carried as its 32-bit pattern");
        check(ValueCodec.toTla(JSON.readTree("4294967295"), "v").equals(IntValue.gen(-1)),
                "0xFFFFFFFF is carried as its 32-bit pattern");
        rejected("4294967296", "params.n", "params.n=4294967296 is outside the integers a trace carries");
        rejected("-2147483649", "params.n", "params.n=-2147483649 is outside the integers a trace carries");
        rejected("null", "params.n", "params.n=null has no TLA+ counterpart");
        rejected("1.5", "params.n", "params.n=1.5 has no TLA+ counterpart");
        rejected("[1,null]", "params.xs", "params.xs[2]=null");
        rejected("{\"a\":{\"b\":0.5}}", "post", "post.a.b=0.5");
        // TLC to JSON for values only the spec produces: sets, functions over non-strings, sequences as functions.
        Value set = new SetEnumValue(new Value[] {IntValue.gen(3), IntValue.gen(1)}, false);
        check(ValueCodec.toJson(set).equals(JSON.readTree("{\"set\":[1,3]}")), "a set renders normalised as {set}");
        Value fcn = new FcnRcdValue(new Value[] {IntValue.gen(5), IntValue.gen(9)},
                new Value[] {BoolValue.ValTrue, BoolValue.ValFalse}, true);
        check(ValueCodec.toJson(fcn).equals(JSON.readTree("{\"function\":[[5,true],[9,false]]}")),
                "a function over integers renders as {function: pairs}: " + ValueCodec.toJson(fcn));
        Value seq = new FcnRcdValue(new Value[] {IntValue.gen(1), IntValue.gen(2)},
                new Value[] {IntValue.gen(4), IntValue.gen(6)}, true);
        check(ValueCodec.toJson(seq).equals(JSON.readTree("[4,6]")), "a function over 1..n renders as an array: "
                + ValueCodec.toJson(seq));
        FAILURES.forEach(System.out::println);
        System.out.println("checked " + checked);
        System.exit(FAILURES.isEmpty() ? 0 : 1);
    }

    private static void kind(String json, Class<?> expected) throws Exception {
        Value v = ValueCodec.toTla(JSON.readTree(json), "v");
        check(expected.isInstance(v), json + " -> " + v.getClass().getSimpleName() + ", expected "
                + expected.getSimpleName());
    }

    private static void rejected(String json, String path, String messageStart) throws Exception {
        JsonNode node = JSON.readTree(json);
        try {
            Value v = ValueCodec.toTla(node, path);
            check(false, json + " accepted as " + v);
        } catch (ValueCodec.UnsupportedValue e) {
            check(e.getMessage().startsWith(messageStart), json + ": message '" + e.getMessage() + "' does not start with '"
                    + messageStart + "'");
        }
    }

    private static void check(boolean ok, String clause) {
        checked++;
        if (!ok) {
            FAILURES.add("FAILED: " + clause);
        }
    }
}
