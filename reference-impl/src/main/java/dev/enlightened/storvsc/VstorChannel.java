package dev.enlightened.storvsc;

import dev.enlightened.ring.ByteBufferRingMemory;
import dev.enlightened.ring.RingConsumer;
import dev.enlightened.ring.RingMemory;
import dev.enlightened.ring.RingProducer;
import dev.enlightened.signal.InProcessDoorbell;

/**
 * The open primary channel of one storvsc device: two rings, guest to host ("outbound") and host to guest
 * ("inbound"), each with its producer and consumer end. The spec abstracts them as the FIFOs {@code toHost} and
 * {@code toGuest}; the ring specs check that they are.
 */
public final class VstorChannel {
    /** Ring data area per direction: room for far more than the one outstanding 64-byte request. */
    public static final int DEFAULT_RING_BYTES = 4096;
    /** Ring data area per direction for I/O: several {@link StorvscIo#MAX_TRANSFER} packets (Linux: 128 KiB). */
    public static final int IO_RING_BYTES = 64 * 1024;

    private final RingMemory outbound;
    private final RingMemory inbound;
    private final RingProducer guestOut;
    private final RingConsumer hostIn;
    private final RingProducer hostOut;
    private final RingConsumer guestIn;

    private VstorChannel(int ringBytes) {
        outbound = ByteBufferRingMemory.allocate(ringBytes);
        inbound = ByteBufferRingMemory.allocate(ringBytes);
        InProcessDoorbell[] out = InProcessDoorbell.pair();
        InProcessDoorbell[] in = InProcessDoorbell.pair();
        guestOut = new RingProducer(outbound, out[0]);
        hostIn = new RingConsumer(outbound, out[1]);
        hostOut = new RingProducer(inbound, in[0]);
        guestIn = new RingConsumer(inbound, in[1]);
    }

    /** @return a channel with {@link #DEFAULT_RING_BYTES} per ring */
    public static VstorChannel create() {
        return new VstorChannel(DEFAULT_RING_BYTES);
    }

    /**
     * @param ringBytes data area per ring, a positive multiple of 8
     * @return a channel with {@code ringBytes} per ring
     */
    public static VstorChannel create(int ringBytes) {
        return new VstorChannel(ringBytes);
    }

    /** @return the guest's end of the outbound ring */
    public RingProducer guestOut() {
        return guestOut;
    }

    /** @return the host's end of the outbound ring */
    public RingConsumer hostIn() {
        return hostIn;
    }

    /** @return the host's end of the inbound ring */
    public RingProducer hostOut() {
        return hostOut;
    }

    /** @return the guest's end of the inbound ring */
    public RingConsumer guestIn() {
        return guestIn;
    }

    /** @return the host-to-guest ring's memory (tests corrupt it as a hostile host could) */
    RingMemory inboundMemory() {
        return inbound;
    }

    /** @return the guest-to-host ring's memory (tests watch pending_send_sz on it) */
    RingMemory outboundMemory() {
        return outbound;
    }

    /** @return true if the host has a request to read (or garbage, which its read then reports) */
    public boolean requestWaiting() {
        return outbound.loadWriteIndexAcquire() != hostIn.readIndex();
    }

    /** @return true if the guest has a packet to read (or garbage, which its read then reports) */
    public boolean completionWaiting() {
        return inbound.loadWriteIndexAcquire() != guestIn.readIndex();
    }
}
