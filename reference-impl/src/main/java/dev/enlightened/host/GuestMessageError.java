package dev.enlightened.host;

import dev.enlightened.wire.DecodeError;
import dev.enlightened.wire.MessageType;

/**
 * Why the host refused a guest message (the guest is untrusted too). The host logs it and drops the message,
 * as openvmm {@code vmbus_server} does. {@link #describe()} gives the offending values as {@code key=value}.
 */
public sealed interface GuestMessageError {

    /** @return one line with the offending values */
    String describe();

    /**
     * The bytes do not decode.
     *
     * @param error the codec's error
     */
    record Malformed(DecodeError error) implements GuestMessageError {
        @Override
        public String describe() {
            return "malformed guest message: " + error.describe();
        }
    }

    /**
     * A message not valid in the host's connection state (e.g. REQUESTOFFERS twice: openvmm OffersAlreadySent).
     *
     * @param type       the message type
     * @param connection the host's connection state
     */
    record WrongConnectionState(MessageType type, String connection) implements GuestMessageError {
        @Override
        public String describe() {
            return "guest message in wrong connection state: type=" + type.wireName() + " connection="
                    + connection;
        }
    }

    /**
     * A message naming a relid in a state where it is not allowed (unbound, or RELID_RELEASED of a relid not
     * rescinded: openvmm handle_rel_id_released).
     *
     * @param type  the message type
     * @param relid the relid
     * @param state the relid's state on the host
     */
    record BadRelid(MessageType type, int relid, String state) implements GuestMessageError {
        @Override
        public String describe() {
            return "guest message for relid in wrong state: type=" + type.wireName() + " relid=" + relid
                    + " state=" + state;
        }
    }

    /**
     * A GPADL message the reassembler refused, or a teardown of a GPADL that is not created.
     *
     * @param type   the message type
     * @param detail the reassembler's description
     */
    record BadGpadl(MessageType type, String detail) implements GuestMessageError {
        @Override
        public String describe() {
            return "bad gpadl message: type=" + type.wireName() + " " + detail;
        }
    }

    /**
     * A message this host does not implement (TL_CONNECT_REQUEST, MODIFYCHANNEL).
     *
     * @param type the message type
     */
    record Unsupported(MessageType type) implements GuestMessageError {
        @Override
        public String describe() {
            return "unsupported guest message: type=" + type.wireName();
        }
    }
}
