package dev.enlightened.storvsc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.enlightened.wire.vstor.VstorScsi;
import org.junit.jupiter.api.Test;

/** LUN 0's disk: the five commands, and ILLEGAL REQUEST sense for everything else. */
class StorvscDiskTest {
    private final StorvscDisk disk = new StorvscDisk(16, 512);

    private StorvscDisk.Result run(StorvscCommand c) {
        return disk.execute(c.lun(), c.cdb(), c.dataIn(), c.transferLength(), c.writeData());
    }

    private static void assertIllegal(StorvscDisk.Result r, int asc) {
        assertEquals(VstorScsi.SRB_ERROR | VstorScsi.SRB_AUTOSENSE_VALID, r.srbStatus());
        assertEquals(VstorScsi.SAM_CHECK_CONDITION, r.scsiStatus());
        assertArrayEquals(VstorScsi.fixedSense(VstorScsi.KEY_ILLEGAL_REQUEST, asc, 0), r.sense());
        assertEquals(0, r.transferred());
    }

    @Test
    void writesAndReadsBlocks() {
        byte[] data = new byte[1024];
        data[0] = 1;
        data[1023] = 2;
        assertEquals(VstorScsi.SRB_SUCCESS, run(StorvscCommand.write10(14, data, 512)).srbStatus());
        StorvscDisk.Result r = run(StorvscCommand.read10(14, 2, 512));
        assertArrayEquals(data, r.readData());
        assertEquals(1024, r.transferred());
    }

    @Test
    void aReadGoesStraightIntoTheGuestsBuffersWhenTheyHoldItExactly() {
        byte[] data = new byte[1024];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 13 + 5);
        }
        assertEquals(VstorScsi.SRB_SUCCESS, run(StorvscCommand.write10(4, data, 512)).srbStatus());
        StorvscCommand c = StorvscCommand.read10(4, 2, 512);
        java.nio.ByteBuffer ram = java.nio.ByteBuffer.allocateDirect(2048);
        java.nio.ByteBuffer[] into = {ram.slice(100, 300), ram.slice(1000, 724)}; // two pieces, as two pages
        StorvscDisk.Result r = disk.execute(0, c.cdb(), c.dataIn(), c.transferLength(), new byte[0], into);
        assertEquals(VstorScsi.SRB_SUCCESS, r.srbStatus());
        assertEquals(1024, r.transferred());
        assertEquals(0, r.readData().length, "the data went to the buffers, not into the result");
        byte[] back = new byte[1024];
        ram.get(100, back, 0, 300);
        ram.get(1000, back, 300, 724);
        assertArrayEquals(data, back);
        // Buffers of another size: the ordinary path, data in the result, the buffers untouched.
        java.nio.ByteBuffer small = java.nio.ByteBuffer.allocateDirect(512);
        StorvscDisk.Result r2 = disk.execute(0, c.cdb(), c.dataIn(), c.transferLength(), new byte[0],
                new java.nio.ByteBuffer[] {small});
        assertArrayEquals(data, r2.readData());
        assertEquals(0, small.position());
    }

    @Test
    void refusesABlockPastTheEndWithLbaOutOfRange() {
        assertIllegal(run(StorvscCommand.read10(15, 2, 512)), VstorScsi.ASC_LBA_OUT_OF_RANGE);
        assertIllegal(run(StorvscCommand.write10(16, new byte[512], 512)), VstorScsi.ASC_LBA_OUT_OF_RANGE);
        assertIllegal(run(StorvscCommand.read10(0xFFFF_FFFFL, 1, 512)), VstorScsi.ASC_LBA_OUT_OF_RANGE);
    }

    @Test
    void refusesAnUnknownOpcodeAndAnEvpdInquiry() {
        byte[] modeSense = {0x1A, 0, 0x3F, 0, (byte) 0xC0, 0};
        assertIllegal(disk.execute(0, modeSense, VstorScsi.DATA_IN, 0xC0, new byte[0]), VstorScsi.ASC_INVALID_OPCODE);
        byte[] evpd = {(byte) VstorScsi.INQUIRY, 1, (byte) 0x80, 0, (byte) 0xFF, 0};
        assertIllegal(disk.execute(0, evpd, VstorScsi.DATA_IN, 0xFF, new byte[0]),
                VstorScsi.ASC_INVALID_FIELD_IN_CDB);
    }

    @Test
    void refusesATransferLengthThatDisagreesWithTheCdb() {
        StorvscCommand c = StorvscCommand.read10(0, 2, 512);
        assertIllegal(disk.execute(0, c.cdb(), VstorScsi.DATA_IN, 512, new byte[0]),
                VstorScsi.ASC_INVALID_FIELD_IN_CDB);
    }

    @Test
    void answersAnotherLunWithInvalidLun() {
        StorvscDisk.Result r = disk.execute(1, new byte[6], VstorScsi.DATA_NONE, 0, new byte[0]);
        assertEquals(VstorScsi.SRB_INVALID_LUN, r.srbStatus());
    }

    @Test
    void reportsItsCapacityAndStandardInquiryData() {
        assertArrayEquals(new byte[] {0, 0, 0, 15, 0, 0, 2, 0}, run(StorvscCommand.readCapacity()).readData());
        byte[] inq = run(StorvscCommand.inquiry()).readData();
        assertEquals(VstorScsi.INQUIRY_LENGTH, inq.length);
        assertEquals(0, inq[0]); // direct-access block device
        assertEquals(VstorScsi.SRB_SUCCESS, run(StorvscCommand.testUnitReady()).srbStatus());
    }

    @Test
    void writesAndReadsWithSixteenByteCdbs() {
        byte[] data = new byte[512];
        data[0] = 9;
        assertEquals(VstorScsi.SRB_SUCCESS, run(StorvscCommand.write16(15, data, 512)).srbStatus());
        assertArrayEquals(data, run(StorvscCommand.read16(15, 1, 512)).readData());
        assertArrayEquals(data, run(StorvscCommand.read10(15, 1, 512)).readData()); // same medium either way
    }

    @Test
    void refusesSixteenByteRangesPastTheEndIncludingOnesThatOverflowAnUnsignedLong() {
        assertIllegal(run(StorvscCommand.read16(15, 2, 512)), VstorScsi.ASC_LBA_OUT_OF_RANGE);
        byte[] cdb = StorvscCommand.read16(0, 1, 512).cdb();
        for (int i = 2; i < 10; i++) {
            cdb[i] = (byte) 0xFF; // LBA 2^64 - 1: lba + count wraps to 0
        }
        assertIllegal(disk.execute(0, cdb, VstorScsi.DATA_IN, 512, new byte[0]), VstorScsi.ASC_LBA_OUT_OF_RANGE);
        byte[] huge = StorvscCommand.read16(0, 1, 512).cdb();
        huge[10] = (byte) 0xFF; // 0xFF000001 blocks
        assertIllegal(disk.execute(0, huge, VstorScsi.DATA_IN, 512, new byte[0]), VstorScsi.ASC_LBA_OUT_OF_RANGE);
        byte[] shortCdb = java.util.Arrays.copyOf(StorvscCommand.read16(0, 1, 512).cdb(), 10);
        assertIllegal(disk.execute(0, shortCdb, VstorScsi.DATA_IN, 512, new byte[0]),
                VstorScsi.ASC_INVALID_FIELD_IN_CDB);
    }

    @Test
    void reportsItsCapacityWithReadCapacitySixteen() {
        byte[] d = run(StorvscCommand.readCapacity16()).readData();
        assertEquals(VstorScsi.READ_CAPACITY_16_LENGTH, d.length);
        assertArrayEquals(new byte[] {0, 0, 0, 0, 0, 0, 0, 15, 0, 0, 2, 0}, java.util.Arrays.copyOf(d, 12));
        byte[] badAction = StorvscCommand.readCapacity16().cdb();
        badAction[1] = 0x11;
        assertIllegal(disk.execute(0, badAction, VstorScsi.DATA_IN, 32, new byte[0]), VstorScsi.ASC_INVALID_OPCODE);
    }

    @Test
    void synchronizeCacheSucceedsInRangeAndRefusesARangePastTheEndOrWithData() {
        assertEquals(VstorScsi.SRB_SUCCESS, run(StorvscCommand.synchronizeCache()).srbStatus());
        byte[] past = StorvscCommand.synchronizeCache().cdb();
        past[5] = 17;
        assertIllegal(disk.execute(0, past, VstorScsi.DATA_NONE, 0, new byte[0]), VstorScsi.ASC_LBA_OUT_OF_RANGE);
        assertIllegal(disk.execute(0, StorvscCommand.synchronizeCache().cdb(), VstorScsi.DATA_IN, 512, new byte[0]),
                VstorScsi.ASC_INVALID_FIELD_IN_CDB);
    }

    @Test
    void aFailingStoreIsMediumErrorNotAnException(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws java.io.IOException {
        java.nio.file.Path p = dir.resolve("d.img");
        var o = (dev.enlightened.storvsc.lun.FileBlockStore.Open.Opened) dev.enlightened.storvsc.lun.FileBlockStore
                .open(p, 8192);
        StorvscDisk onFile = new StorvscDisk(o.store());
        try (var ch = java.nio.channels.FileChannel.open(p, java.nio.file.StandardOpenOption.WRITE)) {
            ch.truncate(512);
        }
        StorvscCommand c = StorvscCommand.read10(4, 1, 512);
        StorvscDisk.Result r = onFile.execute(0, c.cdb(), c.dataIn(), c.transferLength(), c.writeData());
        assertEquals(VstorScsi.SAM_CHECK_CONDITION, r.scsiStatus());
        assertArrayEquals(VstorScsi.fixedSense(VstorScsi.KEY_MEDIUM_ERROR, VstorScsi.ASC_UNRECOVERED_READ_ERROR, 0),
                r.sense());
        o.store().close();
    }
}
