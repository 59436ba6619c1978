/**
 * The deterministic scheduler: every actor step is chosen by a seeded RNG, so a run reproduces from its seed.
 * Actors expose one atomic protocol step at a time; the scheduler detects quiescence (no actor can step) and
 * names the blocked actors and what they wait for, which the trace ends with.
 */
package dev.enlightened.sim;
