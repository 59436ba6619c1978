package dev.enlightened.validation.engine.compile;

import tlc2.value.impl.Value;

/** A compiled expression: its value in a frame, or {@link Fallback}. */
@FunctionalInterface
interface Expr {
    Value eval(Frame f);
}
