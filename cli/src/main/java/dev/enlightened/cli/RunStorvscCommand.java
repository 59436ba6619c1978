package dev.enlightened.cli;

import dev.enlightened.sim.RandomChooser;
import dev.enlightened.sim.SilentHost;
import dev.enlightened.storvsc.GuestPc;
import dev.enlightened.storvsc.StorvscDisk;
import dev.enlightened.storvsc.lun.BlockStore;
import dev.enlightened.storvsc.lun.FileBlockStore;
import dev.enlightened.storvsc.lun.MemoryBlockStore;
import dev.enlightened.storvsc.StorvscGuestConfig;
import dev.enlightened.storvsc.scenario.StorvscFault;
import dev.enlightened.storvsc.scenario.ImageFileCheck;
import dev.enlightened.storvsc.scenario.SlotOp;
import dev.enlightened.storvsc.scenario.StorvscSlotRun;
import dev.enlightened.storvsc.scenario.StorvscSlotStats;
import dev.enlightened.storvsc.scenario.StorvscRunResult;
import dev.enlightened.storvsc.scenario.StorvscRunner;
import dev.enlightened.storvsc.scenario.StorvscScenario;
import dev.enlightened.storvsc.scenario.StorvscSystem;
import dev.enlightened.trace.NdjsonTraceWriter;
import dev.enlightened.trace.TraceHeader;
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
 * TraceStorvscHandshake. With {@code --io N} the trace goes on with the I/O phase (TraceStorvscIo,
 * specs/devices/STORVSC_IO_EVENTS.md): probe commands, N one-slot reads, writes and flushes over every channel,
 * and a final flush, each request logged at its four steps. {@code --disk FILE} backs LUN 0 with a raw image
 * (created with {@code --size} if absent), read back directly afterwards. Exit 0 when the handshake completed with
 * no rejected packet, every read returned the data of the write its stamp names and the image holds what the
 * guest wrote; 1 when a context was left blocked, a side rejected a packet or an I/O went wrong; 2 on bad input.
 */
@Command(name = "storvsc", mixinStandardHelpOptions = true,
        description = "Run the storvsc handshake (guest driver + simulated host VSP) and write its trace.")
final class RunStorvscCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    TraceRunOptions run;

    /** Size of a new image when --size is not given. */
    static final long DEFAULT_IMAGE_BYTES = 64L << 20;

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

    @Option(names = "--host-silences", paramLabel = "N", defaultValue = "0",
            description = "How many of the guest's handshake waits the host may leave unanswered until the guest "
                    + "times out (drawn, seeded, at each wait; the guest's timeout is then reported as its error) "
                    + "(default: 0; explore storvsc: 1).")
    int hostSilences;

    @Option(names = "--io", paramLabel = "N", defaultValue = "0",
            description = "After the handshake, run and trace N one-slot reads/writes/flushes over every channel "
                    + "(plus the probe commands and a final flush); every read is checked against the write its "
                    + "stamp names (default: 0, none).")
    int io;

    @Option(names = "--io-depth", paramLabel = "N", defaultValue = "8",
            description = "Most I/O requests outstanding at once per channel (default: 8).")
    int ioDepth;

    @Option(names = "--disk", paramLabel = "FILE",
            description = "Back LUN 0 with this raw image file, created if absent (default: a 1 MiB disk in memory).")
    Path disk;

    @Option(names = "--size", paramLabel = "SIZE",
            description = "Size of a new --disk image: bytes or with K, M, G, T (default: 64M; an existing image "
                    + "keeps its size and must match if given).")
    String size;

    @Option(names = "--slots", paramLabel = "N", defaultValue = "64",
            description = "4 KiB slots the --io workload addresses from the start of the disk (default: 64).")
    int slots;

    @Option(names = "--ring-bytes", paramLabel = "N", defaultValue = "65536",
            description = "Data area of each channel ring, a multiple of 8 in 256..1048576 (default: 65536; "
                    + "small rings fill, for DROP_WHEN_FULL).")
    int ringBytes;

    @Option(names = "--io-data", paramLabel = "PATH", defaultValue = "gpa",
            description = "How I/O data travels: gpa (GPA_DIRECT page lists over simulated guest memory, as Linux) "
                    + "or inband (after the vstor_packet in the ring) (default: gpa).")
    String ioData;

    @Option(names = "--host-withholds", paramLabel = "N", defaultValue = "0",
            description = "With --io: the host withholds the completions of the first N requests until the guest's "
                    + "request timeout (Linux storvsc_timeout, 180 s of virtual time) has failed each, then completes "
                    + "them late; the guest drops each late completion (default: 0).")
    int hostWithholds;

    @Override
    public Integer call() {
        seed = run.seed(DEFAULT_SEED);
        trace = run.trace;
        OutputFiles.checkWritable("trace", trace);
        StorvscScenario scenario = scenario();
        UserError.requireRange("--io", io, 0, 1_000_000);
        UserError.requireRange("--io-depth", ioDepth, 1, 256);
        UserError.requireRange("--slots", slots, 1, 4096);
        UserError.requireRange("--ring-bytes", ringBytes, 256, 1 << 20);
        UserError.requireRange("--host-withholds", hostWithholds, 0, 1_000_000);
        if (hostWithholds > 0 && io == 0) {
            throw new UserError("--host-withholds needs --io N: host_withholds=" + hostWithholds);
        }
        if (ringBytes % 8 != 0) {
            throw new UserError("--ring-bytes must be a multiple of 8: value=" + ringBytes);
        }
        if (!ioData.equals("gpa") && !ioData.equals("inband")) {
            throw new UserError("--io-data must be gpa or inband: value=" + ioData);
        }
        if (size != null && disk == null) {
            throw new UserError("--size needs --disk FILE: size=" + size);
        }
        long sizeBytes = size == null ? -1 : parseSize(size);
        try (BlockStore store = openStore(sizeBytes)) {
            return runWith(scenario, store);
        }
    }

    /** The image (or the default in-memory disk), checked; bad input is one line. */
    private BlockStore openStore(long sizeBytes) {
        if (disk == null) {
            return new MemoryBlockStore(StorvscDisk.DEFAULT_BLOCKS, StorvscDisk.DEFAULT_BLOCK_SIZE);
        }
        long want = sizeBytes == -1 && !java.nio.file.Files.exists(disk) ? DEFAULT_IMAGE_BYTES : sizeBytes;
        FileBlockStore.Open o = FileBlockStore.open(disk, want);
        if (o instanceof FileBlockStore.Open.Refused r) {
            throw new UserError(r.reason());
        }
        return ((FileBlockStore.Open.Opened) o).store();
    }

    private int runWith(StorvscScenario scenario, BlockStore store) {
        if (io > 0 && (long) slots * SlotOp.SECTORS_PER_SLOT > store.blocks()) {
            throw new UserError("--slots do not fit the disk: slots=" + slots + " disk_bytes="
                    + store.blocks() * store.blockSize());
        }
        long crcBefore = io > 0 ? crcBeyondSlots() : 0;
        StorvscRunResult r;
        StorvscSystem system;
        StorvscSlotRun ioRun = null;
        TraceHeader header = io > 0 ? StorvscRunner.ioHeader(scenario, slots, ioDepth,
                SlotOp.workload(seed, io, slots).size()) : StorvscRunner.header(scenario);
        try (NdjsonTraceWriter w = NdjsonTraceWriter.create(trace, header)) {
            StorvscDisk lun = new StorvscDisk(store);
            if (replay == null) {
                system = new StorvscSystem(scenario, w, new RandomChooser(seed), lun, ringBytes, run.isolated);
                r = StorvscRunner.run(system, w);
            } else {
                StorvscSystem replayed = new StorvscSystem(scenario, w, Replay.chooser(replay), lun, ringBytes,
                        run.isolated);
                r = Replay.run(() -> StorvscRunner.run(replayed, w));
                system = replayed;
            }
            // After a stall the trace has ended (its Quiescent claim): no I/O phase can follow it.
            if (io > 0 && system.guest().pc() == GuestPc.READY && !system.gate().stalled()) {
                // The same chooser goes on into the I/O phase: a token holds its decisions too (explore storvsc).
                StorvscSystem s = system;
                ioRun = Replay.run(() -> StorvscSlotRun.run(s, SlotOp.workload(seed, io, slots),
                        new StorvscSlotRun.Options(slots, ioDepth, ioData.equals("gpa"), ringBytes,
                                StorvscFault.ioBugs(scenario.faults()), seed).withHostWithholds(hostWithholds), w,
                        s.chooser()));
            }
        } catch (IOException e) {
            throw OutputFiles.cannotWrite("trace", trace, e);
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println("run storvsc: seed=" + seed + (run.isolated ? " isolated" : "") + " faults=" + (run.faults.isEmpty() ? "none" : run.faults) + " steps="
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
            ok &= report(system, ioRun, crcBefore, out, err);
        }
        return ok ? ExitCodes.OK : ExitCodes.CHECK_FAILED;
    }

    /** CRC-32 of the image beyond the slots, read directly before the run (0 without --disk). */
    private long crcBeyondSlots() {
        if (disk == null) {
            return 0;
        }
        try {
            return ImageFileCheck.crcFrom(disk, (long) slots * SlotOp.SLOT_BYTES);
        } catch (IOException e) {
            throw new UserError("cannot read disk image: path=" + disk + " reason=" + e.getMessage());
        }
    }

    /** The I/O phase's summary, and the image read back directly. */
    private boolean report(StorvscSystem system, StorvscSlotRun ioRun, long crcBefore, PrintWriter out,
            PrintWriter err) {
        if (ioRun == null) {
            err.println(system.gate().stalled() ? "no I/O: a handshake wait timed out (the host stopped answering)"
                    : "no I/O: the handshake did not reach Ready: guest=" + system.guest().pc().specName());
            return false;
        }
        StorvscSlotStats st = ioRun.stats();
        out.println("io: data=" + ioData + " channels=" + st.channels() + " requests=" + st.submitted() + " reads="
                + st.reads() + " writes=" + st.writes() + " flushes=" + st.flushes() + " completed=" + st.completed()
                + " mismatches=" + st.mismatches() + " max-outstanding=" + st.maxOutstanding() + " ring-full="
                + st.busy() + " outstanding-at-end=" + st.outstandingAtEnd() + " errors=" + st.errors().size());
        if (hostWithholds > 0) {
            out.println("host-withholds=" + hostWithholds + " timed-out=" + ioRun.withheldTimedOut()
                    + " dropped-late=" + ioRun.droppedLate());
        }
        st.errors().forEach(e -> err.println("io error: " + e));
        boolean ok = st.ok();
        if (disk != null) {
            String bad;
            try {
                bad = ImageFileCheck.verify(disk, ioRun.expectedSlots(), crcBefore);
            } catch (IOException e) {
                bad = "cannot read the image back: " + e.getMessage();
            }
            out.println("disk: " + disk + " slots-written=" + ioRun.slotsWritten() + " of " + slots + " image="
                    + (bad == null ? "verified (read back directly: every slot holds its last write, the rest "
                    + "unchanged)" : "MISMATCH"));
            if (bad != null) {
                err.println(bad);
                ok = false;
            }
        }
        return ok;
    }

    /** Parses {@code 64M}, {@code 1G}, {@code 4096}: bytes, or K/M/G/T (powers of 1024). */
    static long parseSize(String text) {
        String t = text.trim().toUpperCase(java.util.Locale.ROOT);
        int shift = t.endsWith("K") ? 10 : t.endsWith("M") ? 20 : t.endsWith("G") ? 30 : t.endsWith("T") ? 40 : 0;
        String digits = shift == 0 ? t : t.substring(0, t.length() - 1);
        try {
            long n = Long.parseLong(digits);
            if (n <= 0 || n > (FileBlockStore.MAX_BYTES >> shift)) {
                throw new NumberFormatException();
            }
            return n << shift;
        } catch (NumberFormatException e) {
            throw new UserError("bad --size (bytes or K/M/G/T, at most 2T): size=" + text);
        }
    }

    private StorvscScenario scenario() {
        Set<StorvscFault> on = FaultRegistry.parse(FaultRegistry.Family.STORVSC, StorvscFault.class, run.faults);
        UserError.requireRange("--sub-channels", subChannels, 0, 64);
        UserError.requireRange("--wanted", wanted, 0, 64);
        UserError.requireRange("--refuse-percent", refusePercent, 0, 100);
        UserError.requireRange("--host-silences", hostSilences, 0, SilentHost.MAX_SILENCES);
        return new StorvscScenario(StorvscGuestConfig.LINUX_VERSIONS, parseVersions(hostVersions),
                StorvscGuestConfig.WIN8, subChannels, wanted, refusePercent, on, seed, hostSilences);
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
