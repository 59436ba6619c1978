package dev.enlightened.fuzz;

import dev.enlightened.ring.RingMemory;

/**
 * A {@link RingMemory} that fails (AssertionError, a Jazzer finding) on any data access outside the data area: the
 * "no read outside the region" rule for the ring reader. Every other call goes through unchanged.
 */
final class FencedRingMemory implements RingMemory {
    private final RingMemory inner;
    private final int length;

    FencedRingMemory(RingMemory inner) {
        this.inner = inner;
        this.length = inner.dataLength();
    }

    private void fence(int index, int bytes) {
        if (index < 0 || bytes < 0 || (long) index + bytes > length) {
            throw new AssertionError("access outside the data area: index=" + index + " length=" + bytes
                    + " dataLength=" + length);
        }
    }

    @Override
    public int dataLength() {
        return inner.dataLength();
    }

    @Override
    public int loadWriteIndexAcquire() {
        return inner.loadWriteIndexAcquire();
    }

    @Override
    public void storeWriteIndexRelease(int writeIndex) {
        inner.storeWriteIndexRelease(writeIndex);
    }

    @Override
    public int loadReadIndexAcquire() {
        return inner.loadReadIndexAcquire();
    }

    @Override
    public void storeReadIndexRelease(int readIndex) {
        inner.storeReadIndexRelease(readIndex);
    }

    @Override
    public int loadInterruptMaskAcquire() {
        return inner.loadInterruptMaskAcquire();
    }

    @Override
    public void storeInterruptMaskOpaque(int mask) {
        inner.storeInterruptMaskOpaque(mask);
    }

    @Override
    public int loadPendingSendSzAcquire() {
        return inner.loadPendingSendSzAcquire();
    }

    @Override
    public void storePendingSendSzOpaque(int pendingSendSz) {
        inner.storePendingSendSzOpaque(pendingSendSz);
    }

    @Override
    public int loadFeatureBitsOpaque() {
        return inner.loadFeatureBitsOpaque();
    }

    @Override
    public void storeFeatureBitsOpaque(int featureBits) {
        inner.storeFeatureBitsOpaque(featureBits);
    }

    @Override
    public void fullFence() {
        inner.fullFence();
    }

    @Override
    public void putLong(int dataIndex, long value) {
        fence(dataIndex, Long.BYTES);
        inner.putLong(dataIndex, value);
    }

    @Override
    public long getLong(int dataIndex) {
        fence(dataIndex, Long.BYTES);
        return inner.getLong(dataIndex);
    }

    @Override
    public void putBytes(int dataIndex, byte[] src, int srcOffset, int length) {
        fence(dataIndex, length);
        inner.putBytes(dataIndex, src, srcOffset, length);
    }

    @Override
    public void getBytes(int dataIndex, byte[] dst, int dstOffset, int length) {
        fence(dataIndex, length);
        inner.getBytes(dataIndex, dst, dstOffset, length);
    }

    @Override
    public byte getByte(int dataIndex) {
        fence(dataIndex, 1);
        return inner.getByte(dataIndex);
    }

    @Override
    public void putZeros(int dataIndex, int length) {
        fence(dataIndex, length);
        inner.putZeros(dataIndex, length);
    }

    @Override
    public int peek(int fieldOffset) {
        return inner.peek(fieldOffset);
    }
}
