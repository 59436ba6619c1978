package dev.enlightened.channel;

import dev.enlightened.medium.ChannelKey;
import dev.enlightened.wire.DecodeError;
import dev.enlightened.wire.MessageType;

/**
 * Why the guest rejected a message from the (untrusted) host. The guest logs it and drops the message, as Linux
 * does when no handler or waiter matches; it never crashes or blocks on it. {@link #describe()} is one line with
 * the offending values as {@code key=value}.
 */
public sealed interface HostMessageError {

    /** @return one line naming the error and its offending values */
    String describe();

    /**
     * The bytes do not decode (truncated, unknown type, wrong direction, invalid field).
     *
     * @param error the codec's error
     */
    record Malformed(DecodeError error) implements HostMessageError {
        @Override
        public String describe() {
            return "malformed host message: " + error.describe();
        }
    }

    /**
     * A well-formed message the guest does not expect in its connection state (e.g. VERSION_RESPONSE while
     * connected, an offer before a version is agreed).
     *
     * @param type       the message type
     * @param connection the guest's connection state
     */
    record UnexpectedMessage(MessageType type, ConnectionState connection) implements HostMessageError {
        @Override
        public String describe() {
            return "unexpected host message: type=" + type.wireName() + " connection=" + connection.specName();
        }
    }

    /**
     * An OFFERCHANNEL for a relid that is still mapped, or for a key that already has a live channel.
     *
     * @param relid the offered relid
     * @param key   the offered key
     */
    record DuplicateOffer(int relid, ChannelKey key) implements HostMessageError {
        @Override
        public String describe() {
            return "duplicate offer: relid=" + relid + " device=" + key.device() + " subIndex=" + key.subIndex();
        }
    }

    /**
     * A sub-channel offer whose primary has no live channel on the guest (Linux WARNs and drops).
     *
     * @param relid the offered relid
     * @param key   the offered key
     */
    record OrphanSubChannel(int relid, ChannelKey key) implements HostMessageError {
        @Override
        public String describe() {
            return "sub-channel offer without primary: relid=" + relid + " device=" + key.device()
                    + " subIndex=" + key.subIndex();
        }
    }

    /**
     * A reply nobody waits for: GPADL_CREATED for an unknown GPADL, OPENCHANNEL_RESULT for a channel not opening,
     * GPADL_TORNDOWN for a GPADL not being torn down.
     *
     * @param type  the reply type
     * @param relid the relid it names, or -1 if it names none
     * @param gpadl the GPADL handle it names, or -1 if it names none
     */
    record NoWaiter(MessageType type, int relid, int gpadl) implements HostMessageError {
        @Override
        public String describe() {
            return "reply without waiter: type=" + type.wireName() + " relid=" + relid + " gpadl=0x"
                    + Integer.toHexString(gpadl);
        }
    }

    /**
     * A RESCIND_CHANNELOFFER for a relid the guest has not mapped (never offered, or already released).
     *
     * @param relid the relid
     */
    record UnknownRelid(int relid) implements HostMessageError {
        @Override
        public String describe() {
            return "rescind of unknown relid: relid=" + relid;
        }
    }

    /**
     * A second RESCIND for a channel already rescinded (H7's trigger; Linux {@code rescind_ref}).
     *
     * @param relid the relid
     */
    record DuplicateRescind(int relid) implements HostMessageError {
        @Override
        public String describe() {
            return "duplicate rescind: relid=" + relid;
        }
    }

    /**
     * An OFFERCHANNEL whose relid (unsigned) is at or above the relid table's size: dropped, nothing mapped (Linux
     * {@code vmbus_channel_map_relid} WARNs and returns).
     *
     * @param relid the offered relid
     * @param max   {@code MAX_CHANNEL_RELIDS}
     */
    record RelidOutOfRange(int relid, int max) implements HostMessageError {
        @Override
        public String describe() {
            return "offer relid out of range: relid=" + Integer.toUnsignedString(relid) + " max=" + max;
        }
    }
}
