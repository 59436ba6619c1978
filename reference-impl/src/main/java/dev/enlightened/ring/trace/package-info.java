/**
 * The ring's trace emitter: turns each {@link dev.enlightened.ring.RingObserver} step of the Java ring into one
 * {@code enlightened-trace/1} event for {@code TraceRingBuffer.tla} (trace-validation), named after the spec action
 * by {@link dev.enlightened.ring.RingAction}, with the control fields in 8-byte units as its post-state.
 */
package dev.enlightened.ring.trace;
