package dev.enlightened.host;

/**
 * Which real host the simulated host plays where real hosts differ on the wire. Hyper-V's own definitions are those
 * of its UEFI firmware's VMBus driver (MsvmPkg {@code VmbusDxe/ChannelMessages.h}, republished in
 * ProjectMile/Mile.HyperV {@code Mile.HyperV.Guest.Protocols.h}); openvmm's are {@code vmbus_core/src/protocol.rs}
 * and {@code vmbus_server/src/channels.rs}.
 *
 * <p>Where they agree (so both flavours do the same here): VERSION_RESPONSE's last u32 is the union
 * {@code SelectedVersion} / {@code ConnectionId} in Hyper-V's header, openvmm's
 * {@code selected_version_or_connection_id}, the version before 5.0 and the connection id from it; a GPADL for a
 * rescinded channel is still answered (openvmm 822d4d4b2, "matches Hyper-V"). Where they differ:
 * <ul>
 *   <li>VERSION_RESPONSE's {@code connection_state} "if the requested version is less than VMBUS_VERSION_WIN8 ...
 *       may be uninitialized memory, cannot be consulted, and the effective value must be assumed to be
 *       VmbusChannelConnectionSuccessful", and is not to be consulted when {@code version_supported} is FALSE
 *       (Hyper-V's header). openvmm's server writes {@code ConnectionState::SUCCESSFUL}, on a refusal too (its
 *       {@code vmbus_server} channel tests expect it so). A guest that
 *       reads the byte (openvmm's client fails on a state other than SUCCESSFUL) fails against an old Hyper-V; a
 *       guest that reads only {@code version_supported} (Linux {@code vmbus_negotiate_version}) does not.</li>
 * </ul>
 * What Hyper-V writes in the connection id from 5.0 is in neither source: both flavours answer openvmm's child
 * connection id (1).
 */
public enum HostFlavour {
    /** openvmm's VTL0 {@code vmbus_server}. */
    OPENVMM,
    /** Hyper-V, where its header says it differs from openvmm. */
    HYPERV;

    /**
     * What the simulated Hyper-V host puts in a {@code connection_state} that Hyper-V leaves uninitialized: a byte
     * that is none of the defined states (0..2), so a guest that consults it would fail.
     */
    public static final int UNINITIALIZED_CONNECTION_STATE = 0xCC;

    /**
     * @param name {@code openvmm} or {@code hyperv} (any case), as {@code run channels --host-flavour} and {@code explore
     *             channels --host-flavour} take it
     * @return the flavour
     * @throws IllegalArgumentException naming the bad value, for any other name
     */
    public static HostFlavour parse(String name) {
        return switch (name.toLowerCase(java.util.Locale.ROOT)) {
            case "openvmm" -> OPENVMM;
            case "hyperv" -> HYPERV;
            default -> throw new IllegalArgumentException("--host-flavour must be openvmm or hyperv: hostFlavour=" + name);
        };
    }
}
