package dev.enlightened.cli;

import dev.enlightened.modelcheck.tlc.Progress;
import dev.enlightened.modelcheck.tlc.TlcListener;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * The live status line on stderr: model, distinct states, states/s, elapsed. On a terminal it is rewritten in
 * place with {@code \r} every second; otherwise (CI logs) a line is printed every 30 seconds, so a long run still
 * shows it is alive without flooding the log. TLC itself reports its figures once a minute.
 */
final class ProgressLine implements TlcListener {
    private static final int LOG_INTERVAL_SECONDS = 30;

    private final PrintWriter err;
    private final boolean terminal;
    private String prefix = "";
    private int width;

    ProgressLine(PrintWriter err, boolean terminal) {
        this.err = err;
        this.terminal = terminal;
    }

    /**
     * Starts reporting on model number {@code index} of {@code count} and returns a listener labelled with it, so
     * models checked in parallel each report under their own name (the line shows the latest report).
     */
    synchronized TlcListener start(int index, int count, String modelId) {
        String label = "[" + index + "/" + count + "] " + modelId;
        prefix = label;
        show(label + ": starting TLC");
        return p -> report(label, p);
    }

    @Override
    public void progress(Progress p) {
        String label;
        synchronized (this) {
            label = prefix;
        }
        report(label, p);
    }

    private synchronized void report(String prefix, Progress p) {
        long seconds = p.elapsed().toSeconds();
        if (!terminal && (seconds == 0 || seconds % LOG_INTERVAL_SECONDS != 0)) {
            return;
        }
        if (p.statesGenerated() == 0) {
            show(String.format(Locale.ROOT, "%s: running, %ds elapsed (TLC reports its figures once a minute)",
                    prefix, seconds));
            return;
        }
        String distinct = p.distinctStates().isPresent()
                ? String.format(Locale.ROOT, "%,d distinct states", p.distinctStates().getAsLong())
                : String.format(Locale.ROOT, "%,d states generated", p.statesGenerated());
        show(String.format(Locale.ROOT, "%s: %s, %,d states/s, %ds elapsed", prefix, distinct,
                p.statesPerMinute() / 60, seconds));
    }

    /** Clears the line before the summary is printed. */
    synchronized void finish() {
        if (terminal && width > 0) {
            err.print("\r" + " ".repeat(width) + "\r");
            err.flush();
            width = 0;
        }
    }

    private void show(String text) {
        if (terminal) {
            String padded = text.length() < width ? text + " ".repeat(width - text.length()) : text;
            err.print("\r" + padded);
            width = text.length();
        } else {
            err.println(text);
        }
        err.flush();
    }
}
