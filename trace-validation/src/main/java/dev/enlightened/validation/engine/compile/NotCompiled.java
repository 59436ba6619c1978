package dev.enlightened.validation.engine.compile;

/** Thrown while compiling: the expression has a shape this compiler leaves to TLC (decided once, per plan). */
final class NotCompiled extends RuntimeException {
    private static final long serialVersionUID = 1L;

    NotCompiled(String why) {
        super(why, null, false, false);
    }
}
