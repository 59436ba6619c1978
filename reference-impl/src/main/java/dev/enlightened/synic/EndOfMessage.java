package dev.enlightened.synic;

/**
 * The guest's end-of-message signal: a write of the {@code HV_REGISTER_EOM} MSR, after which the hypervisor rescans
 * the SINT's queue.
 */
@FunctionalInterface
public interface EndOfMessage {
    /** Signals end-of-message. */
    void endOfMessage();
}
