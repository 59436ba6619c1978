/**
 * Per-VP delivery (spec {@code specs/channel/VpDelivery.tla}): every virtual processor has its own SynIC message
 * slot and event-flags page, a channel's interrupts go to the VP its OPENCHANNEL {@code target_vp} named until a
 * MODIFYCHANNEL moves them, and CPUs go offline and online under Linux's {@code hv_synic_cleanup} rule. The guest
 * ({@link dev.enlightened.vp.VpGuest}), the simulated host ({@link dev.enlightened.vp.VpHost}) and the run
 * ({@link dev.enlightened.vp.VpRunner}) are traced for {@code TraceVpDelivery}.
 */
package dev.enlightened.vp;
