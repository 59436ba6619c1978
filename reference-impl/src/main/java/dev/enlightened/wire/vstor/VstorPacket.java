package dev.enlightened.wire.vstor;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * One {@code struct vstor_packet} (Linux storvsc_drv.c, packed, 64 bytes), the payload of every storvsc inband
 * and completion packet.
 *
 * <pre>
 *   0 u32 operation   4 u32 flags (0x1 REQUEST_COMPLETION_FLAG)   8 u32 status (NTSTATUS)
 *  12 union (0x34 bytes): vmscsi_request | vmstorage_channel_properties | vmstorage_protocol_version
 *                         | u16 sub_channel_count           64 end
 * </pre>
 *
 * @param operation the operation
 * @param flags     the flags word (Linux sets REQUEST_COMPLETION_FLAG on requests)
 * @param status    NTSTATUS ({@link VstorStatus}); 0 in requests
 * @param payload   the union member; must be the operation's request member, or any member for COMPLETE_IO
 */
public record VstorPacket(VstorOperation operation, int flags, int status, VstorPayload payload) {
    /** {@code sizeof(struct vstor_packet)} with the Win8 {@code vmscsi_request}. */
    public static final int LENGTH = 64;
    /** Offset of {@code operation}. */
    public static final int OPERATION_OFFSET = 0;
    /** Offset of {@code flags}. */
    public static final int FLAGS_OFFSET = 4;
    /** Offset of {@code status}. */
    public static final int STATUS_OFFSET = 8;
    /** Offset of the union. */
    public static final int UNION_OFFSET = 12;
    /** {@code REQUEST_COMPLETION_FLAG}: the only flag defined. */
    public static final int REQUEST_COMPLETION_FLAG = 0x1;

    /** @throws IllegalArgumentException if a field is missing or the member does not fit the operation */
    public VstorPacket {
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(payload, "payload");
        if (operation != VstorOperation.COMPLETE_IO && payload.member() != operation.requestMember()) {
            throw new IllegalArgumentException("union member does not fit the operation: operation=" + operation
                    + " member=" + payload.member() + " expected=" + operation.requestMember());
        }
    }

    /** @return a request with REQUEST_COMPLETION_FLAG and status 0, as Linux {@code storvsc_execute_vstor_op} */
    public static VstorPacket request(VstorOperation operation, VstorPayload payload) {
        return new VstorPacket(operation, REQUEST_COMPLETION_FLAG, VstorStatus.SUCCESS, payload);
    }

    /** @return a COMPLETE_IO with {@code status} and flags 0, as openvmm storvsp sends */
    public static VstorPacket completion(int status, VstorPayload payload) {
        return new VstorPacket(VstorOperation.COMPLETE_IO, 0, status, payload);
    }

    /** @return the 64 bytes on the wire, union bytes the member does not cover zero */
    public byte[] encode() {
        ByteBuffer b = ByteBuffer.allocate(LENGTH).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(OPERATION_OFFSET, operation.code());
        b.putInt(FLAGS_OFFSET, flags);
        b.putInt(STATUS_OFFSET, status);
        payload.write(b);
        return b.array();
    }

    static void requireU16(String field, int value) {
        if (value < 0 || value > 0xFFFF) {
            throw new IllegalArgumentException("field does not fit a u16: field=" + field + " value=" + value);
        }
    }
}
