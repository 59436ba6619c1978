package dev.enlightened.netvsc;

import dev.enlightened.wire.nvsp.NvspDecodeError;
import dev.enlightened.wire.nvsp.TransferPageError;
import dev.enlightened.wire.rndis.RndisDecodeError;

/**
 * Something the peer put on the data path that the receiver refuses: the packet is dropped (and, for a receive
 * range, completed with failure), never thrown. {@link #describe()}: one line, values as key=value.
 */
public sealed interface DataPathError {

    /** @return one line naming the error and its offending values */
    String describe();

    /** @param error the RNDIS codec's reason */
    record BadRndis(RndisDecodeError error) implements DataPathError {
        @Override
        public String describe() {
            return error.describe();
        }
    }

    /** @param error the NVSP codec's reason */
    record BadNvsp(NvspDecodeError error) implements DataPathError {
        @Override
        public String describe() {
            return error.describe();
        }
    }

    /** @param error the transfer-page header's reason */
    record BadTransferPages(TransferPageError error) implements DataPathError {
        @Override
        public String describe() {
            return error.describe();
        }
    }

    /** A packet of a type or shape the data path never receives. @param type packet type @param reason why */
    record BadPacket(int type, String reason) implements DataPathError {
        @Override
        public String describe() {
            return "unexpected data-path packet: type=" + type + " reason=" + reason;
        }
    }

    /** A completion whose transaction id names nothing outstanding. @param transId as received */
    record UnknownCompletion(long transId) implements DataPathError {
        @Override
        public String describe() {
            return "completion for nothing outstanding: trans_id=" + Long.toUnsignedString(transId);
        }
    }

    /**
     * A received frame on another queue than the guest's RSS names for it, or with a hash that is not the
     * Toeplitz hash of its tuple ({@code -1}: none).
     */
    record MisSteered(int queue, int expectedQueue, long expectedHash, long reportedHash) implements DataPathError {
        @Override
        public String describe() {
            return "RSS steering: queue=" + queue + " expected_queue=" + expectedQueue + " hash=" + reportedHash
                    + " expected_hash=" + expectedHash;
        }
    }

    /** The host refused a guest's RSS parameters (openvmm {@code OidError::InvalidInput}): {@code field=value}. */
    record RssRefused(String what) implements DataPathError {
        @Override
        public String describe() {
            return "RSS parameters refused: " + what;
        }
    }

    /** @param reason the ring's reason */
    record RingCorrupt(String reason) implements DataPathError {
        @Override
        public String describe() {
            return "ring corrupt: " + reason;
        }
    }

    /** An RNDIS request refused or answered with a failure. @param what the request @param status RNDIS status */
    record RndisRefused(String what, int status) implements DataPathError {
        @Override
        public String describe() {
            return "RNDIS request failed: request=" + what + " status=0x" + Integer.toHexString(status);
        }
    }

    /**
     * An RNDIS request the host never answered: Linux {@code rndis_filter_init_device},
     * {@code rndis_filter_query_device} and {@code rndis_filter_set_packet_filter} waited 5 s
     * ({@code wait_for_completion_timeout(..., 5*HZ)}, then {@code -ETIMEDOUT}) before they waited without a bound.
     *
     * @param timeout the wait and how long it lasted
     */
    record RndisTimeout(dev.enlightened.clock.WaitTimeout timeout) implements DataPathError {
        @Override
        public String describe() {
            return "RNDIS " + timeout.describe();
        }
    }
}
