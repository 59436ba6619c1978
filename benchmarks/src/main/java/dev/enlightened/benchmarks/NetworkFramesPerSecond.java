package dev.enlightened.benchmarks;

import dev.enlightened.netvsc.scenario.NetworkResult;
import dev.enlightened.netvsc.scenario.NetworkRunner;
import dev.enlightened.netvsc.scenario.NetworkScenario;
import dev.enlightened.sim.RandomChooser;
import dev.enlightened.trace.TraceSink;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Collections;
import java.util.Locale;
import java.util.Set;

/**
 * Issue 14's netvsc row: Ethernet frames per second through the virtual switch, untraced, in one JVM on the
 * deterministic scheduler ({@link NetworkRunner#run}: every frame goes guest TX, VSP, switch, the other VSP's receive
 * section and transfer-page packet, guest RX and its completion, verified byte for byte at the receiver). It is the
 * {@code Bench.java} of docs/benchmarks.md's first frames/s rows, kept in the repository: a warm-up run, then one run
 * per seed, each printing frames sent, received and verified, wall time, frames per wall second and frames per CPU
 * second of this thread (what the machine's load distorts less).
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar dev.enlightened.benchmarks.NetworkFramesPerSecond
 * [frames] [guests] [queues] [seeds]} (defaults 100000, 2, 2, 3; queues is what each guest asks for, Linux
 * {@code num_chn}, the host granting up to 64).
 */
public final class NetworkFramesPerSecond {
    private NetworkFramesPerSecond() {
    }

    public static void main(String[] args) {
        int frames = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int guests = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        int queues = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        int seeds = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        // Warm-up: two runs of the full size (with a tenth, the first seed's run still ran half as fast as the
        // third's, 07:09 UTC): the JIT compiles the data path before any seed is timed.
        run(frames, guests, queues, 98);
        run(frames, guests, queues, 99);
        System.out.printf(Locale.ROOT, "network: %d guests, %d queues asked, %d frames per run%n", guests, queues,
                frames);
        for (long seed = 1; seed <= seeds; seed++) {
            long c0 = mx.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            NetworkResult r = run(frames, guests, queues, seed);
            long wall = System.nanoTime() - t0;
            long cpu = mx.getCurrentThreadCpuTime() - c0;
            if (!r.allVerified()) {
                throw new IllegalStateException("seed " + seed + " did not verify: " + r.problems());
            }
            System.out.printf(Locale.ROOT, "  seed %d: sent %d received %d verified %d, wall %.2f s, %.0f frames/s,"
                    + " %.0f frames per CPU second%n", seed, r.framesSent(), r.framesReceived(), r.verified(),
                    wall / 1e9, r.framesReceived() * 1e9 / wall, r.framesReceived() * 1e9 / cpu);
        }
    }

    private static NetworkResult run(int frames, int guests, int queues, long seed) {
        NetworkScenario s = NetworkScenario.basic(guests, frames, queues, 64, Set.of(), seed);
        return NetworkRunner.run(s, Collections.nCopies(guests, TraceSink.OFF), new RandomChooser(seed));
    }
}
