package dev.enlightened.wire;

/** What the host's {@link GpadlReassembler} made of one GPADL_HEADER or GPADL_BODY. */
public sealed interface GpadlProgress {

    /**
     * More bodies are due.
     *
     * @param gpadl    the handle
     * @param received u64s of the range buffer received so far
     * @param expected {@code range_buflen / 8}
     */
    record Incomplete(int gpadl, int received, int expected) implements GpadlProgress {
    }

    /**
     * All u64s arrived and the ranges are valid; the host may now offer the GPADL to the device.
     *
     * @param gpadl the GPADL
     */
    record Complete(Gpadl gpadl) implements GpadlProgress {
    }

    /**
     * The message was refused; any in-progress state of that handle was dropped unless the error is a duplicate.
     *
     * @param error why
     */
    record Rejected(GpadlError error) implements GpadlProgress {
    }
}
