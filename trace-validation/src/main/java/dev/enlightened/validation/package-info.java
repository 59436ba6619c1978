/**
 * Public API of trace validation: {@link dev.enlightened.validation.TraceValidator} checks NDJSON traces against
 * their {@code Trace<Spec>.tla} module in a forked engine JVM and returns typed
 * {@link dev.enlightened.validation.Verdict}s; {@link dev.enlightened.validation.TraceAssertions} is the test helper
 * that fails with the rendered diagnosis and keeps the trace.
 */
package dev.enlightened.validation;
