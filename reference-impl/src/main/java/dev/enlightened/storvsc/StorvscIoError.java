package dev.enlightened.storvsc;

import dev.enlightened.ring.ReadError;
import dev.enlightened.wire.vstor.VstorDecodeError;

/**
 * What the untrusted host did wrong on the I/O path, with the offending values as {@code key=value}. Never thrown.
 * Each kind states its consequence: the packet dropped (the device stays up), the request it names failed, or the
 * device failed (every outstanding request failed with it).
 */
public sealed interface StorvscIoError {

    /** @return one line naming the error and its values */
    String describe();

    /**
     * A completion whose trans_id was never issued (0, or beyond the last one): dropped, as Linux
     * {@code storvsc_on_channel_callback} drops "Incorrect transaction ID".
     *
     * @param transId the trans_id received
     */
    record UnknownTransId(long transId) implements StorvscIoError {
        @Override
        public String describe() {
            return "completion for no request, dropped: trans_id=" + transId;
        }
    }

    /**
     * A second completion of a request already completed: dropped.
     *
     * @param transId the trans_id received
     */
    record DuplicateCompletion(long transId) implements StorvscIoError {
        @Override
        public String describe() {
            return "duplicate completion, dropped: trans_id=" + transId;
        }
    }

    /**
     * A packet of a type other than COMP: dropped.
     *
     * @param type    descriptor type
     * @param transId its trans_id
     */
    record UnexpectedPacketType(int type, long transId) implements StorvscIoError {
        @Override
        public String describe() {
            return "unexpected packet type, dropped: type=" + type + " trans_id=" + transId;
        }
    }

    /**
     * The completion of a known request is not a well-formed vstor_packet (e.g. truncated): that request failed.
     *
     * @param transId the request
     * @param error   the codec's report
     */
    record BadCompletion(long transId, VstorDecodeError error) implements StorvscIoError {
        @Override
        public String describe() {
            return "bad completion, request failed: trans_id=" + transId + " " + error.describe();
        }
    }

    /**
     * The packet answering a known request is not COMPLETE_IO: that request failed.
     *
     * @param transId   the request
     * @param operation the operation received
     */
    record WrongOperation(long transId, String operation) implements StorvscIoError {
        @Override
        public String describe() {
            return "completion is not COMPLETE_IO, request failed: trans_id=" + transId + " operation=" + operation;
        }
    }

    /**
     * {@code data_transfer_length} larger than the request asked for: that request failed (Linux clamps it in
     * {@code storvsc_command_completion}; we refuse to trust a length the guest never offered).
     *
     * @param transId   the request
     * @param claimed   the completion's data_transfer_length (unsigned)
     * @param requested the request's
     */
    record Overrun(long transId, long claimed, int requested) implements StorvscIoError {
        @Override
        public String describe() {
            return "data_transfer_length beyond the request, request failed: trans_id=" + transId + " claimed="
                    + claimed + " requested=" + requested;
        }
    }

    /**
     * A read's completion claims more data than the packet carries: that request failed.
     *
     * @param transId the request
     * @param claimed data_transfer_length
     * @param carried bytes after the vstor_packet
     */
    record ShortData(long transId, int claimed, int carried) implements StorvscIoError {
        @Override
        public String describe() {
            return "read data shorter than data_transfer_length, request failed: trans_id=" + transId + " claimed="
                    + claimed + " carried=" + carried;
        }
    }

    /**
     * The inbound ring is corrupt: the device failed.
     *
     * @param error the consumer's report
     */
    record RingCorrupt(ReadError.Corrupt error) implements StorvscIoError {
        @Override
        public String describe() {
            return "inbound ring corrupt, device failed: " + error;
        }
    }

    /**
     * The device failed (ring corrupt or handshake not Ready) while this request was outstanding: request failed.
     *
     * @param transId the request
     */
    record DeviceFailed(long transId) implements StorvscIoError {
        @Override
        public String describe() {
            return "device failed, request failed: trans_id=" + transId;
        }
    }

    /**
     * A completion of a known request with descriptor flags set: a completion defines none (bit 0,
     * COMPLETION_REQUESTED, means nothing on it; bits 1-15 are reserved). That request failed.
     *
     * @param transId the request
     * @param flags   the descriptor's u16 flags
     */
    record BadFlags(long transId, int flags) implements StorvscIoError {
        @Override
        public String describe() {
            return "completion with flags, request failed: trans_id=" + transId + " flags=0x"
                    + Integer.toHexString(flags);
        }
    }

    /**
     * No completion came within the request timeout: the request failed (Linux: the block layer's timeout of
     * {@code storvsc_timeout}, 180 s, hands the command to the SCSI error handler). A completion that comes later
     * finds no outstanding request and is dropped as a {@link DuplicateCompletion}.
     *
     * @param transId     the request
     * @param waitedNanos how long it was outstanding
     */
    record Timeout(long transId, long waitedNanos) implements StorvscIoError {
        @Override
        public String describe() {
            return "no completion in time, request failed: trans_id=" + transId + " waitedNanos=" + waitedNanos;
        }
    }
}
