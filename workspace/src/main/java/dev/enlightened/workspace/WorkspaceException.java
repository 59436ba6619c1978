package dev.enlightened.workspace;

/** A named checkout is not one: bad input (exit 2), with the one line that says what to fix. */
public final class WorkspaceException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message what was named and why it does not fit */
    public WorkspaceException(String message) {
        super(message);
    }
}
