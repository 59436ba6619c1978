package dev.enlightened.validation.engine;

import org.junit.jupiter.api.Test;

/**
 * EventWindow from its contract: events in file order, the reader at most a few blocks ahead (the trace's length
 * unknown until it ends), a cache of the most recent blocks with older ones re-read from their byte offset, equal to
 * what was read first; an index past the end is out of bounds; a defect deep in the file reaches the search as a
 * read failure at its line. Through the EventBinder that owns the window, on a Relay trace of 10 blocks, in a
 * forked JVM ({@link EventWindowProbe}).
 */
class EventWindowTest {
    @Test
    void theWindowKeepsOrderBoundsWhatItHoldsAndReReadsEvictedBlocks() throws Exception {
        RelayProbe.fork(EventWindowProbe.class, 9);
    }
}
