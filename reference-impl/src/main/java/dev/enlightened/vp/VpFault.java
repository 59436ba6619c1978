package dev.enlightened.vp;

/**
 * Fault switches of the per-VP delivery run: each re-creates a historical behaviour that TraceVpDelivery (the
 * correct protocol) must reject.
 */
public enum VpFault {
    /**
     * Guest: on protocol 5.3 {@code target_cpu_store} updates {@code target_cpu} as soon as MODIFYCHANNEL is sent and
     * does not wait for MODIFYCHANNEL_RESPONSE, as Linux did before 870ced0548c8 ("Drivers: hv: vmbus: Introduce the
     * CHANNELMSG_MODIFYCHANNEL_RESPONSE message type"): the CPU the channel left may go offline while the host still
     * raises the channel's interrupts on it.
     */
    EARLY_TARGET("updates target_cpu when MODIFYCHANNEL is sent on 5.3, not when the host's response arrives");

    private final String description;

    VpFault(String description) {
        this.description = description;
    }

    /** @return one line saying what the fault does */
    public String description() {
        return description;
    }
}
