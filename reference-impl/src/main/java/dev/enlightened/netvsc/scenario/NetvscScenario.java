package dev.enlightened.netvsc.scenario;

import dev.enlightened.netvsc.GuestState;
import dev.enlightened.netvsc.NetvscFault;
import dev.enlightened.netvsc.NetvscGuestConfig;
import java.util.EnumSet;
import java.util.Set;

/**
 * One netvsc run.
 *
 * @param requested       n, sub-channels the guest asks for
 * @param hostCapacity    sub-channels the host can give; it grants min(n, capacity)
 * @param hostRefuses     the host answers SUBCHANNEL with FAILURE
 * @param faults          guest fault switches
 * @param seed            scheduler seed
 * @param grantChosen     the host's answer to SUBCHANNEL is a decision of the run's chooser
 *                        ({@link dev.enlightened.sim.ChoiceKind#HOST_CAPACITY}): any grant m in
 *                        0..min(n, capacity), or FAILURE, which is every answer the spec's
 *                        HostAllocatesSubChannels allows ({@code --host-capacity any}; explore's default, so that
 *                        one exploration covers every grant instead of the one a seed fixed)
 * @param stallOpens      the sub-channel offers reach the guest only after its wait for their opens timed out
 *                        ({@code run netvsc --stall-opens}, issue 12): the host sends them with its SUBCHANNEL
 *                        completion (the spec's {@code offerQ}), but the guest's offer handler ({@code vmbus_onoffer})
 *                        gets none of them until the guest proceeded at {@code GuestTimesOutWaitingForSubChannelOpens};
 *                        then it opens them late, as none of the device's queues
 * @param hostLate        the setup request whose answer the host holds until the guest's wait for it timed out
 *                        ({@code run netvsc --host-late WAIT}, issue 12), or {@link HostLate#NONE}: the guest fails
 *                        at {@code GuestTimesOutWaitingFor*} and the host then answers, late
 * @param hostSilences    how many of the guest's setup waits the host may leave unanswered until the guest times
 *                        out ({@link dev.enlightened.sim.SilentHost}, each a
 *                        {@link dev.enlightened.sim.ChoiceKind#HOST_SILENCE} decision); 0: the host always answers
 */
public record NetvscScenario(int requested, int hostCapacity, boolean hostRefuses, Set<NetvscFault> faults,
        long seed, boolean grantChosen, boolean stallOpens, HostLate hostLate, int hostSilences) {

    /** A setup wait whose answer the host may hold past the guest's timeout ({@link #hostLate}). */
    public enum HostLate {
        /** Every answer in time. */
        NONE("none", null),
        /** INIT_COMPLETE (the first INIT of the version walk): {@code GuestTimesOutWaitingForInitComplete}. */
        INIT("init", GuestState.NegotiatingVersion.class),
        /** RECV_BUF_COMPLETE: {@code GuestTimesOutWaitingForRecvBuf}. */
        RECV_BUF("recv-buf", GuestState.AwaitReceiveBuffer.class),
        /** SEND_BUF_COMPLETE: {@code GuestTimesOutWaitingForSendBuf}. */
        SEND_BUF("send-buf", GuestState.AwaitSendBuffer.class),
        /** The SUBCHANNEL completion: {@code GuestTimesOutWaitingForSubChannelCompletion}. */
        SUBCHANNEL("subchannel", GuestState.AwaitCompletion.class);

        private final String cliName;
        private final Class<? extends GuestState> waiting;

        HostLate(String cliName, Class<? extends GuestState> waiting) {
            this.cliName = cliName;
            this.waiting = waiting;
        }

        /** @return the name {@code run netvsc --host-late} takes */
        public String cliName() {
            return cliName;
        }

        /** @return true while the guest waits for this answer, so the host holds it */
        public boolean holds(GuestState s) {
            return waiting != null && waiting.isInstance(s);
        }

        /** @return the value named {@code name} (case-insensitive), if any */
        public static java.util.Optional<HostLate> byName(String name) {
            return java.util.Arrays.stream(values()).filter(v -> v.cliName.equalsIgnoreCase(name)).findFirst();
        }
    }

    /** A run whose setup answers come in time. */
    public NetvscScenario(int requested, int hostCapacity, boolean hostRefuses, Set<NetvscFault> faults, long seed,
            boolean grantChosen, boolean stallOpens) {
        this(requested, hostCapacity, hostRefuses, faults, seed, grantChosen, stallOpens, HostLate.NONE, 0);
    }

    /** A run whose host grants min(n, capacity), or refuses. */
    public NetvscScenario(int requested, int hostCapacity, boolean hostRefuses, Set<NetvscFault> faults, long seed) {
        this(requested, hostCapacity, hostRefuses, faults, seed, false, false);
    }

    /** A run whose offers come in time. */
    public NetvscScenario(int requested, int hostCapacity, boolean hostRefuses, Set<NetvscFault> faults, long seed,
            boolean grantChosen) {
        this(requested, hostCapacity, hostRefuses, faults, seed, grantChosen, false);
    }

    /** Copies and checks ranges. */
    public NetvscScenario {
        java.util.Objects.requireNonNull(hostLate, "hostLate");
        faults = faults.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(faults));
        if (requested < 1 || requested > NetvscGuestConfig.MAX_REQUESTED) {
            throw new IllegalArgumentException("requested out of range 1.." + NetvscGuestConfig.MAX_REQUESTED
                    + ": requested=" + requested);
        }
        if (hostSilences < 0) {
            throw new IllegalArgumentException("host silences must not be negative: hostSilences=" + hostSilences);
        }
        if (hostCapacity < 0 || hostCapacity > NetvscGuestConfig.MAX_REQUESTED) {
            throw new IllegalArgumentException("host capacity out of range 0.." + NetvscGuestConfig.MAX_REQUESTED
                    + ": capacity=" + hostCapacity);
        }
    }

    /**
     * The default run: the guest asks for three sub-channels; the host's capacity comes from the seed
     * (0..4, so the grant is 0, 1, 2 or 3 = n), so that seeds cover m = 0, m &lt; n and m = n.
     */
    public static NetvscScenario basic(long seed) {
        return new NetvscScenario(3, (int) Math.floorMod(seed, 5L), false, Set.of(), seed);
    }

    /**
     * A run that shows the fault: H11 needs sub-channels to wait for (capacity n), wait-requested a grant below
     * the request (capacity n - 1).
     */
    public static NetvscScenario showing(NetvscFault fault, long seed) {
        int n = 3;
        return new NetvscScenario(n, fault == NetvscFault.WAIT_REQUESTED ? n - 1 : n, false, Set.of(fault), seed);
    }

    /** @return this scenario with a host that refuses the allocation */
    public NetvscScenario refused() {
        return new NetvscScenario(requested, hostCapacity, true, faults, seed, grantChosen, stallOpens, hostLate,
                hostSilences);
    }

    /** @return this scenario with other faults */
    public NetvscScenario withFaults(Set<NetvscFault> f) {
        return new NetvscScenario(requested, hostCapacity, hostRefuses, f, seed, grantChosen, stallOpens, hostLate,
                hostSilences);
    }

    /**
     * @return this scenario with a host whose answer is chosen: capacity n (so every grant 0..n is possible) and
     *         FAILURE one more option
     */
    public NetvscScenario anyGrant() {
        return new NetvscScenario(requested, requested, false, faults, seed, true, stallOpens, hostLate, hostSilences);
    }

    /** @return this scenario with the sub-channel offers held back until the guest's opens' wait timed out */
    public NetvscScenario offersAfterTheOpensTimeout() {
        return new NetvscScenario(requested, hostCapacity, hostRefuses, faults, seed, grantChosen, true, hostLate,
                hostSilences);
    }

    /** @return this scenario with a host that answers {@code late} only after the guest's wait for it timed out */
    public NetvscScenario answering(HostLate late) {
        return new NetvscScenario(requested, hostCapacity, hostRefuses, faults, seed, grantChosen, stallOpens, late,
                hostSilences);
    }

    /** @return this scenario with a host that may leave up to {@code n} of the guest's setup waits unanswered */
    public NetvscScenario withHostSilences(int n) {
        return new NetvscScenario(requested, hostCapacity, hostRefuses, faults, seed, grantChosen, stallOpens, hostLate,
                n);
    }
}
