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
}
