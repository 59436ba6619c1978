package dev.enlightened.storvsc;

import dev.enlightened.clock.WaitTimeout;
import dev.enlightened.ring.ReadError;
import dev.enlightened.ring.WriteError;
import dev.enlightened.wire.vstor.VstorDecodeError;

/**
 * Why the guest failed the device: what the untrusted host sent (or did not let it send). Each error marks the
 * device {@link GuestPc#FAILED}; none is thrown. {@link #describe()} gives one line with {@code key=value}s.
 */
public sealed interface StorvscError {

    /** @return one line naming the error and its values */
    String describe();

    /**
     * The inbound ring is corrupt.
     *
     * @param error the consumer's report
     */
    record RingCorrupt(ReadError.Corrupt error) implements StorvscError {
        @Override
        public String describe() {
            return "inbound " + error;
        }
    }

    /**
     * A request could not be written to the outbound ring.
     *
     * @param error the producer's report
     */
    record SendFailed(WriteError error) implements StorvscError {
        @Override
        public String describe() {
            return "request not sent: " + error;
        }
    }

    /**
     * A packet whose payload is not a well-formed vstor_packet.
     *
     * @param error the codec's report
     */
    record BadPacket(VstorDecodeError error) implements StorvscError {
        @Override
        public String describe() {
            return "bad packet from host: " + error.describe();
        }
    }

    /**
     * A packet of a type other than the completion the guest awaits, or not a COMPLETE_IO.
     *
     * @param what descriptor type or operation, as {@code key=value}
     */
    record UnexpectedPacket(String what) implements StorvscError {
        @Override
        public String describe() {
            return "unexpected packet from host: " + what;
        }
    }

    /**
     * A completion whose trans_id is not the outstanding request's, or that arrives with no request outstanding.
     *
     * @param transId  the trans_id received
     * @param expected the outstanding request's, or -1 if none
     */
    record WrongTransId(long transId, long expected) implements StorvscError {
        @Override
        public String describe() {
            return expected < 0 ? "unsolicited completion: trans_id=" + transId
                    : "completion for another request: trans_id=" + transId + " expected=" + expected;
        }
    }

    /**
     * The host refused an init step with a status that ends the handshake (storvsc_channel_init returns an error).
     *
     * @param step   the step awaited (spec name)
     * @param status the NTSTATUS
     */
    record Refused(String step, int status) implements StorvscError {
        @Override
        public String describe() {
            return "host refused init step: step=" + step + " status=0x" + Integer.toHexString(status);
        }
    }

    /**
     * The host never answered a handshake request: Linux {@code storvsc_execute_vstor_op} returns {@code -ETIMEDOUT}
     * after 5 s (BEGIN_INITIALIZATION, QUERY_PROTOCOL_VERSION, QUERY_PROPERTIES, END_INITIALIZATION), which fails
     * {@code storvsc_channel_init}; {@code handle_multichannel_storage} gives CREATE_SUB_CHANNELS 10 s and then goes
     * on with the primary channel.
     *
     * @param step    the step that waited (spec name)
     * @param timeout the wait and how long it lasted
     */
    record Timeout(String step, WaitTimeout timeout) implements StorvscError {
        @Override
        public String describe() {
            return "handshake " + timeout.describe() + " step=" + step;
        }
    }

    /**
     * A sub-channel offer the guest did not ask for: an index outside 1..n requested, or one already offered.
     *
     * @param index     the offer's sub_channel_index
     * @param requested n of CREATE_SUB_CHANNELS (0 if none granted yet)
     * @param reason    {@code outside} or {@code duplicate}
     */
    record UnexpectedOffer(int index, int requested, String reason) implements StorvscError {
        @Override
        public String describe() {
            return "unexpected sub-channel offer: index=" + index + " requested=" + requested + " reason=" + reason;
        }
    }
}
