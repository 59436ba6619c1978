package dev.enlightened.trace;

/** A trace line could not be written; the run must stop rather than silently lose events. */
public final class TraceWriteException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TraceWriteException(String message, Throwable cause) {
        super(message, cause);
    }
}
