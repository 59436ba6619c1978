package dev.enlightened.cli;

import dev.enlightened.workspace.TempDirs;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code enlightened explore FAMILY}: searches the schedules of a scenario of the Java reference implementation,
 * each validated online against its trace module. Thin: the exploration runs in a JVM of its own
 * ({@code dev.enlightened.explore.ExploreMain}, which holds the implementation and the engine; TLC's statics need a
 * JVM to themselves), with its progress on stderr and its summary on stdout.
 */
@Command(name = "explore", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Explore the schedules of a scenario (ring, channels, storvsc, netvsc, network) systematically, "
                + "validating each schedule's trace online; report the first rejection shrunk, with its replay "
                + "token, and the spec states and actions reached. docs/exploring.md explains the strategies.",
                "Scenario options are those of 'enlightened run FAMILY' (e.g. --packets 4, --devices 1, "
                        + "--rescinds 1); unset ones take explore's defaults (docs/exploring.md). 'channels --vps N', "
                        + "'--contexts' and '--identity' explore those runs of 'run channels' (a fault of one selects "
                        + "it); 'network --all-phases' validates run network's trace of every phase (TraceNetvscDevice; "
                        + "set by rndis-wrong-id).",
                "Exit 0: no rejection; 1: a schedule was rejected; 2: bad input; 3: internal error."})
final class ExploreCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FAMILY", description = "ring, channels, storvsc, netvsc or network.")
    String family;

    @Option(names = "--strategy", paramLabel = "S", defaultValue = "dfs",
            description = "dfs (bounded exhaustive, default), pct or random.")
    String strategy;

    @Option(names = "--preemptions", paramLabel = "K", defaultValue = "2",
            description = "dfs: at most K preemptions per schedule (default 2).")
    String preemptions;

    @Option(names = "--delay-levels", paramLabel = "L", defaultValue = "3",
            description = "dfs: explore the bounded space first with at most 0, 1, ... L-1 deviations from the default "
                    + "schedule, then whole (iterative delay bounding; 0: plain DFS; default 3).")
    String delayLevels;

    @Option(names = "--depth", paramLabel = "D", defaultValue = "3", description = "pct: bug depth d (default 3).")
    String depth;

    @Option(names = "--schedules", paramLabel = "N", description = "Stop after N schedules.")
    String schedules;

    @Option(names = "--time", paramLabel = "D", defaultValue = "60s",
            description = "Stop after this long (default 60s; e.g. 10m, 500ms).")
    String time;

    @Option(names = "--fault", paramLabel = "NAME", description = "Switch on a fault of the family (repeatable).")
    List<String> faults = new ArrayList<>();

    @Option(names = "--json", paramLabel = "FILE", description = "Write the report as JSON.")
    Path json;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "target/explore",
            description = "Where a rejected schedule's trace is written (default target/explore).")
    Path out;

    @Option(names = "--no-prune", description = "dfs: do not cut prefixes whose (spec state, digest) was explored.")
    boolean noPrune;

    @Option(names = "--no-sleep-sets", description = "dfs: do not put explored independent steps to sleep "
            + "(state pruning alone).")
    boolean noSleepSets;

    @Option(names = "--stateless", description = "dfs on ring: the stateless search (every schedule re-run from the "
            + "start, the levels phase first) instead of the graph search that keeps a run going past a known state.")
    boolean stateless;

    @Option(names = "--vary-lengths", description = "ring: branch on each packet's length over the scenario's "
            + "packet sizes (the trace header's PacketLens) instead of taking the seed's sequence.")
    boolean varyLengths;

    @Option(names = "--vary-budgets", description = "ring: branch on each consumer poll's budget (the scenario's, "
            + "then 1 to the packet count), so that the consumer stops at its budget after any packet read, as the "
            + "spec's ConsumerStopsAtBudget allows.")
    boolean varyBudgets;

    @Option(names = "--spec-coverage", description = "After exploring, count the spec's distinct states at the run's "
            + "trace-header constants with TLC (a forked JVM) and report the fraction the implementation reached.")
    boolean specCoverage;

    @Option(names = "--dump-reached", paramLabel = "FILE", description = "Write the spec states reached, in TLC's "
            + "-dump layout; with --spec-coverage, FILE.missing lists the spec's states never reached.")
    Path dumpReached;

    @Option(names = "--compare-pruning", description = "dfs: explore the space again (stateless with "
            + "the state table and sleep sets, with state pruning alone, without any pruning) and report the cuts "
            + "and whether every search reached the same spec states.")
    boolean comparePruning;

    @CommandLine.Unmatched
    List<String> scenario = new ArrayList<>();

    @Override
    public Integer call() throws IOException, InterruptedException {
        // Deleted when the explorer ends, or by TempDirs' shutdown hook on Ctrl-C (which reaches the explorer's JVM
        // too: it shares this process group).
        Path tmp = TempDirs.create("explore");
        try {
            return explore(tmp);
        } finally {
            TempDirs.delete(tmp);
        }
    }

    private int explore(Path tmp) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-XX:+UseG1GC");
        // A private java.io.tmpdir: SANY extracts its standard modules there (concurrent TLC JVMs race on /tmp).
        cmd.add("-Djava.io.tmpdir=" + tmp);
        String root = System.getProperty("enlightened.root");
        if (root != null) {
            cmd.add("-Denlightened.root=" + root);
        }
        cmd.add("-cp");
        cmd.add(classpath());
        cmd.add("dev.enlightened.explore.ExploreMain");
        cmd.add(family);
        add(cmd, "--strategy", strategy);
        add(cmd, "--preemptions", preemptions);
        add(cmd, "--depth", depth);
        add(cmd, "--delay-levels", delayLevels);
        add(cmd, "--schedules", schedules);
        add(cmd, "--time", time);
        faults.forEach(f -> add(cmd, "--fault", f));
        add(cmd, "--json", json == null ? null : json.toString());
        add(cmd, "--out", out.toString());
        if (noPrune) {
            cmd.add("--no-prune");
        }
        if (varyLengths) {
            cmd.add("--vary-lengths");
        }
        if (varyBudgets) {
            cmd.add("--vary-budgets");
        }
        if (noSleepSets) {
            cmd.add("--no-sleep-sets");
        }
        if (stateless) {
            cmd.add("--stateless");
        }
        if (comparePruning) {
            cmd.add("--compare-pruning");
        }
        if (specCoverage) {
            cmd.add("--spec-coverage");
        }
        add(cmd, "--dump-reached", dumpReached == null ? null : dumpReached.toString());
        cmd.addAll(scenario);
        Process p = new ProcessBuilder(cmd).inheritIO().start();
        return p.waitFor();
    }

    private static void add(List<String> cmd, String option, String value) {
        if (value != null) {
            cmd.add(option);
            cmd.add(value);
        }
    }

    /** This JVM's classpath plus where the explorer's, engine's and TLC's classes come from (works for -jar). */
    private static String classpath() {
        return dev.enlightened.workspace.Classpath.of(
                List.of(System.getProperty("java.class.path").split(File.pathSeparator)),
                List.of(dev.enlightened.explore.ExploreMain.class, dev.enlightened.sim.Chooser.class,
                        dev.enlightened.validation.Verdict.class,
                        com.fasterxml.jackson.databind.ObjectMapper.class, com.fasterxml.jackson.core.JsonFactory.class,
                        com.fasterxml.jackson.annotation.JsonTypeInfo.class),
                List.of(dev.enlightened.workspace.Classpath.TLC));
    }
}
