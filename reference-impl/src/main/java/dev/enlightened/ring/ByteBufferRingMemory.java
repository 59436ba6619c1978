package dev.enlightened.ring;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.ref.Reference;
import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;

/**
 * {@link RingMemory} over a direct {@link ByteBuffer} or a {@link MappedByteBuffer} shared with another process:
 * the only class that touches VarHandles. Control fields use a little-endian int view VarHandle (the
 * {@code hv_ring_buffer} fields are little-endian u32 at 4-aligned offsets of a page-aligned mapping, so the
 * accesses are atomic); data uses plain little-endian accesses.
 *
 * <p>Data accesses go straight to the buffer's memory through {@code sun.misc.Unsafe} (module jdk.unsupported, no JVM
 * flag needed), as Agrona's {@code UnsafeBuffer} does, after this class checks the index against the data length:
 * the {@code ByteBuffer} accessors cost a receiver class guard, a limit, session and byte-order check per field,
 * which made the ring's per-packet work half again Agrona's (docs/benchmarks.md). Every raw access is bounds-checked
 * here exactly as {@code ByteBuffer} would (an {@link IndexOutOfBoundsException}, never a stray write), and keeps the
 * buffer reachable until it is done ({@link Reference#reachabilityFence}), as {@code DirectByteBuffer} does. Where
 * {@code Unsafe} cannot be had, on JDK 24 and later, or with {@code -Denlightened.ring.raw=false}, the
 * {@code ByteBuffer} accessors are used.
 * The control fields go through the same address with {@code Unsafe}'s volatile loads and ordered (release) stores,
 * each at least as strong as the access it implements, or through the int VarHandle without raw access.
 */
public final class ByteBufferRingMemory implements RingMemory {

    private static final VarHandle INT = MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    /** The data area is little-endian; raw u64 accesses are native-order, so they swap on a big-endian host. */
    private static final boolean SWAP = ByteOrder.nativeOrder() != ByteOrder.LITTLE_ENDIAN;

    /** System property that turns the raw data accesses off ({@code false}): the ByteBuffer accessors instead. */
    public static final String RAW_PROPERTY = "enlightened.ring.raw";
    /**
     * JDK 24 warns on, and later releases deny, sun.misc.Unsafe memory access (JEP 471, JEP 498): from that release on
     * the ByteBuffer accessors are used, so the ring never prints a warning or fails there.
     */
    private static final int RAW_BEFORE_FEATURE = 24;
    /** Whether to try raw access at all; decided first, so a JDK that warns is never asked for Unsafe. */
    private static final boolean WANT_RAW = Runtime.version().feature() < RAW_BEFORE_FEATURE
            && !"false".equals(System.getProperty(RAW_PROPERTY));
    private static final sun.misc.Unsafe UNSAFE = WANT_RAW ? unsafe() : null;
    /** Offset of {@code java.nio.Buffer.address} (the direct buffer's base address), or -1 if unknown. */
    private static final long ADDRESS_FIELD = addressField();
    /** True if data accesses go straight to memory: a JIT constant, so the other branch costs nothing. */
    static final boolean RAW = UNSAFE != null && ADDRESS_FIELD >= 0;
    /** Offset of a byte[]'s element 0 for Unsafe (0 unless {@link #RAW}); package-private for the copy test. */
    static final long BYTE_ARRAY_BASE = RAW ? UNSAFE.arrayBaseOffset(byte[].class) : 0;
    /**
     * System property: the most bytes one {@code Unsafe.copyMemory} call is given, a positive number; absent or 0,
     * a payload is one call however long (the default). Which is faster depends on the CPU, by the evidence in
     * docs/benchmarks.md: HotSpot 17's copy stub takes its 64-byte (zmm) vector loop from 4,096 bytes on. On an AMD
     * EPYC of family 25 (Zen 4) that loop was the slower one ({@code CopyPieceProbe}: 4,096 bytes whole 52.0 ns,
     * in pieces of 4,088 47.7), so {@code 4088} paid there; on family 26 (Zen 5) it is the faster one (41.2 ns whole
     * against 47.3 in pieces; 8,192 bytes 75.3 against 91.4), and one call made the one-thread 4 KiB burst 14 % faster
     * ({@code RingBurstAB}, docs/benchmarks.md, "One-thread burst at 4 KiB: one copy per payload on this CPU").
     */
    public static final String COPY_PIECE_PROPERTY = "enlightened.ring.copyPiece";
    /** {@link #COPY_PIECE_PROPERTY}'s value, {@link Integer#MAX_VALUE} for no limit: a JIT constant. */
    static final int COPY_PIECE = copyPiece(Integer.getInteger(COPY_PIECE_PROPERTY, 0));

    private final ByteBuffer buffer;
    private final int dataLength;
    /** Address of {@code data[0]} (0 unless {@link #RAW}); valid while {@link #buffer} is reachable. */
    @dev.enlightened.sim.StateDigest.Ignored("where the buffer's memory lives, different in every run; what it holds "
            + "is digested through the buffer")
    private final long dataAddress;
    /** Address of the control page, offset 0 of the ring (0 unless {@link #RAW}). */
    @dev.enlightened.sim.StateDigest.Ignored("where the buffer's memory lives, different in every run (as the data "
            + "area's address); what it holds is digested through the buffer")
    private final long controlAddress;

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
        this.controlAddress = RAW ? UNSAFE.getLong(buffer, ADDRESS_FIELD) : 0;
        this.dataAddress = RAW ? controlAddress + RingDescriptor.DATA_OFFSET : 0;
    }

    private static sun.misc.Unsafe unsafe() {
        try {
            java.lang.reflect.Field field = sun.misc.Unsafe.class.getDeclaredField("theUnsafe");
            field.setAccessible(true);
            return (sun.misc.Unsafe) field.get(null);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null; // Not available here: fall back to the ByteBuffer accessors.
        }
    }

    private static long addressField() {
        if (UNSAFE == null) {
            return -1;
        }
        try {
            return UNSAFE.objectFieldOffset(Buffer.class.getDeclaredField("address"));
        } catch (ReflectiveOperationException | RuntimeException e) {
            return -1;
        }
    }

    /**
     * The bounds check every data access makes first: {@code length} bytes at {@code dataIndex} are data bytes. The
     * ByteBuffer accessors alone would let a negative index reach the control page.
     */
    private void checkData(int dataIndex, int length) {
        if ((dataIndex | length) < 0 || dataIndex > dataLength - length) {
            throw outside(dataIndex, length); // built out of line: this check is inlined into every access
        }
    }

    private IndexOutOfBoundsException outside(int dataIndex, int length) {
        return new IndexOutOfBoundsException("data access outside the data area: index=" + dataIndex + " length="
                + length + " data_size=" + dataLength);
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

    // Control fields. With RAW, sun.misc.Unsafe at the control page's address, each access at least as strong as
    // its name: an acquire or opaque load is getIntVolatile, a release or opaque store is putOrderedInt (a release
    // store). On x86-TSO both are plain moves with the compiler kept from reordering across them, as the VarHandle
    // modes are; what they save is the VarHandle's per-access work on a ByteBuffer (bounds, alignment, read-only and
    // session checks; a burst makes about a dozen control accesses, docs/benchmarks.md). The offsets are the fixed
    // RingDescriptor constants inside the 4 KiB control page, so no bounds check is needed. Without RAW, the int
    // VarHandle. Neither changes which fences the protocol issues: those are fullFence() only.

    private int loadControl(int offset) {
        if (!RAW) {
            return (int) INT.getAcquire(buffer, offset);
        }
        int value = UNSAFE.getIntVolatile(null, controlAddress + offset);
        Reference.reachabilityFence(buffer);
        return SWAP ? Integer.reverseBytes(value) : value;
    }

    private void storeControlRelease(int offset, int value) {
        if (!RAW) {
            INT.setRelease(buffer, offset, value);
            return;
        }
        UNSAFE.putOrderedInt(null, controlAddress + offset, SWAP ? Integer.reverseBytes(value) : value);
        Reference.reachabilityFence(buffer);
    }

    @Override
    public int loadWriteIndexAcquire() {
        return loadControl(RingDescriptor.WRITE_INDEX_OFFSET);
    }

    @Override
    public void storeWriteIndexRelease(int writeIndex) {
        storeControlRelease(RingDescriptor.WRITE_INDEX_OFFSET, writeIndex);
    }

    @Override
    public int loadReadIndexAcquire() {
        return loadControl(RingDescriptor.READ_INDEX_OFFSET);
    }

    @Override
    public void storeReadIndexRelease(int readIndex) {
        storeControlRelease(RingDescriptor.READ_INDEX_OFFSET, readIndex);
    }

    @Override
    public int loadInterruptMaskAcquire() {
        return loadControl(RingDescriptor.INTERRUPT_MASK_OFFSET);
    }

    @Override
    public void storeInterruptMaskOpaque(int mask) {
        if (!RAW) {
            INT.setOpaque(buffer, RingDescriptor.INTERRUPT_MASK_OFFSET, mask);
            return;
        }
        storeControlRelease(RingDescriptor.INTERRUPT_MASK_OFFSET, mask);
    }

    @Override
    public int loadPendingSendSzAcquire() {
        return loadControl(RingDescriptor.PENDING_SEND_SZ_OFFSET);
    }

    @Override
    public void storePendingSendSzOpaque(int pendingSendSz) {
        if (!RAW) {
            INT.setOpaque(buffer, RingDescriptor.PENDING_SEND_SZ_OFFSET, pendingSendSz);
            return;
        }
        storeControlRelease(RingDescriptor.PENDING_SEND_SZ_OFFSET, pendingSendSz);
    }

    @Override
    public int loadFeatureBitsOpaque() {
        if (!RAW) {
            return (int) INT.getOpaque(buffer, RingDescriptor.FEATURE_BITS_OFFSET);
        }
        return loadControl(RingDescriptor.FEATURE_BITS_OFFSET);
    }

    @Override
    public void storeFeatureBitsOpaque(int featureBits) {
        if (!RAW) {
            INT.setOpaque(buffer, RingDescriptor.FEATURE_BITS_OFFSET, featureBits);
            return;
        }
        storeControlRelease(RingDescriptor.FEATURE_BITS_OFFSET, featureBits);
    }

    @Override
    public void fullFence() {
        VarHandle.fullFence();
    }

    @Override
    public void putLong(int dataIndex, long value) {
        checkData(dataIndex, Long.BYTES);
        if (!RAW) {
            buffer.putLong(RingDescriptor.DATA_OFFSET + dataIndex, value);
            return;
        }
        UNSAFE.putLong(dataAddress + dataIndex, SWAP ? Long.reverseBytes(value) : value);
        Reference.reachabilityFence(buffer);
    }

    @Override
    public long getLong(int dataIndex) {
        checkData(dataIndex, Long.BYTES);
        if (!RAW) {
            return buffer.getLong(RingDescriptor.DATA_OFFSET + dataIndex);
        }
        long value = UNSAFE.getLong(dataAddress + dataIndex);
        Reference.reachabilityFence(buffer);
        return SWAP ? Long.reverseBytes(value) : value;
    }

    @Override
    public void putBytes(int dataIndex, byte[] src, int srcOffset, int length) {
        checkData(dataIndex, length);
        if (!RAW) {
            buffer.put(RingDescriptor.DATA_OFFSET + dataIndex, src, srcOffset, length);
            return;
        }
        Objects.checkFromIndexSize(srcOffset, length, src.length);
        copy(src, BYTE_ARRAY_BASE + srcOffset, null, dataAddress + dataIndex, length);
        Reference.reachabilityFence(buffer);
    }

    @Override
    public void getBytes(int dataIndex, byte[] dst, int dstOffset, int length) {
        checkData(dataIndex, length);
        if (!RAW) {
            buffer.get(RingDescriptor.DATA_OFFSET + dataIndex, dst, dstOffset, length);
            return;
        }
        Objects.checkFromIndexSize(dstOffset, length, dst.length);
        copy(null, dataAddress + dataIndex, dst, BYTE_ARRAY_BASE + dstOffset, length);
        Reference.reachabilityFence(buffer);
    }

    /**
     * The bounds check of a run of reads by {@link #getLongInRange}: {@code length} bytes at {@code dataIndex} are
     * data bytes, else the {@link IndexOutOfBoundsException} of every other access. Raw access only.
     */
    void checkRange(int dataIndex, int length) {
        checkData(dataIndex, length);
    }

    /**
     * {@link #getLong} without its own bounds check, for the consumer's in-place drain: the caller has passed
     * {@link #checkRange} for a range holding these 8 bytes (the published bytes after its cursor) and keeps its
     * index inside it by the descriptor check it makes anyway. Raw access only.
     */
    long getLongInRange(int dataIndex) {
        long value = UNSAFE.getLong(dataAddress + dataIndex);
        Reference.reachabilityFence(buffer);
        return SWAP ? Long.reverseBytes(value) : value;
    }

    @Override
    public byte getByte(int dataIndex) {
        checkData(dataIndex, 1);
        if (!RAW) {
            return buffer.get(RingDescriptor.DATA_OFFSET + dataIndex);
        }
        byte value = UNSAFE.getByte(dataAddress + dataIndex);
        Reference.reachabilityFence(buffer);
        return value;
    }

    @Override
    public void putZeros(int dataIndex, int length) {
        checkData(dataIndex, length);
        if (!RAW) {
            int at = RingDescriptor.DATA_OFFSET + dataIndex;
            for (int i = 0; i < length; i++) {
                buffer.put(at + i, (byte) 0);
            }
            return;
        }
        UNSAFE.setMemory(dataAddress + dataIndex, length, (byte) 0);
        Reference.reachabilityFence(buffer);
    }

    /**
     * The whole packet with one bounds check. The padding (under 8 bytes) is zeroed by one u64 store of 0 over the
     * packet's last 8 bytes before the payload is copied over their front: the bytes end as a zero fill after the
     * payload would leave them.
     */
    @Override
    public void putPacket(int start, long firstWord, long transId, byte[] payload, int offset, int length,
                          int packetLength, long trailer) {
        if (!RAW) {
            RingMemory.super.putPacket(start, firstWord, transId, payload, offset, length, packetLength, trailer);
            return;
        }
        if (packetLength < PacketDescriptor.LENGTH + length) {
            throw PacketDescriptor.longerThanPacket(packetLength, length);
        }
        checkData(start, packetLength + PacketDescriptor.TRAILER_LENGTH);
        Objects.checkFromIndexSize(offset, length, payload.length);
        long at = dataAddress + start;
        UNSAFE.putLong(at, SWAP ? Long.reverseBytes(firstWord) : firstWord);
        UNSAFE.putLong(at + PacketDescriptor.TRANS_ID_OFFSET, SWAP ? Long.reverseBytes(transId) : transId);
        if (packetLength - PacketDescriptor.LENGTH > length) {
            UNSAFE.putLong(at + packetLength - Long.BYTES, 0L);
        }
        copy(payload, BYTE_ARRAY_BASE + offset, null, at + PacketDescriptor.LENGTH, length);
        UNSAFE.putLong(at + packetLength, SWAP ? Long.reverseBytes(trailer) : trailer);
        Reference.reachabilityFence(buffer);
    }

    /** A positive piece as given, anything else no limit. */
    static int copyPiece(int bytes) {
        return bytes > 0 ? bytes : Integer.MAX_VALUE;
    }

    /**
     * {@code Unsafe.copyMemory} in pieces of at most {@link #COPY_PIECE} bytes, front to back (by default one call);
     * bounds checked. One small method with the loop, inlined where it is called: a variant that moved the loop out
     * of line for the long case was compiled on its own, too big to inline, and was slower at 4 KiB than one whole
     * copy (docs/benchmarks.md).
     */
    private static void copy(Object srcBase, long srcOffset, Object dstBase, long dstOffset, int length) {
        copy(srcBase, srcOffset, dstBase, dstOffset, length, COPY_PIECE);
    }

    /** {@link #copy(Object, long, Object, long, int)} in pieces of at most {@code piece} bytes; tests give any. */
    static void copy(Object srcBase, long srcOffset, Object dstBase, long dstOffset, int length, int piece) {
        int done = 0;
        while (length - done > piece) {
            UNSAFE.copyMemory(srcBase, srcOffset + done, dstBase, dstOffset + done, piece);
            done += piece;
        }
        UNSAFE.copyMemory(srcBase, srcOffset + done, dstBase, dstOffset + done, length - done);
    }

    @Override
    public int peek(int fieldOffset) {
        return (int) INT.getOpaque(buffer, fieldOffset);
    }
}
