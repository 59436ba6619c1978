package dev.enlightened.validation.engine;

import org.junit.jupiter.api.Test;

/**
 * Event lines read straight into TLA+ values ({@link ValueCodec#VALUES}) give what the JSON path gives: in a forked
 * JVM ({@link EventValuesProbe}).
 */
class EventValuesTest {
    @Test
    void valuesBuiltWhileScanningEqualThoseOfTheJsonTree() throws Exception {
        String out = RelayProbe.fork(EventValuesProbe.class, 1);
        org.junit.jupiter.api.Assertions.assertTrue(out.contains(" lines read as values"), out);
    }
}
