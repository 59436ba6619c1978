package dev.enlightened.ring;

import dev.enlightened.signal.InProcessDoorbell;

/**
 * One VMBus channel's two rings, in one process: outbound (guest to host) and inbound (host to guest), each with
 * its own doorbell pair. The GPADLs and the open handshake belong to the channel layer; this is what it hands
 * the device once the channel is open (the storvsc and netvsc drivers and their simulated hosts use it).
 *
 * @param guestOut guest writes requests
 * @param hostIn   host reads them
 * @param hostOut  host writes completions
 * @param guestIn  guest reads them
 * @param outbound the guest-to-host ring's memory
 * @param inbound  the host-to-guest ring's memory
 */
public record ChannelRings(RingProducer guestOut, RingConsumer hostIn, RingProducer hostOut, RingConsumer guestIn,
        RingMemory outbound, RingMemory inbound) {

    /** @return a fresh channel whose rings each have {@code dataBytes} of data area (a positive multiple of 8) */
    public static ChannelRings create(int dataBytes) {
        return create(dataBytes, false);
    }

    /**
     * @param dataBytes data area of each ring (a positive multiple of 8)
     * @param isolated  true for an isolated (confidential) guest: the guest's reader of the inbound ring copies each
     *                  packet out of shared memory before parsing it (Linux {@code hv_pkt_iter_first} in a CoCo VM);
     *                  the host's reader is the host's business and reads in place either way
     * @return a fresh channel
     */
    public static ChannelRings create(int dataBytes, boolean isolated) {
        return create(dataBytes, isolated, new InProcessDoorbell.WakeLine(), new InProcessDoorbell.WakeLine());
    }

    /**
     * A channel whose signals wake the given lines: the host's signals (new completions, space freed in the
     * outbound ring) wake {@code guestLine}, the guest's wake {@code hostLine}. Channels of one device created with
     * the same two lines let one guest thread and one host thread sleep until any of them signals (one SINT per
     * side; see {@link InProcessDoorbell#pair(InProcessDoorbell.WakeLine, InProcessDoorbell.WakeLine)}).
     *
     * @param dataBytes data area of each ring (a positive multiple of 8)
     * @param isolated  as {@link #create(int, boolean)}
     * @param guestLine where the guest's thread sleeps
     * @param hostLine  where the host's thread sleeps
     * @return a fresh channel
     */
    public static ChannelRings create(int dataBytes, boolean isolated, InProcessDoorbell.WakeLine guestLine,
            InProcessDoorbell.WakeLine hostLine) {
        ByteBufferRingMemory out = ByteBufferRingMemory.allocate(dataBytes);
        ByteBufferRingMemory in = ByteBufferRingMemory.allocate(dataBytes);
        // Outbound: the guest producer awaits space on its line, the host consumer awaits data on its line.
        InProcessDoorbell[] g2h = InProcessDoorbell.pair(guestLine, hostLine);
        // Inbound: the host producer awaits space on its line, the guest consumer awaits data on its line.
        InProcessDoorbell[] h2g = InProcessDoorbell.pair(hostLine, guestLine);
        return new ChannelRings(new RingProducer(out, g2h[0]), new RingConsumer(out, g2h[1]),
                new RingProducer(in, h2g[0]), new RingConsumer(in, h2g[1], RingObserver.NONE,
                java.util.Set.of(), isolated), out, in);
    }

    /** @return true if the guest reads the inbound ring through the isolated-guest (copying) reader */
    public boolean isolated() {
        return guestIn.isolated();
    }

    /**
     * @param dataBytes data area of each ring of the new channel
     * @return a fresh channel whose guest reads in this channel's mode (a sub-channel of an isolated guest is read
     *         as the primary is: Linux decides per VM, {@code hv_is_isolation_supported()}, not per channel)
     */
    public ChannelRings sibling(int dataBytes) {
        return create(dataBytes, isolated());
    }

    /** @return true if the host has published a packet the guest has not consumed (hv_get_bytes_to_read &gt; 0) */
    public boolean guestHasInput() {
        // Acquire pairs with the host producer's release store of write_index.
        return inbound.loadWriteIndexAcquire() != guestIn.readIndex();
    }

    /** @return true if the guest has published a packet (or garbage, which the read reports) the host has not read */
    public boolean hostHasInput() {
        return outbound.loadWriteIndexAcquire() != hostIn.readIndex();
    }

    /**
     * The guest's last look before it sleeps on its line, reading without {@code interrupt_mask} (the
     * {@link RingConsumer#next}/{@link RingConsumer#release} loop): a full fence, then {@link #guestHasInput()}.
     * StoreLoad: our {@code read_index} stores (every release) before this {@code write_index} load. Pairs with the
     * host producer's {@code write_index} store -> full fence -> {@code read_index} load in its signal decision
     * ({@link RingProducer#commit()}, Linux {@code hv_signal_on_write}): either we see its packet here, or it sees
     * the ring empty before its packet and rings our line, so the sleep that follows cannot miss it.
     *
     * @return true if a packet waits (do not sleep)
     */
    public boolean guestHasInputBeforeSleep() {
        inbound.fullFence();
        return guestHasInput();
    }

    /**
     * The host's last look before it sleeps on its line: as {@link #guestHasInputBeforeSleep()} for the outbound
     * ring (our {@code read_index} stores before this {@code write_index} load; pairs with the guest producer's
     * store -> fence -> load in {@link RingProducer#commit()}).
     *
     * @return true if a packet waits (do not sleep)
     */
    public boolean hostHasInputBeforeSleep() {
        outbound.fullFence();
        return hostHasInput();
    }
}
