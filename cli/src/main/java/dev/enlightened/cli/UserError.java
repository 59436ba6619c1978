package dev.enlightened.cli;

/** Bad input from the user; printed as one line and mapped to exit code 2. */
public final class UserError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UserError(String message) {
        super(message);
    }
}
