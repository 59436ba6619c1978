/**
 * Seeded deterministic runs of the storvsc handshake: guest probe context, guest offer handler, guest workqueue
 * and the simulated host as {@link dev.enlightened.sim.Actor}s under
 * {@link dev.enlightened.sim.DeterministicScheduler}, so the sub-channel offers and the CREATE_SUB_CHANNELS
 * completion arrive in either order, reproducibly from the seed; the trace they write is checked against
 * {@code TraceStorvscHandshake}. {@link dev.enlightened.storvsc.scenario.StorvscIoRun} then runs random I/O on the
 * Ready device against a model byte array (not traced).
 */
package dev.enlightened.storvsc.scenario;
