package dev.enlightened.netvsc;

import dev.enlightened.wire.nvsp.NvspDecodeError;

/**
 * Something the untrusted host sent that the guest refuses. {@link #fatal()} errors mark the device failed (the
 * driver stops, as Linux's probe fails); the others leave it on its primary channel, as Linux
 * {@code netvsc_subchan_work} does when the allocation fails. {@link #describe()}: one line, values as key=value.
 */
public sealed interface NetvscError {

    /** @return one line naming the error and its offending values */
    String describe();

    /** @return true if the device is failed by it */
    default boolean fatal() {
        return true;
    }

    /** @param error the codec's reason */
    record Malformed(NvspDecodeError error) implements NetvscError {
        @Override
        public String describe() {
            return error.describe();
        }
    }

    /** @param reason the ring's reason */
    record RingCorrupt(String reason) implements NetvscError {
        @Override
        public String describe() {
            return "primary ring corrupt: " + reason;
        }
    }

    /** A packet that is not a completion of an NVSP message. @param type packet type @param reason why */
    record BadPacket(int type, String reason) implements NetvscError {
        @Override
        public String describe() {
            return "unexpected packet: type=" + type + " reason=" + reason;
        }
    }

    /** A completion while no request is outstanding. @param transId its trans_id @param message its NVSP type */
    record Unsolicited(long transId, String message) implements NetvscError {
        @Override
        public String describe() {
            return "unsolicited completion: trans_id=" + transId + " message=" + message;
        }
    }

    /** @param expected trans_id of the outstanding request @param got trans_id received */
    record WrongTransId(long expected, long got) implements NetvscError {
        @Override
        public String describe() {
            return "completion for another request: trans_id=" + got + " expected=" + expected;
        }
    }

    /** @param expected the completion the guest waits for @param got the one received */
    record UnexpectedMessage(String expected, String got) implements NetvscError {
        @Override
        public String describe() {
            return "unexpected NVSP completion: message=" + got + " expected=" + expected;
        }
    }

    /** A setup completion with a status other than SUCCESS. @param message its type @param status the status */
    record Refused(String message, int status) implements NetvscError {
        @Override
        public String describe() {
            return "host refused: message=" + message + " status=" + Integer.toUnsignedLong(status);
        }
    }

    /**
     * SUBCHANNEL answered with a status other than SUCCESS: the device keeps its primary channel
     * (netvsc_subchan_work sets num_chn = 1).
     *
     * @param status the status
     */
    record AllocationRefused(int status) implements NetvscError {
        @Override
        public String describe() {
            return "host refused sub-channels: message=NVSP_MSG5_TYPE_SUBCHANNEL status="
                    + Integer.toUnsignedLong(status);
        }

        @Override
        public boolean fatal() {
            return false;
        }
    }

    /** The guest could not write a request on the primary ring. @param reason the ring's answer */
    record SendFailed(String reason) implements NetvscError {
        @Override
        public String describe() {
            return "request not written on the primary ring: " + reason;
        }
    }

    /** @param tried versions proposed, all refused */
    record NoCommonVersion(int tried) implements NetvscError {
        @Override
        public String describe() {
            return "host accepted no NVSP version: tried=" + tried;
        }
    }

    /** A buffer completion that does not fit the buffer. @param field C field @param value its value */
    record BufferLayout(String field, long value, String rule) implements NetvscError {
        @Override
        public String describe() {
            return "buffer layout refused: field=" + field + " value=" + value + " rule=" + rule;
        }
    }

    /** m &gt; n: the guest keeps its primary channel only. @param requested n @param granted m */
    record GrantAboveRequest(int requested, long granted) implements NetvscError {
        @Override
        public String describe() {
            return "host granted more sub-channels than requested: num_subchannels=" + granted + " requested="
                    + requested;
        }

        @Override
        public boolean fatal() {
            return false;
        }
    }

    /** A sub-channel offer the guest drops. @param index sub_channel_index @param rule the rule it breaks */
    record BadOffer(int index, String rule) implements NetvscError {
        @Override
        public String describe() {
            return "sub-channel offer dropped: sub_channel_index=" + index + " rule=" + rule;
        }

        @Override
        public boolean fatal() {
            return false;
        }
    }

    /**
     * A setup request's completion never came (NVSP INIT, RECV_BUF, SEND_BUF, SUBCHANNEL): the device fails, as
     * Linux's probe fails when {@code netvsc_connect_vsp} does. The sub-channel opens' wait is not fatal: the
     * device proceeds with the channels open then.
     *
     * @param what        what was awaited
     * @param waitedNanos how long
     * @param setup       true for a setup request (fatal), false for the sub-channel opens
     */
    record Timeout(String what, long waitedNanos, boolean setup) implements NetvscError {
        @Override
        public String describe() {
            return "wait timed out: what=" + what + " waitedNanos=" + waitedNanos;
        }

        @Override
        public boolean fatal() {
            return setup;
        }
    }
}
