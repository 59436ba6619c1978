package dev.enlightened.netvsc;

import dev.enlightened.wire.nvsp.NvspVersion;

/**
 * The guest driver's state. The four records the spec models carry its {@code guestPc} name ({@link #specPc()});
 * the init states before them are the exchange the spec assumes done ("after the primary channel and RNDIS are
 * up"), and all map to the spec's "Start".
 */
public sealed interface GuestState {

    /** @return the spec's guestPc for this state */
    String specPc();

    /** Channel open, nothing sent yet. */
    record Connecting() implements GuestState {
        @Override
        public String specPc() {
            return "Start";
        }
    }

    /** INIT(candidate) sent. @param candidate index in newest-first order @param transId its trans_id */
    record NegotiatingVersion(int candidate, long transId) implements GuestState {
        @Override
        public String specPc() {
            return "Start";
        }
    }

    /** SEND_RECV_BUF sent. @param version negotiated @param transId its trans_id */
    record AwaitReceiveBuffer(NvspVersion version, long transId) implements GuestState {
        @Override
        public String specPc() {
            return "Start";
        }
    }

    /** SEND_SEND_BUF sent. @param version negotiated @param transId its trans_id */
    record AwaitSendBuffer(NvspVersion version, long transId) implements GuestState {
        @Override
        public String specPc() {
            return "Start";
        }
    }

    /** Buffers set up; SUBCHANNEL(ALLOCATE, n) is next (spec Start). @param version negotiated */
    record Start(NvspVersion version) implements GuestState {
        @Override
        public String specPc() {
            return "Start";
        }
    }

    /** wait_for_completion(channel_init_wait). @param transId trans_id of the SUBCHANNEL request */
    record AwaitCompletion(long transId) implements GuestState {
        @Override
        public String specPc() {
            return "AwaitCompletion";
        }
    }

    /** wait_event(subchan_open, open_chn == target). @param granted m @param target sub-channels awaited */
    record AwaitOpens(int granted, int target) implements GuestState {
        @Override
        public String specPc() {
            return "AwaitOpens";
        }
    }

    /** RSS and queues programmed for {@code numChannels} = 1 + m (or 1). @param numChannels num_chn */
    record Proceeded(int numChannels) implements GuestState {
        @Override
        public String specPc() {
            return "Proceeded";
        }
    }

    /** The host broke the protocol; the device is dead. @param error why */
    record Failed(NetvscError error) implements GuestState {
        @Override
        public String specPc() {
            return "Failed";
        }
    }
}
