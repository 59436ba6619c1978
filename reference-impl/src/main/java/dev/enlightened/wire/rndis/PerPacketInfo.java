package dev.enlightened.wire.rndis;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;

/**
 * One {@code struct rndis_per_packet_info} of a PACKET_MSG: {@code u32 size @0} (header plus value),
 * {@code u32 type:31, internal:1 @4}, {@code u32 ppi_offset @8} (from the start of this struct to the value),
 * then the value. Linux rndis_get_ppi walks the area by {@code size}; the decoder checks each size and offset
 * as unsigned before stepping, so a hostile area cannot loop or read outside.
 *
 * @param type     {@code enum ndis_per_pkt_info_type} (0 TCPIP_CHKSUM_PKTINFO, 6 IEEE_8021Q_INFO,
 *                 8 NBL_HASH_VALUE), below 2^31
 * @param internal the {@code internal} bit (Linux's RNDIS_PKTINFO_ID)
 * @param value    the value
 */
public record PerPacketInfo(int type, boolean internal, byte[] value) {
    /** Offset of {@code size}. */
    public static final int SIZE_OFFSET = 0;
    /** Offset of the {@code type} word. */
    public static final int TYPE_OFFSET = 4;
    /** Offset of {@code ppi_offset}. */
    public static final int PPI_OFFSET_OFFSET = 8;
    /** {@code sizeof(struct rndis_per_packet_info)}. */
    public static final int HEADER_LENGTH = 12;
    /** {@code TCPIP_CHKSUM_PKTINFO}: receive checksum info (the host sets it on RX). */
    public static final int TCPIP_CHKSUM_PKTINFO = 0;
    /** {@code NBL_HASH_VALUE}: the flow hash Linux sends with multi-queue TX. */
    public static final int NBL_HASH_VALUE = 8;
    private static final int INTERNAL_BIT = 0x80000000;

    /** Copies the value; the type must fit 31 bits. */
    public PerPacketInfo {
        if (type < 0) {
            throw new IllegalArgumentException("ppi type out of range: type=" + Integer.toUnsignedString(type));
        }
        value = value.clone();
    }

    /** @return a 4-byte value PPI */
    public static PerPacketInfo ofU32(int type, int v) {
        return new PerPacketInfo(type, false, ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(0, v)
                .array());
    }

    @Override
    public byte[] value() {
        return value.clone();
    }

    /** @return header plus value */
    public int encodedLength() {
        return HEADER_LENGTH + value.length;
    }

    void write(ByteBuffer m, int at) {
        m.putInt(at + SIZE_OFFSET, encodedLength()).putInt(at + TYPE_OFFSET, type | (internal ? INTERNAL_BIT : 0))
                .putInt(at + PPI_OFFSET_OFFSET, HEADER_LENGTH).put(at + HEADER_LENGTH, value);
    }

    /** Walks a per-packet-info area; at most {@code area.length / 12} steps. */
    static RndisDecodeError decodeAll(byte[] area, List<PerPacketInfo> into) {
        ByteBuffer b = ByteBuffer.wrap(area).order(ByteOrder.LITTLE_ENDIAN);
        int at = 0;
        while (at < area.length) {
            int left = area.length - at;
            if (left < HEADER_LENGTH) {
                return invalid("per_pkt_info_len", area.length, "whole rndis_per_packet_info entries");
            }
            long size = Integer.toUnsignedLong(b.getInt(at + SIZE_OFFSET));
            long off = Integer.toUnsignedLong(b.getInt(at + PPI_OFFSET_OFFSET));
            if (size < HEADER_LENGTH || size > left) {
                return invalid("size", size, "12<=size<=" + left);
            }
            if (off < HEADER_LENGTH || off > size) {
                return invalid("ppi_offset", off, "12<=ppi_offset<=size=" + size);
            }
            int word = b.getInt(at + TYPE_OFFSET);
            into.add(new PerPacketInfo(word & ~INTERNAL_BIT, (word & INTERNAL_BIT) != 0,
                    Arrays.copyOfRange(area, at + (int) off, at + (int) size)));
            at += (int) size;
        }
        return null;
    }

    private static RndisDecodeError invalid(String field, long value, String rule) {
        return new RndisDecodeError.InvalidField(RndisMessageType.PACKET_MSG, field, value, rule);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PerPacketInfo p && type == p.type && internal == p.internal
                && Arrays.equals(value, p.value);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * type + Boolean.hashCode(internal)) + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return "PerPacketInfo[type=" + type + ", internal=" + internal + ", value=" + Arrays.toString(value) + "]";
    }
}
