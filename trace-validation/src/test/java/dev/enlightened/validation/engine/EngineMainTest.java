package dev.enlightened.validation.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The order in which the engine JVM checks a batch (issue 15): the traces of one constant set one after the other,
 * so that each set is bound once. Pure Java: no TLC here (BatchVerdictsTest checks that the order changes no
 * verdict).
 */
class EngineMainTest {
    private static Map<String, JsonNode> size(int units) {
        return Map.of("DataSize", IntNode.valueOf(units));
    }

    @Test
    void tracesOfOneConstantSetAreCheckedOneAfterTheOtherInTheOrderTheSetsFirstAppear() {
        List<Map<String, JsonNode>> constants = new ArrayList<>(Arrays.asList(size(8), size(16), size(8), null,
                size(64), size(16), Map.of(), size(8)));
        assertEquals(List.of(0, 2, 7, 1, 5, 4, 6, 3), EngineMain.byConstants(constants),
                "8 (0, 2, 7), 16 (1, 5), 64 (4), the config's (6), then the unreadable header (3)");
    }

    @Test
    void aBatchOfOneSetKeepsItsOrder() {
        assertEquals(List.of(0, 1, 2), EngineMain.byConstants(List.of(size(8), size(8), size(8))));
    }
}
