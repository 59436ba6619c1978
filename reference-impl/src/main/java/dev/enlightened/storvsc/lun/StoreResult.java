package dev.enlightened.storvsc.lun;

/** How one {@link BlockStore} operation ended. Never thrown. */
public sealed interface StoreResult {

    /** Done: every byte moved (or, for a flush, is on stable storage). */
    enum Done implements StoreResult {
        /** The one instance. */
        INSTANCE
    }

    /**
     * The backing storage failed (an {@link java.io.IOException} from the file, or a short read at EOF of a file
     * shrunk under us): the SCSI layer answers MEDIUM ERROR.
     *
     * @param operation {@code read}, {@code write} or {@code flush}
     * @param offset    byte offset of the operation (0 for a flush)
     * @param reason    one line from the failure
     */
    record Failed(String operation, long offset, String reason) implements StoreResult {
        /** @return one line with {@code key=value}s */
        public String describe() {
            return "backing store " + operation + " failed: offset=" + offset + " reason=" + reason;
        }
    }
}
