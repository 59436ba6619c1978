/**
 * Scenario runs of the channel manager against the simulated host: the guest's contexts (message dispatch, bus,
 * one driver per channel key) and the host (message handling, spontaneous device events) as
 * {@link dev.enlightened.sim.Actor}s, run by the seeded {@link dev.enlightened.sim.DeterministicScheduler} or on
 * real threads, with every step traced for validation against TraceVMBusChannels.tla. A run that stops with
 * blocked waiters names them and ends its trace with a quiescence event.
 */
package dev.enlightened.channel.scenario;
