package dev.enlightened.validation.engine.compile;

/**
 * The identifiers compiled code binds itself, innermost first: a bound variable or {@code @} in a local slot, or an
 * inlined operator's parameter as its argument's compiled expression (call by name: the argument reads no primed
 * variable, so evaluating it again gives the value TLC's lazy argument caches). Keys are SANY's symbol nodes, each
 * declared once, so no binding hides another by name.
 */
record Scope(Object key, int slot, Expr subst, Scope up) {
    /** The key of {@code @} inside an {@code EXCEPT}'s right-hand side. */
    static final Object AT = new Object();

    static Scope find(Scope s, Object key) {
        for (Scope c = s; c != null; c = c.up) {
            if (c.key == key) {
                return c;
            }
        }
        return null;
    }
}
