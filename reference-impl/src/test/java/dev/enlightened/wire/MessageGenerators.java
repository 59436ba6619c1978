package dev.enlightened.wire;

import java.util.ArrayList;
import java.util.List;

import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

/**
 * QuickTheories generators for every channel message record. Composite generators draw their fields from the
 * shared randomness source, so QuickTheories shrinks a failing message field by field.
 */
final class MessageGenerators {

    private MessageGenerators() {
    }

    static Gen<Integer> anyInt() {
        return integers().all();
    }

    static Gen<Long> anyLong() {
        return longs().all();
    }

    static Gen<Integer> u16() {
        return integers().between(0, 0xFFFF);
    }

    static Gen<Integer> u8() {
        return integers().between(0, 0xFF);
    }

    static Gen<Integer> relids() {
        // 1 .. 0xFFFFFFFE unsigned: every relid except 0 and INVALID_RELID, no discarded draws.
        return longs().between(1, 0xFFFF_FFFEL).map(Long::intValue);
    }

    static Gen<Guid> guids() {
        return Generate.byteArrays(Generate.constant(Guid.LENGTH), Generate.bytes(Byte.MIN_VALUE, Byte.MAX_VALUE,
                (byte) 0)).map(Guid::fromWireBytes);
    }

    static Gen<UserData> userData() {
        return Generate.byteArrays(integers().between(0, UserData.LENGTH),
                Generate.bytes(Byte.MIN_VALUE, Byte.MAX_VALUE, (byte) 0)).map(UserData::of);
    }

    static Gen<Boolean> bools() {
        return Generate.booleans();
    }

    static Gen<OfferChannel> offers() {
        return rs -> {
            boolean allocated = bools().generate(rs);
            int monitorId = integers().between(0, allocated ? OfferChannel.MONITOR_IDS - 1 : 0xFF).generate(rs);
            return new OfferChannel(guids().generate(rs), guids().generate(rs), u16().generate(rs),
                    u16().generate(rs), userData().generate(rs), u16().generate(rs), u16().generate(rs),
                    relids().generate(rs), monitorId, allocated, bools().generate(rs), anyInt().generate(rs));
        };
    }

    static Gen<OpenChannel> opens() {
        return rs -> {
            OpenChannel.Form form = Generate.enumValues(OpenChannel.Form.class).generate(rs);
            boolean v2 = form == OpenChannel.Form.V2;
            return new OpenChannel(relids().generate(rs), anyInt().generate(rs), anyInt().generate(rs),
                    anyInt().generate(rs), anyInt().generate(rs), userData().generate(rs), form,
                    v2 ? anyInt().generate(rs) : 0, v2 ? u16().generate(rs) : 0, v2 ? u16().generate(rs) : 0);
        };
    }

    static Gen<InitiateContact> initiateContacts() {
        return rs -> {
            InitiateContact.Form form = Generate.enumValues(InitiateContact.Form.class).generate(rs);
            return new InitiateContact(anyInt().generate(rs), anyInt().generate(rs), anyLong().generate(rs),
                    anyLong().generate(rs), anyLong().generate(rs), form,
                    form == InitiateContact.Form.V2 ? guids().generate(rs) : Guid.NIL);
        };
    }

    static Gen<VersionResponse> versionResponses() {
        return rs -> {
            VersionResponse.Form form = Generate.enumValues(VersionResponse.Form.class).generate(rs);
            boolean v3 = form == VersionResponse.Form.V3;
            return new VersionResponse(bools().generate(rs),
                    integers().between(0, VersionResponse.CONNECTION_FAILED_UNKNOWN_FAILURE).generate(rs),
                    anyInt().generate(rs), form, form == VersionResponse.Form.V1 ? 0 : anyInt().generate(rs),
                    v3 ? anyLong().generate(rs) : 0, v3 ? anyLong().generate(rs) : 0);
        };
    }

    static Gen<TlConnectRequest> tlConnectRequests() {
        return rs -> {
            TlConnectRequest.Form form = Generate.enumValues(TlConnectRequest.Form.class).generate(rs);
            return new TlConnectRequest(guids().generate(rs), guids().generate(rs), form,
                    form == TlConnectRequest.Form.V2 ? guids().generate(rs) : Guid.NIL);
        };
    }

    /** Ranges with byte_offset below a page and exactly the PFNs the byte range spans. */
    static Gen<GpaRange> gpaRanges(int maxPages) {
        return rs -> {
            int offset = integers().between(0, ChannelMessageHeader.HV_PAGE_SIZE - 1).generate(rs);
            int count = integers().between(1, maxPages * ChannelMessageHeader.HV_PAGE_SIZE - offset).generate(rs);
            int pages = (int) GpaRange.pageCount(count, offset);
            List<Long> pfns = new ArrayList<>(pages);
            for (int i = 0; i < pages; i++) {
                pfns.add(longs().between(0, (1L << 40) - 1).generate(rs));
            }
            return new GpaRange(count, offset, pfns);
        };
    }

    static Gen<List<GpaRange>> rangeLists(int maxRanges, int maxPages) {
        return rs -> {
            int n = integers().between(1, maxRanges).generate(rs);
            List<GpaRange> ranges = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                ranges.add(gpaRanges(maxPages).generate(rs));
            }
            return ranges;
        };
    }

    /** Headers, complete or not: the first message of a random GPADL. */
    static Gen<GpadlHeader> gpadlHeaders() {
        return rs -> GpadlSplitter.split(relids().generate(rs), anyInt().generate(rs), rangeLists(3, 40)
                .generate(rs)).header();
    }

    static Gen<GpadlBody> gpadlBodies() {
        return rs -> {
            int n = integers().between(1, GpadlBody.MAX_VALUES).generate(rs);
            List<Long> values = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                values.add(anyLong().generate(rs));
            }
            return new GpadlBody(anyInt().generate(rs), anyInt().generate(rs), values);
        };
    }

    /**
     * @param type a non-reserved message type
     * @return a generator of its records over the whole range of every field
     */
    static Gen<? extends ChannelMessage> of(MessageType type) {
        switch (type) {
            case OFFERCHANNEL: return offers();
            case RESCIND_CHANNELOFFER: return relids().map(RescindChannelOffer::new);
            case REQUESTOFFERS: return Generate.constant(new RequestOffers());
            case ALLOFFERS_DELIVERED: return Generate.constant(new AllOffersDelivered());
            case OPENCHANNEL: return opens();
            case OPENCHANNEL_RESULT: return relids().zip(anyInt(), anyInt(), OpenChannelResult::new);
            case CLOSECHANNEL: return relids().map(CloseChannel::new);
            case GPADL_HEADER: return gpadlHeaders();
            case GPADL_BODY: return gpadlBodies();
            case GPADL_CREATED: return relids().zip(anyInt(), anyInt(), GpadlCreated::new);
            case GPADL_TEARDOWN: return relids().zip(anyInt(), GpadlTeardown::new);
            case GPADL_TORNDOWN: return anyInt().map(GpadlTorndown::new);
            case RELID_RELEASED: return relids().map(RelidReleased::new);
            case INITIATE_CONTACT: return initiateContacts();
            case VERSION_RESPONSE: return versionResponses();
            case UNLOAD: return Generate.constant(new Unload());
            case UNLOAD_RESPONSE: return Generate.constant(new UnloadResponse());
            case TL_CONNECT_REQUEST: return tlConnectRequests();
            case MODIFYCHANNEL: return relids().zip(anyInt(), ModifyChannel::new);
            case TL_CONNECT_RESULT: return guids().zip(guids(), anyInt(), TlConnectResult::new);
            case MODIFYCHANNEL_RESPONSE: return relids().zip(anyInt(), ModifyChannelResponse::new);
            default: throw new IllegalArgumentException("no record for reserved type: type=" + type);
        }
    }

    /** @return any message of any type */
    static Gen<ChannelMessage> anyMessage() {
        List<MessageType> types = new ArrayList<>();
        for (MessageType t : MessageType.values()) {
            if (!t.isReserved()) {
                types.add(t);
            }
        }
        return rs -> of(Generate.pick(types).generate(rs)).generate(rs);
    }
}
