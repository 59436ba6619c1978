/**
 * Trace emission: the NDJSON event sink that the reference drivers write to (format
 * {@code enlightened-trace/1}, documented in docs/trace-format.md). Tracing off is {@link TraceSink#OFF}: callers
 * test {@link TraceSink#enabled()} before building an event, so a disabled trace allocates nothing.
 */
package dev.enlightened.trace;
