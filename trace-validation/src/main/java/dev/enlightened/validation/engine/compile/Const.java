package dev.enlightened.validation.engine.compile;

import tla2sany.semantic.SemanticNode;
import tlc2.value.impl.Value;

/**
 * A closed constant-level expression: TLC's value of it, computed when first needed under the current binding of
 * the constants and again after each re-binding ({@link Epoch}), so compiled code outlives a batch's traces. An
 * expression TLC fails to evaluate falls back (TLC reports the error where, and if, it evaluates it).
 */
final class Const implements Expr {
    private final SemanticNode node;
    private final Epoch epoch;
    private Value value;
    private boolean fails;
    private int seen = -1;

    Const(SemanticNode node, Epoch epoch) {
        this.node = node;
        this.epoch = epoch;
    }

    @Override
    public Value eval(Frame f) {
        Value v = current();
        if (v == null) {
            throw Fallback.INSTANCE;
        }
        return v;
    }

    /** @return the value under the current constants, or null when TLC fails to evaluate it */
    Value current() {
        if (seen != epoch.count) {
            try {
                value = epoch.constant.apply(node);
                fails = false;
            } catch (RuntimeException e) {
                value = null;
                fails = true;
            }
            seen = epoch.count;
        }
        return fails ? null : value;
    }

    /** The constants' binding: {@link #count} goes up at each re-binding. */
    static final class Epoch {
        final java.util.function.Function<SemanticNode, Value> constant;
        int count;

        Epoch(java.util.function.Function<SemanticNode, Value> constant) {
            this.constant = constant;
        }
    }
}
