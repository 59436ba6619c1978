/**
 * Byte-exact codec of NVSP, the netvsc protocol on the primary channel's ring (vmbus-protocol digest §4.2; Linux
 * {@code drivers/net/hyperv/hyperv_net.h} {@code struct nvsp_message}, openvmm {@code netvsp/src/protocol.rs}).
 * Encoding writes Linux's fixed-size union or openvmm's header-plus-body form; decoding accepts either, validates
 * every count and offset it can check without context, and returns a typed error instead of throwing.
 */
package dev.enlightened.wire.nvsp;
