package dev.enlightened.validation.engine.compile;

import tlc2.value.impl.Value;
import util.UniqueString;

/**
 * Array copies for code that runs per event under C1 (the short batch's only compiler): C1 compiles an array's
 * {@code clone()} and a typed {@code Arrays.copyOf} to calls into the VM ({@code JVM_Clone}, {@code
 * Array.newInstance}), ~5 % of a later trace's main-thread samples (issue 15); {@code new T[n]} and
 * {@code System.arraycopy} stay in compiled code. Same contents, same array type, a fresh array each call.
 */
public final class Copies {
    private Copies() {
    }

    /** @return a fresh copy of {@code a} */
    public static UniqueString[] copy(UniqueString[] a) {
        UniqueString[] out = new UniqueString[a.length];
        System.arraycopy(a, 0, out, 0, a.length);
        return out;
    }

    /** @return a fresh array holding the first {@code n} elements of {@code a} */
    public static Value[] prefix(Value[] a, int n) {
        Value[] out = new Value[n];
        System.arraycopy(a, 0, out, 0, n);
        return out;
    }
}
