package dev.enlightened.ring;

import java.util.ArrayList;
import java.util.List;

/**
 * Test double: a real {@link ByteBufferRingMemory} that logs every control-field access and fence in order, and
 * each data store as {@code data}, so tests can assert the exact ordering protocol (Agrona OneToOneRingBufferTest
 * style, without a mocking library).
 */
final class RecordingRingMemory implements RingMemory {

    private final ByteBufferRingMemory delegate;
    private final List<String> log = new ArrayList<>();

    RecordingRingMemory(int dataLength) {
        this.delegate = ByteBufferRingMemory.allocate(dataLength);
    }

    /** The accesses so far, e.g. {@code "store write_index release 64"}, {@code "fence"}, {@code "data"}. */
    List<String> log() {
        return log;
    }

    void clearLog() {
        log.clear();
    }

    /** Entries of the log that are not data accesses. */
    List<String> controlLog() {
        return log.stream().filter(s -> !s.startsWith("data")).toList();
    }

    @Override
    public int dataLength() {
        return delegate.dataLength();
    }

    @Override
    public int loadWriteIndexAcquire() {
        int v = delegate.loadWriteIndexAcquire();
        log.add("load write_index acquire " + v);
        return v;
    }

    @Override
    public void storeWriteIndexRelease(int writeIndex) {
        log.add("store write_index release " + writeIndex);
        delegate.storeWriteIndexRelease(writeIndex);
    }

    @Override
    public int loadReadIndexAcquire() {
        int v = delegate.loadReadIndexAcquire();
        log.add("load read_index acquire " + v);
        return v;
    }

    @Override
    public void storeReadIndexRelease(int readIndex) {
        log.add("store read_index release " + readIndex);
        delegate.storeReadIndexRelease(readIndex);
    }

    @Override
    public int loadInterruptMaskAcquire() {
        int v = delegate.loadInterruptMaskAcquire();
        log.add("load interrupt_mask acquire " + v);
        return v;
    }

    @Override
    public void storeInterruptMaskOpaque(int mask) {
        log.add("store interrupt_mask opaque " + mask);
        delegate.storeInterruptMaskOpaque(mask);
    }

    @Override
    public int loadPendingSendSzAcquire() {
        int v = delegate.loadPendingSendSzAcquire();
        log.add("load pending_send_sz acquire " + v);
        return v;
    }

    @Override
    public void storePendingSendSzOpaque(int pendingSendSz) {
        log.add("store pending_send_sz opaque " + pendingSendSz);
        delegate.storePendingSendSzOpaque(pendingSendSz);
    }

    @Override
    public int loadFeatureBitsOpaque() {
        int v = delegate.loadFeatureBitsOpaque();
        log.add("load feature_bits opaque " + v);
        return v;
    }

    @Override
    public void storeFeatureBitsOpaque(int featureBits) {
        log.add("store feature_bits opaque " + featureBits);
        delegate.storeFeatureBitsOpaque(featureBits);
    }

    @Override
    public void fullFence() {
        log.add("fence");
        delegate.fullFence();
    }

    @Override
    public void putLong(int dataIndex, long value) {
        log.add("data store");
        delegate.putLong(dataIndex, value);
    }

    @Override
    public long getLong(int dataIndex) {
        log.add("data load");
        return delegate.getLong(dataIndex);
    }

    @Override
    public void putBytes(int dataIndex, byte[] src, int srcOffset, int length) {
        log.add("data store");
        delegate.putBytes(dataIndex, src, srcOffset, length);
    }

    @Override
    public void getBytes(int dataIndex, byte[] dst, int dstOffset, int length) {
        log.add("data load");
        delegate.getBytes(dataIndex, dst, dstOffset, length);
    }

    @Override
    public byte getByte(int dataIndex) {
        log.add("data load");
        return delegate.getByte(dataIndex);
    }

    @Override
    public void putZeros(int dataIndex, int length) {
        log.add("data store");
        delegate.putZeros(dataIndex, length);
    }

    @Override
    public int peek(int fieldOffset) {
        return delegate.peek(fieldOffset);
    }
}
