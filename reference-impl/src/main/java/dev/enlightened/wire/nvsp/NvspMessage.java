package dev.enlightened.wire.nvsp;

import java.nio.ByteBuffer;

/**
 * One NVSP message ({@code struct nvsp_message}: {@code u32 msg_type @0}, then the body @4). Offsets below are
 * from the start of the message; every u32 is little-endian. Records built by our code are checked on
 * construction ({@link IllegalArgumentException}); bytes from the peer go through {@link NvspCodec#decode}.
 */
public sealed interface NvspMessage {

    /** NVSP {@code NVSP_STAT_SUCCESS}. */
    int STATUS_SUCCESS = 1;
    /** NVSP {@code NVSP_STAT_FAIL}. */
    int STATUS_FAILURE = 2;

    /** @return this message's row in the table */
    NvspMessageType type();

    /** Writes the body fields at their absolute offsets into a little-endian, zeroed buffer. */
    void writeBody(ByteBuffer m);

    /**
     * INIT: {@code u32 min_protocol_ver @4, u32 max_protocol_ver @8}.
     *
     * @param minVersion lowest acceptable version (Linux: the candidate)
     * @param maxVersion highest acceptable version (Linux: the candidate)
     */
    record Init(int minVersion, int maxVersion) implements NvspMessage {
        /** Offset of {@code min_protocol_ver}. */
        public static final int MIN_VERSION_OFFSET = 4;
        /** Offset of {@code max_protocol_ver}. */
        public static final int MAX_VERSION_OFFSET = 8;

        /** @return Linux's INIT for one candidate version */
        public static Init of(NvspVersion v) {
            return new Init(v.value(), v.value());
        }

        static NvspDecodeResult decode(ByteBuffer m) {
            return new NvspDecodeResult.Decoded(
                    new Init(m.getInt(MIN_VERSION_OFFSET), m.getInt(MAX_VERSION_OFFSET)));
        }

        @Override
        public NvspMessageType type() {
            return NvspMessageType.INIT;
        }

        @Override
        public void writeBody(ByteBuffer m) {
            m.putInt(MIN_VERSION_OFFSET, minVersion).putInt(MAX_VERSION_OFFSET, maxVersion);
        }
    }

    /**
     * INIT_COMPLETE: {@code u32 negotiated_protocol_ver @4 (deprecated), u32 max_mdl_chain_len @8, u32 status @12}.
     *
     * @param negotiated     deprecated, ignored by Linux
     * @param maxMdlChainLen {@code max_mdl_chain_len}
     * @param status         1 success, else failure
     */
    record InitComplete(int negotiated, int maxMdlChainLen, int status) implements NvspMessage {
        /** Offset of {@code negotiated_protocol_ver}. */
        public static final int NEGOTIATED_OFFSET = 4;
        /** Offset of {@code max_mdl_chain_len}. */
        public static final int MAX_MDL_CHAIN_LEN_OFFSET = 8;
        /** Offset of {@code status}. */
        public static final int STATUS_OFFSET = 12;

        static NvspDecodeResult decode(ByteBuffer m) {
            return new NvspDecodeResult.Decoded(new InitComplete(m.getInt(NEGOTIATED_OFFSET),
                    m.getInt(MAX_MDL_CHAIN_LEN_OFFSET), m.getInt(STATUS_OFFSET)));
        }

        @Override
        public NvspMessageType type() {
            return NvspMessageType.INIT_COMPLETE;
        }

        @Override
        public void writeBody(ByteBuffer m) {
            m.putInt(NEGOTIATED_OFFSET, negotiated).putInt(MAX_MDL_CHAIN_LEN_OFFSET, maxMdlChainLen)
                    .putInt(STATUS_OFFSET, status);
        }
    }

    /**
     * SEND_NDIS_VER: {@code u32 ndis_major_ver @4, u32 ndis_minor_ver @8}.
     *
     * @param major NDIS major (Linux 6)
     * @param minor NDIS minor (Linux 1 up to V4, 30 from V5)
     */
    record SendNdisVersion(int major, int minor) implements NvspMessage {
        /** Offset of {@code ndis_major_ver}. */
        public static final int MAJOR_OFFSET = 4;
        /** Offset of {@code ndis_minor_ver}. */
        public static final int MINOR_OFFSET = 8;

        /** @return the NDIS version Linux announces for {@code v} (6.1 up to V4, 6.30 from V5) */
        public static SendNdisVersion linux(NvspVersion v) {
            return new SendNdisVersion(6, v.compareTo(NvspVersion.V5) >= 0 ? 30 : 1);
        }

        static NvspDecodeResult decode(ByteBuffer m) {
            return new NvspDecodeResult.Decoded(new SendNdisVersion(m.getInt(MAJOR_OFFSET), m.getInt(MINOR_OFFSET)));
        }

        @Override
        public NvspMessageType type() {
            return NvspMessageType.SEND_NDIS_VER;
        }

        @Override
        public void writeBody(ByteBuffer m) {
            m.putInt(MAJOR_OFFSET, major).putInt(MINOR_OFFSET, minor);
        }
    }

    /**
     * SEND_RECV_BUF: {@code u32 gpadl_handle @4, u16 id @8, u16 reserved @10}.
     *
     * @param gpadlHandle the receive buffer's GPADL (established by the channel layer; never 0)
     * @param id          buffer id (Linux {@code NETVSC_RECEIVE_BUFFER_ID} 0xCAFE)
     */
    record SendReceiveBuffer(int gpadlHandle, int id) implements NvspMessage {
        /** Offset of {@code gpadl_handle}. */
        public static final int GPADL_HANDLE_OFFSET = 4;
        /** Offset of {@code u16 id}. */
        public static final int ID_OFFSET = 8;
        /** Linux {@code NETVSC_RECEIVE_BUFFER_ID}; also the xfer_pageset_id of host RX packets. */
        public static final int LINUX_ID = 0xCAFE;

        /** @throws IllegalArgumentException if the handle is 0 or the id is not a u16 */
        public SendReceiveBuffer {
            NvspCodec.requireGpadl(gpadlHandle);
            NvspCodec.requireU16("id", id);
        }

        static NvspDecodeResult decode(ByteBuffer m) {
            int handle = m.getInt(GPADL_HANDLE_OFFSET);
            if (handle == 0) {
                return new NvspDecodeError.InvalidField(NvspMessageType.SEND_RECV_BUF, "gpadl_handle", 0,
                        "gpadl_handle!=0");
            }
            int id = Short.toUnsignedInt(m.getShort(ID_OFFSET));
            return new NvspDecodeResult.Decoded(new SendReceiveBuffer(handle, id));
        }

        @Override
        public NvspMessageType type() {
            return NvspMessageType.SEND_RECV_BUF;
        }

        @Override
        public void writeBody(ByteBuffer m) {
            m.putInt(GPADL_HANDLE_OFFSET, gpadlHandle).putShort(ID_OFFSET, (short) id);
        }
    }

    /**
     * SEND_RECV_BUF_COMPLETE: {@code u32 status @4, u32 num_sections @8}, then one {@code struct
     * nvsp_1_receive_buffer_section}: {@code u32 offset @12, u32 sub_alloc_size @16, u32 num_sub_allocs @20,
     * u32 end_offset @24}. On success the decoder requires one section at offset 0, non-empty, with
     * {@code end_offset = sub_alloc_size * num_sub_allocs}; a failure's section is not read by Linux.
     *
     * @param status       1 success
     * @param numSections  must be 1 on success
     * @param offset       section offset, 0
     * @param subAllocSize bytes per receive section
     * @param numSubAllocs receive sections
     * @param endOffset    end of the section
     */
    record SendReceiveBufferComplete(int status, int numSections, int offset, int subAllocSize, int numSubAllocs,
            int endOffset) implements NvspMessage {
        /** Offset of {@code status}. */
        public static final int STATUS_OFFSET = 4;
        /** Offset of {@code num_sections}. */
        public static final int NUM_SECTIONS_OFFSET = 8;
        /** Offset of {@code sections[0].offset}. */
        public static final int SECTION_OFFSET_OFFSET = 12;
        /** Offset of {@code sections[0].sub_alloc_size}. */
        public static final int SUB_ALLOC_SIZE_OFFSET = 16;
        /** Offset of {@code sections[0].num_sub_allocs}. */
        public static final int NUM_SUB_ALLOCS_OFFSET = 20;
        /** Offset of {@code sections[0].end_offset}. */
        public static final int END_OFFSET_OFFSET = 24;

        /** @return a successful completion with one section of {@code count} sub-allocations of {@code size} */
        public static SendReceiveBufferComplete success(int size, int count) {
            return new SendReceiveBufferComplete(STATUS_SUCCESS, 1, 0, size, count, size * count);
        }

        static NvspDecodeResult decode(ByteBuffer m) {
            SendReceiveBufferComplete c = new SendReceiveBufferComplete(m.getInt(STATUS_OFFSET),
                    m.getInt(NUM_SECTIONS_OFFSET), m.getInt(SECTION_OFFSET_OFFSET), m.getInt(SUB_ALLOC_SIZE_OFFSET),
                    m.getInt(NUM_SUB_ALLOCS_OFFSET), m.getInt(END_OFFSET_OFFSET));
            NvspDecodeError e = c.status == STATUS_SUCCESS ? c.check() : null;
            return e != null ? e : new NvspDecodeResult.Decoded(c);
        }

        private NvspDecodeError check() {
            NvspMessageType t = NvspMessageType.SEND_RECV_BUF_COMPLETE;
            long size = Integer.toUnsignedLong(subAllocSize);
            long count = Integer.toUnsignedLong(numSubAllocs);
            if (numSections != 1) {
                return new NvspDecodeError.InvalidField(t, "num_sections", Integer.toUnsignedLong(numSections),
                        "num_sections==1");
            }
            if (offset != 0) {
                return new NvspDecodeError.InvalidField(t, "offset", Integer.toUnsignedLong(offset), "offset==0");
            }
            if (size == 0 || count == 0) {
                return new NvspDecodeError.InvalidField(t, size == 0 ? "sub_alloc_size" : "num_sub_allocs", 0,
                        "nonzero");
            }
            if (Integer.toUnsignedLong(endOffset) != size * count) {
                return new NvspDecodeError.InvalidField(t, "end_offset", Integer.toUnsignedLong(endOffset),
                        "end_offset==sub_alloc_size*num_sub_allocs=" + size * count);
            }
            return null;
        }

        @Override
        public NvspMessageType type() {
            return NvspMessageType.SEND_RECV_BUF_COMPLETE;
        }

        @Override
        public void writeBody(ByteBuffer m) {
            m.putInt(STATUS_OFFSET, status).putInt(NUM_SECTIONS_OFFSET, numSections)
                    .putInt(SECTION_OFFSET_OFFSET, offset).putInt(SUB_ALLOC_SIZE_OFFSET, subAllocSize)
                    .putInt(NUM_SUB_ALLOCS_OFFSET, numSubAllocs).putInt(END_OFFSET_OFFSET, endOffset);
        }
    }

    /**
     * SEND_SEND_BUF: {@code u32 gpadl_handle @4, u16 id @8, u16 reserved @10}.
     *
     * @param gpadlHandle the send buffer's GPADL (never 0)
     * @param id          buffer id (Linux {@code NETVSC_SEND_BUFFER_ID} 0)
     */
    record SendSendBuffer(int gpadlHandle, int id) implements NvspMessage {
        /** Offset of {@code gpadl_handle}. */
        public static final int GPADL_HANDLE_OFFSET = 4;
        /** Offset of {@code u16 id}. */
        public static final int ID_OFFSET = 8;

        /** @throws IllegalArgumentException if the handle is 0 or the id is not a u16 */
        public SendSendBuffer {
            NvspCodec.requireGpadl(gpadlHandle);
            NvspCodec.requireU16("id", id);
        }

        static NvspDecodeResult decode(ByteBuffer m) {
            int handle = m.getInt(GPADL_HANDLE_OFFSET);
            if (handle == 0) {
                return new NvspDecodeError.InvalidField(NvspMessageType.SEND_SEND_BUF, "gpadl_handle", 0,
                        "gpadl_handle!=0");
            }
            int id = Short.toUnsignedInt(m.getShort(ID_OFFSET));
            return new NvspDecodeResult.Decoded(new SendSendBuffer(handle, id));
        }

        @Override
        public NvspMessageType type() {
            return NvspMessageType.SEND_SEND_BUF;
        }

        @Override
        public void writeBody(ByteBuffer m) {
            m.putInt(GPADL_HANDLE_OFFSET, gpadlHandle).putShort(ID_OFFSET, (short) id);
        }
    }

    /**
     * SEND_SEND_BUF_COMPLETE: {@code u32 status @4, u32 section_size @8}; on success the size must be nonzero.
     *
     * @param status      1 success
     * @param sectionSize bytes per send section, chosen by the host
     */
    record SendSendBufferComplete(int status, int sectionSize) implements NvspMessage {
        /** Offset of {@code status}. */
        public static final int STATUS_OFFSET = 4;
        /** Offset of {@code section_size}. */
        public static final int SECTION_SIZE_OFFSET = 8;

        static NvspDecodeResult decode(ByteBuffer m) {
            SendSendBufferComplete c =
                    new SendSendBufferComplete(m.getInt(STATUS_OFFSET), m.getInt(SECTION_SIZE_OFFSET));
            if (c.status == STATUS_SUCCESS && c.sectionSize == 0) {
                return new NvspDecodeError.InvalidField(NvspMessageType.SEND_SEND_BUF_COMPLETE, "section_size", 0,
                        "section_size!=0");
            }
            return new NvspDecodeResult.Decoded(c);
        }

        @Override
        public NvspMessageType type() {
            return NvspMessageType.SEND_SEND_BUF_COMPLETE;
        }

        @Override
        public void writeBody(ByteBuffer m) {
            m.putInt(STATUS_OFFSET, status).putInt(SECTION_SIZE_OFFSET, sectionSize);
        }
    }

    /**
     * SEND_RNDIS_PKT: {@code u32 channel_type @4 (0 data, 1 control), u32 send_buf_section_index @8
     * (0xFFFFFFFF: not in the send buffer), u32 send_buf_section_size @12}.
     *
     * @param channelType  0 data, 1 control
     * @param sectionIndex send-buffer section, or {@link #NO_SECTION}
     * @param sectionSize  bytes used in that section
     */
    record SendRndisPacket(int channelType, int sectionIndex, int sectionSize) implements NvspMessage {
        /** Offset of {@code channel_type}. */
        public static final int CHANNEL_TYPE_OFFSET = 4;
        /** Offset of {@code send_buf_section_index}. */
        public static final int SECTION_INDEX_OFFSET = 8;
        /** Offset of {@code send_buf_section_size}. */
        public static final int SECTION_SIZE_OFFSET = 12;
        /** {@code NETVSC_INVALID_INDEX}: the data is not in the send buffer. */
        public static final int NO_SECTION = 0xFFFFFFFF;
        /** RMC_CONTROL, the largest channel type. */
        public static final int CONTROL_CHANNEL = 1;

        /** @throws IllegalArgumentException if the channel type is not 0 or 1 */
        public SendRndisPacket {
            NvspCodec.requireRange("channel_type", channelType, 0, CONTROL_CHANNEL);
        }

        static NvspDecodeResult decode(ByteBuffer m) {
            int ct = m.getInt(CHANNEL_TYPE_OFFSET);
            if (ct != 0 && ct != CONTROL_CHANNEL) {
                return new NvspDecodeError.InvalidField(NvspMessageType.SEND_RNDIS_PKT, "channel_type",
                        Integer.toUnsignedLong(ct), "channel_type<=1");
            }
            return new NvspDecodeResult.Decoded(new SendRndisPacket(ct, m.getInt(SECTION_INDEX_OFFSET),
                    m.getInt(SECTION_SIZE_OFFSET)));
        }

        @Override
        public NvspMessageType type() {
            return NvspMessageType.SEND_RNDIS_PKT;
        }

        @Override
        public void writeBody(ByteBuffer m) {
            m.putInt(CHANNEL_TYPE_OFFSET, channelType).putInt(SECTION_INDEX_OFFSET, sectionIndex)
                    .putInt(SECTION_SIZE_OFFSET, sectionSize);
        }
    }

    /**
     * SEND_RNDIS_PKT_COMPLETE: {@code u32 status @4}.
     *
     * @param status 1 success
     */
    record SendRndisPacketComplete(int status) implements NvspMessage {
        /** Offset of {@code status}. */
        public static final int STATUS_OFFSET = 4;

        static NvspDecodeResult decode(ByteBuffer m) {
            return new NvspDecodeResult.Decoded(new SendRndisPacketComplete(m.getInt(STATUS_OFFSET)));
        }

        @Override
        public NvspMessageType type() {
            return NvspMessageType.SEND_RNDIS_PKT_COMPLETE;
        }

        @Override
        public void writeBody(ByteBuffer m) {
            m.putInt(STATUS_OFFSET, status);
        }
    }

    /**
     * SEND_NDIS_CONFIG (V2+): {@code u32 mtu @4, u32 reserved @8, u64 capabilities @12} (bit 0 vmq, 1 chimney,
     * 2 sriov, 3 ieee8021q, 4 correlation_id, 5 teaming, 6 virtual_subnet_id, 7 rsc).
     *
     * @param mtu          the MTU (Linux: ETH_DATA_LEN + VLAN_HLEN)
     * @param capabilities capability bits
     */
    record SendNdisConfig(int mtu, long capabilities) implements NvspMessage {
        /** Offset of {@code mtu}. */
        public static final int MTU_OFFSET = 4;
        /** Offset of {@code capabilities} (u64; 4-byte aligned in the packed struct). */
        public static final int CAPABILITIES_OFFSET = 12;

        static NvspDecodeResult decode(ByteBuffer m) {
            return new NvspDecodeResult.Decoded(
                    new SendNdisConfig(m.getInt(MTU_OFFSET), m.getLong(CAPABILITIES_OFFSET)));
        }

        @Override
        public NvspMessageType type() {
            return NvspMessageType.SEND_NDIS_CONFIG;
        }

        @Override
        public void writeBody(ByteBuffer m) {
            m.putInt(MTU_OFFSET, mtu).putLong(CAPABILITIES_OFFSET, capabilities);
        }
    }

    /**
     * SUBCHANNEL request (V5): {@code u32 op @4 (1 = NVSP_SUBCHANNEL_ALLOCATE), u32 num_subchannels @8}.
     *
     * @param op    {@link #ALLOCATE}, the only operation
     * @param count n, the sub-channels asked for
     */
    record SubchannelRequest(int op, int count) implements NvspMessage {
        /** Offset of {@code op}. */
        public static final int OP_OFFSET = 4;
        /** Offset of {@code num_subchannels}. */
        public static final int COUNT_OFFSET = 8;
        /** {@code NVSP_SUBCHANNEL_ALLOCATE}. */
        public static final int ALLOCATE = 1;

        /** @throws IllegalArgumentException if op is not ALLOCATE */
        public SubchannelRequest {
            NvspCodec.requireRange("op", op, ALLOCATE, ALLOCATE);
        }

        /** @return ALLOCATE for {@code n} sub-channels */
        public static SubchannelRequest allocate(int n) {
            return new SubchannelRequest(ALLOCATE, n);
        }

        static NvspDecodeResult decode(ByteBuffer m) {
            int op = m.getInt(OP_OFFSET);
            if (op != ALLOCATE) {
                return new NvspDecodeError.InvalidField(NvspMessageType.SUBCHANNEL_REQUEST, "op",
                        Integer.toUnsignedLong(op), "op==1 (ALLOCATE)");
            }
            return new NvspDecodeResult.Decoded(new SubchannelRequest(op, m.getInt(COUNT_OFFSET)));
        }

        @Override
        public NvspMessageType type() {
            return NvspMessageType.SUBCHANNEL_REQUEST;
        }

        @Override
        public void writeBody(ByteBuffer m) {
            m.putInt(OP_OFFSET, op).putInt(COUNT_OFFSET, count);
        }
    }

    /**
     * SUBCHANNEL completion (V5): {@code u32 status @4, u32 num_subchannels @8}. The count is checked against
     * the request by the guest, which alone knows n.
     *
     * @param status 1 success
     * @param count  m, the sub-channels granted
     */
    record SubchannelComplete(int status, int count) implements NvspMessage {
        /** Offset of {@code status}. */
        public static final int STATUS_OFFSET = 4;
        /** Offset of {@code num_subchannels}. */
        public static final int COUNT_OFFSET = 8;

        static NvspDecodeResult decode(ByteBuffer m) {
            return new NvspDecodeResult.Decoded(
                    new SubchannelComplete(m.getInt(STATUS_OFFSET), m.getInt(COUNT_OFFSET)));
        }

        @Override
        public NvspMessageType type() {
            return NvspMessageType.SUBCHANNEL_COMPLETE;
        }

        @Override
        public void writeBody(ByteBuffer m) {
            m.putInt(STATUS_OFFSET, status).putInt(COUNT_OFFSET, count);
        }
    }
}
