package dev.enlightened.trace;

import java.util.Map;
import java.util.Objects;

/**
 * First line of a trace: format version, the Trace module that validates it, the constants it was run with,
 * the scheduler seed and the producing program.
 *
 * @param spec      name of the {@code Trace<Spec>} TLA+ module (without .tla)
 * @param constants constants of the run, as JSON-able values (Integer, Long, Boolean, String, List, Map)
 * @param seed      scheduler seed, or -1 for a real-thread run
 * @param producer  free text naming the program and mode that wrote the trace
 */
public record TraceHeader(String spec, Map<String, Object> constants, long seed, String producer) {
    /** The only format version this code writes. */
    public static final String FORMAT = "enlightened-trace/1";

    public TraceHeader {
        Objects.requireNonNull(spec, "spec");
        constants = Map.copyOf(constants);
        Objects.requireNonNull(producer, "producer");
    }
}
