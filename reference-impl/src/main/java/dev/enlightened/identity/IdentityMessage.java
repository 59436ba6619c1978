package dev.enlightened.identity;

/**
 * A host-to-guest message of the identity run: OFFERCHANNEL or RESCIND_CHANNELOFFER for a relid. The instance is a
 * ghost the wire does not carry (the spec's h2g[j].inst): the guest never reads it, the trace names it so that
 * "reaches the right instance" can be checked.
 *
 * @param rescind true for RESCIND_CHANNELOFFER, false for OFFERCHANNEL
 * @param relid   the child relid the message carries
 * @param inst    ghost: the offer instance the host meant
 */
record IdentityMessage(boolean rescind, int relid, int inst) {
}
