package dev.enlightened.trace;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.StringWriter;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NdjsonTraceWriterTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void writesHeaderThenEventsWithConsecutiveSequenceNumbers() throws Exception {
        StringWriter buf = new StringWriter();
        try (NdjsonTraceWriter w = NdjsonTraceWriter.to(buf,
                new TraceHeader("TraceRingBuffer", Map.of("DataSize", 8), 7, "test"))) {
            assertEquals(1, w.emit("producer", "ProducerStoresWriteIndex", Fields.of("w", 16), Fields.of("r", 0)));
            assertEquals(2, w.emit("consumer", "ConsumerMasks", Map.of(), Map.of()));
            assertEquals(3, w.emitQuiescent("producer", "space"));
        }
        String[] lines = buf.toString().split("\n");
        assertEquals(4, lines.length);
        JsonNode header = JSON.readTree(lines[0]);
        assertEquals(TraceHeader.FORMAT, header.get("format").asText());
        assertEquals("TraceRingBuffer", header.get("spec").asText());
        assertEquals(8, header.get("constants").get("DataSize").asInt());
        assertEquals(7, header.get("seed").asLong());
        JsonNode first = JSON.readTree(lines[1]);
        assertEquals(1, first.get("seq").asLong());
        assertEquals("ProducerStoresWriteIndex", first.get("action").asText());
        assertEquals(16, first.get("params").get("w").asInt());
        assertEquals(0, first.get("post").get("r").asInt());
        JsonNode second = JSON.readTree(lines[2]);
        assertFalse(second.has("post"), "an empty post-state summary is omitted");
        JsonNode last = JSON.readTree(lines[3]);
        assertEquals(TraceEvent.QUIESCENT, last.get("action").asText());
        assertEquals("space", last.get("params").get("waitingFor").asText());
    }

    @Test
    void refusesToEmitAfterClose() {
        NdjsonTraceWriter w = NdjsonTraceWriter.to(new StringWriter(),
                new TraceHeader("T", Map.of(), 1, "test"));
        w.close();
        assertThrows(TraceWriteException.class, () -> w.emit("a", "B", Map.of(), Map.of()));
    }

    @Test
    void offSinkIsDisabledAndEmitsNothing() {
        assertFalse(TraceSink.OFF.enabled());
        assertEquals(0, TraceSink.OFF.emit("a", "B", Map.of(), Map.of()));
    }

    @Test
    void fieldsKeepInsertionOrderAndRejectOddArguments() {
        assertEquals("[z, a, m]", Fields.of("z", 1, "a", 2, "m", 3).keySet().toString());
        assertThrows(IllegalArgumentException.class, () -> Fields.of("a"));
        assertThrows(IllegalArgumentException.class, () -> Fields.of(1, 2));
        assertTrue(Fields.of().isEmpty());
    }
}
