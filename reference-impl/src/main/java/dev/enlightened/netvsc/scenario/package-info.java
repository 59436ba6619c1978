/**
 * Seeded netvsc runs under the deterministic scheduler: the sub-channel allocation, with the offers and the
 * SUBCHANNEL completion arriving in either order (traced for {@code TraceNetvscSubchannels}), and network runs of
 * guests exchanging ARP and ICMP echo through the virtual switch, every frame verified end to end (traced per
 * device for {@code TraceNetvscDataPath}).
 */
package dev.enlightened.netvsc.scenario;
