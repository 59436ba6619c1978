package dev.enlightened.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The graph search's bookkeeping: the preemption bound per node, its improvement, walks and mismatches. */
class StateGraphTest {
    private static StateGraph.Node node(StateGraph g, long key, int previous, int options, int preemptions) {
        return g.at(key, new int[(int) key], null, previous, options, preemptions);
    }

    @Test
    void aNodeOffersOnlyTheStepsItsPreemptionsLeaveRoomFor() {
        StateGraph g = new StateGraph(1);
        StateGraph.Node a = node(g, 1, 0, 2, 1); // reached with the whole bound used
        assertEquals(0, g.pendingOption(a, 1), "continuing the last actor is free");
        g.take(a, 0);
        assertEquals(-1, g.pendingOption(a, -1), "a switch while the last actor could go on costs one: over the bound");
        StateGraph.Node forced = node(g, 2, -1, 2, 1);
        assertEquals(1, g.pendingOption(forced, 1), "the last actor cannot go on: any switch is free");
    }

    @Test
    void aCheaperPathOpensStepsAndIsCarriedToTheNodesBehind() {
        StateGraph g = new StateGraph(1);
        StateGraph.Node a = node(g, 1, 0, 2, 1);
        StateGraph.Node b = node(g, 2, 0, 2, 1);
        g.take(a, 0);
        g.arrive(a, 0, b);
        g.take(b, 0);
        assertEquals(-1, g.pendingOption(a, -1));
        assertEquals(-1, g.pendingOption(b, -1));
        assertNull(g.next(), "nothing open within the bound");
        StateGraph.Node root = node(g, 3, -1, 1, 0);
        g.take(root, 0);
        g.arrive(root, 0, a); // a reached with no preemption now
        assertEquals(0, a.preemptions);
        assertEquals(0, b.preemptions, "carried along a's taken step");
        assertEquals(1, g.pendingOption(a, -1));
        assertEquals(1, g.pendingOption(b, -1));
        assertSame(b.path.length < a.path.length ? b : a, g.next(), "fewest preemptions, then the shortest path");
    }

    @Test
    void aWalkFollowsTakenStepsToTheNearestOpenNode() {
        StateGraph g = new StateGraph(2);
        StateGraph.Node a = node(g, 1, 0, 1, 0);
        StateGraph.Node b = node(g, 2, 0, 1, 0);
        StateGraph.Node c = node(g, 3, 0, 2, 0);
        g.take(a, 0);
        g.arrive(a, 0, b);
        g.take(b, 0);
        g.arrive(b, 0, c);
        g.take(c, 0);
        List<StateGraph.Move> w = g.walk(a);
        assertEquals(List.of(new StateGraph.Move(a, 0), new StateGraph.Move(b, 0)), w);
        g.take(c, 1);
        assertNull(g.walk(a), "nothing open ahead");
    }

    @Test
    void aKnownStepThatLeadsElsewhereIsAMismatch() {
        StateGraph g = new StateGraph(2);
        StateGraph.Node a = node(g, 1, 0, 1, 0);
        StateGraph.Node b = node(g, 2, 0, 1, 0);
        StateGraph.Node c = node(g, 3, 0, 1, 0);
        g.take(a, 0);
        g.arrive(a, 0, b);
        g.arrive(a, 0, c);
        assertEquals(1, g.mismatches());
        assertNull(g.at(2, new int[0], null, 0, 3, 0), "the same key with other ready actors");
        assertEquals(2, g.mismatches());
    }
}
