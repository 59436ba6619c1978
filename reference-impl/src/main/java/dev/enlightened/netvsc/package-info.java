/**
 * netvsc over VMBus: the guest driver's NVSP handshake and sub-channel allocation (Linux
 * {@code drivers/net/hyperv/netvsc.c} {@code netvsc_connect_vsp}, {@code rndis_filter.c}
 * {@code rndis_set_subchannel}, {@code netvsc_sc_open}) over a channel of two Java rings, and a simulated host
 * VSP behaving as openvmm's {@code netvsp}. Spec: {@code specs/devices/NetvscSubchannels.tla}; historical bug H11.
 */
package dev.enlightened.netvsc;
