package dev.enlightened.validation.engine;

import dev.enlightened.validation.format.EventValues;
import dev.enlightened.validation.format.TraceEvent;
import dev.enlightened.validation.format.TraceFormatException;
import dev.enlightened.validation.format.TraceHeader;
import dev.enlightened.validation.format.TraceParser;
import dev.enlightened.validation.format.ValueSink;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import tlc2.value.impl.Value;

/**
 * The events of one trace as the search sees them: read by a reader thread in blocks of {@link #BLOCK} events,
 * handed over through a small bounded queue (the reader runs ahead of the search by at most {@link #QUEUED}
 * blocks), and kept in a cache of the {@link #KEPT} most recently used blocks. A block that left the cache is read
 * again from the file, from the byte offset its first line started at: the search needs old events only when it
 * backtracks far, and a diagnosis only a few. What grows with the trace is two numbers per block.
 *
 * <p>A file shorter than {@link #INLINE_BELOW_BYTES} is read on the search thread before the search starts, into an
 * unbounded queue: the same items in the same order, so the search cannot tell. Such a file is a few blocks at most,
 * and a trace of fewer than {@link #BLOCK} events (a short trace of a batch) is one, handed over only at the end of
 * the file: the search waited for all of it anyway, so a reader thread overlapped nothing there and cost its start,
 * its hand-over and its wake-ups (issue 15: a batch of short traces).
 */
final class EventWindow {
    /** Events per block. */
    static final int BLOCK = 4096;
    /** Blocks the cache holds (the window of recent events: 32,768 events). */
    static final int KEPT = 8;
    /** Blocks the reader may be ahead of the search. */
    static final int QUEUED = 4;
    /**
     * Files below this size are read on the search thread ({@code -Denlightened.engine.inlineReadBelowBytes=N}; 0
     * keeps the reader thread for every file). 1 MiB is about 10,000 short ring events: at most a few blocks.
     */
    static final long INLINE_BELOW_BYTES = Long.getLong("enlightened.engine.inlineReadBelowBytes", 1 << 20);

    /**
     * Arrays of a block that is being filled start this long and double up to {@link #BLOCK}
     * ({@code -Denlightened.engine.blockStart=4096}: full blocks at once, as before). Issue 15: a short trace of a
     * batch (300 events) allocated two arrays of 4,096 references per trace, a tenth of its reading's bytes.
     */
    static final int BLOCK_START = Math.max(1, Math.min(BLOCK, Integer.getInteger("enlightened.engine.blockStart",
            256)));

    /** Events {@code first .. first + count - 1} with their TLA+ records. */
    static final class Block {
        final int first;
        TraceEvent[] events;
        Value[] records;
        long offset = -1;
        int count;

        Block(int first) {
            this(first, BLOCK_START);
        }

        /** A block whose arrays start with room for {@code capacity} events (a re-read knows its count). */
        Block(int first, int capacity) {
            this.first = first;
            this.events = new TraceEvent[capacity];
            this.records = new Value[capacity];
        }

        void add(TraceEvent e, Value record) {
            if (count == events.length) {
                int grown = Math.min(BLOCK, events.length * 2);
                events = Arrays.copyOf(events, grown);
                records = Arrays.copyOf(records, grown);
            }
            events[count] = e;
            records[count] = record;
            count++;
        }
    }

    /** What the reader thread hands over: the header, a block, the end, or the defect that stopped it. */
    private sealed interface Item permits HeaderRead, Filled, End, Failure {
    }

    private record HeaderRead() implements Item {
    }

    private record Filled(Block block) implements Item {
    }

    private record End() implements Item {
    }

    private record Failure(Throwable cause) implements Item {
    }

    /** A defect the reader met (format, I/O): the search stops and the trace is bad input. */
    static final class ReadFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ReadFailure(Throwable cause) {
            super(cause.getMessage(), cause);
        }
    }

    private final EventBinder binder;
    private final Path file;
    private BlockingQueue<Item> queue = new ArrayBlockingQueue<>(QUEUED + 2);
    private Thread reader;
    private volatile boolean closed;

    // Reader thread only.
    private Block filling = new Block(0);
    private long pendingOffset;

    // Search thread only.
    private boolean headerSeen;
    private boolean ended;
    private int received;
    private long[] offsets = new long[64];
    private int blocks;
    private final Map<Integer, Block> cache = new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<Integer, Block> eldest) {
            return size() > KEPT;
        }
    };
    private Block last;
    /**
     * Whether the window prints, when closed, how often and how long the search waited for the reader and the
     * reader thread's CPU time ({@code -Denlightened.engine.readerStats=true}; issue 15: is the reading overlapped
     * with the search?).
     */
    private static final boolean STATS = Boolean.getBoolean("enlightened.engine.readerStats");
    /** Search thread: blocks it had to wait for (the queue was empty), and the time it waited. */
    private long waits;
    private long waitedNanos;
    /** The reader thread's CPU time, written by it when it ends. */
    private volatile long readerCpuNanos = -1;

    EventWindow(EventBinder binder, Path file) {
        this.binder = binder;
        this.file = file;
    }

    void start() {
        if (inline(file)) {
            queue = new LinkedBlockingQueue<>(); // never full: the reader is the caller and must not wait
            read();
            return;
        }
        reader = new Thread(this::read, "trace-reader " + file.getFileName());
        reader.setDaemon(true);
        reader.start();
    }

    /** Whether {@code file} is small enough to read on the search thread (unknown size: no). */
    static boolean inline(Path file) {
        try {
            return java.nio.file.Files.size(file) < INLINE_BELOW_BYTES;
        } catch (IOException e) {
            return false; // the reader thread meets the same error and reports it as it always did
        }
    }

    private void read() {
        try {
            TraceParser.parse(file, new ValueSink<Value>() {
                @Override
                public void header(TraceHeader header) throws TraceFormatException {
                    binder.header(header);
                    put(new HeaderRead());
                }

                @Override
                public void event(TraceEvent event) throws TraceFormatException {
                    binder.event(event);
                }

                @Override
                public EventValues<Value> values() {
                    return ValueCodec.VALUES;
                }

                @Override
                public void event(TraceEvent event, Value params, Value post, List<String> postNames)
                        throws TraceFormatException {
                    binder.event(event, params, post, postNames);
                }

                @Override
                public void lineStart(long byteOffset, int lineNo) {
                    binder.lineStart(byteOffset, lineNo);
                }
            });
            if (filling.count > 0) {
                put(new Filled(filling));
            }
            if (STATS && reader != null) { // read inline: the search thread's CPU is no reader's
                readerCpuNanos = java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
            }
            put(new End());
        } catch (TraceFormatException | IOException e) {
            fail(e);
        } catch (RuntimeException e) {
            if (!(e instanceof Stopped)) {
                fail(e);
            }
        } catch (OutOfMemoryError e) {
            fail(e);
        }
    }

    private void fail(Throwable cause) {
        try {
            put(new Failure(cause));
        } catch (Stopped e) {
            // The search closed the window: nobody is waiting for this.
        }
    }

    private void put(Item item) {
        try {
            while (!closed && !queue.offer(item, 100, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                // The search is busy; wait (or stop once the search closed the window).
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed = true;
        }
        if (closed) {
            throw new Stopped();
        }
    }

    /** Unwinds the reader when the search is over. */
    private static final class Stopped extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Stopped() {
            super(null, null, false, false);
        }
    }

    /** Reader thread: the line about to be handed to {@link #add} starts at this byte offset. */
    void lineStart(long byteOffset) {
        pendingOffset = byteOffset;
    }

    /** Reader thread: one bound event. */
    void add(TraceEvent e, Value record) {
        if (filling.count == 0) {
            filling.offset = pendingOffset;
        }
        filling.add(e, record);
        if (filling.count == BLOCK) {
            put(new Filled(filling));
            filling = new Block(filling.first + BLOCK);
        }
    }

    void close() {
        if (STATS && !closed) {
            System.err.printf("reader: the search waited for it %d times, %d ms in all (%d blocks of %d events"
                    + " received); reader thread CPU %d ms%n", waits, waitedNanos / 1_000_000, blocks, BLOCK,
                    readerCpuNanos / 1_000_000);
        }
        closed = true;
        if (reader != null) {
            reader.interrupt();
        }
        queue.clear();
        cache.clear();
        last = null;
    }

    private void take() {
        Item item = queue.poll();
        try {
            if (item == null) {
                long t0 = System.nanoTime();
                item = queue.take();
                waits++;
                waitedNanos += System.nanoTime() - t0;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ReadFailure(new IOException("interrupted while reading the trace"));
        }
        if (item instanceof HeaderRead) {
            headerSeen = true;
        } else if (item instanceof Filled f) {
            if (blocks == offsets.length) {
                offsets = Arrays.copyOf(offsets, blocks * 2);
            }
            offsets[blocks++] = f.block.offset;
            received += f.block.count;
            cache.put(f.block.first / BLOCK, f.block);
        } else if (item instanceof End) {
            ended = true;
        } else {
            ended = true;
            Throwable cause = ((Failure) item).cause();
            if (cause instanceof OutOfMemoryError oom) {
                // Resource exhaustion on the reader thread is the engine's failure, not the trace's.
                throw new OutOfMemoryError("while reading the trace: " + oom.getMessage());
            }
            throw new ReadFailure(cause instanceof Exception ex ? ex : new IllegalStateException(cause));
        }
    }

    void awaitHeader() {
        while (!headerSeen) {
            take();
        }
    }

    boolean has(int index) {
        while (index >= received && !ended) {
            take();
        }
        return index < received;
    }

    int received() {
        return received;
    }

    int size() {
        if (!ended) {
            throw new IllegalStateException("the trace's length is not known before the reader ends");
        }
        return received;
    }

    /** Reads what the search did not need, so a defect past a rejection is still reported as bad input. */
    void drain() {
        while (!ended) {
            take();
        }
    }

    private Block block(int index) {
        if (last != null && index >= last.first && index < last.first + last.count) {
            return last;
        }
        if (!has(index)) {
            throw new IndexOutOfBoundsException("event index " + index + " of " + received);
        }
        int b = index / BLOCK;
        Block block = cache.get(b);
        if (block == null) {
            block = reload(b);
            cache.put(b, block);
        }
        last = block;
        return block;
    }

    /** Reads block {@code b} again from the file (it left the cache). */
    private Block reload(int b) {
        int first = b * BLOCK;
        int count = Math.min(BLOCK, received - first);
        Block block = new Block(first, Math.max(1, count));
        try {
            // The block's first line number: events are one per line after the header, so line = seq + 1.
            TraceParser.reparse(file, offsets[b], first + 2, first + 1L, count, new TraceParser.Sink() {
                @Override
                public void header(TraceHeader header) {
                    throw new IllegalStateException("no header inside a trace");
                }

                @Override
                public void event(TraceEvent event) throws TraceFormatException {
                    binder.reread(event, block);
                }
            });
        } catch (TraceFormatException | IOException e) {
            throw new ReadFailure(e);
        }
        return block;
    }

    TraceEvent event(int index) {
        Block b = block(index);
        return b.events[index - b.first];
    }

    Value value(int index) {
        Block b = block(index);
        return b.records[index - b.first];
    }
}
