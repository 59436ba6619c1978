package dev.enlightened.modelcheck.result;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** State 1 in full, then only what each step changed, with the lasso marked. */
class CounterexampleFormatterTest {

    private static TraceState state(int number, String action, String... pairs) {
        Map<String, String> variables = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            variables.put(pairs[i], pairs[i + 1]);
        }
        return new TraceState(number, action, "", variables);
    }

    @Test
    void showsOnlyChangedVariablesAndMarksTheLoop() {
        Counterexample lasso = new Counterexample(List.of(
                state(1, "Initial predicate", "pc", "0", "seen", "{}"),
                state(2, "Cycles", "pc", "1", "seen", "{}"),
                state(3, "Cycles", "pc", "2", "seen", "{1}")), OptionalInt.of(2), "Cycles", false);
        assertEquals("""
                State 1: <Initial predicate>
                    pc = 0
                    seen = {}
                State 2: <Cycles>   <-- loop starts here
                    pc = 1
                State 3: <Cycles>
                    pc = 2
                    seen = {1}
                Back to state 2 via <Cycles>: the behaviour repeats from state 2 forever
                """, CounterexampleFormatter.format(lasso));
    }

    @Test
    void saysWhenAStepChangesNothingAndWhenTheBehaviourStutters() {
        Counterexample stutter = new Counterexample(List.of(
                state(1, "Initial predicate", "k", "0"),
                state(2, "Skips", "k", "0")), OptionalInt.empty(), "", true);
        assertEquals("""
                State 1: <Initial predicate>
                    k = 0
                State 2: <Skips>
                    (no variable changed)
                Stuttering: the behaviour stays in the last state forever
                """, CounterexampleFormatter.format(stutter));
    }
}
