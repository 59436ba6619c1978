package dev.enlightened.explore;

import dev.enlightened.channel.Fault;
import dev.enlightened.channel.scenario.FaultScenarios;
import dev.enlightened.channel.scenario.Scenario;
import dev.enlightened.channel.scenario.ScenarioResult;
import dev.enlightened.channel.scenario.ScenarioRunner;
import dev.enlightened.host.HostFlavour;
import dev.enlightened.netvsc.NetvscFault;
import dev.enlightened.netvsc.scenario.NetvscRunner;
import dev.enlightened.netvsc.scenario.NetvscScenario;
import dev.enlightened.ring.RingFault;
import dev.enlightened.ring.scenario.RingScenario;
import dev.enlightened.ring.scenario.RingScenarioRunner;
import dev.enlightened.ring.trace.RingTraceEmitter;
import dev.enlightened.sim.Chooser;
import dev.enlightened.storvsc.GuestPc;
import dev.enlightened.storvsc.StorvscDisk;
import dev.enlightened.storvsc.StorvscGuestConfig;
import dev.enlightened.storvsc.StorvscIo;
import dev.enlightened.storvsc.lun.MemoryBlockStore;
import dev.enlightened.storvsc.scenario.SlotOp;
import dev.enlightened.storvsc.scenario.StorvscSlotRun;
import dev.enlightened.storvsc.scenario.StorvscSystem;
import dev.enlightened.storvsc.scenario.StorvscFault;
import dev.enlightened.storvsc.scenario.StorvscRunResult;
import dev.enlightened.storvsc.scenario.StorvscRunner;
import dev.enlightened.storvsc.scenario.StorvscScenario;
import dev.enlightened.trace.TraceHeader;
import dev.enlightened.trace.TraceSink;
import dev.enlightened.wire.ProtocolVersion;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The four families {@code enlightened explore} searches, with their scenario options and explore's default bounds
 * (docs/exploring.md lists them; the same for every fault). Option names are those of {@code enlightened run}.
 */
enum Family {
    /**
     * The ring buffer's producer and consumer, one step at a time; with {@code --restores N} the host saves and
     * restores the VM between their steps, the moment chosen by the schedule. {@code --restores} is 0 unless the
     * restore fault is on, then {@value #RESTORES_WITH_THE_RESTORE_FAULT} (as {@code run ring} needs it for that
     * fault). {@code --budget} is the consumer's NAPI budget ({@code run ring --budget}); 1 releases after
     * every packet, as Linux {@code hv_ringbuffer_read} did, which a producer's second wakeup in one wait needs.
     */
    RING(ordered("packets", "4", "data-bytes", "64", "restores", "0", "budget", "" + RingScenario.DEFAULT_BUDGET,
            "seed", "5"), List.of("H1", "H2", "H3", "no-before-check", "no-recheck", "lost-synic")),
    /**
     * The channel manager, its drivers and the simulated host; with {@code --vps N}, {@code --contexts} or
     * {@code --identity} (or a fault of one of them) the run of that name instead ({@link ChannelViews}). The host
     * fails a GPADL creation or an OPENCHANNEL as a branch of the search ({@code --fail-percent 50}) and may leave
     * two of the guest's waits unanswered ({@code --host-silences 2}), as the spec's host may: at these constants
     * the whole bounded space at {@code --preemptions 2} reaches 816 of the spec's 885 states, and all 885 at
     * {@code --preemptions 4 --host-silences 3} (docs/exploring.md, Coverage).
     */
    CHANNELS(ordered("devices", "1", "rescinds", "1", "hot-adds", "0", "unloads", "0", "sub-channels", "0",
            "reconnects", "0", "restores", "0", "host-flavour", "openvmm", "guest-versions", "5.3,5.2",
            "host-versions", "5.2,5.3", "host-silences", "2", "fail-percent", "50", "seed", "1"),
            java.util.stream.Stream.concat(java.util.stream.Stream.of("H5", "H6", "H7", "H8", "H9", "RESTORE_OFFERS"),
            ChannelViews.faults().stream()).toList()),
    /**
     * storvsc's handshake with sub-channels, then (with {@code --io N}) the I/O phase over the primary and the
     * sub-channels: small rings (256 bytes) and a queue depth of 3, so that a ring fills and a channel holds several
     * requests the host may complete out of order. {@code --io} is 0 unless an I/O fault is on, then
     * {@value #IO_WITH_AN_IO_FAULT} (as {@code run storvsc} needs {@code --io} for them): a DFS that also explored
     * the I/O phase would spend its budget there, deepest decisions first, and not reach H10's handshake race.
     * {@code --refuse-percent 50} makes the host's refusal of the sub-channel request a branch of the search (the
     * spec's host may refuse), so one exploration covers both answers: 26 of the spec's 28 states against 24.
     * {@code --host-silences 1}: the host may leave one of the guest's waits unanswered until it times out
     * ({@link dev.enlightened.sim.ChoiceKind#HOST_SILENCE}), which is what reaches the spec's timeout actions.
     */
    STORVSC(ordered("host-versions", "6.0,5.1", "sub-channels", "2", "wanted", "3", "refuse-percent", "50",
            "host-silences", "1", "io", "0", "io-depth", "3", "slots", "2", "ring-bytes", "256", "io-data", "gpa",
            "host-withholds", "0", "seed", "1"),
            List.of("H10", "MATCH_BY_ORDER", "DROP_WHEN_FULL")),
    /**
     * netvsc's sub-channel allocation; {@code --host-silences 1}: the host may leave one setup wait unanswered until
     * the guest times out ({@link dev.enlightened.sim.ChoiceKind#HOST_SILENCE}).
     */
    NETVSC(ordered("requested", "3", "host-capacity", "any", "host-late", "none", "host-silences", "1", "seed", "1"),
            List.of("H11", "wait-requested")),
    /** The netvsc data path: two guests' TX and RX through the host's virtual switch ({@code run network}). */
    NETWORK(ordered("guests", "2", "frames", "80", "seed", "1", "all-phases", "false", "rndis-late", "0"),
            List.of("section-reuse", "lost-tx-wake", "rndis-wrong-id", "rss-wrong-queue"));

    /** storvsc's {@code --io} when an I/O fault is on and {@code --io} is not given. */
    static final int IO_WITH_AN_IO_FAULT = 4;

    /**
     * The ring's {@code --restores} when lost-synic is on and {@code --restores} is not given: one restore, whose
     * moment the schedule chooses, already meets every latched signal (MCRingRestore.tla argues it for the spec).
     */
    static final int RESTORES_WITH_THE_RESTORE_FAULT = 1;

    private final Map<String, String> defaults;
    private final List<String> faults;

    private static Map<String, String> ordered(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(m);
    }

    Family(Map<String, String> defaults, List<String> faults) {
        this.defaults = defaults;
        this.faults = faults;
    }

    /** @return the family of a command-line name */
    static Family parse(String name) {
        for (Family f : values()) {
            if (f.cli().equals(name)) {
                return f;
            }
        }
        throw new BadInput("unknown family: " + name + " (known: ring, channels, storvsc, netvsc, network)");
    }

    /** @return the command-line name */
    String cli() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @return explore's default scenario options */
    Map<String, String> defaults() {
        return defaults;
    }

    /** @return the fault names {@code --fault} accepts */
    List<String> faults() {
        return faults;
    }

    /**
     * @param options scenario options given (others take {@link #defaults()})
     * @param fault   names of the faults to switch on
     * @return the configured scenario
     * @throws BadInput for an unknown option, fault or an out-of-range value
     */
    Target target(Map<String, String> options, List<String> fault) {
        ChannelViews.View view = this == CHANNELS ? ChannelViews.selected(options, fault) : null;
        if (view != null) {
            return ChannelViews.target(view, options, fault); // run channels --vps, --contexts or --identity
        }
        for (String k : options.keySet()) {
            boolean netvscExtra = this == NETVSC && (k.equals("host-refuses") || k.equals("stall-opens"));
            if (!defaults.containsKey(k) && !netvscExtra) {
                throw new BadInput("unknown option --" + k + " for explore " + cli() + " (options: "
                        + String.join(", ", defaults.keySet()) + ")");
            }
        }
        Map<String, String> o = new LinkedHashMap<>(defaults);
        if (this == RING && fault.stream().anyMatch(f -> f.equalsIgnoreCase("lost-synic"))) {
            o.put("restores", Integer.toString(RESTORES_WITH_THE_RESTORE_FAULT)); // it acts at a restore only
        }
        if (this == STORVSC && fault.stream().anyMatch(f -> !f.equalsIgnoreCase("H10"))) {
            o.put("io", Integer.toString(IO_WITH_AN_IO_FAULT)); // the I/O faults act in the I/O phase only
        }
        o.putAll(options);
        for (String f : fault) {
            if (faults.stream().noneMatch(known -> known.equalsIgnoreCase(f))) {
                throw new BadInput("unknown fault: " + f + " for " + cli() + " (known: " + String.join(", ", faults)
                        + ")");
            }
        }
        try {
            return switch (this) {
                case RING -> ring(o, fault);
                case CHANNELS -> channels(o, fault);
                case STORVSC -> storvsc(o, fault);
                case NETVSC -> netvsc(o, fault);
                case NETWORK -> NetworkTarget.of(o, fault);
            };
        } catch (NumberFormatException e) {
            throw new BadInput("an option of explore " + cli() + " is not a number: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new BadInput(e.getMessage());
        }
    }

    private static int num(Map<String, String> o, String k) {
        return Integer.parseInt(o.get(k));
    }

    /** @return {@code run}'s {@code --fault} arguments for {@code fault}, each with a leading space */
    static String faultArgs(List<String> fault) {
        StringBuilder b = new StringBuilder();
        fault.forEach(f -> b.append(" --fault ").append(f));
        return b.toString();
    }

    private static Target ring(Map<String, String> o, List<String> fault) {
        int packets = num(o, "packets");
        int dataBytes = num(o, "data-bytes");
        long seed = Long.parseLong(o.get("seed"));
        int restores = num(o, "restores");
        int budget = num(o, "budget");
        if (budget < 1) {
            throw new BadInput("--budget must be at least 1: budget=" + budget);
        }
        Set<RingFault> on = EnumSet.noneOf(RingFault.class);
        for (String f : fault) {
            on.add(switch (f.toLowerCase(Locale.ROOT)) {
                case "h1" -> RingFault.H1_STALE_FREE_SPACE;
                case "h2" -> RingFault.H2_CONSUMER_CHECKS_OWN_MASK;
                case "h3" -> RingFault.H3_SIGNAL_WHENEVER_UNMASKED;
                case "no-before-check" -> RingFault.NO_BEFORE_CHECK;
                case "lost-synic" -> RingFault.RESTORE_LOSES_SIGNALS;
                default -> RingFault.NO_RECHECK_AFTER_UNMASK;
            });
        }
        if (on.contains(RingFault.RESTORE_LOSES_SIGNALS) && restores == 0) {
            throw new BadInput("fault lost-synic acts at a host restore: --restores must be at least 1");
        }
        RingScenario probe = RingScenario.generated(dataBytes, packets, seed, false, on).withRestores(restores);
        TraceHeader header = RingTraceEmitter.header(dataBytes, probe.payloadLengths(), seed,
                "enlightened explore ring", 1, 0, restores);
        // The header's PacketLens is the set of the seed's packet sizes (len8); the spec writes any of them at each
        // write. One payload per size (the seed's own), so that exploring lengths reaches every sequence over the
        // set without branching on payloads the spec cannot tell apart.
        Map<Integer, Integer> bySize = new LinkedHashMap<>();
        for (int len : probe.payloadLengths()) {
            bySize.putIfAbsent(RingTraceEmitter.len8(dev.enlightened.ring.PacketDescriptor.packetLength(len)), len);
        }
        List<List<Integer>> lengthOptions = new java.util.ArrayList<>();
        for (int len : probe.payloadLengths()) {
            List<Integer> opts = new java.util.ArrayList<>();
            opts.add(len);
            int own = RingTraceEmitter.len8(dev.enlightened.ring.PacketDescriptor.packetLength(len));
            bySize.forEach((size, rep) -> {
                if (size != own) {
                    opts.add(rep);
                }
            });
            lengthOptions.add(List.copyOf(opts));
        }
        return new Target() {
            @Override
            public List<List<Integer>> lengthOptions() {
                return lengthOptions;
            }

            @Override
            public TraceHeader header() {
                return header;
            }

            @Override
            public String run(Chooser chooser, TraceSink sink) {
                // The lengths are the chooser's PACKET_LENGTH decisions (an explorer draws them from the seed, so
                // that every schedule has the header's lengths): a replay token holds them too.
                RingScenario s = RingScenario.generated(dataBytes, packets, chooser, seed, false, on)
                        .withBudget(budget).withRestores(restores);
                try {
                    RingScenarioRunner.run(s, sink, chooser);
                    return null;
                } catch (IllegalStateException e) {
                    return e.getMessage(); // a party failed or the run did not end
                }
            }

            @Override
            public String runArguments() {
                return "ring --packets " + packets + " --data-bytes " + dataBytes
                        + (restores == 0 ? "" : " --restores " + restores)
                        + (budget == RingScenario.DEFAULT_BUDGET ? "" : " --budget " + budget) + " --seed " + seed
                        + faultArgs(fault);
            }
        };
    }

    private static Target channels(Map<String, String> o, List<String> fault) {
        Set<Fault> on = EnumSet.noneOf(Fault.class);
        for (String f : fault) {
            on.add(Fault.parse(f).orElseThrow(() -> new BadInput("unknown fault: " + f)));
        }
        int devices = num(o, "devices");
        int rescinds = num(o, "rescinds");
        int hotAdds = num(o, "hot-adds");
        int unloads = num(o, "unloads");
        int subs = num(o, "sub-channels");
        long seed = Long.parseLong(o.get("seed"));
        int reconnects = num(o, "reconnects");
        int restores = num(o, "restores");
        HostFlavour flavour;
        try {
            flavour = HostFlavour.parse(o.get("host-flavour"));
        } catch (IllegalArgumentException e) {
            throw new BadInput(e.getMessage());
        }
        List<ProtocolVersion> guest;
        List<ProtocolVersion> host;
        try {
            guest = ProtocolVersion.parseList(o.get("guest-versions"));
            host = ProtocolVersion.parseList(o.get("host-versions"));
        } catch (IllegalArgumentException e) {
            throw new BadInput(e.getMessage());
        }
        int silences = silences(o);
        // The host's GPADL and OPENCHANNEL failures are a branch of the search at 50 (Chooser.chance), as the
        // spec's host may fail either (CompleteGpadl, HostSendsOpenChannelResult): option 0 is success.
        int fail = num(o, "fail-percent");
        range("--fail-percent", fail, 0, 100);
        Scenario base = Scenario.basic(devices, seed);
        base = base.withOpens(base.opensPerChannel(), fail, fail, base.ringPages());
        // A Hyper-V host without a 5.0+ version has no port on connection 4: the 5.x posts fail at once.
        Scenario scenario = FaultScenarios.withFaults(base.withDevices(1, subs)
                .withEvents(rescinds, hotAdds, unloads).withEnvironment(restores, reconnects)
                .withVersions(guest, Set.copyOf(host)).withHostFlavour(flavour), on);
        TraceHeader header = ScenarioRunner.header(scenario, false);
        String args = "channels --devices " + devices + " --rescinds " + rescinds + " --hot-adds " + hotAdds
                + " --unloads " + unloads + " --sub-channels " + subs
                + (reconnects == 0 ? "" : " --reconnects " + reconnects)
                + (restores == 0 ? "" : " --restores " + restores)
                + (flavour == HostFlavour.OPENVMM ? "" : " --host-flavour hyperv")
                + (o.get("guest-versions").equals(CHANNELS.defaults.get("guest-versions")) ? ""
                        : " --guest-versions " + o.get("guest-versions"))
                + (o.get("host-versions").equals(CHANNELS.defaults.get("host-versions")) ? ""
                        : " --host-versions " + o.get("host-versions"))
                + " --host-silences " + silences + (fail == 0 ? "" : " --fail-percent " + fail)
                + " --seed " + seed + faultArgs(fault);
        return Target.of(header, args, (chooser, sink) -> {
            ScenarioResult r = ScenarioRunner.runDeterministic(scenario, sink, chooser, silences);
            return r.budgetExhausted() ? "step budget exhausted: steps=" + r.steps() : null;
        });
    }

    private static Target storvsc(Map<String, String> o, List<String> fault) {
        Set<StorvscFault> on = EnumSet.noneOf(StorvscFault.class);
        fault.forEach(f -> on.add(StorvscFault.valueOf(f.toUpperCase(Locale.ROOT))));
        Set<Integer> hostVersions = new LinkedHashSet<>();
        for (String v : o.get("host-versions").split(",")) {
            String[] mm = v.trim().split("\\.");
            if (mm.length != 2) {
                throw new BadInput("--host-versions takes MAJOR.MINOR,...: value=" + o.get("host-versions"));
            }
            hostVersions.add(Integer.parseInt(mm[0]) << 8 | Integer.parseInt(mm[1]));
        }
        long seed = Long.parseLong(o.get("seed"));
        StorvscScenario scenario = new StorvscScenario(StorvscGuestConfig.LINUX_VERSIONS, hostVersions,
                StorvscGuestConfig.WIN8, num(o, "sub-channels"), num(o, "wanted"), num(o, "refuse-percent"), on,
                seed, silences(o));
        Io io = Io.of(o, on);
        TraceHeader header = io.requests() > 0 ? StorvscRunner.ioHeader(scenario, io.slots(), io.depth(),
                SlotOp.workload(seed, io.requests(), io.slots()).size()) : StorvscRunner.header(scenario);
        return new Target() {
            @Override
            public TraceHeader header() {
                return header;
            }

            @Override
            public String run(Chooser chooser, TraceSink sink) {
                // A fresh in-memory disk per schedule, as run storvsc without --disk has.
                StorvscSystem system = new StorvscSystem(scenario, sink, chooser, new StorvscDisk(
                        new MemoryBlockStore(StorvscDisk.DEFAULT_BLOCKS, StorvscDisk.DEFAULT_BLOCK_SIZE)),
                        io.requests() > 0 ? io.ringBytes() : StorvscIo.IO_RING_BYTES);
                StorvscRunResult r = StorvscRunner.run(system, sink);
                if (r.stuck().contains("step budget exhausted")) {
                    return "step budget exhausted";
                }
                if (io.requests() == 0 || system.guest().pc() != GuestPc.READY) {
                    return null; // a handshake that did not reach Ready ends with its Quiescent claim
                }
                StorvscSlotRun run = StorvscSlotRun.run(system, SlotOp.workload(seed, io.requests(), io.slots()),
                        io.options(seed), sink, chooser);
                List<String> errors = run.stats().errors();
                return errors.isEmpty() ? null : "I/O phase: " + errors.get(0);
            }

            @Override
            public String runArguments() {
                return "storvsc --host-versions " + o.get("host-versions") + " --sub-channels "
                        + o.get("sub-channels") + " --wanted " + o.get("wanted") + " --refuse-percent "
                        + o.get("refuse-percent") + " --host-silences " + o.get("host-silences") + io.arguments()
                        + " --seed " + seed + faultArgs(fault);
            }
        };
    }

    /** The storvsc I/O phase's options ({@code run storvsc --io N ...}); 0 requests: the handshake only. */
    private record Io(int requests, int depth, int slots, int ringBytes, boolean gpa, Set<StorvscFault> faults,
            int withholds) {
        static Io of(Map<String, String> o, Set<StorvscFault> faults) {
            Io io = new Io(num(o, "io"), num(o, "io-depth"), num(o, "slots"), num(o, "ring-bytes"),
                    gpaOrInband(o.get("io-data")), faults, num(o, "host-withholds"));
            range("--host-withholds", io.withholds(), 0, 1000);
            if (io.withholds() > 0 && io.requests() == 0) {
                throw new BadInput("--host-withholds needs --io N: host_withholds=" + io.withholds());
            }
            range("--io", io.requests(), 0, 1000);
            range("--io-depth", io.depth(), 1, 256);
            range("--slots", io.slots(), 1, 4096);
            range("--ring-bytes", io.ringBytes(), 256, 1 << 20);
            if (io.ringBytes() % 8 != 0) {
                throw new BadInput("--ring-bytes must be a multiple of 8: value=" + io.ringBytes());
            }
            return io;
        }

        private static boolean gpaOrInband(String v) {
            if (!v.equals("gpa") && !v.equals("inband")) {
                throw new BadInput("--io-data must be gpa or inband: value=" + v);
            }
            return v.equals("gpa");
        }

        StorvscSlotRun.Options options(long seed) {
            return new StorvscSlotRun.Options(slots, depth, gpa, ringBytes, StorvscFault.ioBugs(faults), seed)
                    .withHostWithholds(withholds);
        }

        String arguments() {
            return requests == 0 ? "" : " --io " + requests + " --io-depth " + depth + " --slots " + slots
                    + " --ring-bytes " + ringBytes + " --io-data " + (gpa ? "gpa" : "inband")
                    + (withholds == 0 ? "" : " --host-withholds " + withholds);
        }
    }

    /** @return {@code --host-silences}: how many waits the device host may leave unanswered (0..64) */
    private static int silences(Map<String, String> o) {
        int n = num(o, "host-silences");
        range("--host-silences", n, 0, dev.enlightened.sim.SilentHost.MAX_SILENCES);
        return n;
    }

    private static void range(String opt, int v, int min, int max) {
        if (v < min || v > max) {
            throw new BadInput(opt + " must be in " + min + ".." + max + ": value=" + v);
        }
    }

    private static Target netvsc(Map<String, String> o, List<String> fault) {
        Set<NetvscFault> on = EnumSet.noneOf(NetvscFault.class);
        for (String f : fault) {
            on.add(NetvscFault.byName(f).orElseThrow(() -> new BadInput("unknown fault: " + f + " (known: "
                    + Arrays.stream(NetvscFault.values()).map(NetvscFault::cliName).toList() + ")")));
        }
        int requested = num(o, "requested");
        long seed = Long.parseLong(o.get("seed"));
        // "any" (the default): the host's answer to SUBCHANNEL is a branch of the search, every grant 0..n and
        // FAILURE, as the spec's HostAllocatesSubChannels allows; so every fault is searched in the same space
        // (no capacity picked per fault) and one exploration covers every grant. A number fixes the grant.
        String capacity = o.get("host-capacity");
        boolean refuses = Boolean.parseBoolean(o.getOrDefault("host-refuses", "false"));
        // run netvsc --stall-opens: the offers reach the guest only after its opens' wait timed out.
        boolean stallOpens = Boolean.parseBoolean(o.getOrDefault("stall-opens", "false"));
        NetvscScenario scenario;
        if (capacity.equals("any")) {
            if (refuses) {
                throw new BadInput("--host-refuses needs a --host-capacity number: with any, refusal is a branch");
            }
            scenario = new NetvscScenario(requested, requested, false, on, seed).anyGrant();
        } else {
            int cap;
            try {
                cap = Integer.parseInt(capacity);
            } catch (NumberFormatException e) {
                throw new BadInput("--host-capacity must be any or a number 0..63: value=" + capacity);
            }
            range("--host-capacity", cap, 0, 63);
            scenario = new NetvscScenario(requested, cap, refuses, on, seed);
        }
        // run netvsc --host-late WAIT: the host answers that setup request only after the guest's timeout.
        NetvscScenario.HostLate late = NetvscScenario.HostLate.byName(o.get("host-late")).orElseThrow(
                () -> new BadInput("--host-late must be none, init, recv-buf, send-buf or subchannel: value="
                        + o.get("host-late")));
        if (late != NetvscScenario.HostLate.NONE && stallOpens) {
            throw new BadInput("--host-late and --stall-opens exclude each other: the device fails before its opens");
        }
        scenario = scenario.answering(late);
        if (stallOpens) {
            if (refuses || scenario.hostCapacity() == 0) {
                throw new BadInput("--stall-opens needs sub-channels to open: host_refuses=" + refuses + " capacity="
                        + capacity);
            }
            scenario = scenario.offersAfterTheOpensTimeout();
        }
        NetvscScenario run = scenario.withHostSilences(silences(o));
        TraceHeader header = NetvscRunner.header(run);
        String args = "netvsc --requested " + requested + " --host-capacity " + capacity
                + (late == NetvscScenario.HostLate.NONE ? "" : " --host-late " + late.cliName())
                + (refuses ? " --host-refuses" : "") + (stallOpens ? " --stall-opens" : "") + " --host-silences "
                + run.hostSilences() + " --seed " + seed
                + faultArgs(fault);
        return Target.of(header, args, (chooser, sink) -> {
            NetvscRunner.run(run, sink, chooser);
            return null;
        });
    }
}
