package dev.enlightened.validation.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import tlc2.value.impl.BoolValue;
import tlc2.value.impl.IntValue;
import tlc2.value.impl.SetEnumValue;
import tlc2.value.impl.StringValue;
import tlc2.value.impl.Value;

/**
 * ConstantBinder from its contract: a header constant becomes the value TLC's config parser would make (a
 * non-negative 32-bit integer, a boolean, a plain string, an array as a set) or is refused in one line; a re-binding
 * sets the named constants, returns the others to the config's values, evaluates again the definitions TLC
 * pre-evaluated from them and lets Next be split anew, and refuses a constant the config does not bind. The
 * re-binding runs on Relay in a forked JVM ({@link ConstantBinderProbe}).
 */
class ConstantBinderTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Value value(String json) throws Exception {
        return ConstantBinder.value("C", JSON.readTree(json));
    }

    @Test
    void headerValuesBecomeWhatATlcConfigWouldHold() throws Exception {
        assertEquals(IntValue.gen(0), value("0"));
        assertEquals(IntValue.gen(Integer.MAX_VALUE), value(Integer.toString(Integer.MAX_VALUE)));
        assertEquals(BoolValue.ValTrue, value("true"));
        assertEquals(new StringValue("gpa"), value("\"gpa\""));
        Value set = value("[2,1,2]");
        assertTrue(set instanceof SetEnumValue, "an array is a set: " + set);
        assertEquals(2, ((SetEnumValue) set).size(), "a set has no repeats: " + set);
    }

    @Test
    void valuesAConfigCannotHoldAreRefusedNamingTheConstant() {
        assertTrue(assertThrows(SpecSession.LoadError.class, () -> value("-1")).getMessage()
                .startsWith("header constant C=-1: a TLC config cannot hold a negative integer"));
        for (String bad : new String[] {"2147483648", "1.5", "\"a\\\"b\"", "\"a\\\\b\"", "\"a\\nb\"", "{}", "null",
                "[1,{}]"}) {
            String m = assertThrows(SpecSession.LoadError.class, () -> value(bad), bad).getMessage();
            assertTrue(m.startsWith("header constant C=") && m.contains("is not an integer that fits 32 bits"),
                    bad + ": " + m);
        }
    }

    @Test
    void oneWalkReachesTheConstantsAWalkPerNameReaches() throws Exception {
        RelayProbe.fork(ReachedProbe.class, 4, "ring");
        RelayProbe.fork(ReachedProbe.class, 4, "storvsc");
    }

    @Test
    void reBindingReplacesConstantsAndWhatTlcDerivedFromThem() throws Exception {
        RelayProbe.fork(ConstantBinderProbe.class, 14);
    }
}
