package dev.enlightened.validation.engine;

import tlc2.tool.TLCState;

/**
 * How the search reached a spec state: by the silent steps of a gap, then the event's action. Silent steps form a
 * linked list back to the state the gap started from, so a gap costs nothing when no silent step is needed.
 *
 * @param state   the state reached
 * @param action  the spec action taken (the event's action, a silent action, or {@code Init})
 * @param silent  true for an unlogged step
 * @param before  the step that led to the state this one started from, within the same gap, or null
 * @param fp      the state's fingerprint
 */
record Step(TLCState state, String action, boolean silent, Step before, long fp) {

    /** @return how many silent steps lead up to (and include) this one within its gap */
    int silentCount() {
        int n = 0;
        for (Step s = this; s != null; s = s.before) {
            if (s.silent) {
                n++;
            }
        }
        return n;
    }

    /** @return how many silent steps of {@code name} this gap holds so far */
    int count(String name) {
        int n = 0;
        for (Step s = this; s != null; s = s.before) {
            if (s.silent && s.action.equals(name)) {
                n++;
            }
        }
        return n;
    }
}
