package dev.enlightened.wire;

/**
 * Why the host rejects a GPADL message (the guest is untrusted). The host answers with
 * {@code GPADL_CREATED(creation_status != 0)} or drops the message, as openvmm {@code vmbus_server} does.
 */
public sealed interface GpadlError {

    /** @return one line with the offending values as {@code key=value} */
    String describe();

    /**
     * A GPADL_HEADER reuses the handle of a GPADL still being assembled; bodies carry no relid, so the handles
     * of in-progress GPADLs must be unique (openvmm {@code incomplete_gpadls}).
     *
     * @param gpadl the handle
     */
    record DuplicateGpadl(int gpadl) implements GpadlError {
        @Override
        public String describe() {
            return "duplicate in-progress gpadl: gpadl=0x" + Integer.toHexString(gpadl);
        }
    }

    /**
     * A GPADL_BODY for a handle with no GPADL in progress.
     *
     * @param gpadl the handle
     */
    record UnknownGpadl(int gpadl) implements GpadlError {
        @Override
        public String describe() {
            return "body for unknown gpadl: gpadl=0x" + Integer.toHexString(gpadl);
        }
    }

    /**
     * The complete range buffer does not split into {@code rangecount} valid ranges; the GPADL is dropped.
     *
     * @param gpadl  the handle
     * @param detail {@code field=... value=... rule=...}
     */
    record InvalidRanges(int gpadl, String detail) implements GpadlError {
        @Override
        public String describe() {
            return "invalid ranges: gpadl=0x" + Integer.toHexString(gpadl) + " " + detail;
        }
    }

    /**
     * Too many GPADLs in progress at once: a bound on what a guest can make the host hold.
     *
     * @param gpadl the handle refused
     * @param limit the bound
     */
    record TooManyInProgress(int gpadl, int limit) implements GpadlError {
        @Override
        public String describe() {
            return "too many gpadls in progress: gpadl=0x" + Integer.toHexString(gpadl) + " limit=" + limit;
        }
    }
}
