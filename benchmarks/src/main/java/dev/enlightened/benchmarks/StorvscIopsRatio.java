package dev.enlightened.benchmarks;

import dev.enlightened.signal.InProcessDoorbell;
import dev.enlightened.signal.PeerSpin;
import dev.enlightened.sim.RandomChooser;
import dev.enlightened.storvsc.BlockResult;
import dev.enlightened.storvsc.GuestPc;
import dev.enlightened.storvsc.StorvscBlockDevice;
import dev.enlightened.storvsc.StorvscDisk;
import dev.enlightened.storvsc.StorvscHostIo;
import dev.enlightened.storvsc.StorvscHostWorker;
import dev.enlightened.storvsc.StorvscIo;
import dev.enlightened.storvsc.TransIds;
import dev.enlightened.storvsc.lun.FileBlockStore;
import dev.enlightened.storvsc.scenario.StorvscRunner;
import dev.enlightened.storvsc.scenario.StorvscScenario;
import dev.enlightened.storvsc.scenario.StorvscSystem;
import dev.enlightened.trace.TraceSink;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Issue 15's storvsc row: 4 KiB random reads per second through the full stack (guest {@link StorvscBlockDevice}
 * at queue depth 32 over the primary and two sub-channels, GPA_DIRECT packets on the rings, the host on a thread
 * of its own ({@link StorvscHostWorker}) reading the image file with positional {@link FileChannel} reads and
 * copying into guest pages) against direct positional {@link FileChannel} reads of the same 4 KiB blocks of the
 * same file from one thread. The file (64 MiB, random bytes) is in the page cache for both. As in
 * {@link RingBurstRatio}, rounds of {@code ROUND_MS} alternate between the two, the order flipping each round, and
 * each pair gives one ratio; the median ratio and its interquartile range are the figures to quote on a shared
 * machine. Every full-stack read is checked (its first 8 bytes against the file's). The full stack reads into
 * 32 reused 4 KiB slots of the caller's buffer ({@code submitRead(lba, n, into, offset)}), as the direct path reuses
 * its one buffer.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar dev.enlightened.benchmarks.StorvscIopsRatio [rounds]
 * [one-thread] [spin-us=N]}; {@code one-thread} serves the host inline on the guest's thread, which measures the
 * stack's CPU cost without the thread handoffs a loaded machine makes expensive; {@code spin-us} bounds how long
 * each side spins on its wake line before parking ({@link AdaptiveSpin}; default
 * {@link PeerSpin#DEFAULT_MAX_NANOS}, 0 parks at once as before), each side spinning only while the other runs.
 */
public final class StorvscIopsRatio {
    private static final long FILE_BYTES = 64L << 20;
    private static final int BLOCK = 4096;
    private static final int QUEUE_DEPTH = 32;
    private static final int SLOT_HINTS = 256;
    private static final long ROUND_NANOS = 200_000_000L;

    private final FileChannel direct;
    private final StorvscBlockDevice device;
    private final long[] firstWords;
    /** Non-null when guest and host share this thread (no handoff between threads: the stack's CPU cost alone). */
    private final StorvscHostWorker inline;
    /** The host's worker (its wake-ups are reported), on its own thread or inline. */
    private StorvscHostWorker worker;
    private final SplittableRandom random = new SplittableRandom(7);
    private final ByteBuffer buf = ByteBuffer.allocate(BLOCK);
    /** The full stack's read buffers: one 4 KiB slot per request in flight, reused. */
    private final byte[] slots = new byte[QUEUE_DEPTH * BLOCK];
    private final ByteBuffer slotsView = ByteBuffer.wrap(slots);
    /** Free slots, a stack ({@code free[0..freeCount)}); each busy slot's trans_id and block (no map per read). */
    private final int[] free = new int[QUEUE_DEPTH];
    private int freeCount;
    private final long[] slotTid = new long[QUEUE_DEPTH];
    /**
     * Slot by trans_id modulo {@code SLOT_HINTS} (a hint, checked against {@code slotTid}; a scan when it misses): the
     * device's trans_ids count up, so the 32 in flight seldom collide, and a completion finds its slot without the
     * scan over all 32 that cost this harness about 5 % of the guest thread's samples (JFR, 2026-12-07).
     */
    private final int[] slotHint = new int[SLOT_HINTS];
    private final int[] slotBlock = new int[QUEUE_DEPTH];
    private long sink;

    private StorvscIopsRatio(FileChannel direct, StorvscBlockDevice device, long[] firstWords,
            StorvscHostWorker inline) {
        this.inline = inline;
        this.direct = direct;
        this.device = device;
        this.firstWords = firstWords;
        for (int i = 0; i < QUEUE_DEPTH; i++) {
            free[freeCount++] = i;
            slotTid[i] = -1;
        }
    }

    /** Direct 4 KiB positional reads for one round; reads per second. */
    private double directRound() throws IOException {
        long n = 0;
        long begin = System.nanoTime();
        long now;
        do {
            for (int i = 0; i < 64; i++) {
                buf.clear();
                long at = (long) random.nextInt((int) (FILE_BYTES / BLOCK)) * BLOCK;
                while (buf.hasRemaining()) {
                    direct.read(buf, at + buf.position());
                }
                sink += buf.get(0);
                n++;
            }
            now = System.nanoTime();
        } while (now - begin < ROUND_NANOS);
        return n * 1e9 / (now - begin);
    }

    /**
     * Full-stack 4 KiB reads at queue depth 32 for one round, each into its slot of a buffer the caller owns
     * ({@code submitRead(lba, n, into, offset)}, as the direct path reuses its buffer); reads per second.
     */
    private double stackRound() {
        long n = 0;
        long begin = System.nanoTime();
        long now;
        do {
            device.plug(); // the reads of this pass are published together, one commit per channel
            while (freeCount > 0) {
                int b = random.nextInt((int) (FILE_BYTES / BLOCK));
                int slot = free[freeCount - 1];
                if (!(device.submitRead(b * 8L, 8, slots, slot * BLOCK)
                        instanceof StorvscBlockDevice.Submission.Queued q)) {
                    break;
                }
                freeCount--;
                slotTid[slot] = q.transId();
                slotHint[(int) (q.transId() & (SLOT_HINTS - 1))] = slot;
                slotBlock[slot] = b;
            }
            device.unplug();
            if (inline != null) {
                inline.serveOnce();
            }
            n += complete(device.poll(inline != null ? 0 : 1_000_000_000L));
            now = System.nanoTime();
        } while (now - begin < ROUND_NANOS);
        while (freeCount < QUEUE_DEPTH) { // drain, so the next round starts empty
            if (inline != null) {
                inline.serveOnce();
            }
            complete(device.poll(inline != null ? 0 : 1_000_000_000L));
        }
        return n * 1e9 / (now - begin);
    }

    /** Checks each finished read's first 8 bytes against the file's and frees its slot; returns how many. */
    private int complete(List<StorvscBlockDevice.Completion> done) {
        for (int i = 0, k = done.size(); i < k; i++) {
            StorvscBlockDevice.Completion c = done.get(i);
            int slot = slotOf(c.transId());
            byte[] d = ((BlockResult.Done) c.result()).data();
            long first = d.length > 0 ? ByteBuffer.wrap(d).getLong(0) : slotsView.getLong(slot * BLOCK);
            if (first != firstWords[slotBlock[slot]]) {
                throw new IllegalStateException("wrong data for block " + slotBlock[slot]);
            }
            slotTid[slot] = -1;
            free[freeCount++] = slot;
        }
        return done.size();
    }

    private int slotOf(long tid) {
        int hint = slotHint[(int) (tid & (SLOT_HINTS - 1))];
        if (slotTid[hint] == tid) {
            return hint;
        }
        for (int i = 0; i < QUEUE_DEPTH; i++) {
            if (slotTid[i] == tid) {
                return i;
            }
        }
        throw new IllegalStateException("completion for no read in flight: trans_id=" + tid);
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 40;
        boolean oneThread = false;
        long spinNanos = PeerSpin.DEFAULT_MAX_NANOS;
        for (int i = 1; i < args.length; i++) {
            if (args[i].equals("one-thread")) {
                oneThread = true;
            } else if (args[i].startsWith("spin-us=")) {
                spinNanos = Long.parseLong(args[i].substring("spin-us=".length())) * 1_000;
            } else {
                throw new IllegalArgumentException("usage: StorvscIopsRatio [rounds] [one-thread] [spin-us=N]");
            }
        }
        Path img = Files.createTempFile("storvsc-iops", ".img");
        try {
            long[] firstWords = fill(img);
            try (FileBlockStore store = ((FileBlockStore.Open.Opened) FileBlockStore.open(img, -1)).store();
                    FileChannel direct = FileChannel.open(img, StandardOpenOption.READ)) {
                StorvscSystem s = new StorvscSystem(StorvscScenario.basic(1), TraceSink.OFF, new RandomChooser(1),
                        new StorvscDisk(store), StorvscIo.IO_RING_BYTES);
                StorvscRunner.run(s, TraceSink.OFF);
                if (s.guest().pc() != GuestPc.READY) {
                    throw new IllegalStateException("handshake did not reach Ready");
                }
                TransIds ids = new TransIds();
                List<StorvscIo> channels = new ArrayList<>();
                List<StorvscHostIo> lanes = new ArrayList<>();
                for (StorvscSystem.IoChannel ch : s.openIoChannels(StorvscIo.IO_RING_BYTES)) {
                    channels.add(new StorvscIo(s.guest(), ch.rings(), QUEUE_DEPTH, s.memory(), ids, Set.of()));
                    lanes.add(ch.host());
                }
                // Both sides sleep on their device-wide wake line when idle and are woken by the other's signal.
                StorvscHostWorker worker = new StorvscHostWorker(lanes, s.hostWakeLine(), s.guestWakeLine(),
                        spin(s.guestWakeLine(), spinNanos));
                Thread host = new Thread(worker, "storvsc-host");
                host.setDaemon(true);
                if (!oneThread) {
                    host.start();
                }
                StorvscBlockDevice dev = new StorvscBlockDevice(channels, FILE_BYTES / 512, 512,
                        StorvscBlockDevice.DEFAULT_TIMEOUT_NANOS, s.guestWakeLine(),
                        spin(s.hostWakeLine(), spinNanos));
                StorvscIopsRatio bench = new StorvscIopsRatio(direct, dev, firstWords, oneThread ? worker : null);
                bench.worker = worker;
                bench.measure(rounds, channels.size(), (oneThread ? "guest and host on one thread"
                        : "host on its own thread") + ", spin up to " + spinNanos / 1_000 + " us");
                worker.stop();
                host.join(5_000);
            }
        } finally {
            Files.deleteIfExists(img);
        }
    }

    private void measure(int rounds, int channels, String threads) throws IOException {
        // Warm-up by work done, not time: on a loaded machine the JIT threads get little CPU, and 20,000 full-stack
        // reads still ran interpreted at 600 us each in a trial.
        long warm = 0;
        for (int i = 0; i < 200 && warm < 100_000; i++) {
            warm += (long) (stackRound() * ROUND_NANOS / 1e9);
            directRound();
        }
        long guestWakeups0 = device.wakeups();
        long hostWakeups0 = worker.wakeups();
        long guestHits0 = device.spin().hits();
        long guestMisses0 = device.spin().misses();
        long hostHits0 = worker.spin().hits();
        long hostMisses0 = worker.spin().misses();
        long[] ends0 = {device.spin().idleEnds(), device.spin().staleEnds(), worker.spin().idleEnds(),
            worker.spin().staleEnds()};
        double[] stack = new double[rounds];
        double[] dir = new double[rounds];
        double[] ratio = new double[rounds];
        long stackCpu = 0;
        long hostCpu = 0;
        long stackWall = 0;
        long dirCpu = 0;
        long stackAlloc = 0;
        long dirAlloc = 0;
        double stackReads = 0;
        double dirReads = 0;
        for (int r = 0; r < rounds; r++) {
            for (int k = 0; k < 2; k++) {
                long c0 = cpuNanos();
                long a0 = allocatedBytes();
                if ((r + k) % 2 == 0) {
                    long h0 = cpuNanos("storvsc-host");
                    long w0 = System.nanoTime();
                    stack[r] = stackRound();
                    stackWall += System.nanoTime() - w0;
                    stackCpu += cpuNanos() - c0;
                    hostCpu += cpuNanos("storvsc-host") - h0;
                    stackAlloc += allocatedBytes() - a0;
                    stackReads += stack[r] * ROUND_NANOS / 1e9;
                } else {
                    dir[r] = directRound();
                    dirCpu += cpuNanos() - c0;
                    dirAlloc += allocatedBytes() - a0;
                    dirReads += dir[r] * ROUND_NANOS / 1e9;
                }
            }
            ratio[r] = stack[r] / dir[r];
        }
        Arrays.sort(stack);
        Arrays.sort(dir);
        Arrays.sort(ratio);
        System.out.printf(Locale.ROOT, "storvsc 4 KiB random reads, %d rounds of %d ms, %d channels, QD %d, %s:%n",
                rounds, ROUND_NANOS / 1_000_000, channels, QUEUE_DEPTH, threads);
        System.out.printf(Locale.ROOT, "  full stack %.0f reads/s, direct FileChannel %.0f reads/s (medians)%n",
                stack[rounds / 2], dir[rounds / 2]);
        System.out.printf(Locale.ROOT, "  ratio stack/direct: median %.2f (IQR %.2f-%.2f)  [sink %d]%n",
                ratio[rounds / 2], ratio[rounds / 4], ratio[3 * rounds / 4], sink & 1);
        // CPU time of every thread of the JVM's two paths (guest + host threads for the stack): reads per CPU second,
        // what the machine's load does not distort.
        System.out.printf(Locale.ROOT, "  per CPU second: full stack %.0f reads, direct %.0f reads, ratio %.2f "
                + "(warm-up %d full-stack reads)%n", stackReads * 1e9 / stackCpu, dirReads * 1e9 / dirCpu,
                (stackReads / stackCpu) / (dirReads / dirCpu), warm);
        // Which thread the stack's CPU went to: the guest's (main) and the host's, microseconds per read; and how many
        // CPUs the stack's two threads held during its rounds (near 2 when they ran side by side, near 1 or below
        // when they took turns on a loaded machine).
        System.out.printf(Locale.ROOT, "  CPU per full-stack read: guest %.2f us, host %.2f us; direct read %.2f us; "
                + "CPUs held by the stack's threads %.2f%n", (stackCpu - hostCpu) / 1e3 / stackReads,
                hostCpu / 1e3 / stackReads, dirCpu / 1e3 / dirReads, (double) stackCpu / stackWall);
        // Heap bytes the benchmark's threads allocated per read (ThreadMXBean): what the young GC has to collect.
        System.out.printf(Locale.ROOT, "  allocated per read: full stack %.0f bytes, direct %.0f bytes%n",
                stackAlloc / stackReads, dirAlloc / dirReads);
        // Sleeps a signal ended, per 1,000 reads: how often a side went idle and had to be woken by the other.
        System.out.printf(Locale.ROOT, "  wake-ups per 1,000 reads: guest %.1f, host %.1f%n",
                (device.wakeups() - guestWakeups0) * 1000.0 / stackReads,
                (worker.wakeups() - hostWakeups0) * 1000.0 / stackReads);
        // Waits a spin ended without a park, and spins that ended without a ring (PeerSpin), per 1,000 reads.
        System.out.printf(Locale.ROOT, "  spins per 1,000 reads: guest %.1f caught, %.1f parked; host %.1f caught, "
                + "%.1f parked%n", (device.spin().hits() - guestHits0) * 1000.0 / stackReads,
                (device.spin().misses() - guestMisses0) * 1000.0 / stackReads,
                (worker.spin().hits() - hostHits0) * 1000.0 / stackReads,
                (worker.spin().misses() - hostMisses0) * 1000.0 / stackReads);
        // Why spins ended without a ring: the peer idle on its line, the awake peer's heartbeat stale (else the budget).
        System.out.printf(Locale.ROOT, "  spins ended without a ring, per 1,000 reads: guest %.1f peer idle, %.1f peer "
                + "stale; host %.1f peer idle, %.1f peer stale%n",
                (device.spin().idleEnds() - ends0[0]) * 1000.0 / stackReads,
                (device.spin().staleEnds() - ends0[1]) * 1000.0 / stackReads,
                (worker.spin().idleEnds() - ends0[2]) * 1000.0 / stackReads,
                (worker.spin().staleEnds() - ends0[3]) * 1000.0 / stackReads);
    }

    /** @return a spin on the peer's line for at most {@code maxNanos} (0: never spin) */
    private static PeerSpin spin(InProcessDoorbell.WakeLine peer, long maxNanos) {
        return maxNanos == 0 ? PeerSpin.never() : new PeerSpin(peer, maxNanos, PeerSpin.DEFAULT_STALE_NANOS);
    }

    /** @return CPU time of the named thread of this JVM (0 if none), nanoseconds */
    private static long cpuNanos(String name) {
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        for (long id : mx.getAllThreadIds()) {
            java.lang.management.ThreadInfo i = mx.getThreadInfo(id);
            if (i != null && i.getThreadName().equals(name)) {
                return Math.max(0, mx.getThreadCpuTime(id));
            }
        }
        return 0;
    }

    /** @return CPU time of every live thread of this JVM's benchmark (main and the host), nanoseconds */
    private static long cpuNanos() {
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        long t = 0;
        for (long id : mx.getAllThreadIds()) {
            ThreadInfoName n = ThreadInfoName.of(mx, id);
            if (n == ThreadInfoName.MEASURED) {
                t += Math.max(0, mx.getThreadCpuTime(id));
            }
        }
        return t;
    }

    /** @return heap bytes allocated so far by the benchmark's own threads (main, storvsc-host) */
    private static long allocatedBytes() {
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        if (!(mx instanceof com.sun.management.ThreadMXBean sun) || !sun.isThreadAllocatedMemorySupported()) {
            return 0;
        }
        long t = 0;
        for (long id : mx.getAllThreadIds()) {
            if (ThreadInfoName.of(mx, id) == ThreadInfoName.MEASURED) {
                t += Math.max(0, sun.getThreadAllocatedBytes(id));
            }
        }
        return t;
    }

    /** Which threads count: the benchmark's own (main, storvsc-host), not JIT or GC. */
    private enum ThreadInfoName {
        MEASURED, OTHER;

        static ThreadInfoName of(java.lang.management.ThreadMXBean mx, long id) {
            java.lang.management.ThreadInfo i = mx.getThreadInfo(id);
            return i != null && (i.getThreadName().equals("main") || i.getThreadName().equals("storvsc-host"))
                    ? MEASURED : OTHER;
        }
    }

    /** Fills the image with random bytes; returns each 4 KiB block's first 8 bytes (big-endian) to check reads. */
    private static long[] fill(Path img) throws IOException {
        long[] first = new long[(int) (FILE_BYTES / BLOCK)];
        SplittableRandom r = new SplittableRandom(1);
        ByteBuffer chunk = ByteBuffer.allocate(1 << 20);
        try (FileChannel ch = FileChannel.open(img, StandardOpenOption.WRITE)) {
            for (long at = 0; at < FILE_BYTES; at += chunk.capacity()) {
                chunk.clear();
                byte[] a = chunk.array();
                r.nextBytes(a);
                for (int b = 0; b < a.length; b += BLOCK) {
                    first[(int) ((at + b) / BLOCK)] = ByteBuffer.wrap(a).getLong(b);
                }
                while (chunk.hasRemaining()) {
                    ch.write(chunk, at + chunk.position());
                }
            }
        }
        return first;
    }
}
