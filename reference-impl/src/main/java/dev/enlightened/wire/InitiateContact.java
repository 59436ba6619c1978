package dev.enlightened.wire;

import java.nio.ByteBuffer;

/**
 * Guest proposes a protocol version ({@code struct vmbus_channel_initiate_contact}, 40 bytes; openvmm
 * {@code InitiateContact2}, 56 bytes with {@code client_id}, for 6.0).
 *
 * <pre>
 *   8 u32 vmbus_version_requested   12 u32 target_vcpu
 *  16 u64 interrupt_page            (from 5.0: 16 u8 msg_sint, 17 u8 msg_vtl, 18 u16 reserved, 20 u32 feature_flags)
 *  24 u64 monitor_page1 (parent to child)   32 u64 monitor_page2 (child to parent)   40 end of V1
 *  40 guid client_id   56 end of V2
 * </pre>
 * The u64 at 16 is kept whole, because its meaning depends on the version requested; {@link #msgSint()},
 * {@link #msgVtl()} and {@link #featureFlags()} read it the 5.0+ way.
 *
 * @param versionRequested  {@code (major << 16) | minor}; any value (an unknown one gets version_supported = 0)
 * @param targetVcpu        VP that receives host messages
 * @param interruptPageOrTargetInfo the u64 at offset 16
 * @param monitorPage1      GPA of the parent-to-child monitor page
 * @param monitorPage2      GPA of the child-to-parent monitor page
 * @param form              which layout is on the wire
 * @param clientId          V2 only, else {@link Guid#NIL}
 */
public record InitiateContact(int versionRequested, int targetVcpu, long interruptPageOrTargetInfo,
        long monitorPage1, long monitorPage2, Form form, Guid clientId) implements ChannelMessage {

    /** Offset of {@code u32 vmbus_version_requested}. */
    public static final int VERSION_REQUESTED_OFFSET = 8;
    /** Offset of {@code u32 target_vcpu}. */
    public static final int TARGET_VCPU_OFFSET = 12;
    /** Offset of {@code u64 interrupt_page} (before 5.0) or of {@code u8 msg_sint} (5.0+). */
    public static final int INTERRUPT_PAGE_OFFSET = 16;
    /** Offset of {@code u8 msg_sint} (5.0+). */
    public static final int MSG_SINT_OFFSET = 16;
    /** Offset of {@code u8 msg_vtl} (5.0+). */
    public static final int MSG_VTL_OFFSET = 17;
    /** Offset of openvmm {@code TargetInfo.feature_flags} (6.0). */
    public static final int FEATURE_FLAGS_OFFSET = 20;
    /** Offset of {@code u64 monitor_page1}. */
    public static final int MONITOR_PAGE1_OFFSET = 24;
    /** Offset of {@code u64 monitor_page2}. */
    public static final int MONITOR_PAGE2_OFFSET = 32;
    /** Offset of openvmm {@code InitiateContact2.client_id}. */
    public static final int CLIENT_ID_OFFSET = 40;

    /** The two layouts, told apart by length (openvmm {@code check_size:true}). */
    public enum Form {
        /** {@code sizeof(struct vmbus_channel_initiate_contact)}. */
        V1(40),
        /** openvmm {@code InitiateContact2}. */
        V2(56);

        private final int length;

        Form(int length) {
            this.length = length;
        }

        /** @return the encoded size of this layout */
        public int length() {
            return length;
        }
    }

    /** @throws IllegalArgumentException if a client id is given in a V1 message */
    public InitiateContact {
        Fields.requireNonNull("form", form);
        Fields.requireNonNull("client_id", clientId);
        if (form == Form.V1 && !clientId.equals(Guid.NIL)) {
            throw new IllegalArgumentException("field needs the extended form: field=client_id value=" + clientId);
        }
    }

    /**
     * The 5.0+ message Linux {@code vmbus_negotiate_version} sends: {@code msg_sint} in place of the interrupt page.
     *
     * @param version      version requested
     * @param targetVcpu   VP for host messages
     * @param msgSint      SINT for host messages ({@code VMBUS_MESSAGE_SINT} = 2)
     * @param monitorPage1 parent-to-child monitor page GPA
     * @param monitorPage2 child-to-parent monitor page GPA
     * @return the V1-layout message
     */
    public static InitiateContact withSint(ProtocolVersion version, int targetVcpu, int msgSint, long monitorPage1,
            long monitorPage2) {
        Fields.requireRange("msg_sint", msgSint, 0, Fields.U8_MAX);
        return new InitiateContact(version.value(), targetVcpu, msgSint, monitorPage1, monitorPage2, Form.V1,
                Guid.NIL);
    }

    /**
     * The pre-5.0 message Linux {@code vmbus_negotiate_version} sends: the u64 at offset 16 is
     * {@code interrupt_page}, the GPA of the guest's interrupt page (5.0 replaced it with {@code msg_sint}).
     *
     * @param version       version requested (before 5.0)
     * @param targetVcpu    VP for host messages
     * @param interruptPage GPA of the interrupt page
     * @param monitorPage1  parent-to-child monitor page GPA
     * @param monitorPage2  child-to-parent monitor page GPA
     * @return the V1-layout message
     */
    public static InitiateContact withInterruptPage(ProtocolVersion version, int targetVcpu, long interruptPage,
            long monitorPage1, long monitorPage2) {
        return new InitiateContact(version.value(), targetVcpu, interruptPage, monitorPage1, monitorPage2, Form.V1,
                Guid.NIL);
    }

    /**
     * The message Linux sends for {@code version}: {@link #withSint} from 5.0 ({@code VERSION_WIN10_V5}), else
     * {@link #withInterruptPage}.
     *
     * @param version       version requested
     * @param targetVcpu    VP for host messages
     * @param msgSint       SINT for host messages (5.0+)
     * @param interruptPage GPA of the interrupt page (before 5.0)
     * @param monitorPage1  parent-to-child monitor page GPA
     * @param monitorPage2  child-to-parent monitor page GPA
     * @return the V1-layout message
     */
    public static InitiateContact forVersion(ProtocolVersion version, int targetVcpu, int msgSint,
            long interruptPage, long monitorPage1, long monitorPage2) {
        return version.supports(ProtocolVersion.Feature.MESSAGE_CONNECTION_ID)
                ? withSint(version, targetVcpu, msgSint, monitorPage1, monitorPage2)
                : withInterruptPage(version, targetVcpu, interruptPage, monitorPage1, monitorPage2);
    }

    static DecodeResult decode(ByteBuffer m) {
        boolean v2 = m.limit() >= Form.V2.length();
        return new DecodeResult.Decoded(new InitiateContact(m.getInt(VERSION_REQUESTED_OFFSET),
                m.getInt(TARGET_VCPU_OFFSET), m.getLong(INTERRUPT_PAGE_OFFSET), m.getLong(MONITOR_PAGE1_OFFSET),
                m.getLong(MONITOR_PAGE2_OFFSET), v2 ? Form.V2 : Form.V1,
                v2 ? Guid.read(m, CLIENT_ID_OFFSET) : Guid.NIL));
    }

    /** @return {@code msg_sint} (5.0+ reading of the u64 at offset 16) */
    public int msgSint() {
        return (int) (interruptPageOrTargetInfo & 0xFF);
    }

    /** @return {@code msg_vtl} (5.0+ reading of the u64 at offset 16) */
    public int msgVtl() {
        return (int) ((interruptPageOrTargetInfo >>> 8) & 0xFF);
    }

    /** @return {@code feature_flags} (6.0 reading of the u64 at offset 16) */
    public int featureFlags() {
        return (int) (interruptPageOrTargetInfo >>> 32);
    }

    @Override
    public MessageType type() {
        return MessageType.INITIATE_CONTACT;
    }

    @Override
    public int encodedLength() {
        return form.length();
    }

    @Override
    public void writeBody(ByteBuffer message) {
        message.putInt(VERSION_REQUESTED_OFFSET, versionRequested);
        message.putInt(TARGET_VCPU_OFFSET, targetVcpu);
        message.putLong(INTERRUPT_PAGE_OFFSET, interruptPageOrTargetInfo);
        message.putLong(MONITOR_PAGE1_OFFSET, monitorPage1);
        message.putLong(MONITOR_PAGE2_OFFSET, monitorPage2);
        if (form == Form.V2) {
            clientId.write(message, CLIENT_ID_OFFSET);
        }
    }
}
