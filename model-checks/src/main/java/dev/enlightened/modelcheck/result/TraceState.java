package dev.enlightened.modelcheck.result;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One state of a counterexample.
 *
 * @param number    TLC's 1-based state number
 * @param action    the action that produced it ({@code Initial predicate} for the first state)
 * @param location  TLC's source location of that action, or empty
 * @param variables each variable's value as TLA+ text, in TLC's order
 */
public record TraceState(int number, String action, String location, Map<String, String> variables) {
    /** Copies the map, keeping its order. */
    public TraceState {
        variables = Collections.unmodifiableMap(new LinkedHashMap<>(variables));
    }
}
