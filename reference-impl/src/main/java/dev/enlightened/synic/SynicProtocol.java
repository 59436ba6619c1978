package dev.enlightened.synic;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Which slot protocol host and guest follow: the correct one ({@link #CORRECT}) or one of the faulty variants that
 * {@code specs/channel/SynicMessageSlot.tla} names by CONSTANT, so a reference run can re-create each bug and its
 * trace can be checked against the matching model.
 *
 * @param guestEomOnPending             spec {@code GuestEomOnPending}: the guest writes EOM after loading
 *                                      {@code msg_pending = 1} (Linux); false: it never does
 * @param guestChecksPendingBeforeClear spec {@code GuestChecksPendingBeforeClear}: the guest loads
 *                                      {@code msg_pending} before it clears the slot, as code without the barrier
 *                                      may do on x86; false: clear, full fence, then load (Linux)
 * @param hostSetsPendingBeforeCheck    spec {@code HostSetsPendingBeforeCheck}: the hypervisor sets
 *                                      {@code msg_pending}, then tests {@code message_type} (TLFS); false: it tests
 *                                      first and sets the flag as a separate, later step (check-then-act)
 */
public record SynicProtocol(boolean guestEomOnPending, boolean guestChecksPendingBeforeClear,
        boolean hostSetsPendingBeforeCheck) {

    /** Linux guest, TLFS-order hypervisor. */
    public static final SynicProtocol CORRECT = new SynicProtocol(true, false, true);
    /** Variant: the guest never writes EOM (catalog model {@code synic-slot-no-eom}). */
    public static final SynicProtocol GUEST_NEVER_EOMS = new SynicProtocol(false, false, true);
    /** Variant: the guest loads {@code msg_pending} before the clear (model {@code synic-slot-early-pending-check}). */
    public static final SynicProtocol GUEST_CHECKS_PENDING_FIRST = new SynicProtocol(true, true, true);
    /** Variant: the hypervisor checks the slot before setting the flag (model {@code synic-slot-host-checks-first}). */
    public static final SynicProtocol HOST_CHECKS_FIRST = new SynicProtocol(true, false, false);

    /** @return the spec constants of this protocol, for a trace header */
    public Map<String, Object> specConstants() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("GuestEomOnPending", guestEomOnPending);
        c.put("GuestChecksPendingBeforeClear", guestChecksPendingBeforeClear);
        c.put("HostSetsPendingBeforeCheck", hostSetsPendingBeforeCheck);
        return c;
    }
}
