package dev.enlightened.validation.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enlightened.ring.RingFault;
import dev.enlightened.ring.scenario.RingScenario;
import dev.enlightened.ring.scenario.RingScenarioRunner;
import dev.enlightened.validation.ExampleModules;
import dev.enlightened.validation.Verdict;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * EventWindow from its contract: events in file order, the reader at most a few blocks ahead (the trace's length
 * unknown until it ends), a cache of the most recent blocks with older ones re-read from their byte offset, equal to
 * what was read first; an index past the end is out of bounds; a defect deep in the file reaches the search as a
 * read failure at its line. Through the EventBinder that owns the window, on a Relay trace of 10 blocks, in a
 * forked JVM ({@link EventWindowProbe}). A short file read on the search thread gets the verdict a reader thread
 * gets.
 */
class EventWindowTest {
    private static final Path DIR = Path.of("target", "event-window-traces");

    @Test
    void theWindowKeepsOrderBoundsWhatItHoldsAndReReadsEvictedBlocks() throws Exception {
        RelayProbe.fork(EventWindowProbe.class, 9);
    }

    /**
     * Ring traces accepted, rejected (a fault switch, an event renamed late) and bad input (a broken line in the
     * middle, a last line cut short), plus one above {@link EventWindow#INLINE_BELOW_BYTES} so that the batch mixes
     * both ways: validated with short files read inline (the default) and with a reader thread for every file
     * ({@code -Denlightened.engine.inlineReadBelowBytes=0}), every verdict the same, diagnosis included.
     */
    @Test
    void aShortTraceReadInlineGetsTheVerdictAReaderThreadGives() throws Exception {
        Files.createDirectories(DIR);
        List<Path> traces = new ArrayList<>();
        traces.add(run("good-64", RingScenario.generated(64, 20, 1, false, Set.of())));
        traces.add(run("good-512", RingScenario.generated(512, 20, 4, false, Set.of())));
        traces.add(run("h1", RingScenario.generated(64, 30, 3, false, Set.of(RingFault.H1_STALE_FREE_SPACE))));
        Path big = run("big", RingScenario.generated(64, 500, 5, false, Set.of()));
        assertTrue(Files.size(big) >= EventWindow.INLINE_BELOW_BYTES, "one trace is read by a reader thread");
        traces.add(big);
        List<String> lines = Files.readAllLines(traces.get(0));
        int mid = lines.size() / 2;
        List<String> renamed = new ArrayList<>(lines);
        int late = lines.size() - 20;
        while (!renamed.get(late).contains("\"action\":\"ConsumerLoadsWriteIndex\"")) {
            late++;
        }
        renamed.set(late, renamed.get(late).replace("ConsumerLoadsWriteIndex", "ConsumerLoadsPendingSendSz"));
        traces.add(write("renamed", renamed));
        List<String> broken = new ArrayList<>(lines);
        broken.set(mid, broken.get(mid).substring(0, broken.get(mid).length() / 2));
        traces.add(write("broken-middle", broken));
        List<String> cut = new ArrayList<>(lines);
        String last = cut.remove(cut.size() - 1);
        cut.add(last.substring(0, last.length() - 3));
        traces.add(write("cut-short", cut));

        List<Verdict> inline = ExampleModules.validator().validate(traces);
        List<Verdict> threads;
        System.setProperty("enlightened.engine.inlineReadBelowBytes", "0");
        try {
            threads = ExampleModules.validator().validate(traces);
        } finally {
            System.clearProperty("enlightened.engine.inlineReadBelowBytes");
        }
        assertEquals(traces.size(), inline.size());
        assertEquals(traces.size(), threads.size());
        for (int i = 0; i < traces.size(); i++) {
            assertEquals(StepCacheTest.decided(threads.get(i)), StepCacheTest.decided(inline.get(i)),
                    traces.get(i).toString());
        }
        assertInstanceOf(Verdict.Accepted.class, inline.get(0));
        assertInstanceOf(Verdict.Accepted.class, inline.get(1));
        assertInstanceOf(Verdict.Rejected.class, inline.get(2));
        assertInstanceOf(Verdict.Accepted.class, inline.get(3));
        assertEquals(late + 1, assertInstanceOf(Verdict.Rejected.class, inline.get(4)).line());
        assertEquals(mid + 1, assertInstanceOf(Verdict.BadInput.class, inline.get(5)).line());
        assertEquals(lines.size(), assertInstanceOf(Verdict.BadInput.class, inline.get(6)).line());
    }

    private static Path run(String name, RingScenario scenario) throws Exception {
        Path p = DIR.resolve(name + ".ndjson");
        RingScenarioRunner.run(scenario, p);
        return p;
    }

    private static Path write(String name, List<String> lines) throws Exception {
        Path p = DIR.resolve(name + ".ndjson");
        Files.write(p, lines);
        return p;
    }

    /**
     * A block's arrays start small and grow (a short trace of a batch does not allocate 4,096 slots): events stay
     * in order through every growth up to a full block, and a block made for a known count holds it.
     */
    @Test
    void aBlockGrowsToAFullBlockKeepingItsEventsInOrder() {
        EventWindow.Block b = new EventWindow.Block(EventWindow.BLOCK);
        assertTrue(b.events.length <= EventWindow.BLOCK_START, "starts small: " + b.events.length);
        List<dev.enlightened.validation.format.TraceEvent> added = new ArrayList<>();
        for (int i = 0; i < EventWindow.BLOCK; i++) {
            var e = new dev.enlightened.validation.format.TraceEvent(i + 2, 10, i + 1, "A" + i, null, null, null,
                    "line " + i);
            added.add(e);
            b.add(e, null);
            assertEquals(b.events.length, b.records.length);
            assertTrue(b.events.length <= EventWindow.BLOCK, "never above a full block: " + b.events.length);
        }
        assertEquals(EventWindow.BLOCK, b.count);
        for (int i = 0; i < EventWindow.BLOCK; i++) {
            assertEquals(added.get(i), b.events[i], "event " + i);
        }
        EventWindow.Block known = new EventWindow.Block(0, 300);
        for (int i = 0; i < 300; i++) {
            known.add(added.get(i), null);
        }
        assertEquals(300, known.events.length, "a re-read block is sized to its count");
        assertEquals(added.subList(0, 300), List.of(known.events));
    }
}
