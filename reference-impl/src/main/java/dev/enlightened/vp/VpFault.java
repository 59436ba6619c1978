package dev.enlightened.vp;

/**
 * Fault switches of the per-VP delivery run: each re-creates a historical behaviour that TraceVpDelivery (the
 * correct protocol) must reject.
 */
public enum VpFault {
    /**
     * Guest: on a 5.3 connection {@code target_cpu_store} updates {@code target_cpu} as soon as MODIFYCHANNEL is sent
     * and does not wait for MODIFYCHANNEL_RESPONSE: Linux's behaviour before 870ced0548c8 (2021, "Drivers: hv: vmbus:
     * Drivers: hv: vmbus: Introduce CHANNELMSG_MODIFYCHANNEL_RESPONSE", {@code send_modifychannel_without_ack}) kept
     * where the host answers. The CPU the channel left may then go offline while the host still raises the
     * channel's interrupts on it, the window the response closes (spec variant vp-delivery-41).
     */
    EARLY_TARGET("updates target_cpu when MODIFYCHANNEL is sent on 5.3, not when the host's response arrives"),
    /**
     * Host: answers MODIFYCHANNEL before the switch takes effect and raises the channel's next interrupt on the old
     * VP (a mutant of openvmm {@code handle_modify_channel}, which retargets and then responds): the guest, told the
     * switch is done, may take the old CPU offline with an interrupt still to come there.
     */
    LATE_SWITCH("answers MODIFYCHANNEL first and raises the next interrupt on the old VP, then switches");

    private final String description;

    VpFault(String description) {
        this.description = description;
    }

    /** @return one line saying what the fault does */
    public String description() {
        return description;
    }
}
