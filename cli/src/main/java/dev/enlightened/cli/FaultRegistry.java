package dev.enlightened.cli;

import dev.enlightened.channel.Fault;
import dev.enlightened.contexts.ContextsFault;
import dev.enlightened.identity.IdentityFault;
import dev.enlightened.netvsc.NetvscFault;
import dev.enlightened.ring.RingFault;
import dev.enlightened.storvsc.scenario.StorvscFault;
import dev.enlightened.vp.VpFault;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The one table of fault switches ({@code --fault NAME}): each row names a run family, the command-line name, the
 * reference-impl switch it turns on, what it re-creates and a run that shows it (validate rejects it at the event
 * given). Every {@code run} command parses its {@code --fault} here, its help footer is generated from here, and
 * {@code enlightened list} prints this table. A new fault is one row.
 */
final class FaultRegistry {

    /** A run family: the {@code run} subcommand and the trace module its traces are checked against. */
    enum Family {
        RING("ring", "TraceRingBuffer; with --restores: TraceRingRestore"),
        CHANNELS("channels", "TraceVMBusChannels"),
        /** {@code run channels --vps N}: per-VP delivery, MODIFYCHANNEL and CPU hotplug. */
        VPS("channels", "TraceVpDelivery (run channels --vps N)"),
        /** {@code run channels --contexts}: the guest's execution contexts (tasklet, work queues, rescind work). */
        CONTEXTS("channels", "TraceExecContexts (run channels --contexts)"),
        /** {@code run channels --identity}: offer instances, the owner's revokes, the guest's local users. */
        IDENTITY("channels", "TraceChannelIdentity (run channels --identity)"),
        STORVSC("storvsc", "TraceStorvscHandshake; with --io: TraceStorvscIo"),
        NETVSC("netvsc", "TraceNetvscSubchannels"),
        NETWORK("network", "TraceNetvscDevice");

        final String command;
        final String traceModule;

        Family(String command, String traceModule) {
            this.command = command;
            this.traceModule = traceModule;
        }
    }

    /**
     * @param family the run family
     * @param name   the command-line name (case-insensitive)
     * @param fault  the switch in reference-impl
     * @param what   what it re-creates, one line
     * @param shows  a run that shows it and where validate rejects it
     */
    record Switch(Family family, String name, Enum<?> fault, String what, String shows) {
    }

    static final List<Switch> ALL = List.of(
            new Switch(Family.RING, "H1", RingFault.H1_STALE_FREE_SPACE,
                    "stale free-space sample in the consumer's wakeup decision (lost wakeup)",
                    "--fault H1 --seed 3: event 22, ConsumerUnmasks (seed 5: a spurious signal, event 31)"),
            new Switch(Family.RING, "H2", RingFault.H2_CONSUMER_CHECKS_OWN_MASK,
                    "consumer checks its own interrupt_mask, samples write_index early",
                    "--fault H2: event 17, ConsumerLoadsWriteIndex"),
            new Switch(Family.RING, "H3", RingFault.H3_SIGNAL_WHENEVER_UNMASKED,
                    "producer signals whenever unmasked, not only on empty -> non-empty",
                    "--fault H3: event 6, ProducerSignalsConsumer"),
            new Switch(Family.RING, "no-before-check", RingFault.NO_BEFORE_CHECK,
                    "consumer signals whenever the free space reaches pending_send_sz, not only on the not-enough ->"
                            + " enough transition (Linux a389fcfd2cb5..433e19cf33d3; over-signalling)",
                    "--fault no-before-check --budget 1 --data-bytes 256 --packets 200 --seed 6: event 343,"
                            + " ConsumerSignalsProducer (a second signal while the producer still waits; the first,"
                            + " event 334, was due)"),
            new Switch(Family.RING, "no-recheck", RingFault.NO_RECHECK_AFTER_UNMASK,
                    "consumer does not re-check the ring after unmasking",
                    "--fault no-recheck: event 34, a lost wakeup rejected by quiescence (--seed 1: event 36, ConsumerConsumesDoorbell)"),
            new Switch(Family.RING, "lost-synic", RingFault.RESTORE_LOSES_SIGNALS,
                    "the host's save drops the latched signals and the restored host re-signals nothing (openvmm "
                            + "before 7f9f66ad0; lost wakeup)",
                    "--restores 3 --seed 1 --fault lost-synic: event 107, HostRestores (producerDoorbell false: the "
                            + "space the producer waits for is free and nothing wakes it)"),
            new Switch(Family.CHANNELS, "H5", Fault.H5, Fault.H5.description(),
                    "--fault H5 --devices 1 --hot-adds 0 --seed 1: event 20, Quiescent"),
            new Switch(Family.CHANNELS, "H6", Fault.H6, Fault.H6.description(),
                    "--fault H6 --rescinds 2 --seed 5: event 37, GuestReceivesRescind"),
            new Switch(Family.CHANNELS, "H7", Fault.H7, Fault.H7.description(),
                    "--fault H7 --rescinds 2 --seed 1: event 49, GuestReceivesRescind"),
            new Switch(Family.CHANNELS, "H8", Fault.H8, Fault.H8.description(),
                    "--fault H8 --rescinds 2 --seed 1: event 49, GuestSendsRelidReleased"),
            new Switch(Family.CHANNELS, "H9", Fault.H9, Fault.H9.description(),
                    "--fault H9 --rescinds 2 --seed 5: event 14, HostReceivesGpadlHeader"),
            new Switch(Family.CHANNELS, "RESTORE_OFFERS", Fault.RESTORE_OFFERS, Fault.RESTORE_OFFERS.description(),
                    "--fault RESTORE_OFFERS --devices 1 --hot-adds 0 --restores 3 --seed 27: event 7, HostSendsOffer (the"
                            + " restart meets REQUESTOFFERS still in flight; 3 of seeds 1..30 land there)"),
            // Fault.TIMEOUT_FREES (Linux 3.x vmbus_open on -ETIMEDOUT) is not a switch: a run's host answers
            // every driver wait, and a deterministic run whose host does not ends its trace at the stall, so no run
            // traces a driver timeout; GuestTimeoutTraceTest holds the host back past the deadline and shows the
            // trace REJECTED at the timeout.
            new Switch(Family.VPS, "early-target", VpFault.EARLY_TARGET, VpFault.EARLY_TARGET.description(),
                    "--vps 2 --retargets 2 --fault early-target: event 13, GuestSendsModifyChannel (target_cpu set before"
                            + " the response)"),
            new Switch(Family.VPS, "late-switch", VpFault.LATE_SWITCH, VpFault.LATE_SWITCH.description(),
                    "--vps 2 --retargets 2 --fault late-switch: event 14, HostAppliesModifyChannel (the host still"
                            + " signals the old VP)"),
            new Switch(Family.CONTEXTS, "sub-open-in-offer-work", ContextsFault.SUB_OPEN_IN_OFFER_WORK,
                    ContextsFault.SUB_OPEN_IN_OFFER_WORK.description(),
                    "--contexts --rescinds 2 --seed 2 --fault sub-open-in-offer-work: event 12, ConWorkProcessesOffer "
                            + "(the offer work opens the sub-channel; the run then deadlocks with its rescind)"),
            new Switch(Family.IDENTITY, "revoke-without-sequence", IdentityFault.REVOKE_WITHOUT_SEQUENCE,
                    IdentityFault.REVOKE_WITHOUT_SEQUENCE.description(),
                    "--identity --instances 2 --seed 5 --fault revoke-without-sequence: event 12, HostHandlesRevoke "
                            + "(the retried revoke of instance 1 revokes instance 2)"),
            new Switch(Family.STORVSC, "H10", StorvscFault.H10,
                    "the probe path also opens the sub-channels it finds (two opens queued)",
                    "--fault H10 --seed 2: event 17, GuestReceivesCompletion"),
            new Switch(Family.STORVSC, "MATCH_BY_ORDER", StorvscFault.MATCH_BY_ORDER,
                    "the guest matches a completion to its oldest request, not by trans_id",
                    "--fault MATCH_BY_ORDER --io 200: event 38, GuestReceivesIoCompletion (req != tid)"),
            new Switch(Family.STORVSC, "DROP_WHEN_FULL", StorvscFault.DROP_WHEN_FULL,
                    "the guest counts a request as sent when the ring was full and nothing was written",
                    "--fault DROP_WHEN_FULL --io 200 --io-depth 32 --ring-bytes 256: event 89, HostReceivesIo"),
            new Switch(Family.NETVSC, NetvscFault.H11.cliName(), NetvscFault.H11,
                    "proceeds when the SUBCHANNEL completion wakes the guest, before its sub-channels are open",
                    "--fault H11 --seed 1: event 13, GuestReceivesCompletion"),
            new Switch(Family.NETVSC, NetvscFault.WAIT_REQUESTED.cliName(), NetvscFault.WAIT_REQUESTED,
                    "waits for the n sub-channels asked for, not the m granted: hangs when m < n",
                    "--fault wait-requested --seed 1: event 17, GuestTimesOutWaitingForSubChannelOpens"),
            new Switch(Family.NETWORK, NetvscFault.SECTION_REUSED_BEFORE_COMPLETION.cliName(),
                    NetvscFault.SECTION_REUSED_BEFORE_COMPLETION,
                    "frees a send section when the send is on the ring, not on its completion",
                    "--fault section-reuse --frames 200 --seed 1: event 37, GuestSendsFrame (the section's bit is"
                            + " clear after the send)"),
            new Switch(Family.NETWORK, NetvscFault.LOST_TX_WAKE.cliName(), NetvscFault.LOST_TX_WAKE,
                    "wakes the TX queue only above the high watermark: no re-check after a stop, no wake on the last"
                            + " completion",
                    "--fault lost-tx-wake --frames 1000 --seed 3: event 340, Quiescent (stopped, nothing pending:"
                            + " the stop raced the last completion)"),
            new Switch(Family.NETWORK, NetvscFault.RNDIS_WRONG_ID.cliName(), NetvscFault.RNDIS_WRONG_ID,
                    "the host answers an RNDIS QUERY with the next request id, not the request's own",
                    "--fault rndis-wrong-id --frames 100: event 20, HostAnswersRndis (answer 3 to request 2)"),
            new Switch(Family.NETWORK, NetvscFault.RSS_WRONG_QUEUE.cliName(), NetvscFault.RSS_WRONG_QUEUE,
                    "the host indexes the guest's RSS indirection table with the hash's top bits, not its low bits",
                    "--fault rss-wrong-queue --frames 100: event 49, HostSendsRxPacket (a frame on another queue"
                            + " than the table names for its hash)"));

    private FaultRegistry() {
    }

    /** @return the switches of one family, in table order */
    static List<Switch> of(Family family) {
        return ALL.stream().filter(s -> s.family() == family).toList();
    }

    /**
     * @param names command-line names, case-insensitive
     * @return the switches they turn on
     * @throws UserError naming the unknown name and the known ones
     */
    static <E extends Enum<E>> Set<E> parse(Family family, Class<E> type, List<String> names) {
        Set<E> on = EnumSet.noneOf(type);
        for (String name : names) {
            Switch s = of(family).stream().filter(x -> x.name().equalsIgnoreCase(name.trim())).findFirst()
                    .orElseThrow(() -> new UserError("unknown fault for run " + family.command + ": " + name
                            + " (known: " + String.join(", ", of(family).stream().map(Switch::name).toList()) + ")"));
            on.add(type.cast(s.fault()));
        }
        return on;
    }

    /**
     * @param command a {@code run} subcommand
     * @return its help footer: every switch of every family it runs, what it re-creates, a run that shows it
     */
    static String[] footer(String command) {
        List<String> lines = new ArrayList<>(List.of("", "Faults (--fault NAME, repeatable; each re-creates a "
                + "historical bug, and validation must reject its trace):"));
        List<Switch> switches = ALL.stream().filter(s -> s.family().command.equals(command)).toList();
        int width = switches.stream().mapToInt(s -> s.name().length()).max().orElse(0);
        for (Switch s : switches) {
            lines.add(String.format(Locale.ROOT, "  %-" + width + "s  %s", s.name(), s.what()));
            lines.add(String.format(Locale.ROOT, "  %-" + width + "s  shows: %s", "", s.shows()));
        }
        lines.add("Whether a run hits a fault's race depends on its seed; a run that misses it is honestly ACCEPTED.");
        return lines.toArray(String[]::new);
    }
}
