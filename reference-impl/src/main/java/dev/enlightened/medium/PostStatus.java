package dev.enlightened.medium;

/**
 * What the hypervisor returns to the guest's HvPostMessage (call code 0x005C), synchronously, before any host
 * software sees the message. Only the statuses the simulated hypervisor produces are here; the values are the
 * TLFS {@code HV_STATUS} codes (openvmm {@code hvdef} {@code HvError}, Linux {@code include/hyperv/hvgdk_mini.h}).
 */
public enum PostStatus {
    /** {@code HV_STATUS_SUCCESS}: queued for the port's partition. */
    SUCCESS(0x0000),
    /**
     * {@code HV_STATUS_INVALID_CONNECTION_ID}: no port is registered for the connection id. A pre-5.0 Hyper-V host
     * has no port on {@code VMBUS_MESSAGE_CONNECTION_ID_4} (Linux {@code vmbus_post_msg}'s comment), QEMU registers
     * only {@code VMBUS_MESSAGE_CONNECTION_ID} ({@code hw/hyperv/vmbus.c} {@code vmbus_realize};
     * {@code hyperv_hcall_post_message} returns this status when no handler matches), openvmm's
     * {@code virt::synic} {@code post_message} returns {@code HvError::InvalidConnectionId}.
     */
    INVALID_CONNECTION_ID(0x0012);

    private final int hvStatus;

    PostStatus(int hvStatus) {
        this.hvStatus = hvStatus;
    }

    /** @return the TLFS {@code HV_STATUS} value */
    public int hvStatus() {
        return hvStatus;
    }
}
