package dev.enlightened.validation.engine.compile;

import tlc2.tool.TLCState;
import tlc2.util.Context;
import tlc2.value.impl.Value;

/** One state predicate compiled (an invariant's conjunct, a matcher's guard): its value in a state, or {@link Fallback}. */
public final class CompiledPredicate {
    private final Expr expr;
    private final int slots;

    CompiledPredicate(Expr expr, int slots) {
        this.expr = expr;
        this.slots = slots;
    }

    /** @return the value in {@code s} under {@code con} (the caller checks it is a boolean, as TLC does) */
    public Value eval(TLCState s, Context con) {
        try {
            return expr.eval(new Frame(s, null, slots, con, Reads.NONE));
        } catch (Fallback e) {
            throw e;
        } catch (RuntimeException e) {
            throw Fallback.INSTANCE;
        }
    }
}
