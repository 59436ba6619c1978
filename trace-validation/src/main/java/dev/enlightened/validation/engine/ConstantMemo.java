package dev.enlightened.validation.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import tlc2.value.impl.Value;

/**
 * The result of a constant-level evaluation (one that reads no variable: Init's states, TraceView's field names),
 * remembered per the values of the re-bindable constants the evaluated expression may reach
 * ({@link ConstantBinder#reached}). Issue 15: a batch of 20 ring traces of 15 constant sets evaluated Init twice per
 * trace (the checker's TraceView fields and the search's initial states), and TLC's {@code getInitStatesAppl}, one
 * of C1's largest methods, was compiled during the second trace; Init reaches only the ring's size, so 4 ring sizes
 * need 4 evaluations. The argument is the one {@link StepCache} and {@link InvariantCheck} rest on: such a result is
 * a function of the constants reached. Off with {@code -Denlightened.engine.constantMemo=false} (evaluated every
 * time; for A/B runs and for tests that compare both).
 *
 * @param <T> the remembered result; the caller must not change it
 */
final class ConstantMemo<T> {
    /** Whether results are remembered at all. */
    static final boolean ON = Boolean.parseBoolean(System.getProperty("enlightened.engine.constantMemo", "true"));

    /** Results kept at most (the oldest goes first): a batch's distinct values of the reached constants. */
    private static final int CAPACITY = 16;

    /** One remembered result and the values of the reached constants it was computed under. */
    private record Entry<T>(Value[] key, T result) {
    }

    private final List<Entry<T>> entries = new ArrayList<>();
    private int hits;
    private int misses;

    /**
     * @param key     the values of the constants the expression reaches, in a fixed order ({@link
     *                ConstantBinder#values}); empty when nothing is re-bound
     * @param compute evaluates the expression under the constants bound now
     * @return the result remembered under equal values, else {@code compute}'s (then remembered unless null)
     */
    T get(Value[] key, Supplier<T> compute) {
        if (!ON) {
            return compute.get();
        }
        for (Entry<T> e : entries) {
            if (ConstantBinder.same(e.key, key)) {
                hits++;
                return e.result;
            }
        }
        misses++;
        T result = compute.get();
        if (result == null) {
            return null;
        }
        if (entries.size() == CAPACITY) {
            entries.remove(0);
        }
        entries.add(new Entry<>(key.clone(), result));
        return result;
    }

    /** Forgets every result (the analyses they rest on went stale). */
    void clear() {
        entries.clear();
    }

    /** @return lookups answered from memory and evaluated, for tests */
    int[] counts() {
        return new int[] {hits, misses};
    }
}
