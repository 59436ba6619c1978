package dev.enlightened.validation.engine;

import static dev.enlightened.validation.engine.RelayProbe.check;

import dev.enlightened.validation.format.TraceEvent;
import dev.enlightened.validation.format.TraceFormatException;
import java.io.BufferedWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import tlc2.value.impl.Value;

/**
 * EventWindow's contract, through the EventBinder that owns it, on a Relay trace longer than the window
 * ({@link EventWindow#KEPT} blocks of {@link EventWindow#BLOCK} events), run by {@link EventWindowTest} in its own
 * JVM. The events need only bind (they are never searched).
 */
final class EventWindowProbe {
    private EventWindowProbe() {
    }

    public static void main(String[] args) throws Exception {
        RelayProbe.prepare();
        SpecSession spec = RelayProbe.load();
        int total = (EventWindow.KEPT + 2) * EventWindow.BLOCK + 17;
        Path big = write("big", total, -1);
        List<String> lines = Files.readAllLines(big);
        try (EventBinder events = new EventBinder(spec, big, TraceChecker.viewFields(spec), RelayProbe.CONSTANTS)
                .start()) {
            events.header();
            // The reader runs at most a few blocks ahead: the trace's length is not known yet.
            boolean unknown;
            try {
                events.size();
                unknown = false;
            } catch (IllegalStateException e) {
                unknown = true;
            }
            check(unknown, "the length of a trace longer than the queue is not known right after the header");
            TraceEvent first = events.event(0);
            Value firstValue = events.value(0);
            check(first.seq() == 1 && first.line() == 2 && first.raw().equals(lines.get(1)),
                    "event 0 is seq 1 at line 2: " + first.seq() + " " + first.line());
            boolean inOrder = true;
            for (int i = 0; i < total; i++) {
                TraceEvent e = events.event(i);
                inOrder &= e.seq() == i + 1 && e.line() == i + 2;
            }
            check(inOrder, "events come in file order, seq = index + 1, line = index + 2");
            check(!events.has(total) && events.size() == total, "the length is known at the end: " + total);
            // Block 0 left the cache (KEPT blocks are kept): it is read again from its byte offset, the same.
            TraceEvent again = events.event(0);
            check(again != first && again.seq() == 1 && again.raw().equals(first.raw())
                    && events.value(0).equals(firstValue), "an evicted block is re-read from the file, equal");
            int mid = 3 * EventWindow.BLOCK + 5;
            check(events.event(mid).raw().equals(lines.get(mid + 1)) && events.event(total - 1).seq() == total,
                    "random access after a reload reads the right lines");
            boolean out;
            try {
                events.event(total);
                out = false;
            } catch (IndexOutOfBoundsException e) {
                out = true;
            }
            check(out, "an index past the end is out of bounds");
        }
        // A defect deep in the file stops the reader and reaches the search as a read failure at its line.
        int badAt = 2 * EventWindow.BLOCK + 3;
        Path broken = write("broken", 3 * EventWindow.BLOCK, badAt);
        try (EventBinder events = new EventBinder(spec, broken, TraceChecker.viewFields(spec),
                RelayProbe.CONSTANTS).start()) {
            events.header();
            // The blocks before the defect's are handed over whole; the defect's block is not (it never filled).
            check(events.has(2 * EventWindow.BLOCK - 1), "the full blocks before the defect are read");
            try {
                events.has(badAt - 1);
                check(false, "the defect is reported");
            } catch (EventWindow.ReadFailure e) {
                check(e.getCause() instanceof TraceFormatException t && t.line() == badAt + 2,
                        "the read failure names the defect's line " + (badAt + 2) + ": " + e.getCause());
            }
        }
        RelayProbe.finish();
    }

    /** A trace of {@code n} ProducerSends events (they bind; they need not fit the spec), line of index bad broken. */
    private static Path write(String name, int n, int bad) throws Exception {
        Path file = RelayProbe.work.resolve(name + ".ndjson");
        try (BufferedWriter w = Files.newBufferedWriter(file)) {
            w.write(RelayProbe.HEADER);
            for (int i = 0; i < n; i++) {
                w.write(i == bad ? "{\"seq\":" + (i + 1) + ",\"action\":\n" : "{\"seq\":" + (i + 1)
                        + ",\"action\":\"ProducerSends\",\"actor\":\"producer\",\"params\":{\"m\":" + (i % 2 + 1)
                        + "}}\n");
            }
        }
        return file;
    }
}
