package dev.enlightened.wire.vstor;

/**
 * The SCSI numbers an EXECUTE_SRB carries (Linux storvsc_drv.c, include/scsi/scsi_proto.h; SPC/SBC): SRB status
 * codes, SAM status, the {@code data_in} direction, SRB flags, opcodes, sense keys and additional sense codes,
 * and the fixed-format sense buffer the simulated host returns with CHECK CONDITION.
 */
public final class VstorScsi {
    /** {@code SRB_STATUS_SUCCESS}. */
    public static final int SRB_SUCCESS = 0x01;
    /** {@code SRB_STATUS_ERROR}: the command failed; the SCSI status and sense say why. */
    public static final int SRB_ERROR = 0x04;
    /** {@code SRB_STATUS_INVALID_REQUEST}: the SRB itself is malformed. */
    public static final int SRB_INVALID_REQUEST = 0x06;
    /** {@code SRB_STATUS_INVALID_LUN}: no such LUN (Linux removes the device: DID_NO_CONNECT). */
    public static final int SRB_INVALID_LUN = 0x20;
    /** {@code SRB_STATUS_AUTOSENSE_VALID}: flag bit; the sense area holds sense data. */
    public static final int SRB_AUTOSENSE_VALID = 0x80;
    /** {@code SRB_STATUS_QUEUE_FROZEN}: flag bit. */
    public static final int SRB_QUEUE_FROZEN = 0x40;

    /** {@code SAM_STAT_GOOD}. */
    public static final int SAM_GOOD = 0x00;
    /** {@code SAM_STAT_CHECK_CONDITION}: sense data describes the error. */
    public static final int SAM_CHECK_CONDITION = 0x02;

    /** {@code WRITE_TYPE}: data flows guest to host. */
    public static final int DATA_OUT = 0;
    /** {@code READ_TYPE}: data flows host to guest. */
    public static final int DATA_IN = 1;
    /** {@code UNKNOWN_TYPE}: no data. */
    public static final int DATA_NONE = 2;

    /** {@code SRB_FLAGS_DISABLE_SYNCH_TRANSFER}: Linux sets it on every request. */
    public static final int SRB_FLAGS_DISABLE_SYNCH_TRANSFER = 0x08;
    /** {@code SRB_FLAGS_DATA_IN}. */
    public static final int SRB_FLAGS_DATA_IN = 0x40;
    /** {@code SRB_FLAGS_DATA_OUT}. */
    public static final int SRB_FLAGS_DATA_OUT = 0x80;
    /** {@code STORVSC_SENSE_BUFFER_SIZE}: sense_info_length Linux sends, and the most it copies back. */
    public static final int SENSE_BUFFER_SIZE = 0x14;
    /** {@code STORVSC_MAX_CMD_LEN}: the longest CDB. */
    public static final int MAX_CDB_LENGTH = 0x10;
    /** {@code time_out_value} Linux sends (seconds). */
    public static final int TIME_OUT_SECONDS = 60;

    /** TEST UNIT READY (6-byte CDB). */
    public static final int TEST_UNIT_READY = 0x00;
    /** INQUIRY (6-byte CDB). */
    public static final int INQUIRY = 0x12;
    /** READ CAPACITY(10). */
    public static final int READ_CAPACITY_10 = 0x25;
    /** READ(10). */
    public static final int READ_10 = 0x28;
    /** WRITE(10). */
    public static final int WRITE_10 = 0x2A;
    /** SYNCHRONIZE CACHE(10) (SBC-3): LBA at 2..5, blocks at 7..8, no data. */
    public static final int SYNCHRONIZE_CACHE_10 = 0x35;
    /** READ(16): LBA big-endian u64 at 2..9, blocks u32 at 10..13. */
    public static final int READ_16 = 0x88;
    /** WRITE(16): as READ(16). */
    public static final int WRITE_16 = 0x8A;
    /** SYNCHRONIZE CACHE(16): LBA u64 at 2..9, blocks u32 at 10..13. */
    public static final int SYNCHRONIZE_CACHE_16 = 0x91;
    /** SERVICE ACTION IN(16); with {@link #SAI_READ_CAPACITY_16} in byte 1 it is READ CAPACITY(16). */
    public static final int SERVICE_ACTION_IN_16 = 0x9E;
    /** Service action READ CAPACITY(16) (byte 1, low 5 bits). */
    public static final int SAI_READ_CAPACITY_16 = 0x10;

    /** Standard INQUIRY data length (SPC: 36 bytes, additional length 31). */
    public static final int INQUIRY_LENGTH = 36;
    /** READ CAPACITY(10) data length: last LBA and block length, both big-endian u32. */
    public static final int READ_CAPACITY_LENGTH = 8;
    /** READ CAPACITY(16) parameter data: last LBA u64, block length u32, then protection/provisioning (32 bytes). */
    public static final int READ_CAPACITY_16_LENGTH = 32;

    /** Sense key MEDIUM ERROR: the backing store failed. */
    public static final int KEY_MEDIUM_ERROR = 0x03;
    /** ASC WRITE ERROR (with MEDIUM ERROR; also a failed SYNCHRONIZE CACHE). */
    public static final int ASC_WRITE_ERROR = 0x0C;
    /** ASC UNRECOVERED READ ERROR. */
    public static final int ASC_UNRECOVERED_READ_ERROR = 0x11;
    /** Sense key ILLEGAL REQUEST. */
    public static final int KEY_ILLEGAL_REQUEST = 0x05;
    /** ASC INVALID COMMAND OPERATION CODE. */
    public static final int ASC_INVALID_OPCODE = 0x20;
    /** ASC LOGICAL BLOCK ADDRESS OUT OF RANGE. */
    public static final int ASC_LBA_OUT_OF_RANGE = 0x21;
    /** ASC INVALID FIELD IN CDB. */
    public static final int ASC_INVALID_FIELD_IN_CDB = 0x24;

    /** Fixed-format sense length: response code to ASCQ and the sense-key-specific bytes (18). */
    public static final int FIXED_SENSE_LENGTH = 18;
    /** Offset of the response code (0x70 current, fixed format). */
    public static final int SENSE_RESPONSE_CODE_OFFSET = 0;
    /** Offset of the sense key (low nibble). */
    public static final int SENSE_KEY_OFFSET = 2;
    /** Offset of the additional sense length (bytes after byte 7). */
    public static final int SENSE_ADDITIONAL_LENGTH_OFFSET = 7;
    /** Offset of the ASC. */
    public static final int SENSE_ASC_OFFSET = 12;
    /** Offset of the ASCQ. */
    public static final int SENSE_ASCQ_OFFSET = 13;
    /** Response code: current error, fixed format. */
    public static final int SENSE_CURRENT_FIXED = 0x70;

    private VstorScsi() {
    }

    /** @return fixed-format sense data (18 bytes) for a current error */
    public static byte[] fixedSense(int key, int asc, int ascq) {
        byte[] s = new byte[FIXED_SENSE_LENGTH];
        s[SENSE_RESPONSE_CODE_OFFSET] = (byte) SENSE_CURRENT_FIXED;
        s[SENSE_KEY_OFFSET] = (byte) (key & 0x0F);
        s[SENSE_ADDITIONAL_LENGTH_OFFSET] = (byte) (FIXED_SENSE_LENGTH - 8);
        s[SENSE_ASC_OFFSET] = (byte) asc;
        s[SENSE_ASCQ_OFFSET] = (byte) ascq;
        return s;
    }

    /** @return the SRB status code without its two flag bits (Linux {@code SRB_STATUS()}) */
    public static int srbCode(int srbStatus) {
        return srbStatus & ~(SRB_AUTOSENSE_VALID | SRB_QUEUE_FROZEN);
    }
}
