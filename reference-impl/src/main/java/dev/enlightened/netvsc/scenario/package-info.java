/**
 * Seeded netvsc runs: the guest driver and the simulated VSP under the deterministic scheduler, with the
 * sub-channel offers and the SUBCHANNEL completion arriving in either order, traced for
 * {@code TraceNetvscSubchannels}.
 */
package dev.enlightened.netvsc.scenario;
