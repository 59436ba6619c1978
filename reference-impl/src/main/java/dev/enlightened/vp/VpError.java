package dev.enlightened.vp;

import dev.enlightened.wire.DecodeError;
import dev.enlightened.wire.MessageType;

/**
 * A message one side of the per-VP run rejected: the peer is untrusted, so each is reported (never thrown) with
 * the offending values as {@code key=value}.
 */
public sealed interface VpError {

    /** @return one line naming the error and its values */
    String describe();

    /** @param error why the bytes do not decode */
    record Malformed(DecodeError error) implements VpError {
        @Override
        public String describe() {
            return "malformed message: " + error.describe();
        }
    }

    /** A channel message for a relid this side has no channel at. */
    record UnknownRelid(MessageType type, int relid) implements VpError {
        @Override
        public String describe() {
            return "unknown relid: type=" + type + " relid=" + Integer.toUnsignedString(relid);
        }
    }

    /** MODIFYCHANNEL names a VP the guest does not have (openvmm rejects a target_vp it cannot map). */
    record BadTargetVp(int targetVp, int vps) implements VpError {
        @Override
        public String describe() {
            return "target_vp outside the guest's VPs: target_vp=" + Integer.toUnsignedString(targetVp)
                    + " vps=" + vps;
        }
    }

    /** MODIFYCHANNEL_RESPONSE nobody waits for, or one that reports failure. */
    record UnexpectedResponse(int status, boolean waiting) implements VpError {
        @Override
        public String describe() {
            return "unexpected MODIFYCHANNEL_RESPONSE: status=" + Integer.toUnsignedString(status)
                    + " waiting=" + waiting;
        }
    }

    /** A message of a type this side does not take here. */
    record Unexpected(MessageType type) implements VpError {
        @Override
        public String describe() {
            return "unexpected message: type=" + type;
        }
    }

    /** @param what the SynIC slot's corrupt-read description */
    record CorruptSlot(String what) implements VpError {
        @Override
        public String describe() {
            return what;
        }
    }
}
