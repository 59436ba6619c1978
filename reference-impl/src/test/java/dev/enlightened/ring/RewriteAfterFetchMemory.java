package dev.enlightened.ring;

/**
 * A hostile host's double fetch (TOCTOU) on the guest's inbound ring: once armed, the first read of the data area
 * through this view runs the host's rewrite right after it returns, as a host on another CPU changes a packet the
 * guest has started to read. The guest reads through this view; the host writes the underlying memory directly.
 * This is the attack Linux's isolated-guest reader answers by copying each packet out of the ring before parsing
 * it ({@code hv_pkt_iter_first} in a confidential VM).
 */
public final class RewriteAfterFetchMemory implements RingMemory {
    private final RingMemory inner;
    private Runnable rewrite;
    private int rewrites;

    /** @param inner the shared ring memory the host writes */
    public RewriteAfterFetchMemory(RingMemory inner) {
        this.inner = inner;
    }

    /** Runs {@code hostRewrite} once, right after the guest's next read of the data area. */
    public void armOnce(Runnable hostRewrite) {
        this.rewrite = hostRewrite;
    }

    /** @return how many rewrites ran (a test that armed one checks it ran) */
    public int rewrites() {
        return rewrites;
    }

    private void fetched() {
        Runnable r = rewrite;
        if (r != null) {
            rewrite = null;
            rewrites++;
            r.run();
        }
    }

    @Override
    public long getLong(int dataIndex) {
        long v = inner.getLong(dataIndex);
        fetched();
        return v;
    }

    @Override
    public void getBytes(int dataIndex, byte[] dst, int dstOffset, int length) {
        inner.getBytes(dataIndex, dst, dstOffset, length);
        fetched();
    }

    @Override
    public byte getByte(int dataIndex) {
        byte b = inner.getByte(dataIndex);
        fetched();
        return b;
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
        inner.putLong(dataIndex, value);
    }

    @Override
    public void putBytes(int dataIndex, byte[] src, int srcOffset, int length) {
        inner.putBytes(dataIndex, src, srcOffset, length);
    }

    @Override
    public void putZeros(int dataIndex, int length) {
        inner.putZeros(dataIndex, length);
    }

    @Override
    public int peek(int fieldOffset) {
        return inner.peek(fieldOffset);
    }
}
