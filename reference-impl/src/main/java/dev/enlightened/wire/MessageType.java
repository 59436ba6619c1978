package dev.enlightened.wire;

import java.nio.ByteBuffer;
import java.util.Optional;

import static dev.enlightened.wire.Direction.GUEST_TO_HOST;
import static dev.enlightened.wire.Direction.HOST_TO_GUEST;
import static dev.enlightened.wire.ProtocolVersion.WIN10;
import static dev.enlightened.wire.ProtocolVersion.WIN10_V4_1;
import static dev.enlightened.wire.ProtocolVersion.WIN10_V5_3;
import static dev.enlightened.wire.ProtocolVersion.WIN7;
import static dev.enlightened.wire.ProtocolVersion.WS2008;

/**
 * The table of channel messages ({@code enum vmbus_channel_message_type}, Linux {@code include/linux/hyperv.h};
 * openvmm {@code vmbus_messages!} in {@code vmbus_core/src/protocol.rs}): number, Linux wire name, record class,
 * direction, minimum protocol version and minimum length. Quirks are commented on their row.
 */
public enum MessageType {
    /** Host offers a channel; Linux queues it on the ordered {@code hv_vmbus_con} workqueue. */
    OFFERCHANNEL(1, "CHANNELMSG_OFFERCHANNEL", OfferChannel.class, HOST_TO_GUEST, WS2008,
            OfferChannel.LENGTH, OfferChannel::decode),
    /** Host revokes an offer; the relid stays bound until the guest sends RELID_RELEASED. */
    RESCIND_CHANNELOFFER(2, "CHANNELMSG_RESCIND_CHANNELOFFER", RescindChannelOffer.class, HOST_TO_GUEST, WS2008,
            RescindChannelOffer.LENGTH, RescindChannelOffer::decode),
    /** Accepted once per connection (openvmm {@code OffersAlreadySent} otherwise). */
    REQUESTOFFERS(3, "CHANNELMSG_REQUESTOFFERS", RequestOffers.class, GUEST_TO_HOST, WS2008,
            ChannelMessageHeader.LENGTH, m -> new DecodeResult.Decoded(new RequestOffers())),
    /** Linux ignores it ({@code vmbus_onoffers_delivered} is empty); openvmm's client waits for it. */
    ALLOFFERS_DELIVERED(4, "CHANNELMSG_ALLOFFERS_DELIVERED", AllOffersDelivered.class, HOST_TO_GUEST, WS2008,
            ChannelMessageHeader.LENGTH, m -> new DecodeResult.Decoded(new AllOffersDelivered())),
    /** 148 bytes; OpenChannel2 (156) only with 6.0 feature flags. No result ever comes after a rescind. */
    OPENCHANNEL(5, "CHANNELMSG_OPENCHANNEL", OpenChannel.class, GUEST_TO_HOST, WS2008,
            OpenChannel.Form.V1.length(), OpenChannel::decode),
    /** Matched by Linux to its waiter by (child_relid, openid); status 0 = success. */
    OPENCHANNEL_RESULT(6, "CHANNELMSG_OPENCHANNEL_RESULT", OpenChannelResult.class, HOST_TO_GUEST, WS2008,
            OpenChannelResult.LENGTH, OpenChannelResult::decode),
    /** No close acknowledgement exists; the host serialises through the ring GPADL teardown. */
    CLOSECHANNEL(7, "CHANNELMSG_CLOSECHANNEL", CloseChannel.class, GUEST_TO_HOST, WS2008,
            CloseChannel.LENGTH, CloseChannel::decode),
    /** Variable length; range data continues in GPADL_BODY messages when it does not fit. */
    GPADL_HEADER(8, "CHANNELMSG_GPADL_HEADER", GpadlHeader.class, GUEST_TO_HOST, WS2008,
            GpadlHeader.MIN_LENGTH, GpadlHeader::decode),
    /** Carries no relid, so in-progress GPADL ids must be globally unique; Linux leaves msgnumber 0. */
    GPADL_BODY(9, "CHANNELMSG_GPADL_BODY", GpadlBody.class, GUEST_TO_HOST, WS2008,
            GpadlBody.MIN_LENGTH, GpadlBody::decode),
    /** Matched by (child_relid, gpadl); sent even after a rescind. */
    GPADL_CREATED(10, "CHANNELMSG_GPADL_CREATED", GpadlCreated.class, HOST_TO_GUEST, WS2008,
            GpadlCreated.LENGTH, GpadlCreated::decode),
    /** Legal only for an accepted GPADL (openvmm GpadlState Accepted). */
    GPADL_TEARDOWN(11, "CHANNELMSG_GPADL_TEARDOWN", GpadlTeardown.class, GUEST_TO_HOST, WS2008,
            GpadlTeardown.LENGTH, GpadlTeardown::decode),
    /** Carries no relid: Linux matches it by gpadl only. */
    GPADL_TORNDOWN(12, "CHANNELMSG_GPADL_TORNDOWN", GpadlTorndown.class, HOST_TO_GUEST, WS2008,
            GpadlTorndown.LENGTH, GpadlTorndown::decode),
    /** Sent last, after no guest path can still map the relid; only then may the host reuse it. */
    RELID_RELEASED(13, "CHANNELMSG_RELID_RELEASED", RelidReleased.class, GUEST_TO_HOST, WS2008,
            RelidReleased.LENGTH, RelidReleased::decode),
    /** Any version: the version is not known yet. Sent on connection id 4 from 5.0 on; 56 bytes with client_id. */
    INITIATE_CONTACT(14, "CHANNELMSG_INITIATE_CONTACT", InitiateContact.class, GUEST_TO_HOST, null,
            InitiateContact.Form.V1.length(), InitiateContact::decode),
    /** Any version; Linux matches it by message type alone. 20 bytes with supported_features (6.0). */
    VERSION_RESPONSE(15, "CHANNELMSG_VERSION_RESPONSE", VersionResponse.class, HOST_TO_GUEST, null,
            VersionResponse.Form.V1.length(), VersionResponse::decode),
    /** Linux sends it only when the version is at least 3.0 ({@code vmbus_initiate_unload}). */
    UNLOAD(16, "CHANNELMSG_UNLOAD", Unload.class, GUEST_TO_HOST, WS2008,
            ChannelMessageHeader.LENGTH, m -> new DecodeResult.Decoded(new Unload())),
    /** openvmm {@code UnloadComplete}; delivered to the CPU of initial contact or CPU 0, by host version. */
    UNLOAD_RESPONSE(17, "CHANNELMSG_UNLOAD_RESPONSE", UnloadResponse.class, HOST_TO_GUEST, WIN7,
            ChannelMessageHeader.LENGTH, m -> new DecodeResult.Decoded(new UnloadResponse())),
    /** Reserved debugger channel; Linux has no layout (CHANNELMSG_18) and drops it: no record, decode error. */
    OPEN_RESERVED_CHANNEL(18, "CHANNELMSG_18", null, GUEST_TO_HOST, WIN10, ChannelMessageHeader.LENGTH, null),
    /** Reserved debugger channel (CHANNELMSG_19): no record, decode error. */
    CLOSE_RESERVED_CHANNEL(19, "CHANNELMSG_19", null, GUEST_TO_HOST, WIN10, ChannelMessageHeader.LENGTH, null),
    /** Reserved debugger channel (CHANNELMSG_20): no record, decode error. */
    CLOSE_RESERVED_RESPONSE(20, "CHANNELMSG_20", null, HOST_TO_GUEST, WIN10, ChannelMessageHeader.LENGTH, null),
    /** hv_sock; fire-and-forget, answered by an offer with TLNPI_PROVIDER. 56 bytes with silo_id from 5.2. */
    TL_CONNECT_REQUEST(21, "CHANNELMSG_TL_CONNECT_REQUEST", TlConnectRequest.class, GUEST_TO_HOST, WIN10,
            TlConnectRequest.Form.V1.length(), TlConnectRequest::decode),
    /** Retargets host-to-guest interrupts; acknowledged only from 5.3 on. */
    MODIFYCHANNEL(22, "CHANNELMSG_MODIFYCHANNEL", ModifyChannel.class, GUEST_TO_HOST, WIN10_V4_1,
            ModifyChannel.LENGTH, ModifyChannel::decode),
    /** Failure result of TL_CONNECT_REQUEST; Linux ignores it (older kernels WARNed on it). */
    TL_CONNECT_RESULT(23, "CHANNELMSG_TL_CONNECT_RESULT", TlConnectResult.class, HOST_TO_GUEST, WIN10_V4_1,
            TlConnectResult.LENGTH, TlConnectResult::decode),
    /** Sent even after a rescind (openvmm commit 9171c3f38). */
    MODIFYCHANNEL_RESPONSE(24, "CHANNELMSG_MODIFYCHANNEL_RESPONSE", ModifyChannelResponse.class, HOST_TO_GUEST,
            WIN10_V5_3, ModifyChannelResponse.LENGTH, ModifyChannelResponse::decode);

    /** Decodes a message whose type and minimum length are already checked. */
    @FunctionalInterface
    interface BodyDecoder {
        DecodeResult decode(ByteBuffer message);
    }

    private static final MessageType[] BY_NUMBER = new MessageType[25];

    static {
        for (MessageType t : values()) {
            BY_NUMBER[t.number] = t;
        }
    }

    private final int number;
    private final String wireName;
    private final Class<? extends ChannelMessage> recordClass;
    private final Direction direction;
    private final ProtocolVersion minVersion;
    private final int minLength;
    private final BodyDecoder decoder;

    MessageType(int number, String wireName, Class<? extends ChannelMessage> recordClass, Direction direction,
            ProtocolVersion minVersion, int minLength, BodyDecoder decoder) {
        this.number = number;
        this.wireName = wireName;
        this.recordClass = recordClass;
        this.direction = direction;
        this.minVersion = minVersion;
        this.minLength = minLength;
        this.decoder = decoder;
    }

    /**
     * @param msgtype the u32 {@code msgtype} of a header
     * @return the row, or empty for 0 ({@code CHANNELMSG_INVALID}) and numbers above 24
     */
    public static Optional<MessageType> fromNumber(long msgtype) {
        if (msgtype < 1 || msgtype >= BY_NUMBER.length) {
            return Optional.empty();
        }
        return Optional.of(BY_NUMBER[(int) msgtype]);
    }

    /** @return the {@code msgtype} value */
    public int number() {
        return number;
    }

    /** @return the Linux enumerator name, e.g. {@code CHANNELMSG_OFFERCHANNEL} */
    public String wireName() {
        return wireName;
    }

    /** @return the record class, or empty for the reserved types 18-20 that have none */
    public Optional<Class<? extends ChannelMessage>> recordClass() {
        return Optional.ofNullable(recordClass);
    }

    /** @return who sends it */
    public Direction direction() {
        return direction;
    }

    /** @return the oldest version that has it, or empty for the version handshake itself (any version) */
    public Optional<ProtocolVersion> minVersion() {
        return Optional.ofNullable(minVersion);
    }

    /**
     * @param negotiated the version of the connection
     * @return true if a peer may send this message on a connection at {@code negotiated}
     */
    public boolean allowedIn(ProtocolVersion negotiated) {
        return minVersion == null || negotiated.isAtLeast(minVersion);
    }

    /** @return the size of its smallest form, header included; shorter messages are {@code Truncated} */
    public int minLength() {
        return minLength;
    }

    /** @return true for the reserved types 18-20, which decode to {@link DecodeError.ReservedType} */
    public boolean isReserved() {
        return recordClass == null;
    }

    DecodeResult decodeChecked(ByteBuffer message) {
        return decoder == null ? new DecodeError.ReservedType(this) : decoder.decode(message);
    }
}
