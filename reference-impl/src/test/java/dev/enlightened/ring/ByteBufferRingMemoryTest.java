package dev.enlightened.ring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
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
}
