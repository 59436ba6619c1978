package dev.enlightened.cli;

import dev.enlightened.storvsc.GuestPc;
import dev.enlightened.storvsc.StorvscGuestConfig;
import dev.enlightened.storvsc.scenario.StorvscFault;
import dev.enlightened.storvsc.scenario.StorvscIoRun;
import dev.enlightened.storvsc.scenario.StorvscIoStats;
import dev.enlightened.storvsc.scenario.StorvscRunResult;
import dev.enlightened.storvsc.scenario.StorvscRunner;
import dev.enlightened.storvsc.scenario.StorvscScenario;
import dev.enlightened.storvsc.scenario.StorvscSystem;
import dev.enlightened.trace.NdjsonTraceWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code enlightened run storvsc}: the storvsc guest handshake against a simulated openvmm storvsp, traced for
 * TraceStorvscHandshake. With {@code --io N}, N random READ(10)/WRITE(10)s follow on the Ready device (not traced).
 * Exit 0 when the handshake completed with no rejected packet (and every read matched the model), 1 when a context
 * was left blocked, a side rejected a packet or an I/O went wrong, 2 on bad input.
 */
@Command(name = "storvsc", mixinStandardHelpOptions = true,
        description = "Run the storvsc handshake (guest driver + simulated host VSP) and write its trace.")
final class RunStorvscCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    TraceRunOptions run;

    /** The default seed; H10 shows with --seed 2. */
    static final long DEFAULT_SEED = 1;

    @Option(names = "--replay", paramLabel = "TOKEN", description = Replay.DESCRIPTION)
    String replay;

    /** This run's seed and trace file, from {@link #run}. */
    private long seed;
    private Path trace;

    @Option(names = "--host-versions", paramLabel = "LIST", defaultValue = "6.0,5.1",
            description = "Versions the host accepts, major.minor, comma-separated (default: 6.0,5.1).")
    String hostVersions;

    @Option(names = "--sub-channels", paramLabel = "N", defaultValue = "2",
            description = "The host's max_channel_cnt (default: 2).")
    int subChannels;

    @Option(names = "--wanted", paramLabel = "N", defaultValue = "3",
            description = "Sub-channels the guest wants, Linux: online CPUs - 1 (default: 3).")
    int wanted;

    @Option(names = "--refuse-percent", paramLabel = "P", defaultValue = "0",
            description = "Chance the host refuses CREATE_SUB_CHANNELS (default: 0).")
    int refusePercent;

    @Option(names = "--io", paramLabel = "N", defaultValue = "0",
            description = "After the handshake, run N random reads/writes (plus the probe commands) and compare "
                    + "every read with a model (default: 0, none).")
    int io;

    @Option(names = "--io-depth", paramLabel = "N", defaultValue = "8",
            description = "Most I/O requests outstanding at once (default: 8).")
    int ioDepth;

    @Option(names = "--io-data", paramLabel = "PATH", defaultValue = "gpa",
            description = "How I/O data travels: gpa (GPA_DIRECT page lists over simulated guest memory, as Linux) "
                    + "or inband (after the vstor_packet in the ring) (default: gpa).")
    String ioData;

    @Override
    public Integer call() {
        seed = run.seed(DEFAULT_SEED);
        trace = run.trace;
        OutputFiles.checkWritable("trace", trace);
        StorvscScenario scenario = scenario();
        check("--io", io, 0, 1_000_000);
        check("--io-depth", ioDepth, 1, 256);
        if (!ioData.equals("gpa") && !ioData.equals("inband")) {
            throw new UserError("--io-data must be gpa or inband: value=" + ioData);
        }
        StorvscRunResult r;
        StorvscSystem system;
        try (NdjsonTraceWriter w = NdjsonTraceWriter.create(trace, StorvscRunner.header(scenario))) {
            if (replay == null) {
                system = new StorvscSystem(scenario, w);
                r = StorvscRunner.run(system, w);
            } else {
                // The token holds the handshake's decisions; an --io phase still draws from the seed.
                StorvscSystem replayed = new StorvscSystem(scenario, w, Replay.chooser(replay));
                r = Replay.run(() -> StorvscRunner.run(replayed, w));
                system = replayed;
            }
        } catch (IOException e) {
            throw OutputFiles.cannotWrite("trace", trace, e);
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println("run storvsc: seed=" + seed + " faults=" + (run.faults.isEmpty() ? "none" : run.faults) + " steps="
                + r.steps() + " guest=" + r.pc().specName() + " version=0x" + Integer.toHexString(r.version())
                + " sub-channels=" + r.requested() + " opens=" + r.opens() + " trace=" + trace);
        PrintWriter err = spec.commandLine().getErr();
        if (r.openedTwice()) {
            err.println("sub-channel opened twice (H10's double vmbus_open): opens=" + r.opens());
        }
        r.guestErrors().forEach(e -> err.println("guest rejected: " + e.describe()));
        r.hostErrors().forEach(e -> err.println("host rejected: " + e));
        r.stuck().forEach(s -> err.println("blocked forever: " + s));
        boolean ok = r.completed() && r.guestErrors().isEmpty() && r.hostErrors().isEmpty();
        if (io > 0) {
            ok &= runIo(system, out, err);
        }
        return ok ? ExitCodes.OK : ExitCodes.CHECK_FAILED;
    }

    /** The I/O phase: random ops against the host's disk, each read compared with the model. */
    private boolean runIo(StorvscSystem system, PrintWriter out, PrintWriter err) {
        if (system.guest().pc() != GuestPc.READY) {
            err.println("no I/O: the handshake did not reach Ready: guest=" + system.guest().pc().specName());
            return false;
        }
        StorvscIoStats st = StorvscIoRun.run(system, StorvscIoRun.randomOps(seed, io, system.host().disk().blocks()),
                ioDepth, ioData.equals("gpa"), seed);
        out.println("io: data=" + ioData + " ops=" + st.ops() + " bytes=" + st.bytes() + " check-conditions="
                + st.checkConditions() + " errors=" + st.errors().size() + " mismatches=" + st.mismatches()
                + " max-outstanding=" + st.maxOutstanding());
        st.errors().forEach(e -> err.println("io error: " + e));
        if (st.mismatches() > 0) {
            err.println("reads differed from the model: mismatches=" + st.mismatches());
        }
        return st.ok();
    }

    private StorvscScenario scenario() {
        Set<StorvscFault> on = FaultRegistry.parse(FaultRegistry.Family.STORVSC, StorvscFault.class, run.faults);
        check("--sub-channels", subChannels, 0, 64);
        check("--wanted", wanted, 0, 64);
        check("--refuse-percent", refusePercent, 0, 100);
        return new StorvscScenario(StorvscGuestConfig.LINUX_VERSIONS, parseVersions(hostVersions),
                StorvscGuestConfig.WIN8, subChannels, wanted, refusePercent, on, seed);
    }

    private static void check(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new UserError(name + " must be in " + min + ".." + max + ": value=" + value);
        }
    }

    /** Parses {@code 6.2,6.0} into {@code (major << 8) | minor} values; an empty list means no version. */
    static Set<Integer> parseVersions(String list) {
        Set<Integer> out = new LinkedHashSet<>();
        for (String part : list.split(",")) {
            String p = part.trim();
            if (p.isEmpty()) {
                continue;
            }
            String[] mm = p.split("\\.");
            try {
                if (mm.length != 2) {
                    throw new NumberFormatException();
                }
                int major = Integer.parseInt(mm[0]);
                int minor = Integer.parseInt(mm[1]);
                if (major < 0 || major > 255 || minor < 0 || minor > 255) {
                    throw new NumberFormatException();
                }
                out.add(major << 8 | minor);
            } catch (NumberFormatException e) {
                throw new UserError("bad --host-versions entry (want major.minor, each 0..255): entry=" + p);
            }
        }
        return out;
    }
}
