package dev.enlightened.channel;

import dev.enlightened.medium.ChannelKey;
import dev.enlightened.wire.GpadlBody;
import dev.enlightened.wire.OfferChannel;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One guest channel object (Linux {@code struct vmbus_channel}), created by an OFFERCHANNEL and never reused: a
 * later offer of the same device makes a new object. {@code inst} numbers the objects in offer order, as the
 * spec's {@code Inst} does. Besides its {@link ChannelState} it carries the spec's orthogonal flags: mapped
 * (relid in the guest's relid map), rescind, pending removal work, the ring GPADL's state and the driver
 * context's {@link DriverOp} and recorded {@link Reply}. Mutated only by {@link ChannelManager} and
 * {@link ChannelDriver} under the run's lock.
 */
public final class GuestChannel {
    private final int inst;
    private final ChannelKey key;
    private final int relid;
    private final OfferChannel offer;
    ChannelState state = new ChannelState.Closed();
    boolean mapped = true;
    boolean rescind;
    int removePending;
    GpadlState gpadl = GpadlState.NONE;
    RingGpadl ring;
    final Deque<GpadlBody> bodiesToSend = new ArrayDeque<>();
    DriverOp op = DriverOp.IDLE;
    Reply woken = Reply.NONE;
    int opens;
    boolean everOpened;
    boolean subChannelsRequested;
    /** When the driver context's current wait started, in the guest's clock (meaningful while {@code op} waits). */
    long waitSince;

    GuestChannel(int inst, OfferChannel offer) {
        this.inst = inst;
        this.key = ChannelKey.of(offer);
        this.relid = offer.childRelid();
        this.offer = offer;
    }

    /** @return the object number, from 1 in offer order */
    public int inst() {
        return inst;
    }

    /** @return device and sub-channel index */
    public ChannelKey key() {
        return key;
    }

    /** @return the relid the offer assigned */
    public int relid() {
        return relid;
    }

    /** @return the offer that created this object */
    public OfferChannel offer() {
        return offer;
    }

    /** @return the life state */
    public ChannelState state() {
        return state;
    }

    /** @return true while the relid maps to this object */
    public boolean mapped() {
        return mapped;
    }

    /** @return true once a RESCIND for this object was handled */
    public boolean rescinded() {
        return rescind;
    }

    /** @return the ring GPADL's state */
    public GpadlState gpadl() {
        return gpadl;
    }

    /** @return the driver context's position */
    public DriverOp op() {
        return op;
    }

    /** @return open attempts so far */
    public int opens() {
        return opens;
    }

    /** @return true if the object is offered and not yet released (the spec's Live) */
    public boolean live() {
        return !(state instanceof ChannelState.Free);
    }

    /** @return the reply the driver context's wait has received ({@link Reply#NONE}: none yet) */
    public Reply woken() {
        return woken;
    }

    /** @return true if the driver context is blocked on a reply */
    public boolean waiting() {
        return op.isWait();
    }

    /** @return the spec's GPADL identity of this object's ring GPADL (the object number) */
    int gpadlId() {
        return inst;
    }

    /** @return the post-state summary logged with this object's events: spec field names and values */
    Map<String, Object> post() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("st", state.specName());
        m.put("op", op.specName());
        m.put("gpadl", gpadl.specName());
        m.put("woken", woken.specName());
        m.put("rescind", rescind);
        m.put("mapped", mapped);
        m.put("remove", removePending);
        return m;
    }

    @Override
    public String toString() {
        return "channel inst=" + inst + " relid=" + relid + " key=" + List.of(key.device(), key.subIndex())
                + " state=" + state.specName() + " op=" + op.specName();
    }
}
