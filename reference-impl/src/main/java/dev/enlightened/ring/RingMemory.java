package dev.enlightened.ring;

/**
 * The shared memory of one ring, with every access named by its memory ordering. The producer and consumer reach
 * the control fields only through these methods, so each ordering decision is visible at its call site; the one
 * implementation that touches VarHandles is {@link ByteBufferRingMemory}.
 *
 * <p>Naming: {@code Acquire} loads and {@code Release} stores order the surrounding plain accesses the way C11
 * acquire/release do (a Linux {@code virt_rmb}/{@code virt_wmb} pair on x86-TSO); {@code Opaque} is
 * {@code READ_ONCE}/{@code WRITE_ONCE} (no tearing, no reordering with itself, no fence); {@link #fullFence()} is
 * {@code virt_mb}, the only thing that orders a store before a later load (StoreLoad). Data-area accesses are plain:
 * they are ordered by the index accesses around them. Data indices are offsets into the data area; a multi-byte
 * access never crosses its end (callers split at the wrap).
 */
public interface RingMemory {

    /** Length of the data area in bytes. */
    int dataLength();

    /** Loads {@code write_index} with acquire semantics. */
    int loadWriteIndexAcquire();

    /** Stores {@code write_index} with release semantics. */
    void storeWriteIndexRelease(int writeIndex);

    /** Loads {@code read_index} with acquire semantics. */
    int loadReadIndexAcquire();

    /** Stores {@code read_index} with release semantics. */
    void storeReadIndexRelease(int readIndex);

    /** Loads {@code interrupt_mask} with acquire semantics. */
    int loadInterruptMaskAcquire();

    /** Stores {@code interrupt_mask} once, without a fence. */
    void storeInterruptMaskOpaque(int mask);

    /** Loads {@code pending_send_sz} with acquire semantics. */
    int loadPendingSendSzAcquire();

    /** Stores {@code pending_send_sz} once, without a fence. */
    void storePendingSendSzOpaque(int pendingSendSz);

    /** Loads {@code feature_bits} once. */
    int loadFeatureBitsOpaque();

    /** Stores {@code feature_bits} once. */
    void storeFeatureBitsOpaque(int featureBits);

    /** A full two-way fence (StoreLoad included): Linux {@code virt_mb()}. */
    void fullFence();

    /** Plain little-endian store of a u64 at an 8-aligned data index. */
    void putLong(int dataIndex, long value);

    /** Plain little-endian load of a u64 at an 8-aligned data index. */
    long getLong(int dataIndex);

    /** Plain copy into the data area. */
    void putBytes(int dataIndex, byte[] src, int srcOffset, int length);

    /** Plain copy out of the data area. */
    void getBytes(int dataIndex, byte[] dst, int dstOffset, int length);

    /** Plain load of one data byte. */
    byte getByte(int dataIndex);

    /** Plain zero fill of {@code length} data bytes (packet padding). */
    void putZeros(int dataIndex, int length);

    /**
     * Plain stores of one whole packet that does not wrap ({@code start + packetLength + 8 <= dataLength()}): the
     * descriptor's first word, {@code trans_id}, the payload, zero padding to {@code packetLength} and the trailer,
     * in that order, as the producer would store them one by one. An implementation may check the bounds once for
     * the packet; this default is the field-by-field sequence. Both refuse a payload longer than
     * {@code packetLength - 16} before storing anything: its tail would sit where the trailer goes.
     *
     * @throws IndexOutOfBoundsException if the payload does not fit the packet or the packet the data area
     */
    default void putPacket(int start, long firstWord, long transId, byte[] payload, int offset, int length,
                           int packetLength, long trailer) {
        if (packetLength < PacketDescriptor.LENGTH + length) {
            throw PacketDescriptor.longerThanPacket(packetLength, length);
        }
        putLong(start, firstWord);
        putLong(start + PacketDescriptor.TRANS_ID_OFFSET, transId);
        putBytes(start + PacketDescriptor.LENGTH, payload, offset, length);
        int padding = packetLength - PacketDescriptor.LENGTH - length;
        if (padding > 0) {
            putZeros(start + PacketDescriptor.LENGTH + length, padding);
        }
        putLong(start + packetLength, trailer);
    }

    /**
     * Snapshot of a control field for tracing only: an opaque load with no ordering, never used for a protocol
     * decision. {@code fieldOffset} is one of the {@link RingDescriptor} control offsets.
     */
    int peek(int fieldOffset);
}
