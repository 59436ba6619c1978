package dev.enlightened.modelcheck.tlc;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Splits TLC 2.18 output (copied from real runs of the fixtures) into messages and plain lines. */
class ToolOutputReaderTest {
    private final List<ToolMessage> messages = new ArrayList<>();
    private final List<String> plain = new ArrayList<>();
    private final ToolOutputReader reader = new ToolOutputReader(new ToolOutputReader.Sink() {
        @Override
        public void message(ToolMessage message) {
            messages.add(message);
        }

        @Override
        public void plain(String line) {
            plain.add(line);
        }
    });

    private void feed(String output) {
        output.lines().forEach(reader::accept);
        reader.finish();
    }

    @Test
    void separatesMessagesFromSanyPlainLines() {
        feed("""
                @!@!@STARTMSG 2220:0 @!@!@
                Starting SANY...
                @!@!@ENDMSG 2220 @!@!@
                Parsing file /x/Counter.tla
                @!@!@STARTMSG 2199:0 @!@!@
                6 states generated, 5 distinct states found, 0 states left on queue.
                @!@!@ENDMSG 2199 @!@!@
                """);
        assertEquals(List.of(2220, 2199), messages.stream().map(ToolMessage::code).toList());
        assertEquals("6 states generated, 5 distinct states found, 0 states left on queue.", messages.get(1).body());
        assertEquals(List.of("Parsing file /x/Counter.tla"), plain);
    }

    @Test
    void nestsAMessageOpenedMidLine() {
        // TLC wraps a cfg error (5006) inside a general error (1000), opening it after ": " on the same line.
        feed("""
                @!@!@STARTMSG 1000:1 @!@!@
                TLC threw an unexpected exception.
                The exception was a tlc2.tool.ConfigFileException
                : @!@!@STARTMSG 5006:0 @!@!@
                TLC found an error in the configuration file at line 2
                It was expecting = or <-, but did not find it.
                @!@!@ENDMSG 5006 @!@!@
                @!@!@ENDMSG 1000 @!@!@
                """);
        assertEquals(1, messages.size());
        ToolMessage general = messages.get(0);
        assertEquals(1000, general.code());
        assertEquals(1, general.severity());
        assertEquals(1, general.nested().size());
        assertEquals(5006, general.nested().get(0).code());
        assertEquals("TLC found an error in the configuration file at line 2\n"
                + "It was expecting = or <-, but did not find it.", general.nested().get(0).body());
    }

    @Test
    void flushesAMessageCutOffByAKill() {
        feed("""
                @!@!@STARTMSG 2200:0 @!@!@
                Progress(164) at 2026-11-23 20:22:10: 2,193,604 states generated
                """);
        assertEquals(1, messages.size());
        assertEquals(2200, messages.get(0).code());
    }
}
