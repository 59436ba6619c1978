package dev.enlightened.validation.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/**
 * Fields from its contract: the one params/post field whose value (a string or boolean, never a number) a TLC error
 * message quotes is blamed, with its path and the 1-based column of its value; none or several quoted, or a line
 * that is not JSON, blame nothing.
 */
class FieldsTest {
    private static final String LINE = "{\"seq\":1,\"action\":\"A\",\"params\":{\"len\":\"abc\",\"n\":3},"
            + "\"post\":{\"ok\":true}}";

    @Test
    void blamesTheOneQuotedStringFieldAtItsValuesColumn() {
        Fields.Blame b = Fields.blame(LINE, "Attempted to compare integer 3 with non-integer: \"abc\"");
        assertEquals(new Fields.Blame("params.len", "\"abc\"", LINE.indexOf("\"abc\"") + 1), b);
    }

    @Test
    void blamesABooleanInPost() {
        Fields.Blame b = Fields.blame(LINE, "Attempted to apply the operator + to true");
        assertEquals("post.ok", b.path());
        assertEquals("true", b.value());
        assertEquals(LINE.indexOf("true") + 1, b.column());
    }

    @Test
    void neverBlamesANumberItIsTooEasilyQuotedByAccident() {
        assertNull(Fields.blame(LINE, "Attempted to compare integer 3 with something"));
    }

    @Test
    void severalOrNoQuotedFieldsOrAnUnreadableLineBlameNothing() {
        String two = "{\"params\":{\"a\":\"x\"},\"post\":{\"b\":\"x\"}}";
        assertNull(Fields.blame(two, "bad value \"x\""), "two fields hold the quoted value: neither is blamed");
        assertNull(Fields.blame(LINE, "nothing quoted"));
        assertNull(Fields.blame("{not json", "\"abc\""));
        assertNull(Fields.blame("{\"seq\":1,\"action\":\"abc\"}", "\"abc\""), "only params and post are blamed");
        assertNull(Fields.blame("{\"params\":[\"abc\"]}", "\"abc\""), "params that is not an object is skipped");
    }
}
