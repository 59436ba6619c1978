package dev.enlightened.validation.engine.compile;

import tla2sany.semantic.OpApplNode;
import tlc2.tool.TLCState;
import tlc2.util.Context;

/**
 * The expressions whose evaluation someone hears (the engine's FieldReads: which logged fields a matcher read), as
 * TLC's evaluator tells its listener before it evaluates a watched expression.
 */
public interface Watch {
    /** Watches nothing. */
    Watch NONE = new Watch() {
        @Override
        public Kind kind(OpApplNode n) {
            return Kind.NOT;
        }

        @Override
        public void reading(OpApplNode n, Context c, TLCState s) {
        }
    };

    /** How an expression is watched. */
    enum Kind {
        /** Not at all. */
        NOT,
        /** By a name known without evaluating anything: compiled code tells {@link #reading} too. */
        BY_NAME,
        /** By a key the listener evaluates with TLC in the expression's context: not compiled. */
        BY_KEY
    }

    Kind kind(OpApplNode n);

    /** {@code n} is about to be evaluated in {@code s} under {@code c}. */
    void reading(OpApplNode n, Context c, TLCState s);
}
