package dev.enlightened.validation.engine.compile;

/**
 * Thrown where a compiled evaluation meets what it does not reproduce (a value of an unexpected class, an error TLC
 * would report, a variable not yet assigned): the caller evaluates that call with TLC, which gives its answer or its
 * error as it always did.
 */
public final class Fallback extends RuntimeException {
    private static final long serialVersionUID = 1L;
    static final Fallback INSTANCE = new Fallback();

    private Fallback() {
        super(null, null, false, false);
    }

    /** @return the elements of a quantifier's set, or {@link #INSTANCE} thrown for a value TLC must enumerate */
    static tlc2.value.impl.ValueEnumeration elements(tlc2.value.impl.Value set) {
        if (!(set instanceof tlc2.value.impl.Enumerable e)) {
            throw INSTANCE;
        }
        return e.elements();
    }
}
