package dev.enlightened.validation.engine.compile;

/**
 * Hears the variables a compiled action reads from its source state and those it assigns, by index in the
 * compiler's variable table: what TLC's {@code ReadTrackingTool} reports for its own evaluation.
 */
public interface Reads {
    /** Told nothing. */
    Reads NONE = new Reads() {
        @Override
        public void read(int var) {
        }

        @Override
        public void assigned(int var) {
        }
    };

    /** The source's value of variable {@code var} was read or compared with. */
    void read(int var);

    /** {@code var'} was assigned a value computed from what was read. */
    void assigned(int var);
}
