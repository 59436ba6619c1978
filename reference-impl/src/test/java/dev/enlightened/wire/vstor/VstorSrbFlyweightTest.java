package dev.enlightened.wire.vstor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The flyweight writes the bytes the records encode and accepts and rejects exactly what {@link VstorCodec} does,
 * with the same typed errors; u32 fields come back raw, for the caller to widen unsigned.
 */
class VstorSrbFlyweightTest {
    private final VstorSrbFlyweight fw = new VstorSrbFlyweight();

    private static VstorPayload.ScsiRequest srb(SplittableRandom r) {
        byte[] cdb = new byte[VstorPayload.ScsiRequest.CDB_LENGTH];
        int cdbLength = 1 + r.nextInt(16);
        for (int i = 0; i < cdbLength; i++) {
            cdb[i] = (byte) r.nextInt(256);
        }
        return new VstorPayload.ScsiRequest(VstorPayload.ScsiRequest.SIZE, 0, 0, 0, 0, r.nextInt(256),
                r.nextInt(256), cdbLength, r.nextInt(256), r.nextInt(3), r.nextInt(), cdb, 0, 0, r.nextInt(),
                r.nextInt(), 0);
    }

    @Test
    void writeRequestEqualsTheRecordEncodingOverAGarbageBuffer() {
        SplittableRandom r = new SplittableRandom(3);
        for (int n = 0; n < 500; n++) {
            VstorPayload.ScsiRequest s = srb(r);
            byte[] buf = new byte[VstorPacket.LENGTH + 8];
            r.nextBytes(buf); // left over from an earlier packet: every byte of the 64 must be written
            fw.wrap(buf, 8).writeRequest(s.length(), s.targetId(), s.lun(),
                    Arrays.copyOf(s.cdbOrSense(), s.cdbLength()), s.senseInfoLength(), s.dataIn(),
                    s.dataTransferLength(), s.srbFlags(), s.timeOutValue());
            byte[] expected = VstorPacket.request(VstorOperation.EXECUTE_SRB, s).encode();
            assertArrayEquals(expected, Arrays.copyOfRange(buf, 8, 8 + VstorPacket.LENGTH));
        }
    }

    @Test
    void writeCompletionEqualsTheRecordEncodingOfTheReply() {
        SplittableRandom r = new SplittableRandom(4);
        for (int n = 0; n < 500; n++) {
            VstorPayload.ScsiRequest s = srb(r);
            byte[] sense = new byte[r.nextInt(VstorPayload.ScsiRequest.CDB_LENGTH + 1)];
            r.nextBytes(sense);
            int srbStatus = r.nextInt(256);
            int scsiStatus = r.nextInt(256);
            int moved = r.nextInt();
            byte[] buf = new byte[VstorPacket.LENGTH];
            r.nextBytes(buf);
            fw.wrap(buf, 0).writeCompletion(s, srbStatus, scsiStatus, sense, moved);
            VstorPayload.ScsiRequest reply = new VstorPayload.ScsiRequest(s.length(), srbStatus, scsiStatus,
                    s.port(), s.pathId(), s.targetId(), s.lun(), s.cdbLength(), sense.length, s.dataIn(), moved,
                    Arrays.copyOf(sense, VstorPayload.ScsiRequest.CDB_LENGTH), s.queueTag(), s.queueAction(),
                    s.srbFlags(), s.timeOutValue(), s.queueSortKey());
            assertArrayEquals(VstorPacket.completion(VstorStatus.SUCCESS, reply).encode(), buf);
        }
    }

    @Test
    void readsWhatTheCodecDecodesAndRejectsWhatItRejects() {
        qt().withExamples(2000).forAll(integers().all(), integers().between(0, 80)).checkAssert((seed, length) -> {
            SplittableRandom r = new SplittableRandom(seed);
            byte[] bytes = new byte[Math.max(length, VstorPacket.LENGTH)];
            r.nextBytes(bytes);
            if (r.nextBoolean()) { // often a real operation and flags, so the fields are reached too
                bytes[0] = (byte) VstorOperation.COMPLETE_IO.code();
                bytes[1] = 0;
                bytes[2] = 0;
                bytes[3] = 0;
                Arrays.fill(bytes, VstorPacket.FLAGS_OFFSET, VstorPacket.FLAGS_OFFSET + 4, (byte) 0);
            }
            VstorDecodeResult d = VstorCodec.decodeCompletion(bytes, 0, length, VstorMember.SCSI_REQUEST);
            VstorDecodeError e = fw.wrap(bytes, 0).checkCompletion(length);
            if (d instanceof VstorDecodeError expected) {
                assertEquals(expected, e);
                return;
            }
            assertNull(e);
            VstorPacket p = ((VstorDecodeResult.Decoded) d).packet();
            assertEquals(p.operation(), fw.operation());
            assertEquals(p.status(), fw.status());
            if (p.payload() instanceof VstorPayload.ScsiRequest s) {
                assertEquals(s.srbStatus(), fw.srbStatus());
                assertEquals(s.scsiStatus(), fw.scsiStatus());
                assertEquals(s.senseInfoLength(), fw.senseInfoLength());
                assertEquals(s.dataIn(), fw.dataIn());
                assertEquals(s.dataTransferLength(), fw.dataTransferLength());
                assertArrayEquals(s.cdbOrSense(), fw.cdbOrSense());
            }
        });
    }

    @Test
    void aDataTransferLengthWithTheTopBitSetIsLargeNotNegative() {
        byte[] bytes = new byte[VstorPacket.LENGTH];
        bytes[VstorPayload.ScsiRequest.DATA_TRANSFER_LENGTH_OFFSET + 3] = (byte) 0x80;
        assertEquals(0x8000_0000L, Integer.toUnsignedLong(fw.wrap(bytes, 0).dataTransferLength()));
    }

    @Test
    void refusesABufferWithoutRoomForAPacket() {
        assertThrows(IllegalArgumentException.class, () -> fw.wrap(new byte[63], 0));
        assertThrows(IllegalArgumentException.class, () -> fw.wrap(new byte[64], 1));
        assertThrows(IllegalArgumentException.class, () -> fw.wrap(new byte[64], -1));
    }
}
