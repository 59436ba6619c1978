package dev.enlightened.channel;

/**
 * Life state of one guest channel object, named as the spec's {@code gCh[i].st} (VMBusChannels.tla; Linux
 * {@code enum vmbus_channel_state}). Each state carries only what is valid in it: the ring GPADL exists from
 * {@link Opening} on; {@link Closed} may still be tearing one down, which {@link GuestChannel#gpadl()} tracks.
 *
 * <pre>
 * Closed  --GuestSendsGpadlHeader--------------------------> Opening
 * Opening --GuestWakesFromOpenChannelResult (ok, !rescind)-> Opened
 * Opening --GPADL failure | open failure | rescind---------> Closed (ring GPADL torn down)
 * Opened  --GuestSendsCloseChannel-------------------------> Closed
 * Closed  --GuestSendsRelidReleased (rescinded) / unload---> Free
 * </pre>
 */
public sealed interface ChannelState {

    /** @return the spec's state name */
    String specName();

    /**
     * Offer processed, the channel can be opened (Linux {@code CHANNEL_OPEN_STATE}, the spec's Closed).
     */
    record Closed() implements ChannelState {
        @Override
        public String specName() {
            return "Closed";
        }
    }

    /**
     * Open in progress: the ring GPADL is being created or the OPENCHANNEL is in flight.
     *
     * @param ring the ring GPADL being established for this open
     */
    record Opening(RingGpadl ring) implements ChannelState {
        @Override
        public String specName() {
            return "Opening";
        }
    }

    /**
     * The host accepted the open; the rings are in use.
     *
     * @param ring the ring GPADL the OPENCHANNEL named
     */
    record Opened(RingGpadl ring) implements ChannelState {
        @Override
        public String specName() {
            return "Opened";
        }
    }

    /** Released (RELID_RELEASED sent) or wiped by UNLOAD_RESPONSE: nothing of it may be used. */
    record Free() implements ChannelState {
        @Override
        public String specName() {
            return "Free";
        }
    }
}
