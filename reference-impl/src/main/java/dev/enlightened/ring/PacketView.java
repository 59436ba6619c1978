package dev.enlightened.ring;

/**
 * A reusable flyweight over one packet still in the ring (consumed in place, as Linux {@code hv_pkt_iter_first}
 * does). Valid until the consumer publishes {@code read_index}; copy what you keep. Payload accessors handle the
 * wrap at the end of the data area.
 */
public final class PacketView {

    private RingMemory memory;
    private int dataLength;
    private int start;
    /** The descriptor's first u64 as validated by the consumer; the accessors decode type, offset8, len8, flags. */
    private long firstWord;
    private long transId;

    void wrap(RingMemory memory, int start, long firstWord, long transId) {
        if (this.memory != memory) { // a consumer wraps the same memory every packet: skip the reference store
            this.memory = memory;
            this.dataLength = memory.dataLength();
        }
        this.start = start;
        this.firstWord = firstWord;
        this.transId = transId;
    }

    private int offset8() {
        return PacketDescriptor.offset8(firstWord);
    }

    private int len8() {
        return PacketDescriptor.len8(firstWord);
    }

    /** Start index of the packet in the data area. */
    public int startIndex() {
        return start;
    }

    /** {@code vmpacket_descriptor.type}. */
    public int type() {
        return PacketDescriptor.type(firstWord);
    }

    /** {@code vmpacket_descriptor.flags}. */
    public int flags() {
        return PacketDescriptor.flags(firstWord);
    }

    /** {@code vmpacket_descriptor.trans_id}. */
    public long transId() {
        return transId;
    }

    /** Packet length in bytes: {@code len8 * 8}, descriptor and padding included. */
    public int packetLength() {
        return len8() * PacketDescriptor.UNIT;
    }

    /** Payload length in bytes, padding included: {@code (len8 - offset8) * 8}. */
    public int payloadLength() {
        return (len8() - offset8()) * PacketDescriptor.UNIT;
    }

    /**
     * Bytes between the 16-byte descriptor and the payload ({@code offset8 * 8 - 16}): the GPA_DIRECT range list
     * of {@code vmbus_packet_mpb_array}, or 0 for an inband packet.
     */
    public int extensionLength() {
        return offset8() * PacketDescriptor.UNIT - PacketDescriptor.LENGTH;
    }

    /** Copies {@code length} descriptor-extension bytes from extension offset {@code from} into {@code dst}. */
    public void copyExtension(int from, byte[] dst, int dstOffset, int length) {
        if (from < 0 || length < 0 || from + length > extensionLength()) {
            throw new IndexOutOfBoundsException("extension from=" + from + " length=" + length
                    + " extension_length=" + extensionLength());
        }
        int at = RingDescriptor.advance(start, PacketDescriptor.LENGTH + from, dataLength);
        int first = Math.min(length, dataLength - at);
        memory.getBytes(at, dst, dstOffset, first);
        if (first < length) {
            memory.getBytes(0, dst, dstOffset + first, length - first);
        }
    }

    /** One payload byte. */
    public byte payloadByte(int i) {
        if (i < 0 || i >= payloadLength()) {
            throw new IndexOutOfBoundsException("payload index=" + i + " payload_length=" + payloadLength());
        }
        return memory.getByte(RingDescriptor.advance(start, offset8() * PacketDescriptor.UNIT + i, dataLength));
    }

    /** Copies {@code length} payload bytes from payload offset {@code from} into {@code dst}. */
    public void copyPayload(int from, byte[] dst, int dstOffset, int length) {
        if (from < 0 || length < 0 || from + length > payloadLength()) {
            throw new IndexOutOfBoundsException("payload from=" + from + " length=" + length
                    + " payload_length=" + payloadLength());
        }
        int at = RingDescriptor.advance(start, offset8() * PacketDescriptor.UNIT + from, dataLength);
        int first = Math.min(length, dataLength - at);
        memory.getBytes(at, dst, dstOffset, first);
        if (first < length) {
            memory.getBytes(0, dst, dstOffset + first, length - first);
        }
    }
}
