package dev.enlightened.cli;

import dev.enlightened.modelcheck.tlc.Progress;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The live line: rewritten in place on a terminal, sparse in a log. */
class ProgressLineTest {
    private final StringWriter err = new StringWriter();

    private static Progress at(int seconds, long generated, long distinct, long perMinute) {
        return new Progress("m", generated, OptionalLong.of(distinct), perMinute, Duration.ofSeconds(seconds));
    }

    @Test
    void rewritesOneLineOnATerminal() {
        ProgressLine line = new ProgressLine(new PrintWriter(err), true);
        line.start(1, 2, "m");
        line.progress(at(1, 0, 0, 0));
        line.progress(at(61, 5000, 1234, 6000));
        line.finish();
        String shown = err.toString();
        assertEquals("\r[1/2] m: starting TLC"
                + "\r[1/2] m: running, 1s elapsed (TLC reports its figures once a minute)"
                + "\r[1/2] m: 1,234 distinct states, 100 states/s, 61s elapsed" + " ".repeat(11)
                + "\r" + " ".repeat(57) + "\r", shown);
    }

    @Test
    void printsEveryThirtySecondsInALog() {
        ProgressLine line = new ProgressLine(new PrintWriter(err), false);
        line.start(2, 2, "m");
        for (int s = 1; s <= 61; s++) {
            line.progress(at(s, 5000, 1234, 6000));
        }
        assertEquals("[2/2] m: starting TLC\n"
                + "[2/2] m: 1,234 distinct states, 100 states/s, 30s elapsed\n"
                + "[2/2] m: 1,234 distinct states, 100 states/s, 60s elapsed\n", err.toString());
    }
}
