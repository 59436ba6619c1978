package dev.enlightened.explore;

/** Bad input to {@code explore} (exit 2): the message is the one line the user sees. */
final class BadInput extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BadInput(String message) {
        super(message);
    }
}
