package dev.enlightened.validation.engine.compile;

import tlc2.value.impl.Value;

/** A closed constant-level expression, evaluated once by TLC when compiled (constants are fixed until re-bound). */
record Const(Value value) implements Expr {
    @Override
    public Value eval(Frame f) {
        return value;
    }
}
