/**
 * Byte-exact codec of RNDIS, the NDIS control and data messages netvsc carries inside NVSP SEND_RNDIS_PKT
 * (Linux {@code include/linux/rndis.h} and {@code drivers/net/hyperv/hyperv_net.h} {@code struct rndis_message},
 * openvmm {@code netvsp/src/rndisprot.rs}). Decoding validates every length, offset and count as unsigned against
 * the message's {@code msg_len} and returns a typed error instead of throwing.
 */
package dev.enlightened.wire.rndis;
