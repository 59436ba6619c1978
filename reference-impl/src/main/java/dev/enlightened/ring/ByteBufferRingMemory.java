package dev.enlightened.ring;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * {@link RingMemory} over a direct {@link ByteBuffer} or a {@link MappedByteBuffer} shared with another process:
 * the only class that touches VarHandles. Control fields use a little-endian int view VarHandle (the
 * {@code hv_ring_buffer} fields are little-endian u32 at 4-aligned offsets of a page-aligned mapping, so the
 * accesses are atomic); data uses absolute plain {@link ByteBuffer} accesses in little-endian order.
 */
public final class ByteBufferRingMemory implements RingMemory {

    private static final VarHandle INT = MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    private final ByteBuffer buffer;
    private final int dataLength;

    private ByteBufferRingMemory(ByteBuffer ring) {
        if (!ring.isDirect()) {
            throw new IllegalArgumentException("ring memory must be a direct or mapped buffer: direct=false");
        }
        int alignment = ring.alignmentOffset(0, RingDescriptor.ALIGNMENT);
        if (alignment != 0) {
            throw new IllegalArgumentException("ring memory must be 8-aligned: alignment_offset=" + alignment);
        }
        this.dataLength = RingDescriptor.checkRingLength(ring.capacity());
        this.buffer = ring.duplicate().clear().order(ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * Wraps a direct buffer holding a whole ring (control page at 0, data from {@link RingDescriptor#DATA_OFFSET}).
     *
     * @throws IllegalArgumentException if the buffer is not direct, not aligned, or of an invalid length
     */
    public static ByteBufferRingMemory wrap(ByteBuffer ring) {
        return new ByteBufferRingMemory(ring);
    }

    /** Allocates a zeroed in-process ring with {@code dataLength} bytes of data area. */
    public static ByteBufferRingMemory allocate(int dataLength) {
        return wrap(ByteBuffer.allocateDirect(RingDescriptor.DATA_OFFSET + dataLength));
    }

    /**
     * Maps a ring file shared with another process, creating and zero-extending it to the ring length if needed.
     *
     * @throws IOException if the file cannot be opened or mapped
     */
    public static ByteBufferRingMemory map(Path file, int dataLength) throws IOException {
        int ringLength = RingDescriptor.DATA_OFFSET + dataLength;
        RingDescriptor.checkRingLength(ringLength);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
            return wrap(channel.map(FileChannel.MapMode.READ_WRITE, 0, ringLength));
        }
    }

    @Override
    public int dataLength() {
        return dataLength;
    }

    @Override
    public int loadWriteIndexAcquire() {
        return (int) INT.getAcquire(buffer, RingDescriptor.WRITE_INDEX_OFFSET);
    }

    @Override
    public void storeWriteIndexRelease(int writeIndex) {
        INT.setRelease(buffer, RingDescriptor.WRITE_INDEX_OFFSET, writeIndex);
    }

    @Override
    public int loadReadIndexAcquire() {
        return (int) INT.getAcquire(buffer, RingDescriptor.READ_INDEX_OFFSET);
    }

    @Override
    public void storeReadIndexRelease(int readIndex) {
        INT.setRelease(buffer, RingDescriptor.READ_INDEX_OFFSET, readIndex);
    }

    @Override
    public int loadInterruptMaskAcquire() {
        return (int) INT.getAcquire(buffer, RingDescriptor.INTERRUPT_MASK_OFFSET);
    }

    @Override
    public void storeInterruptMaskOpaque(int mask) {
        INT.setOpaque(buffer, RingDescriptor.INTERRUPT_MASK_OFFSET, mask);
    }

    @Override
    public int loadPendingSendSzAcquire() {
        return (int) INT.getAcquire(buffer, RingDescriptor.PENDING_SEND_SZ_OFFSET);
    }

    @Override
    public void storePendingSendSzOpaque(int pendingSendSz) {
        INT.setOpaque(buffer, RingDescriptor.PENDING_SEND_SZ_OFFSET, pendingSendSz);
    }

    @Override
    public int loadFeatureBitsOpaque() {
        return (int) INT.getOpaque(buffer, RingDescriptor.FEATURE_BITS_OFFSET);
    }

    @Override
    public void storeFeatureBitsOpaque(int featureBits) {
        INT.setOpaque(buffer, RingDescriptor.FEATURE_BITS_OFFSET, featureBits);
    }

    @Override
    public void fullFence() {
        VarHandle.fullFence();
    }

    @Override
    public void putLong(int dataIndex, long value) {
        buffer.putLong(RingDescriptor.DATA_OFFSET + dataIndex, value);
    }

    @Override
    public long getLong(int dataIndex) {
        return buffer.getLong(RingDescriptor.DATA_OFFSET + dataIndex);
    }

    @Override
    public void putBytes(int dataIndex, byte[] src, int srcOffset, int length) {
        buffer.put(RingDescriptor.DATA_OFFSET + dataIndex, src, srcOffset, length);
    }

    @Override
    public void getBytes(int dataIndex, byte[] dst, int dstOffset, int length) {
        buffer.get(RingDescriptor.DATA_OFFSET + dataIndex, dst, dstOffset, length);
    }

    @Override
    public byte getByte(int dataIndex) {
        return buffer.get(RingDescriptor.DATA_OFFSET + dataIndex);
    }

    @Override
    public void putZeros(int dataIndex, int length) {
        int at = RingDescriptor.DATA_OFFSET + dataIndex;
        for (int i = 0; i < length; i++) {
            buffer.put(at + i, (byte) 0);
        }
    }

    @Override
    public int peek(int fieldOffset) {
        return (int) INT.getOpaque(buffer, fieldOffset);
    }
}
