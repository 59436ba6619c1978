package dev.enlightened.modelcheck.result;

import java.util.Map;
import java.util.Objects;

/**
 * Renders a counterexample for a human: state 1 in full, then per step the action and only the variables it
 * changed, marking where a liveness lasso loops back. The diff keeps long traces of wide states readable.
 */
public final class CounterexampleFormatter {
    private static final String INDENT = "    ";

    private CounterexampleFormatter() {
    }

    /** The whole counterexample as text, lines ending in {@code \n}. */
    public static String format(Counterexample trace) {
        StringBuilder out = new StringBuilder();
        Map<String, String> previous = Map.of();
        int loopStart = trace.loopsBackTo().orElse(-1);
        for (TraceState state : trace.states()) {
            out.append("State ").append(state.number()).append(": <").append(state.action()).append('>');
            if (state.number() == loopStart) {
                out.append("   <-- loop starts here");
            }
            out.append('\n');
            appendChanges(out, previous, state.variables(), state.number() == 1);
            previous = state.variables();
        }
        if (trace.loopsBackTo().isPresent()) {
            out.append("Back to state ").append(loopStart).append(" via <").append(trace.loopAction())
                    .append(">: the behaviour repeats from state ").append(loopStart).append(" forever\n");
        } else if (trace.stutters()) {
            out.append("Stuttering: the behaviour stays in the last state forever\n");
        }
        return out.toString();
    }

    private static void appendChanges(StringBuilder out, Map<String, String> before, Map<String, String> after,
                                      boolean first) {
        int changed = 0;
        for (Map.Entry<String, String> variable : after.entrySet()) {
            if (first || !Objects.equals(before.get(variable.getKey()), variable.getValue())) {
                String value = variable.getValue().replace("\n", "\n" + INDENT + "  ");
                out.append(INDENT).append(variable.getKey()).append(" = ").append(value).append('\n');
                changed++;
            }
        }
        if (changed == 0) {
            out.append(INDENT).append("(no variable changed)\n");
        }
    }
}
