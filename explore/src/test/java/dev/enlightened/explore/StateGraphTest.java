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
        g.arrive(a, 0, g.take(a, 0), b);
        g.take(b, 0);
        assertEquals(-1, g.pendingOption(a, -1));
        assertEquals(-1, g.pendingOption(b, -1));
        assertNull(g.next(), "nothing open within the bound");
        StateGraph.Node root = node(g, 3, -1, 1, 0);
        g.arrive(root, 0, g.take(root, 0), a); // a reached with no preemption now
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
        g.arrive(a, 0, g.take(a, 0), b);
        g.arrive(b, 0, g.take(b, 0), c);
        g.take(c, 0);
        List<StateGraph.Move> w = g.walk(a);
        assertEquals(2, w.size());
        assertEquals(List.of(a, b), List.of(w.get(0).node(), w.get(1).node()));
        assertEquals(List.of(0, 0), List.of(w.get(0).option(), w.get(1).option()));
        assertEquals(0, w.get(0).choices().length + w.get(1).choices().length, "no choice inside these steps");
        g.take(c, 1);
        assertNull(g.walk(a), "nothing open ahead");
    }

    @Test
    void aKnownStepThatLeadsElsewhereIsAMismatch() {
        StateGraph g = new StateGraph(2);
        StateGraph.Node a = node(g, 1, 0, 1, 0);
        StateGraph.Node b = node(g, 2, 0, 1, 0);
        StateGraph.Node c = node(g, 3, 0, 1, 0);
        StateGraph.Branch step = g.take(a, 0);
        g.arrive(a, 0, step, b);
        g.arrive(a, 0, step, c);
        assertEquals(1, g.mismatches());
        assertNull(g.at(2, new int[0], null, 0, 3, 0), "the same key with other ready actors");
        assertEquals(2, g.mismatches());
    }

    @Test
    void aStepThatChoosesInsideIsAnEdgePerChoiceAndStaysOpenUntilEachIsTaken() {
        StateGraph g = new StateGraph(0);
        StateGraph.Node a = node(g, 1, 0, 1, 0);
        StateGraph.Node b = node(g, 2, 0, 1, 0);
        StateGraph.Node c = node(g, 3, 0, 1, 0);
        int[] x = {-1};
        StateGraph.Branch first = g.choose(a, g.take(a, 0), 3, x);
        assertEquals(0, x[0], "a new step takes the first option with something left");
        g.arrive(a, 0, first, b);
        assertEquals(0, g.pendingOption(a, -1), "two lengths of the same actor's step are still to take");
        assertSame(a, g.next(), "the node stays open");
        x[0] = -1;
        g.arrive(a, 0, g.choose(a, g.take(a, 0), 3, x), c);
        assertEquals(1, x[0]);
        List<StateGraph.Move> w = g.walk(b);
        assertNull(w, "b leads nowhere yet");
        x[0] = -1;
        g.arrive(a, 0, g.choose(a, g.take(a, 0), 3, x), b);
        assertEquals(2, x[0]);
        assertEquals(-1, g.pendingOption(a, -1), "every choice of the step taken");
        assertEquals(3, g.edges(), "an edge per (actor, choice)");
        assertEquals(0, g.mismatches());
        x[0] = -1;
        assertNull(g.choose(a, g.take(a, 0), 2, x), "the same step with another number of options");
        assertEquals(1, g.mismatches());
    }

    @Test
    void aWalkCarriesTheChoicesInsideEachStep() {
        StateGraph g = new StateGraph(1);
        StateGraph.Node a = node(g, 1, 0, 1, 0);
        StateGraph.Node b = node(g, 2, 0, 1, 0);
        StateGraph.Node c = node(g, 3, 0, 2, 0);
        int[] x = {1};
        g.arrive(a, 0, g.choose(a, g.take(a, 0), 2, x), b);
        x[0] = 0;
        g.arrive(a, 0, g.choose(a, g.take(a, 0), 2, x), a);
        g.arrive(b, 0, g.take(b, 0), c);
        List<StateGraph.Move> w = g.walk(a);
        assertEquals(2, w.size());
        assertEquals(1, w.get(0).choices().length);
        assertEquals(1, w.get(0).choices()[0], "the choice that led to b");
    }
}
