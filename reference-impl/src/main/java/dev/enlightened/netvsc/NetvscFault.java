package dev.enlightened.netvsc;

import java.util.Arrays;
import java.util.Optional;

/** Fault switches of the netvsc guest: each re-creates a wrong wait of the spec's GuestWaitsFor variants. */
public enum NetvscFault {
    /**
     * H11 (Linux before 732e49850c5e): the guest proceeds as soon as the SUBCHANNEL completion wakes it, with
     * sub-channels not yet opened (spec GuestWaitsFor = "Completion").
     */
    H11("H11"),
    /**
     * The guest waits until n sub-channels are open, n being what it asked for, not the m the host granted
     * (spec GuestWaitsFor = "Requested"): it hangs whenever m &lt; n.
     */
    WAIT_REQUESTED("wait-requested");

    private final String cliName;

    NetvscFault(String cliName) {
        this.cliName = cliName;
    }

    /** @return the name on the command line ({@code --fault NAME}) */
    public String cliName() {
        return cliName;
    }

    /** @return the fault with this command-line name (case-insensitive), if any */
    public static Optional<NetvscFault> byName(String name) {
        return Arrays.stream(values()).filter(f -> f.cliName.equalsIgnoreCase(name)).findFirst();
    }
}
