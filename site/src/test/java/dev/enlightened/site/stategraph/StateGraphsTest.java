package dev.enlightened.site.stategraph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Projecting TLC's dot state graph onto a few expressions. */
class StateGraphsTest {
    private static final List<String> DOT = List.of(
            "strict digraph DiskGraph {",
            "1 [label=\"/\\\\ pc = \\\"Idle\\\"\\n/\\\\ n = 0\",style = filled]",
            "1 -> 2 [label=\"Start\",color=\"black\",fontcolor=\"black\"];",
            "2 [label=\"/\\\\ pc = \\\"Busy\\\"\\n/\\\\ n = 0\"];",
            "2 -> 3 [label=\"Count\",color=\"black\",fontcolor=\"black\"];",
            "3 [label=\"/\\\\ pc = \\\"Busy\\\"\\n/\\\\ n = 1\"];",
            "3 -> 1 [label=\"Stop\",color=\"black\",fontcolor=\"black\"];",
            "1 -> 1 [style=\"dashed\"];",
            "}");

    @Test
    void statesThatAgreeOnTheProjectionAreOneNode() {
        StateDiagrams.Diagram d = StateGraphs.diagram("t", "m", "T", "", DOT, List.of("pc"), "cmd");
        assertEquals(3, d.graphStates());
        assertEquals(2, d.nodes(), "Busy with n = 0 and n = 1 project to one node");
        assertEquals(2, d.edges(), "Start and Stop; Count stays within Busy");
        assertTrue(d.svg().contains("Start") && d.svg().contains("Stop") && !d.svg().contains("Count"), d.svg());
    }

    @Test
    void recordFieldsAndTupleElementsAreSelected() {
        Map<String, String> vars = Map.of("gCh", "<< [st |-> \"Open\", op |-> \"Idle\"], [st |-> \"None\", op |-> "
                + "\"WaitOpen\"] >>");
        assertEquals("\"None\"", TlaValue.select(vars, "gCh[2].st"));
        assertEquals("\"Idle\"", TlaValue.select(vars, "gCh[1].op"));
        assertEquals("?", TlaValue.select(vars, "gCh[3].st"));
    }
}
