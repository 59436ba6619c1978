package dev.enlightened.channel;

import dev.enlightened.wire.ChannelMessage;
import dev.enlightened.wire.GpadlCreated;
import dev.enlightened.wire.GpadlTorndown;
import dev.enlightened.wire.OfferChannel;
import dev.enlightened.wire.OpenChannelResult;
import dev.enlightened.wire.RescindChannelOffer;
import java.util.LinkedHashMap;
import java.util.Map;

/** The spec's record of a host message (VMBusChannels.tla), as GuestDiscardsMessage logs it. */
final class SpecMessages {
    private SpecMessages() {
    }

    /** @return the spec's record of {@code m}: its type and the fields the spec matches on */
    static Map<String, Object> of(ChannelMessage m) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("type", switch (m.type()) {
            case VERSION_RESPONSE -> "VersionResponse";
            case OFFERCHANNEL -> "OfferChannel";
            case RESCIND_CHANNELOFFER -> "RescindChannelOffer";
            case ALLOFFERS_DELIVERED -> "AllOffersDelivered";
            case GPADL_CREATED -> "GpadlCreated";
            case OPENCHANNEL_RESULT -> "OpenChannelResult";
            case GPADL_TORNDOWN -> "GpadlTorndown";
            case UNLOAD_RESPONSE -> "UnloadResponse";
            default -> m.type().wireName();
        });
        if (m instanceof OfferChannel o) {
            r.put("relid", o.childRelid());
        } else if (m instanceof RescindChannelOffer rc) {
            r.put("relid", rc.childRelid());
        } else if (m instanceof GpadlCreated g) {
            r.put("relid", g.childRelid());
            r.put("handle", g.gpadl());
            r.put("ok", g.creationStatus() == 0);
        } else if (m instanceof OpenChannelResult o) {
            r.put("relid", o.childRelid());
            r.put("ok", o.status() == 0);
        } else if (m instanceof GpadlTorndown t) {
            r.put("handle", t.gpadl());
        }
        return r;
    }}
