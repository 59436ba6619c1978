package dev.enlightened.wire;

import java.util.List;

/** One fixed record per message type, in its smallest form, for tests that need a concrete message. */
final class Samples {
    static final int RELID = 7;
    static final int GPADL = 0xE1E10;

    private Samples() {
    }

    /**
     * @param type a non-reserved type
     * @return a record whose encoding is exactly {@code type.minLength()} bytes
     */
    static ChannelMessage smallest(MessageType type) {
        Guid g = Guid.parse("ba6163d9-04a1-4d29-b605-72e2ffb1dc7f");
        switch (type) {
            case OFFERCHANNEL: return new OfferChannel(g, g, 0, 0, UserData.EMPTY, 0, 0, RELID, 0, false, false, 0);
            case RESCIND_CHANNELOFFER: return new RescindChannelOffer(RELID);
            case REQUESTOFFERS: return new RequestOffers();
            case ALLOFFERS_DELIVERED: return new AllOffersDelivered();
            case OPENCHANNEL: return OpenChannel.of(RELID, RELID, GPADL, 0, 8, UserData.EMPTY);
            case OPENCHANNEL_RESULT: return new OpenChannelResult(RELID, RELID, 0);
            case CLOSECHANNEL: return new CloseChannel(RELID);
            // Only the first range's header word: the PFN follows in a GPADL_BODY.
            case GPADL_HEADER: return new GpadlHeader(RELID, GPADL, 16, 1, List.of(4096L));
            case GPADL_BODY: return new GpadlBody(0, GPADL, List.of(0x1234L));
            case GPADL_CREATED: return new GpadlCreated(RELID, GPADL, 0);
            case GPADL_TEARDOWN: return new GpadlTeardown(RELID, GPADL);
            case GPADL_TORNDOWN: return new GpadlTorndown(GPADL);
            case RELID_RELEASED: return new RelidReleased(RELID);
            case INITIATE_CONTACT: return InitiateContact.withSint(ProtocolVersion.WIN10_V5_3, 0, 2, 0, 0);
            case VERSION_RESPONSE: return VersionResponse.of(true, 4);
            case UNLOAD: return new Unload();
            case UNLOAD_RESPONSE: return new UnloadResponse();
            case TL_CONNECT_REQUEST: return new TlConnectRequest(g, g, TlConnectRequest.Form.V1, Guid.NIL);
            case MODIFYCHANNEL: return new ModifyChannel(RELID, 1);
            case TL_CONNECT_RESULT: return new TlConnectResult(g, g, 0);
            case MODIFYCHANNEL_RESPONSE: return new ModifyChannelResponse(RELID, 0);
            default: throw new IllegalArgumentException("no record for reserved type: type=" + type);
        }
    }
}
