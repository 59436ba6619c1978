package dev.enlightened.cli;

/** Bad input from the user; printed as one line and mapped to exit code 2. */
public final class UserError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UserError(String message) {
        super(message);
    }

    /**
     * @throws UserError {@code "NAME must be in MIN..MAX: value=V"} when {@code value} is outside {@code min..max}
     */
    static void requireRange(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new UserError(name + " must be in " + min + ".." + max + ": value=" + value);
        }
    }
}
