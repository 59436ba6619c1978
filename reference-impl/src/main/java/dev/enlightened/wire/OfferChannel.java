package dev.enlightened.wire;

import java.nio.ByteBuffer;

/**
 * Host offers a channel ({@code struct vmbus_channel_offer_channel} wrapping {@code struct vmbus_channel_offer}),
 * 196 bytes.
 *
 * <pre>
 *   8 if_type (guid)         24 if_instance (guid)      40 reserved[16]
 *  56 u16 chn_flags          58 u16 mmio_megabytes      60 user_def[120] (pipe mode: u32 pipe_mode + 116)
 * 180 u16 sub_channel_index 182 u16 reserved3 (openvmm mmio_megabytes_optional)
 * 184 u32 child_relid       188 u8 monitorid           189 u8 monitor_allocated:1, reserved:7
 * 190 u16 is_dedicated_interrupt:1, reserved:15          192 u32 connection_id      196 end
 * </pre>
 *
 * @param interfaceType          device class GUID ({@code if_type})
 * @param interfaceInstance      device instance GUID ({@code if_instance})
 * @param channelFlags           {@code chn_flags} (u16), see the {@code FLAG_*} constants
 * @param mmioMegabytes          {@code mmio_megabytes} (u16)
 * @param userDefined            {@code user_def}
 * @param subChannelIndex        {@code sub_channel_index} (u16, Win8+): 0 for a primary channel
 * @param mmioMegabytesOptional  {@code reserved3}, openvmm {@code mmio_megabytes_optional} (u16)
 * @param childRelid             the relid, valid
 * @param monitorId              {@code monitorid} (u8); below 128 when {@code monitorAllocated}
 * @param monitorAllocated       {@code monitor_allocated} bit
 * @param dedicatedInterrupt     {@code is_dedicated_interrupt} bit (Win7+)
 * @param connectionId           {@code connection_id} for HvSignalEvent (Win7+)
 */
public record OfferChannel(Guid interfaceType, Guid interfaceInstance, int channelFlags, int mmioMegabytes,
        UserData userDefined, int subChannelIndex, int mmioMegabytesOptional, int childRelid, int monitorId,
        boolean monitorAllocated, boolean dedicatedInterrupt, int connectionId) implements ChannelMessage {

    /** Offset of {@code guid_t if_type}. */
    public static final int IF_TYPE_OFFSET = 8;
    /** Offset of {@code guid_t if_instance}. */
    public static final int IF_INSTANCE_OFFSET = 24;
    /** Offset of {@code u64 reserved1, reserved2} (16 bytes, ignored on decode). */
    public static final int RESERVED_OFFSET = 40;
    /** Offset of {@code u16 chn_flags}. */
    public static final int CHN_FLAGS_OFFSET = 56;
    /** Offset of {@code u16 mmio_megabytes}. */
    public static final int MMIO_MEGABYTES_OFFSET = 58;
    /** Offset of {@code unsigned char user_def[MAX_USER_DEFINED_BYTES]}. */
    public static final int USER_DEF_OFFSET = 60;
    /** Offset of {@code u16 sub_channel_index}. */
    public static final int SUB_CHANNEL_INDEX_OFFSET = 180;
    /** Offset of {@code u16 reserved3} (openvmm {@code mmio_megabytes_optional}). */
    public static final int MMIO_MEGABYTES_OPTIONAL_OFFSET = 182;
    /** Offset of {@code u32 child_relid}. */
    public static final int CHILD_RELID_OFFSET = 184;
    /** Offset of {@code u8 monitorid}. */
    public static final int MONITOR_ID_OFFSET = 188;
    /** Offset of {@code u8 monitor_allocated:1, reserved4:7}. */
    public static final int MONITOR_ALLOCATED_OFFSET = 189;
    /** Offset of {@code u16 is_dedicated_interrupt:1, reserved5:15}. */
    public static final int IS_DEDICATED_INTERRUPT_OFFSET = 190;
    /** Offset of {@code u32 connection_id}. */
    public static final int CONNECTION_ID_OFFSET = 192;
    /** {@code sizeof(struct vmbus_channel_offer_channel)}. */
    public static final int LENGTH = 196;

    /**
     * Monitor ids a guest can address: {@code struct hv_monitor_page} has 4 trigger groups of 32 bits, and
     * Linux {@code vmbus_setevent} indexes {@code trigger_group[monitorid / 32]} without a check, so a larger id
     * from a hostile host would write outside the page.
     */
    public static final int MONITOR_IDS = 128;

    /** {@code VMBUS_CHANNEL_ENUMERATE_DEVICE_INTERFACE}. */
    public static final int FLAG_ENUMERATE_DEVICE_INTERFACE = 0x1;
    /** {@code VMBUS_CHANNEL_NAMED_PIPE_MODE}: {@code user_def} starts with {@code u32 pipe_mode}. */
    public static final int FLAG_NAMED_PIPE_MODE = 0x10;
    /** {@code VMBUS_CHANNEL_LOOPBACK_OFFER}. */
    public static final int FLAG_LOOPBACK_OFFER = 0x100;
    /** {@code VMBUS_CHANNEL_PARENT_OFFER}. */
    public static final int FLAG_PARENT_OFFER = 0x200;
    /** {@code VMBUS_CHANNEL_REQUEST_MONITORED_NOTIFICATION}. */
    public static final int FLAG_REQUEST_MONITORED_NOTIFICATION = 0x400;
    /** {@code VMBUS_CHANNEL_TLNPI_PROVIDER_OFFER} (hv_sock). */
    public static final int FLAG_TLNPI_PROVIDER_OFFER = 0x2000;

    /** @throws IllegalArgumentException if a field is out of its wire range or the relid is invalid */
    public OfferChannel {
        Fields.requireNonNull("if_type", interfaceType);
        Fields.requireNonNull("if_instance", interfaceInstance);
        Fields.requireNonNull("user_def", userDefined);
        Fields.requireRange("chn_flags", channelFlags, 0, Fields.U16_MAX);
        Fields.requireRange("mmio_megabytes", mmioMegabytes, 0, Fields.U16_MAX);
        Fields.requireRange("sub_channel_index", subChannelIndex, 0, Fields.U16_MAX);
        Fields.requireRange("mmio_megabytes_optional", mmioMegabytesOptional, 0, Fields.U16_MAX);
        Fields.requireRelid("child_relid", childRelid);
        Fields.requireRange("monitorid", monitorId, 0, monitorAllocated ? MONITOR_IDS - 1 : Fields.U8_MAX);
    }

    static DecodeResult decode(ByteBuffer m) {
        MessageType t = MessageType.OFFERCHANNEL;
        int relid = m.getInt(CHILD_RELID_OFFSET);
        int monitorId = Byte.toUnsignedInt(m.get(MONITOR_ID_OFFSET));
        // One-bit C bit-fields (u8 monitor_allocated:1, u16 is_dedicated_interrupt:1): Linux reads the bit and
        // never the reserved bits beside it, and so does openvmm, so a host that sets them (a newer one may give
        // them a meaning) must not lose its offer (issue 12).
        int monitorAllocated = m.get(MONITOR_ALLOCATED_OFFSET) & 1;
        int dedicated = m.getShort(IS_DEDICATED_INTERRUPT_OFFSET) & 1;
        DecodeError e = Fields.checkRelid(t, "child_relid", relid);
        if (e == null && monitorAllocated == 1 && monitorId >= MONITOR_IDS) {
            e = new DecodeError.InvalidField(t, "monitorid", monitorId, "monitorid<" + MONITOR_IDS);
        }
        if (e != null) {
            return e;
        }
        return new DecodeResult.Decoded(new OfferChannel(Guid.read(m, IF_TYPE_OFFSET),
                Guid.read(m, IF_INSTANCE_OFFSET), Short.toUnsignedInt(m.getShort(CHN_FLAGS_OFFSET)),
                Short.toUnsignedInt(m.getShort(MMIO_MEGABYTES_OFFSET)), UserData.read(m, USER_DEF_OFFSET),
                Short.toUnsignedInt(m.getShort(SUB_CHANNEL_INDEX_OFFSET)),
                Short.toUnsignedInt(m.getShort(MMIO_MEGABYTES_OPTIONAL_OFFSET)), relid, monitorId,
                monitorAllocated == 1, dedicated == 1, m.getInt(CONNECTION_ID_OFFSET)));
    }

    /** @return true if this offer is a sub-channel of a multi-channel device ({@code sub_channel_index != 0}) */
    public boolean isSubChannel() {
        return subChannelIndex != 0;
    }

    @Override
    public MessageType type() {
        return MessageType.OFFERCHANNEL;
    }

    @Override
    public int encodedLength() {
        return LENGTH;
    }

    @Override
    public void writeBody(ByteBuffer message) {
        interfaceType.write(message, IF_TYPE_OFFSET);
        interfaceInstance.write(message, IF_INSTANCE_OFFSET);
        message.putShort(CHN_FLAGS_OFFSET, (short) channelFlags);
        message.putShort(MMIO_MEGABYTES_OFFSET, (short) mmioMegabytes);
        userDefined.write(message, USER_DEF_OFFSET);
        message.putShort(SUB_CHANNEL_INDEX_OFFSET, (short) subChannelIndex);
        message.putShort(MMIO_MEGABYTES_OPTIONAL_OFFSET, (short) mmioMegabytesOptional);
        message.putInt(CHILD_RELID_OFFSET, childRelid);
        message.put(MONITOR_ID_OFFSET, (byte) monitorId);
        message.put(MONITOR_ALLOCATED_OFFSET, (byte) (monitorAllocated ? 1 : 0));
        message.putShort(IS_DEDICATED_INTERRUPT_OFFSET, (short) (dedicatedInterrupt ? 1 : 0));
        message.putInt(CONNECTION_ID_OFFSET, connectionId);
    }
}
