/**
 * The deterministic scheduler and the choices of a simulated run. Every nondeterministic decision (which actor
 * steps; the host's offers, rescinds, refusals, unloads; packet lengths; the I/O mix) goes through one
 * {@link dev.enlightened.sim.Chooser}: seeded ({@link dev.enlightened.sim.RandomChooser}, the default of
 * {@code enlightened run}), recorded and replayed ({@link dev.enlightened.sim.ReplayToken}), or systematic (the
 * explorer). Actors expose one atomic protocol step at a time; the scheduler detects quiescence (no actor can step)
 * and names the blocked actors and what they wait for, which the trace ends with.
 * {@link dev.enlightened.sim.StateDigest} digests an implementation's state for an explorer's pruning.
 * {@link dev.enlightened.sim.ScheduleChooser} and {@link dev.enlightened.sim.ScheduleTree} are the systematic search's
 * TLC-free core (the DFS and PCT that {@code enlightened explore} runs), and {@link dev.enlightened.sim.ScheduleSearch}
 * runs it in the caller's JVM against implementation-level invariants, for unit tests and so for PIT.
 */
package dev.enlightened.sim;
