package dev.enlightened.benchmarks;

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
 * machine. Every full-stack read is checked (its first 8 bytes against the file's).
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar dev.enlightened.benchmarks.StorvscIopsRatio [rounds]}.
 */
public final class StorvscIopsRatio {
    private static final long FILE_BYTES = 64L << 20;
    private static final int BLOCK = 4096;
    private static final int QUEUE_DEPTH = 32;
    private static final long ROUND_NANOS = 200_000_000L;

    private final FileChannel direct;
    private final StorvscBlockDevice device;
    private final long[] firstWords;
    private final SplittableRandom random = new SplittableRandom(7);
    private final ByteBuffer buf = ByteBuffer.allocate(BLOCK);
    private long sink;

    private StorvscIopsRatio(FileChannel direct, StorvscBlockDevice device, long[] firstWords) {
        this.direct = direct;
        this.device = device;
        this.firstWords = firstWords;
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

    /** Full-stack 4 KiB reads at queue depth 32 for one round; reads per second. */
    private double stackRound() {
        java.util.Map<Long, Integer> blockOf = new java.util.HashMap<>();
        long n = 0;
        long begin = System.nanoTime();
        long now;
        do {
            while (blockOf.size() < QUEUE_DEPTH) {
                int b = random.nextInt((int) (FILE_BYTES / BLOCK));
                if (!(device.submitRead(b * 8L, 8) instanceof StorvscBlockDevice.Submission.Queued q)) {
                    break;
                }
                blockOf.put(q.transId(), b);
            }
            for (StorvscBlockDevice.Completion c : device.poll(1_000_000_000L)) {
                int b = blockOf.remove(c.transId());
                byte[] d = ((BlockResult.Done) c.result()).data();
                if (ByteBuffer.wrap(d).getLong(0) != firstWords[b]) {
                    throw new IllegalStateException("wrong data for block " + b);
                }
                n++;
            }
            now = System.nanoTime();
        } while (now - begin < ROUND_NANOS);
        while (!blockOf.isEmpty()) { // drain, so the next round starts empty
            device.poll(1_000_000_000L).forEach(c -> blockOf.remove(c.transId()));
        }
        return n * 1e9 / (now - begin);
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 40;
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
                StorvscHostWorker worker = new StorvscHostWorker(lanes);
                Thread host = new Thread(worker, "storvsc-host");
                host.setDaemon(true);
                host.start();
                StorvscBlockDevice dev = new StorvscBlockDevice(channels, FILE_BYTES / 512, 512,
                        StorvscBlockDevice.DEFAULT_TIMEOUT_NANOS);
                new StorvscIopsRatio(direct, dev, firstWords).measure(rounds, channels.size());
                worker.stop();
                host.join(5_000);
            }
        } finally {
            Files.deleteIfExists(img);
        }
    }

    private void measure(int rounds, int channels) throws IOException {
        for (int i = 0; i < 5; i++) { // warm-up: JIT both paths
            stackRound();
            directRound();
        }
        double[] stack = new double[rounds];
        double[] dir = new double[rounds];
        double[] ratio = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            if (r % 2 == 0) {
                stack[r] = stackRound();
                dir[r] = directRound();
            } else {
                dir[r] = directRound();
                stack[r] = stackRound();
            }
            ratio[r] = stack[r] / dir[r];
        }
        Arrays.sort(stack);
        Arrays.sort(dir);
        Arrays.sort(ratio);
        System.out.printf(Locale.ROOT, "storvsc 4 KiB random reads, %d rounds of %d ms, %d channels, QD %d:%n",
                rounds, ROUND_NANOS / 1_000_000, channels, QUEUE_DEPTH);
        System.out.printf(Locale.ROOT, "  full stack %.0f reads/s, direct FileChannel %.0f reads/s (medians)%n",
                stack[rounds / 2], dir[rounds / 2]);
        System.out.printf(Locale.ROOT, "  ratio stack/direct: median %.2f (IQR %.2f-%.2f)  [sink %d]%n",
                ratio[rounds / 2], ratio[rounds / 4], ratio[3 * rounds / 4], sink & 1);
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
