package dev.enlightened.ring;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ByteBufferRingMemoryTest {

    @Test
    void controlFieldsAreLittleEndianU32AtTheirOffsets() {
        ByteBuffer raw = ByteBuffer.allocateDirect(RingDescriptor.DATA_OFFSET + 64).order(ByteOrder.LITTLE_ENDIAN);
        ByteBufferRingMemory memory = ByteBufferRingMemory.wrap(raw);
        memory.storeWriteIndexRelease(0x0102);
        memory.storeReadIndexRelease(0x0304);
        memory.storeInterruptMaskOpaque(1);
        memory.storePendingSendSzOpaque(0x0506);
        memory.storeFeatureBitsOpaque(RingDescriptor.FEAT_PENDING_SEND_SZ);
        assertEquals(0x0102, raw.getInt(RingDescriptor.WRITE_INDEX_OFFSET));
        assertEquals(0x0304, raw.getInt(RingDescriptor.READ_INDEX_OFFSET));
        assertEquals(1, raw.getInt(RingDescriptor.INTERRUPT_MASK_OFFSET));
        assertEquals(0x0506, raw.getInt(RingDescriptor.PENDING_SEND_SZ_OFFSET));
        assertEquals(RingDescriptor.FEAT_PENDING_SEND_SZ, raw.getInt(RingDescriptor.FEATURE_BITS_OFFSET));
        assertEquals(0x02, raw.get(RingDescriptor.WRITE_INDEX_OFFSET), "low byte first");
    }

    @Test
    void dataIndicesCountFromTheDataArea() {
        ByteBuffer raw = ByteBuffer.allocateDirect(RingDescriptor.DATA_OFFSET + 64).order(ByteOrder.LITTLE_ENDIAN);
        ByteBufferRingMemory memory = ByteBufferRingMemory.wrap(raw);
        memory.putLong(8, 0x1122334455667788L);
        assertEquals(0x1122334455667788L, raw.getLong(RingDescriptor.DATA_OFFSET + 8));
        assertEquals(64, memory.dataLength());
    }

    @Test
    void refusesHeapBuffers() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ByteBufferRingMemory.wrap(ByteBuffer.allocate(RingDescriptor.DATA_OFFSET + 64)));
        assertTrue(e.getMessage().contains("direct=false"));
    }

    @Test
    void twoMappingsOfOneFileSeeEachOthersStores(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("ring");
        ByteBufferRingMemory a = ByteBufferRingMemory.map(file, 4096);
        ByteBufferRingMemory b = ByteBufferRingMemory.map(file, 4096);
        a.storeWriteIndexRelease(64);
        a.putLong(0, 42);
        assertEquals(64, b.loadWriteIndexAcquire());
        assertEquals(42, b.getLong(0));
        assertEquals(RingDescriptor.DATA_OFFSET + 4096, Files.size(file));
    }

    @Test
    void dataAccessesGoStraightToMemoryOnThisJdk() {
        // JDK 17 (the project's) has sun.misc.Unsafe: the fast path is the one the benchmarks and every test here run.
        assertEquals(Runtime.version().feature() < 24
                && !"false".equals(System.getProperty(ByteBufferRingMemory.RAW_PROPERTY)), ByteBufferRingMemory.RAW);
    }

    @Test
    void putPacketLeavesTheBytesAFieldByFieldWriteWould() {
        ByteBuffer raw = ByteBuffer.allocateDirect(RingDescriptor.DATA_OFFSET + 128).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < raw.capacity(); i++) {
            raw.put(i, (byte) 0xA5); // stale bytes the padding must not keep
        }
        ByteBufferRingMemory memory = ByteBufferRingMemory.wrap(raw);
        byte[] payload = {9, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13}; // 13 bytes from offset 1: 3 bytes of padding
        int packetLength = PacketDescriptor.packetLength(13);
        long firstWord = PacketDescriptor.firstWord(PacketDescriptor.TYPE_DATA_INBAND, 2, packetLength / 8, 1);
        memory.putPacket(8, firstWord, 0x0102030405060708L, payload, 1, 13, packetLength, PacketDescriptor.trailer(8));
        int at = RingDescriptor.DATA_OFFSET + 8;
        assertEquals(firstWord, raw.getLong(at));
        assertEquals(0x0102030405060708L, raw.getLong(at + 8));
        for (int i = 0; i < 13; i++) {
            assertEquals(payload[1 + i], raw.get(at + 16 + i), "payload byte " + i);
        }
        for (int i = 13; i < packetLength - 16; i++) {
            assertEquals(0, raw.get(at + 16 + i), "padding byte " + i);
        }
        assertEquals(PacketDescriptor.trailer(8), raw.getLong(at + packetLength));
        assertEquals((byte) 0xA5, raw.get(at + packetLength + 8), "nothing written past the trailer");
        assertEquals((byte) 0xA5, raw.get(at - 1), "nothing written before the packet");
    }

    /** Lengths around the copy stub's 4,096-byte step and multiples of it, up to three pages and a bit. */
    private static final int[] LONG_LENGTHS = {4087, 4088, 4089, 4095, 4096, 4097, 4104, 8176, 8189, 8192, 12269};

    private static byte[] pattern(int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (i * 31 + (i >>> 8)); // no period of 256, so a piece copied to the wrong place shows
        }
        return bytes;
    }

    @Test
    void copiesLongPayloadsWholeAndInOrderInAllocatedMemory() {
        int dataLength = 4 * 4096 + 64;
        for (int length : LONG_LENGTHS) {
            ByteBuffer raw = ByteBuffer.allocateDirect(RingDescriptor.DATA_OFFSET + dataLength)
                    .order(ByteOrder.LITTLE_ENDIAN);
            assertCopiesLandWholeAndInOrder(raw, ByteBufferRingMemory.wrap(raw), length);
        }
    }

    @Test
    void copiesLongPayloadsWholeAndInOrderInMappedMemory(@TempDir Path dir) throws Exception {
        int dataLength = 4 * 4096 + 64;
        for (int length : LONG_LENGTHS) {
            Path file = dir.resolve("ring-" + length);
            ByteBufferRingMemory memory = ByteBufferRingMemory.map(file, dataLength);
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                ByteBuffer view = channel.map(FileChannel.MapMode.READ_WRITE, 0,
                        RingDescriptor.DATA_OFFSET + dataLength).order(ByteOrder.LITTLE_ENDIAN);
                assertCopiesLandWholeAndInOrder(view, memory, length);
            }
        }
    }

    /** putBytes, getBytes and putPacket of {@code length} bytes, checked byte by byte through {@code raw}. */
    private static void assertCopiesLandWholeAndInOrder(ByteBuffer raw, ByteBufferRingMemory memory, int length) {
        byte[] source = pattern(length + 16);
        memory.putBytes(8, source, 3, length);
        for (int i = 0; i < length; i++) {
            assertEquals(source[3 + i], raw.get(RingDescriptor.DATA_OFFSET + 8 + i), "putBytes byte " + i);
        }
        assertEquals(0, raw.get(RingDescriptor.DATA_OFFSET + 7), "putBytes: nothing before the start");
        assertEquals(0, raw.get(RingDescriptor.DATA_OFFSET + 8 + length), "putBytes: nothing past the end");
        byte[] back = new byte[length + 2];
        memory.getBytes(8, back, 1, length);
        for (int i = 0; i < length; i++) {
            assertEquals(source[3 + i], back[1 + i], "getBytes byte " + i);
        }
        assertEquals(0, back[0], "getBytes: nothing before the start");
        assertEquals(0, back[length + 1], "getBytes: nothing past the end");

        int packetLength = PacketDescriptor.packetLength(length);
        long firstWord = PacketDescriptor.firstWord(PacketDescriptor.TYPE_DATA_INBAND, 2, packetLength / 8, 1);
        memory.putPacket(16, firstWord, 7, source, 5, length, packetLength, PacketDescriptor.trailer(16));
        int at = RingDescriptor.DATA_OFFSET + 16;
        for (int i = 0; i < length; i++) {
            assertEquals(source[5 + i], raw.get(at + PacketDescriptor.LENGTH + i), "putPacket byte " + i);
        }
        for (int i = PacketDescriptor.LENGTH + length; i < packetLength; i++) {
            assertEquals(0, raw.get(at + i), "padding byte " + i);
        }
        assertEquals(PacketDescriptor.trailer(16), raw.getLong(at + packetLength), "length=" + length);
    }

    /**
     * The copy in pieces (as {@link ByteBufferRingMemory#COPY_PIECE_PROPERTY} asks) leaves exactly the bytes of one
     * copy, at every length around one, two and three pieces, for pieces of 1 byte up to no limit (the default).
     */
    @Test
    void copyInPiecesLeavesTheBytesOfOneCopy() {
        assumeTrue(ByteBufferRingMemory.RAW, "the copy is raw only");
        byte[] source = pattern(3 * 4096 + 64);
        int most = source.length - 3;
        for (int piece : new int[] {1, 8, 13, 4088, 4096, Integer.MAX_VALUE}) {
            java.util.TreeSet<Integer> lengths = new java.util.TreeSet<>();
            for (int d = 0; d <= 16; d++) {
                lengths.add(d);
            }
            for (int base : new int[] {4096, 8192, 12288}) {
                for (int d = -9; d <= 9; d++) {
                    lengths.add(base + d);
                }
            }
            for (long k = 1; k <= 3; k++) {
                for (int d = -2; d <= 2; d++) {
                    lengths.add((int) Math.min(most, Math.max(0, k * piece + d)));
                }
            }
            for (int length : lengths.headSet(most, true)) {
                byte[] expected = new byte[length + 16];
                byte[] actual = new byte[length + 16];
                Arrays.fill(expected, (byte) 0xA5);
                Arrays.fill(actual, (byte) 0xA5);
                System.arraycopy(source, 3, expected, 8, length);
                ByteBufferRingMemory.copy(source, ByteBufferRingMemory.BYTE_ARRAY_BASE + 3, actual,
                        ByteBufferRingMemory.BYTE_ARRAY_BASE + 8, length, piece);
                assertArrayEquals(expected, actual, "piece=" + piece + " length=" + length);
            }
        }
    }

    @Test
    void aPieceSizeIsPositiveOrNoLimit() {
        assertEquals(4088, ByteBufferRingMemory.copyPiece(4088));
        assertEquals(Integer.MAX_VALUE, ByteBufferRingMemory.copyPiece(0));
        assertEquals(Integer.MAX_VALUE, ByteBufferRingMemory.copyPiece(-1));
    }

    @Test
    void everyDataAccessIsBoundsChecked() {
        ByteBufferRingMemory memory = ByteBufferRingMemory.allocate(64);
        byte[] bytes = new byte[16];
        assertThrows(IndexOutOfBoundsException.class, () -> memory.getLong(60));
        assertThrows(IndexOutOfBoundsException.class, () -> memory.putLong(-8, 1));
        assertThrows(IndexOutOfBoundsException.class, () -> memory.putBytes(56, bytes, 0, 16));
        assertThrows(IndexOutOfBoundsException.class, () -> memory.putBytes(0, bytes, 8, 16));
        assertThrows(IndexOutOfBoundsException.class, () -> memory.getBytes(50, bytes, 0, 16));
        assertThrows(IndexOutOfBoundsException.class, () -> memory.getByte(64));
        assertThrows(IndexOutOfBoundsException.class, () -> memory.putZeros(60, 8));
        assertThrows(IndexOutOfBoundsException.class, () -> memory.putPacket(32, 0, 0, bytes, 0, 16, 32, 0));
        memory.putPacket(24, 0, 0, bytes, 0, 16, 32, 0); // ends exactly at the data length: allowed
        memory.putBytes(48, bytes, 0, 16);
        memory.getBytes(0, bytes, 0, 16);
        assertEquals(0, memory.getByte(63));
    }

    @Test
    void refusesAMisalignedBuffer() {
        // The control fields are u32 at 4-aligned offsets and the data area is read as u64: a ring whose first byte
        // is not 8-aligned would make those accesses torn (hv_ring_buffer is page-aligned in Linux).
        ByteBuffer raw = ByteBuffer.allocateDirect(RingDescriptor.DATA_OFFSET + 64 + 1);
        ByteBuffer misaligned = raw.position(1).slice();
        assertEquals(1, misaligned.alignmentOffset(0, RingDescriptor.ALIGNMENT), "the slice starts one byte in");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ByteBufferRingMemory.wrap(misaligned));
        assertTrue(e.getMessage().contains("alignment_offset=1"), e.getMessage());
    }

    @Test
    void putPacketRefusesAPayloadLongerThanItsPacket() {
        // A packet length too short for its payload would put the trailer over the payload's tail (and, with no
        // padding, zero nothing): the one-check fast path must refuse it as the field-by-field stores cannot.
        ByteBuffer raw = ByteBuffer.allocateDirect(RingDescriptor.DATA_OFFSET + 128).order(ByteOrder.LITTLE_ENDIAN);
        ByteBufferRingMemory memory = ByteBufferRingMemory.wrap(raw);
        byte[] payload = new byte[16];
        java.util.Arrays.fill(payload, (byte) 7);
        int tooShort = PacketDescriptor.LENGTH + 8; // room for 8 payload bytes, given 16
        IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class,
                () -> memory.putPacket(0, 1L, 2L, payload, 0, 16, tooShort, 3L));
        assertTrue(e.getMessage().contains("packet_length=" + tooShort), e.getMessage());
        assertTrue(e.getMessage().contains("payload_length=16"), e.getMessage());
        for (int i = 0; i < 64; i++) {
            assertEquals(0, raw.get(RingDescriptor.DATA_OFFSET + i), "nothing stored before the refusal: byte " + i);
        }
    }

    @Test
    void zeroLengthAccessesAreInsideTheDataAreaAtBothEnds() {
        // An empty payload (length 0) is legal at any index up to the data length, including 0 and the very end.
        ByteBufferRingMemory memory = ByteBufferRingMemory.allocate(64);
        byte[] bytes = new byte[8];
        memory.putBytes(0, bytes, 0, 0);
        memory.getBytes(0, bytes, 8, 0);
        memory.putZeros(0, 0);
        memory.putBytes(64, bytes, 0, 0);
        memory.putZeros(64, 0);
        assertThrows(IndexOutOfBoundsException.class, () -> memory.putZeros(65, 0));
        assertThrows(IndexOutOfBoundsException.class, () -> memory.getBytes(0, bytes, 0, -1));
        assertThrows(IndexOutOfBoundsException.class, () -> memory.putZeros(8, -8));
    }
}
