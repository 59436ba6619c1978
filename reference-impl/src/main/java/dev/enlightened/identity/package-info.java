/**
 * Identity of channels (specs/channel/ChannelIdentity.tla): the host's offers are instances with sequence numbers in
 * reusable offer slots, revoked on their owner's request; the guest's channel objects have a local user (the bound
 * driver) distinct from the relid map. Host, owner, guest dispatch and guest driver are actors of the deterministic
 * scheduler; traced for TraceChannelIdentity ({@code run channels --identity}).
 */
package dev.enlightened.identity;
