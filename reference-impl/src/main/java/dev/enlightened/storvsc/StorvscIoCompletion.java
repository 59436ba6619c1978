package dev.enlightened.storvsc;

import dev.enlightened.wire.vstor.VstorScsi;

/**
 * How one submitted command ended: the host's answer, or the error that failed it.
 *
 * @param transId    the trans_id of the request completed (the one the guest matched)
 * @param packetTid  the trans_id the completion packet carried (equal to {@code transId} unless a bug matched it
 *                   otherwise)
 * @param command    the command submitted
 * @param srbStatus  {@code srb_status} from the host (0 if failed)
 * @param scsiStatus {@code scsi_status} from the host
 * @param sense      sense data (CHECK CONDITION with AUTOSENSE_VALID: at most 0x14 bytes), else empty
 * @param data       read data (DATA_IN), {@code data_transfer_length} bytes, else empty
 * @param error      why the request failed on the guest's side, or null if the host answered well-formed
 */
public record StorvscIoCompletion(long transId, long packetTid, StorvscCommand command, int srbStatus,
        int scsiStatus, byte[] sense, byte[] data, StorvscIoError error) {
    /**
     * Copies the sense; takes over {@code data} without a copy (every read's payload passes here, and
     * {@link StorvscIo} hands over the fresh array it read from guest memory; {@link #data()} still returns a copy).
     */
    public StorvscIoCompletion {
        sense = sense.length == 0 ? sense : sense.clone(); // an empty array cannot be changed: shared, not copied
    }

    /** @return a failed request */
    static StorvscIoCompletion failed(long transId, long packetTid, StorvscCommand command, StorvscIoError error) {
        return new StorvscIoCompletion(transId, packetTid, command, 0, 0, new byte[0], new byte[0], error);
    }

    /** @return true if the command succeeded: SRB_STATUS_SUCCESS and GOOD */
    public boolean ok() {
        return error == null && VstorScsi.srbCode(srbStatus) == VstorScsi.SRB_SUCCESS
                && scsiStatus == VstorScsi.SAM_GOOD;
    }

    /** @return the sense key, or -1 without sense */
    public int senseKey() {
        return sense.length > VstorScsi.SENSE_KEY_OFFSET ? sense[VstorScsi.SENSE_KEY_OFFSET] & 0x0F : -1;
    }

    /** @return the additional sense code, or -1 without it */
    public int asc() {
        return sense.length > VstorScsi.SENSE_ASC_OFFSET ? Byte.toUnsignedInt(sense[VstorScsi.SENSE_ASC_OFFSET]) : -1;
    }

    @Override
    public byte[] sense() {
        return sense.clone();
    }

    @Override
    public byte[] data() {
        return data.clone();
    }

    /** The data itself, for {@link StorvscBlockDevice}, which hands it on (package-private: never shared). */
    byte[] dataShared() {
        return data;
    }
}
