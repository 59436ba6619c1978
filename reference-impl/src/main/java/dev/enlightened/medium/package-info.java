/**
 * What the guest and the simulated host share, below both: the medium between them (the SynIC message slot and
 * the posted-message path, {@link dev.enlightened.medium.Transport}), a channel's identity across offers
 * ({@link dev.enlightened.medium.ChannelKey}) and the device-level sub-channel request
 * ({@link dev.enlightened.medium.SubChannelDevice}). Neither {@code channel} (the guest) nor {@code host} owns
 * them, so the host never imports the guest's package (DESIGN.md, reference-impl layers).
 */
package dev.enlightened.medium;
