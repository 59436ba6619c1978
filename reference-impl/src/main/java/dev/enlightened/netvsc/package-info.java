/**
 * netvsc over VMBus: the guest driver's NVSP handshake and sub-channel allocation (Linux
 * {@code drivers/net/hyperv/netvsc.c} {@code netvsc_connect_vsp}, {@code rndis_filter.c}
 * {@code rndis_set_subchannel}, {@code netvsc_sc_open}) over a channel of two Java rings, and a simulated host
 * VSP behaving as openvmm's {@code netvsp}; then the data path: the RNDIS bring-up, TX through send sections or
 * GPA direct with the queue's stop/wake, RX through transfer-page packets and receive-section recycling, receive-side
 * scaling (the guest's OID_GEN_RECEIVE_SCALE_PARAMETERS, the host's Toeplitz steering through the indirection
 * table), and the host's virtual switch. Specs: {@code specs/devices/NetvscSubchannels.tla} (historical bug H11),
 * {@code NetvscRndis.tla} and {@code NetvscDataPath.tla}.
 */
package dev.enlightened.netvsc;
