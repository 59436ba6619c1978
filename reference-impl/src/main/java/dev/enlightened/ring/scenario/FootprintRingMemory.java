package dev.enlightened.ring.scenario;

import dev.enlightened.ring.RingDescriptor;
import dev.enlightened.ring.RingMemory;
import dev.enlightened.sim.Footprint;
import dev.enlightened.sim.StateDigest;

/**
 * Ring memory of a stepped run under an explorer: every access is also recorded in the explorer's {@link Footprint}
 * (a header field by its offset, the data area by 8-byte block), so that the explorer can tell independent steps
 * apart (a producer copying into blocks the consumer is not reading, say). Reads for the trace's post fields
 * ({@link #peek}) count as reads: an event's logged values are part of what a step depends on.
 */
final class FootprintRingMemory implements RingMemory {
    /** Locations of the data area start here (8-byte blocks); header fields are their offsets, below. */
    static final long DATA = 1L << 32;

    private final RingMemory memory;
    @StateDigest.Ignored("the explorer's record of the step in progress: emptied at every step boundary, not state")
    private final Footprint footprint;

    FootprintRingMemory(RingMemory memory, Footprint footprint) {
        this.memory = memory;
        this.footprint = footprint;
    }

    private void data(int dataIndex, int length, boolean write) {
        int n = memory.dataLength();
        long last = -1;
        for (int i = 0; i < Math.max(1, length); i++) {
            long block = DATA + Math.floorMod(dataIndex + i, n) / RingDescriptor.ALIGNMENT;
            if (block != last) {
                if (write) {
                    footprint.write(block);
                } else {
                    footprint.read(block);
                }
                last = block;
            }
        }
    }

    @Override
    public int dataLength() {
        return memory.dataLength();
    }

    @Override
    public int loadWriteIndexAcquire() {
        footprint.read(RingDescriptor.WRITE_INDEX_OFFSET);
        return memory.loadWriteIndexAcquire();
    }

    @Override
    public void storeWriteIndexRelease(int writeIndex) {
        footprint.write(RingDescriptor.WRITE_INDEX_OFFSET);
        memory.storeWriteIndexRelease(writeIndex);
    }

    @Override
    public int loadReadIndexAcquire() {
        footprint.read(RingDescriptor.READ_INDEX_OFFSET);
        return memory.loadReadIndexAcquire();
    }

    @Override
    public void storeReadIndexRelease(int readIndex) {
        footprint.write(RingDescriptor.READ_INDEX_OFFSET);
        memory.storeReadIndexRelease(readIndex);
    }

    @Override
    public int loadInterruptMaskAcquire() {
        footprint.read(RingDescriptor.INTERRUPT_MASK_OFFSET);
        return memory.loadInterruptMaskAcquire();
    }

    @Override
    public void storeInterruptMaskOpaque(int mask) {
        footprint.write(RingDescriptor.INTERRUPT_MASK_OFFSET);
        memory.storeInterruptMaskOpaque(mask);
    }

    @Override
    public int loadPendingSendSzAcquire() {
        footprint.read(RingDescriptor.PENDING_SEND_SZ_OFFSET);
        return memory.loadPendingSendSzAcquire();
    }

    @Override
    public void storePendingSendSzOpaque(int pendingSendSz) {
        footprint.write(RingDescriptor.PENDING_SEND_SZ_OFFSET);
        memory.storePendingSendSzOpaque(pendingSendSz);
    }

    @Override
    public int loadFeatureBitsOpaque() {
        footprint.read(RingDescriptor.FEATURE_BITS_OFFSET);
        return memory.loadFeatureBitsOpaque();
    }

    @Override
    public void storeFeatureBitsOpaque(int featureBits) {
        footprint.write(RingDescriptor.FEATURE_BITS_OFFSET);
        memory.storeFeatureBitsOpaque(featureBits);
    }

    /** A fence orders a party's own accesses; in a stepped (sequentially consistent) run it touches no location. */
    @Override
    public void fullFence() {
        memory.fullFence();
    }

    @Override
    public void putLong(int dataIndex, long value) {
        data(dataIndex, Long.BYTES, true);
        memory.putLong(dataIndex, value);
    }

    @Override
    public long getLong(int dataIndex) {
        data(dataIndex, Long.BYTES, false);
        return memory.getLong(dataIndex);
    }

    @Override
    public void putBytes(int dataIndex, byte[] src, int srcOffset, int length) {
        data(dataIndex, length, true);
        memory.putBytes(dataIndex, src, srcOffset, length);
    }

    @Override
    public void getBytes(int dataIndex, byte[] dst, int dstOffset, int length) {
        data(dataIndex, length, false);
        memory.getBytes(dataIndex, dst, dstOffset, length);
    }

    @Override
    public byte getByte(int dataIndex) {
        data(dataIndex, 1, false);
        return memory.getByte(dataIndex);
    }

    @Override
    public void putZeros(int dataIndex, int length) {
        data(dataIndex, length, true);
        memory.putZeros(dataIndex, length);
    }

    @Override
    public int peek(int fieldOffset) {
        footprint.read(fieldOffset);
        return memory.peek(fieldOffset);
    }
}
