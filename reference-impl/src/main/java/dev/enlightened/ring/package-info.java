/**
 * The VMBus ring buffer over shared memory, byte-compatible with Linux {@code struct hv_ring_buffer}: a 4 KiB
 * control page ({@link dev.enlightened.ring.RingDescriptor}) and a data area of 8-aligned packets
 * ({@link dev.enlightened.ring.PacketDescriptor}) that wrap without a double mapping.
 * {@link dev.enlightened.ring.RingProducer} and {@link dev.enlightened.ring.RingConsumer} implement the signaling
 * protocol of vmbus-protocol.md §2.4-§2.6 with explicit memory ordering, all of it through
 * {@link dev.enlightened.ring.RingMemory}; {@link dev.enlightened.ring.RingFault} re-creates historical bugs H1-H3 and others;
 * {@link dev.enlightened.ring.RingObserver} feeds the trace emitter.
 */
package dev.enlightened.ring;
