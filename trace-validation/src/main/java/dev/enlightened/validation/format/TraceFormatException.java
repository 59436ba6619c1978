package dev.enlightened.validation.format;

import java.nio.file.Path;

/**
 * A trace file that does not follow {@code enlightened-trace/1}: malformed JSON, a missing or mistyped field, a
 * sequence gap, an unknown action, a truncated last line. Carries the position so the message reads
 * {@code file:line:column: reason}.
 */
public final class TraceFormatException extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final int line;
    private final int column;
    private final String reason;

    /**
     * @param file   the trace file
     * @param line   1-based line number
     * @param column 1-based column, or 0 when the whole line is at fault
     * @param reason what is wrong, with the offending value as {@code key=value}
     */
    public TraceFormatException(Path file, int line, int column, String reason) {
        super(file + ":" + line + ":" + column + ": " + reason);
        this.file = file;
        this.line = line;
        this.column = column;
        this.reason = reason;
    }

    /** @return the trace file */
    public Path file() {
        return file;
    }

    /** @return the 1-based line number */
    public int line() {
        return line;
    }

    /** @return the 1-based column, 0 when the whole line is at fault */
    public int column() {
        return column;
    }

    /** @return the reason, without the position */
    public String reason() {
        return reason;
    }
}
