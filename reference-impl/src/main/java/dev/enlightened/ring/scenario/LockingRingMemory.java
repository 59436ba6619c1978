package dev.enlightened.ring.scenario;

import dev.enlightened.ring.RingMemory;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Ring memory for a threaded traced run: every access takes the run's global lock unless the thread holds it, and the
 * observer callback that follows the step releases it after writing the event. So a step and its trace line are one
 * atomic unit and the trace order is the order of the steps (the accesses of a step, such as the stores of a packet
 * copy, all fall in the same unit). The lock makes the run sequentially consistent, which is what the trace is
 * validated against.
 */
final class LockingRingMemory implements RingMemory {
    private final RingMemory memory;
    private final ReentrantLock lock;

    LockingRingMemory(RingMemory memory, ReentrantLock lock) {
        this.memory = memory;
        this.lock = lock;
    }

    private void acquire() {
        if (!lock.isHeldByCurrentThread()) {
            lock.lock();
        }
    }

    @Override
    public int dataLength() {
        return memory.dataLength();
    }

    @Override
    public int loadWriteIndexAcquire() {
        acquire();
        return memory.loadWriteIndexAcquire();
    }

    @Override
    public void storeWriteIndexRelease(int writeIndex) {
        acquire();
        memory.storeWriteIndexRelease(writeIndex);
    }

    @Override
    public int loadReadIndexAcquire() {
        acquire();
        return memory.loadReadIndexAcquire();
    }

    @Override
    public void storeReadIndexRelease(int readIndex) {
        acquire();
        memory.storeReadIndexRelease(readIndex);
    }

    @Override
    public int loadInterruptMaskAcquire() {
        acquire();
        return memory.loadInterruptMaskAcquire();
    }

    @Override
    public void storeInterruptMaskOpaque(int mask) {
        acquire();
        memory.storeInterruptMaskOpaque(mask);
    }

    @Override
    public int loadPendingSendSzAcquire() {
        acquire();
        return memory.loadPendingSendSzAcquire();
    }

    @Override
    public void storePendingSendSzOpaque(int pendingSendSz) {
        acquire();
        memory.storePendingSendSzOpaque(pendingSendSz);
    }

    @Override
    public int loadFeatureBitsOpaque() {
        acquire();
        return memory.loadFeatureBitsOpaque();
    }

    @Override
    public void storeFeatureBitsOpaque(int featureBits) {
        acquire();
        memory.storeFeatureBitsOpaque(featureBits);
    }

    @Override
    public void fullFence() {
        acquire();
        memory.fullFence();
    }

    @Override
    public void putLong(int dataIndex, long value) {
        acquire();
        memory.putLong(dataIndex, value);
    }

    @Override
    public long getLong(int dataIndex) {
        acquire();
        return memory.getLong(dataIndex);
    }

    @Override
    public void putBytes(int dataIndex, byte[] src, int srcOffset, int length) {
        acquire();
        memory.putBytes(dataIndex, src, srcOffset, length);
    }

    @Override
    public void getBytes(int dataIndex, byte[] dst, int dstOffset, int length) {
        acquire();
        memory.getBytes(dataIndex, dst, dstOffset, length);
    }

    @Override
    public byte getByte(int dataIndex) {
        acquire();
        return memory.getByte(dataIndex);
    }

    @Override
    public void putZeros(int dataIndex, int length) {
        acquire();
        memory.putZeros(dataIndex, length);
    }

    @Override
    public int peek(int fieldOffset) {
        acquire();
        return memory.peek(fieldOffset);
    }

    /** After a step's event: releases the lock however many accesses took it. */
    void endStep() {
        while (lock.isHeldByCurrentThread()) {
            lock.unlock();
        }
    }

    /** Before a step that touches no memory (a signal, a doorbell wakeup): takes the lock for its event. */
    void beginStep() {
        acquire();
    }
}
