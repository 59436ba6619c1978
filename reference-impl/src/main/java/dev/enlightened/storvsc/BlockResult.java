package dev.enlightened.storvsc;

/** How one {@link StorvscBlockDevice} operation ended. Never thrown. */
public sealed interface BlockResult {

    /**
     * Done.
     *
     * @param data the blocks read (a read), else empty
     */
    record Done(byte[] data) implements BlockResult {
        /**
         * Takes over {@code data} without a copy ({@link StorvscBlockDevice} hands over a fresh array; {@link #data()}
         * still returns a copy).
         */
        public Done {
        }

        @Override
        public byte[] data() {
            return data.length == 0 ? data : data.clone(); // empty (every read into the caller's buffer): shared
        }
    }

    /**
     * The LUN answered CHECK CONDITION (an LBA out of range it knows better than we did, a medium error).
     *
     * @param senseKey the sense key
     * @param asc      the additional sense code
     */
    record CheckCondition(int senseKey, int asc) implements BlockResult {
    }

    /**
     * The request failed on the way: the host broke a rule (see {@link StorvscIoError}), the device failed, or the
     * SRB came back with another error status.
     *
     * @param reason one line with {@code key=value}s
     */
    record Failed(String reason) implements BlockResult {
    }

    /**
     * No completion within the timeout; the request stays outstanding and its late completion is dropped.
     *
     * @param waitingFor what was waited for, with {@code key=value}s
     */
    record TimedOut(String waitingFor) implements BlockResult {
    }

    /**
     * Not sent: the arguments do not describe blocks of this disk.
     *
     * @param reason one line with {@code key=value}s
     */
    record Refused(String reason) implements BlockResult {
    }
}
