/**
 * The NDJSON trace format ({@code enlightened-trace/1}): a header line, then one event per line. Parsing here is
 * strict and knows nothing of TLC, so it can run in any JVM: every defect is reported with its line and column.
 * The format is documented in {@code docs/trace-format.md} and {@code docs/trace-format.schema.json}.
 */
package dev.enlightened.validation.format;
