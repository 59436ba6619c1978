package dev.enlightened.wire.vstor;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Decodes vstor_packets from untrusted bytes. Never throws for any input: a bad packet is a {@link VstorDecodeError}.
 * Bytes beyond the 64 (ring padding, or a newer peer's larger packet) are ignored, as Linux and openvmm do.
 */
public final class VstorCodec {
    private VstorCodec() {
    }

    /**
     * Decodes a request (or a host-initiated packet): the union member follows from the operation; a COMPLETE_IO
     * decodes with no member.
     *
     * @param bytes  the buffer
     * @param offset where the packet starts
     * @param length bytes available from {@code offset}
     * @return the packet or the error
     */
    public static VstorDecodeResult decodeRequest(byte[] bytes, int offset, int length) {
        return decode(bytes, offset, length, null);
    }

    /**
     * Decodes a packet the guest expects to be the completion of a request: a COMPLETE_IO's union is read as
     * {@code completionMember} (e.g. CHANNEL_PROPERTIES for QUERY_PROPERTIES); any other operation as its own.
     *
     * @param bytes            the buffer
     * @param offset           where the packet starts
     * @param length           bytes available from {@code offset}
     * @param completionMember the member a COMPLETE_IO carries
     * @return the packet or the error
     */
    public static VstorDecodeResult decodeCompletion(byte[] bytes, int offset, int length,
            VstorMember completionMember) {
        return decode(bytes, offset, length, completionMember == null ? VstorMember.NONE : completionMember);
    }

    private static VstorDecodeResult decode(byte[] bytes, int offset, int length, VstorMember completionMember) {
        if (bytes == null || offset < 0 || length < 0 || offset > bytes.length - length) {
            // The caller's slice is not inside the buffer: report the bytes that are really there.
            int there = bytes == null || offset < 0 || offset > bytes.length ? 0 : bytes.length - offset;
            return new VstorDecodeError.Truncated(Math.min(there, Math.max(length, 0)), VstorPacket.LENGTH);
        }
        if (length < VstorPacket.LENGTH) {
            return new VstorDecodeError.Truncated(length, VstorPacket.LENGTH);
        }
        ByteBuffer b = ByteBuffer.wrap(bytes, offset, VstorPacket.LENGTH).slice().order(ByteOrder.LITTLE_ENDIAN);
        long code = Integer.toUnsignedLong(b.getInt(VstorPacket.OPERATION_OFFSET));
        VstorOperation op = VstorOperation.fromCode(code);
        if (op == null) {
            return new VstorDecodeError.UnknownOperation(code);
        }
        int flags = b.getInt(VstorPacket.FLAGS_OFFSET);
        if ((flags & ~VstorPacket.REQUEST_COMPLETION_FLAG) != 0) {
            return new VstorDecodeError.InvalidFlags(Integer.toUnsignedLong(flags));
        }
        VstorMember member = op == VstorOperation.COMPLETE_IO
                ? (completionMember == null ? VstorMember.NONE : completionMember) : op.requestMember();
        VstorPayload payload = switch (member) {
            case NONE -> VstorPayload.None.INSTANCE;
            case PROTOCOL_VERSION -> new VstorPayload.ProtocolVersion(
                    Short.toUnsignedInt(b.getShort(VstorPayload.ProtocolVersion.MAJOR_MINOR_OFFSET)),
                    Short.toUnsignedInt(b.getShort(VstorPayload.ProtocolVersion.REVISION_OFFSET)));
            case CHANNEL_PROPERTIES -> new VstorPayload.ChannelProperties(
                    Short.toUnsignedInt(b.getShort(VstorPayload.ChannelProperties.MAX_CHANNEL_CNT_OFFSET)),
                    b.getInt(VstorPayload.ChannelProperties.FLAGS_OFFSET),
                    b.getInt(VstorPayload.ChannelProperties.MAX_TRANSFER_BYTES_OFFSET));
            case SUB_CHANNEL_COUNT -> new VstorPayload.SubChannelCount(
                    Short.toUnsignedInt(b.getShort(VstorPayload.SubChannelCount.COUNT_OFFSET)));
            case SCSI_REQUEST -> VstorPayload.ScsiRequest.read(b);
        };
        return new VstorDecodeResult.Decoded(new VstorPacket(op, flags, b.getInt(VstorPacket.STATUS_OFFSET),
                payload));
    }
}
