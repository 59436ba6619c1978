package dev.enlightened.modelcheck.tlc;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits TLC's {@code -tool} output, fed line by line, into messages and plain lines. Plain lines are what SANY
 * and {@code Print} write outside any message. Markers may sit mid-line (TLC prints {@code ": @!@!@STARTMSG"} when
 * it wraps one message in another), so the reader scans for markers anywhere.
 */
public final class ToolOutputReader {
    private static final Pattern MARKER =
            Pattern.compile("@!@!@STARTMSG (\\d+):(\\d+) @!@!@|@!@!@ENDMSG (\\d+) @!@!@");

    /** Receives complete top-level messages and plain lines, in output order. */
    public interface Sink {
        /** A top-level message closed; nested ones arrive inside it. */
        void message(ToolMessage message);

        /** A line outside any message. */
        void plain(String line);
    }

    private final Sink sink;
    private final Deque<Open> open = new ArrayDeque<>();

    /** A reader that forwards to {@code sink}. */
    public ToolOutputReader(Sink sink) {
        this.sink = sink;
    }

    /** Feeds one line of output, without its line terminator. */
    public void accept(String line) {
        Matcher marker = MARKER.matcher(line);
        int position = 0;
        boolean sawMarker = false;
        while (marker.find()) {
            text(line.substring(position, marker.start()), false);
            sawMarker = true;
            if (marker.group(1) != null) {
                open.push(new Open(Integer.parseInt(marker.group(1)), Integer.parseInt(marker.group(2))));
            } else {
                close(Integer.parseInt(marker.group(3)));
            }
            position = marker.end();
        }
        String rest = line.substring(position);
        if (!sawMarker || !rest.isEmpty()) {
            text(rest, true);
        }
    }

    /** Flushes messages TLC never closed (it was killed mid-message), innermost first. */
    public void finish() {
        while (!open.isEmpty()) {
            close(open.peek().code);
        }
    }

    private void text(String text, boolean endOfLine) {
        if (open.isEmpty()) {
            if (endOfLine) {
                sink.plain(text);
            } else if (!text.isBlank()) {
                sink.plain(text);
            }
            return;
        }
        open.peek().body.append(text);
        if (endOfLine) {
            open.peek().body.append('\n');
        }
    }

    private void close(int code) {
        // An ENDMSG closes the innermost open message of that code; anything opened after it is closed too.
        if (open.stream().noneMatch(o -> o.code == code)) {
            return;
        }
        Open top;
        do {
            top = open.pop();
            ToolMessage done = top.build();
            if (open.isEmpty()) {
                sink.message(done);
            } else {
                open.peek().nested.add(done);
            }
        } while (top.code != code);
    }

    private static final class Open {
        final int code;
        final int severity;
        final StringBuilder body = new StringBuilder();
        final List<ToolMessage> nested = new ArrayList<>();

        Open(int code, int severity) {
            this.code = code;
            this.severity = severity;
        }

        ToolMessage build() {
            return new ToolMessage(code, severity, body.toString().stripTrailing(), nested);
        }
    }
}
