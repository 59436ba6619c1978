package dev.enlightened.validation.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** u32 wire values reach TLA+ as the 32-bit pattern a Java int holds (docs/trace-format.md, integer encoding). */
class ValueCodecTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static int wire(String json) throws Exception {
        return ValueCodec.wire(JSON.readTree(json), "params.gpadl");
    }

    @Test
    void u32ValuesAboveTwoToThe31AreTheirBitPattern() throws Exception {
        assertEquals(-1, wire("4294967295"), "0xFFFFFFFF");
        assertEquals(Integer.MIN_VALUE, wire("2147483648"), "0x80000000");
        assertEquals(0x7FFFFFFF, wire("2147483647"));
        assertEquals(7, wire("7"));
        assertEquals(-5, wire("-5"));
        // Distinct u32 values stay distinct (equality is what specs use on handles and ids).
        assertNotEquals(wire("4294967295"), wire("4294967294"));
    }

    @Test
    void integersBeyond32BitsAreRefusedNamingThePath() {
        ValueCodec.UnsupportedValue e = assertThrows(ValueCodec.UnsupportedValue.class, () -> wire("4294967296"));
        assertTrue(e.getMessage().startsWith("params.gpadl=4294967296"), e.getMessage());
        assertThrows(ValueCodec.UnsupportedValue.class, () -> wire("-2147483649"));
        assertThrows(ValueCodec.UnsupportedValue.class, () -> wire("1099511627776"));
    }
}
