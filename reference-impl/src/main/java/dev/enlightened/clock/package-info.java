/**
 * Time for the guest's waits: a {@link dev.enlightened.clock.Clock} that is real time on real threads and
 * virtual time under the deterministic scheduler (which advances a {@link dev.enlightened.clock.VirtualClock} when
 * every context waits), and the typed failure of a wait that ran out, {@link dev.enlightened.clock.WaitTimeout}.
 * Below guest and host: both sides and the scheduler use it.
 */
package dev.enlightened.clock;
