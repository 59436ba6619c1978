package dev.enlightened.validation.format;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * Line 1 of a trace.
 *
 * @param format     always {@code enlightened-trace/1}
 * @param spec       the trace module that checks it, e.g. {@code TraceSynicMessageSlot}
 * @param constants  values of the spec's CONSTANTS (JSON values; an array stands for a TLA+ set), in file order
 * @param invariants extra invariants, by name, to check in every matched state (besides the trace config's)
 * @param seed       the producer's scheduler seed, when it has one
 * @param producer   who wrote the trace (free text)
 */
public record TraceHeader(String format, String spec, Map<String, JsonNode> constants, List<String> invariants,
                          Long seed, String producer) {
    /** The only format version this parser accepts. */
    public static final String FORMAT = "enlightened-trace/1";
}
