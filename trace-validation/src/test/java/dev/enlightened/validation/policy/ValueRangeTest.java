package dev.enlightened.validation.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * ValueRange from its contract (docs/trace-format.md, "Header constants"): {@code check} returns null inside the
 * range and a reason outside it, on the JSON value before TLC sees it; {@code parse} reads the four declared kinds
 * and refuses a malformed declaration with an {@link IllegalArgumentException} naming what is wrong.
 */
class ValueRangeTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode j(String s) throws Exception {
        return JSON.readTree(s);
    }

    @Test
    void anIntRangeIncludesBothBoundsAndNothingBeyond() throws Exception {
        ValueRange r = new ValueRange.Int(0, 64);
        assertNull(r.check(j("0")));
        assertNull(r.check(j("64")));
        assertEquals("not in 0..64", r.check(j("65")));
        assertEquals("not in 0..64", r.check(j("-1")));
    }

    @Test
    void anIntRangeRefusesNonIntegersAndNumbersBeyondALong() throws Exception {
        ValueRange r = new ValueRange.Int(Long.MIN_VALUE, Long.MAX_VALUE);
        String expected = "an integer in " + Long.MIN_VALUE + ".." + Long.MAX_VALUE + " is expected";
        assertEquals(expected, r.check(j("1.5")));
        assertEquals(expected, r.check(j("\"3\"")));
        assertEquals(expected, r.check(j("true")));
        // 2^64 parses as a BigInteger: it must not wrap around into the range.
        assertEquals(expected, r.check(j("18446744073709551616")));
        assertNull(r.check(j(Long.toString(Long.MAX_VALUE))));
    }

    @Test
    void aBoolRangeTakesOnlyJsonBooleans() throws Exception {
        ValueRange r = new ValueRange.Bool();
        assertNull(r.check(j("true")));
        assertNull(r.check(j("false")));
        assertEquals("a boolean is expected", r.check(j("\"TRUE\"")));
        assertEquals("a boolean is expected", r.check(j("1")));
    }

    @Test
    void aStringRangeIsBoundedTo64CharactersAndToItsListOrPattern() throws Exception {
        ValueRange list = new ValueRange.Str(List.of("a", "b"), null);
        assertNull(list.check(j("\"a\"")));
        assertEquals("not one of [a, b]", list.check(j("\"c\"")));
        assertEquals("a string of at most 64 characters is expected", list.check(j("5")));
        ValueRange pattern = new ValueRange.Str(null, java.util.regex.Pattern.compile("[a-z]+"));
        assertNull(pattern.check(j("\"" + "x".repeat(64) + "\"")));
        assertEquals("a string of at most 64 characters is expected", pattern.check(j("\"" + "x".repeat(65) + "\"")));
        // The whole string must match, not a part of it.
        assertEquals("does not match [a-z]+", pattern.check(j("\"ab1\"")));
    }

    @Test
    void aSetRangeChecksSizeEachElementAndRepeats() throws Exception {
        ValueRange r = new ValueRange.SetOf(new ValueRange.Int(1, 3), 1, 2);
        assertNull(r.check(j("[1,3]")));
        assertEquals("an array (a set) is expected", r.check(j("1")));
        assertEquals("a set of 1..2 elements is expected, it has 0", r.check(j("[]")));
        assertEquals("a set of 1..2 elements is expected, it has 3", r.check(j("[1,2,3]")));
        assertEquals("element 4: not in 1..3", r.check(j("[1,4]")));
        assertEquals("element 2 is repeated (a set has no repeats)", r.check(j("[2,2]")));
    }

    @Test
    void parseReadsEachDeclaredKind() throws Exception {
        assertEquals(new ValueRange.Int(2, 5), ValueRange.parse(j("{\"type\":\"int\",\"min\":2,\"max\":5}")));
        assertInstanceOf(ValueRange.Bool.class, ValueRange.parse(j("{\"type\":\"bool\"}")));
        ValueRange.Str oneOf = (ValueRange.Str) ValueRange.parse(j("{\"type\":\"string\",\"oneOf\":[\"x\",\"y\"]}"));
        assertEquals(List.of("x", "y"), oneOf.oneOf());
        ValueRange.Str pattern = (ValueRange.Str) ValueRange.parse(j("{\"type\":\"string\",\"pattern\":\"v[0-9]\"}"));
        assertNull(pattern.check(j("\"v7\"")));
        assertNotNull(pattern.check(j("\"w7\"")));
        ValueRange.SetOf set = (ValueRange.SetOf) ValueRange.parse(j(
                "{\"type\":\"set\",\"of\":{\"type\":\"bool\"},\"minSize\":0,\"maxSize\":2}"));
        assertEquals(new ValueRange.SetOf(new ValueRange.Bool(), 0, 2), set);
    }

    @Test
    void parseRefusesMalformedDeclarations() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ValueRange.parse(j(
                "{\"type\":\"int\",\"min\":5,\"max\":2}"))).getMessage().contains("min > max"));
        assertEquals("a int range needs max", assertThrows(IllegalArgumentException.class, () -> ValueRange.parse(
                j("{\"type\":\"int\",\"min\":5}"))).getMessage());
        assertEquals("a string range needs pattern", assertThrows(IllegalArgumentException.class,
                () -> ValueRange.parse(j("{\"type\":\"string\"}"))).getMessage());
        assertEquals("a set range needs of", assertThrows(IllegalArgumentException.class,
                () -> ValueRange.parse(j("{\"type\":\"set\",\"minSize\":0,\"maxSize\":1}"))).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ValueRange.parse(j("{\"type\":\"float\"}")))
                .getMessage().startsWith("unknown type \"float\""));
        // A malformed element range inside a set is refused too.
        assertThrows(IllegalArgumentException.class, () -> ValueRange.parse(j(
                "{\"type\":\"set\",\"of\":{\"type\":\"nat\"},\"minSize\":0,\"maxSize\":1}")));
    }
}
