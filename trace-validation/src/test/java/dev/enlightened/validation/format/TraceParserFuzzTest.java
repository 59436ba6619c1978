package dev.enlightened.validation.format;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.file.Path;

/**
 * The trace parser over any bytes (issue 12's fuzzing list): a {@link ParsedTrace} or a
 * {@link TraceFormatException} naming the position, never another exception, within a time bound per input. The
 * bytes are parsed from memory by the line reader and checks a file goes through ({@code TraceParser.parse(Path,
 * byte[])}); writing each input to a temporary file first held the first rounds to 119-382 inputs a second.
 */
class TraceParserFuzzTest {
    /** Generous: a GC pause on a loaded machine is not a finding; quadratic parsing of 4 KiB inputs would be. */
    private static final long MAX_NANOS = 5_000_000_000L;
    /** The name positions are reported against; nothing is read from it. */
    private static final Path NAME = Path.of("fuzz-input.ndjson");

    @FuzzTest
    void anyBytesParseToATraceOrAPositionedFormatError(byte[] bytes) {
        long loaded = java.lang.management.ManagementFactory.getClassLoadingMXBean().getTotalLoadedClassCount();
        long start = System.nanoTime();
        try {
            ParsedTrace t = TraceParser.parse(NAME, bytes);
            if (t.header() == null) {
                throw new AssertionError("accepted a trace without a header");
            }
        } catch (TraceFormatException e) {
            if (e.getMessage() == null || e.getMessage().isBlank()) {
                throw new AssertionError("format error without a message", e);
            }
        }
        long nanos = System.nanoTime() - start;
        // A call that loaded classes paid for Jazzer instrumenting them (16 s for Jackson at load average 40): its
        // time says nothing of the parser; the same path taken again is checked.
        boolean loadedClasses =
                java.lang.management.ManagementFactory.getClassLoadingMXBean().getTotalLoadedClassCount() != loaded;
        if (nanos > MAX_NANOS && bytes.length < 1 << 16 && !loadedClasses) {
            throw new AssertionError("parse took too long: nanos=" + nanos + " input=" + bytes.length);
        }
    }
}
