package dev.enlightened.explore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.enlightened.trace.TraceHeader;
import dev.enlightened.validation.engine.OnlineSession;
import dev.enlightened.workspace.TempDirs;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Entry point of the exploration JVM (forked by {@code enlightened explore}; it holds the implementation and the
 * engine, which needs TLC's statics to itself). Usage:
 * <pre>
 * ExploreMain FAMILY [--strategy dfs|pct|random] [--preemptions K] [--depth D] [--schedules N] [--time D]
 *             [--fault F]... [--json FILE] [--out DIR] [--no-prune] [--no-sleep-sets] [--stateless] [--vary-lengths]
 *             [--vary-budgets]
 *             [--delay-levels L] [--compare-pruning] [--spec-coverage] [--dump-reached FILE] [--throughput]
 *             [--throughput-explore]
 *             [--SCENARIO-OPTION V]... [--contexts | --identity | --panic | --all-phases | --host-refuses
 *             | --stall-opens]
 * </pre>
 * The scenario flags are those of {@code run}: {@code channels --contexts}, {@code --identity}, {@code --vps N
 * [--panic]} ({@link ChannelViews}); {@code network --all-phases} ({@link NetworkTarget}); {@code netvsc
 * --host-refuses}, {@code netvsc --stall-opens}.
 * Exit 0: no rejection; 1: a schedule was rejected (or the Java run failed); 2: bad input; 3: internal error.
 */
public final class ExploreMain {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ExploreMain() {
    }

    /** Parsed command line. */
    private record Args(Family family, Explorer.Strategy strategy, int preemptions, int depth, long schedules,
                        long millis, List<String> faults, Path json, Path out, boolean prune, boolean sleep,
                        boolean varyLengths, boolean compare, boolean specCoverage, boolean throughput,
                        Map<String, String> scenario, int levels, boolean throughputExplore, boolean stateless,
                        Path dumpReached, boolean varyBudgets) {
        /**
         * Whether DFS runs the graph search (docs/exploring.md): the ring's state-pruned DFS, unless asked for the
         * stateless one, also with --vary-lengths (a length is chosen inside the write's first step: the graph's
         * edges are per (actor, choices of the step)); not with --throughput-explore (it keeps whole schedules'
         * traces).
         */
        boolean graph() {
            return strategy == Explorer.Strategy.DFS && prune && !stateless && family == Family.RING
                    && !throughputExplore;
        }
    }

    public static void main(String[] argv) {
        // The simulated host logs each message it refuses; over thousands of schedules that is noise (and time),
        // and the refusals are in the traces the explorer checks.
        java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.OFF);
        System.exit(run(argv, System.out, System.err));
    }

    /**
     * @param family a family's command-line name
     * @return the fault names {@code explore FAMILY --fault} accepts (the cli checks they are its run's switches)
     * @throws IllegalArgumentException for an unknown family
     */
    public static java.util.List<String> faultNames(String family) {
        try {
            return Family.parse(family).faults();
        } catch (BadInput e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** @return the exit code */
    static int run(String[] argv, PrintStream out, PrintStream err) {
        Args a;
        Target target;
        try {
            a = parse(argv);
            target = a.family.target(a.scenario, a.faults);
        } catch (BadInput e) {
            err.println("explore: " + e.getMessage());
            return 2;
        }
        try {
            return explore(a, target, out, err);
        } catch (BadInput e) {
            err.println("explore: " + e.getMessage());
            return 2;
        } catch (IOException | RuntimeException e) {
            err.println("explore: internal error: " + e);
            return 3;
        }
    }

    private static int explore(Args a, Target target, PrintStream out, PrintStream err) throws IOException {
        TraceHeader header = target.header();
        Path root = repoRoot();
        Path module = module(root, header.spec()).orElseThrow(() -> new BadInput("no trace module "
                + header.spec() + ".tla under " + root));
        Map<String, JsonNode> constants = new LinkedHashMap<>();
        header.constants().forEach((k, v) -> constants.put(k, JSON.valueToTree(v)));
        // Deleted when this JVM exits, also on Ctrl-C (TempDirs' shutdown hook): explore runs once per JVM.
        Path work = TempDirs.create("explore");
        OnlineSession session;
        long loadStart = System.nanoTime();
        try {
            session = OnlineSession.open(module, libraryDirs(root), constants, work);
        } catch (OnlineSession.LoadException e) {
            throw new IllegalStateException("cannot load " + module + ": " + e.getMessage());
        }
        long loadMillis = (System.nanoTime() - loadStart) / 1_000_000;
        if (a.throughput) {
            return throughput(a, target, session, work, out);
        }
        String label = a.family.cli() + (a.faults.isEmpty() ? "" : " " + String.join(",", a.faults));
        Explorer.Options opts = new Explorer.Options(a.family, target, a.strategy, a.preemptions, a.depth,
                a.schedules, a.millis, seedOf(a), a.prune, a.sleep, a.varyLengths, a.out, label, a.levels, a.graph(),
                a.varyBudgets);
        if (a.throughputExplore) {
            return throughputExplore(a, opts, session, work, out, err);
        }
        boolean comparing = a.compare && a.strategy == Explorer.Strategy.DFS;
        if (comparing) {
            session.startRecording();
        }
        if (a.dumpReached != null) {
            session.keepStates();
        }
        Explorer.Result r = new Explorer(session, opts, err).explore();
        if (a.dumpReached != null) {
            writeStates(a.dumpReached, session.keptStates());
        }
        long[] reducedStates = comparing ? session.stopRecording() : null;
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("family", a.family.cli());
        report.put("strategy", a.strategy.name().toLowerCase(Locale.ROOT));
        report.put("faults", a.faults);
        report.put("scenario", target.runArguments());
        report.put("preemptions", a.preemptions);
        report.put("depth", a.depth);
        report.put("pruning", a.prune);
        report.put("sleepSets", a.sleep);
        report.put("varyLengths", a.varyLengths);
        report.put("varyBudgets", a.varyBudgets);
        report.put("delayLevels", a.levels);
        // DFS on ring: the graph search (no levels phase, no sleep sets), else the stateless search.
        report.put("search", a.graph() ? "graph" : a.strategy == Explorer.Strategy.DFS ? "stateless" : "sampling");
        report.put("specLoadMillis", loadMillis);
        put(report, "", r, session);
        if (comparing) {
            // The same bounded space, searched again in the same session: stateless with the state table and sleep
            // sets (when the first search was the graph search), with the state table alone, without any reduction,
            // and (with a levels phase) without any reduction and without the levels phase: the cuts, measured in one
            // run. Each search records the spec states its runs' frontiers held, so that the sets are compared, not
            // only counted (the online session's match memo is shared: executed events are the implementation's work
            // whatever the engine remembers).
            report.put("specStatesOfThisSearch", reducedStates.length);
            List<Object[]> searches = new ArrayList<>();
            if (a.graph()) {
                searches.add(new Object[] {"statelessPruning", " (stateless, state table and sleep sets)", true, a.sleep,
                        a.levels});
            }
            if (a.sleep) {
                searches.add(new Object[] {"statePruningOnly", " (stateless, state pruning only)", true, false,
                        a.levels});
            }
            searches.add(new Object[] {"withoutPruning", " (no pruning)", false, false, a.levels});
            if (a.levels > 0) {
                searches.add(new Object[] {"withoutPruningPlainDfs", " (no pruning, no levels phase)", false, false,
                        0});
            }
            boolean allSame = true;
            for (Object[] x : searches) {
                Explorer.Options so = new Explorer.Options(a.family, target, a.strategy, a.preemptions, a.depth,
                        a.schedules, a.millis, seedOf(a), (boolean) x[2], (boolean) x[3], a.varyLengths, a.out,
                        label + x[1], (int) x[4], false, a.varyBudgets);
                session.startRecording();
                Explorer.Result v = new Explorer(session, so, err).checkKeys().explore();
                long[] states = session.stopRecording();
                Map<String, Object> m = new LinkedHashMap<>();
                put(m, "", v, session);
                m.put("specStatesOfThisSearch", states.length);
                boolean same = java.util.Arrays.equals(states, reducedStates);
                m.put("sameSpecStatesAsTheFirstSearch", same);
                allSame &= same;
                report.put((String) x[0], m);
            }
            report.put("sameSpecStatesEveryWay", allSame);
            @SuppressWarnings("unchecked")
            Map<String, Object> u = (Map<String, Object>) report.get("withoutPruning");
            long ue = ((Number) u.get("events")).longValue();
            long uv = ((Number) u.get("validatedEvents")).longValue();
            report.put("pruningEventRatio", r.events() == 0 ? 0 : (double) ue / r.events());
            report.put("pruningValidatedEventRatio", r.validated() == 0 ? 0 : (double) uv / r.validated());
            if (report.get("withoutPruningPlainDfs") instanceof Map<?, ?> plain) {
                long pe = ((Number) plain.get("events")).longValue();
                report.put("pruningEventRatioPlainDfs", r.events() == 0 ? 0 : (double) pe / r.events());
            }
        }
        if (a.specCoverage) {
            String name = module.getFileName().toString().replace(".tla", "");
            long total;
            try {
                Path tlcDump = a.dumpReached == null ? null : work.resolve("spec-states");
                total = SpecStateCount.count(module, work.resolve(name + ".cfg"), libraryDirs(root), work, 1800,
                        tlcDump);
                if (tlcDump != null && total > 0) {
                    compareStates(a.dumpReached, tlcDump, session.keptStates(), report);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                total = -1;
            }
            report.put("specStatesTotal", total);
            report.put("specStateCoverage", total > 0 ? (double) session.distinctStates() / total : null);
        }
        printSummary(out, a, r, session, report);
        if (a.json != null) {
            Path parent = a.json.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            JSON.writeValue(a.json.toFile(), report);
        }
        return r.finding() == null ? 0 : 1;
    }

    /** {@code --throughput}: online against offline validation on the events of one seeded run ({@link Throughput}). */
    private static int throughput(Args a, Target target, OnlineSession session, Path work, PrintStream out)
            throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("family", a.family.cli());
        m.put("scenario", target.runArguments());
        m.putAll(Throughput.measure(session, target, seedOf(a), work));
        out.printf(Locale.ROOT, "throughput %s: %d events, median of %d: offline engine %.0f ms CPU (%.0f events "
                        + "per CPU second), online %.0f ms CPU (%.0f events per CPU second): online/offline %.2fx%n",
                target.runArguments(), m.get("events"), Throughput.REPS, m.get("offlineCpuMillis"),
                m.get("offlineEventsPerCpuSecond"), m.get("onlineCpuMillis"), m.get("onlineEventsPerCpuSecond"),
                (double) m.get("onlineEventsPerCpuSecond") / (double) m.get("offlineEventsPerCpuSecond"));
        if (a.json != null) {
            JSON.writeValue(a.json.toFile(), m);
        }
        return 0;
    }

    /**
     * {@code --throughput-explore}: explores as asked (the budget and reductions given), keeping every schedule that
     * ran to its end as a trace file, then has the offline engine check each file ({@link OnlineSession#check}, what
     * {@code validate} runs) in the same JVM and session. Compares the online session's CPU time over the exploration
     * with the offline engine's over the same schedules' events: the online side validates every executed event
     * (restoring a re-executed prefix's position instead of validating it again, and remembering matches) and the
     * offline side checks each schedule's trace from its first event, as a trace per schedule would be checked
     * without online validation. With {@code --no-prune} every schedule runs to its end, so both sides see exactly
     * the same events.
     */
    private static int throughputExplore(Args a, Explorer.Options opts, OnlineSession session, Path work,
                                         PrintStream out, PrintStream err) throws IOException {
        Path dir = Files.createDirectories(work.resolve("kept"));
        Explorer ex = new Explorer(session, opts, err).keepTraces(dir);
        Explorer.Result r = ex.explore();
        if (r.finding() != null) {
            throw new IllegalStateException("a schedule was rejected: " + r.finding().summary());
        }
        long onlineCpu = OnlineSink.validationCpuNanos;
        java.lang.management.ThreadMXBean cpu = java.lang.management.ManagementFactory.getThreadMXBean();
        long offlineCpu = 0;
        for (Path p : ex.keptTraces()) {
            long t = cpu.getCurrentThreadCpuTime();
            dev.enlightened.validation.Verdict v = session.check(p);
            offlineCpu += cpu.getCurrentThreadCpuTime() - t;
            if (!(v instanceof dev.enlightened.validation.Verdict.Accepted)) {
                throw new IllegalStateException("the offline engine did not accept " + p + ": " + v);
            }
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("family", a.family.cli());
        m.put("scenario", opts.target().runArguments());
        m.put("pruning", a.prune);
        m.put("exhausted", r.exhausted());
        m.put("schedules", r.schedules());
        m.put("executedEvents", r.events());
        m.put("onlineValidatedEvents", r.validated());
        m.put("onlineCpuMillis", onlineCpu / 1e6);
        m.put("onlineExecutedEventsPerCpuSecond", r.events() * 1e9 / Math.max(1, onlineCpu));
        m.put("onlineValidatedEventsPerCpuSecond", r.validated() * 1e9 / Math.max(1, onlineCpu));
        m.put("offlineTraces", ex.keptTraces().size());
        m.put("offlineEvents", ex.keptEvents());
        m.put("offlineCpuMillis", offlineCpu / 1e6);
        m.put("offlineEventsPerCpuSecond", ex.keptEvents() * 1e9 / Math.max(1, offlineCpu));
        out.printf(Locale.ROOT, "throughput-explore %s: %d schedules (%s), %d events executed%n"
                        + "  online:  %.0f ms CPU for all of them (%d validated, the rest restored): %.0f executed "
                        + "events per CPU second, %.0f validated events per CPU second%n"
                        + "  offline: %.0f ms CPU for the %d traces that ran to their end (%d events): %.0f events per "
                        + "CPU second%n",
                opts.target().runArguments(), r.schedules(), r.exhausted() ? "the whole bounded space" : "budget",
                r.events(), onlineCpu / 1e6, r.validated(), m.get("onlineExecutedEventsPerCpuSecond"),
                m.get("onlineValidatedEventsPerCpuSecond"), offlineCpu / 1e6, ex.keptTraces().size(), ex.keptEvents(),
                m.get("offlineEventsPerCpuSecond"));
        if (a.json != null) {
            JSON.writeValue(a.json.toFile(), m);
        }
        return 0;
    }

    private static long seedOf(Args a) {
        return Long.parseLong(a.scenario.getOrDefault("seed", a.family.defaults().get("seed")));
    }

    private static void put(Map<String, Object> m, String prefix, Explorer.Result r, OnlineSession session) {
        m.put("schedules", r.schedules());
        m.put("events", r.events());
        m.put("validatedEvents", r.validated());
        m.put("pruned", r.pruned());
        m.put("sleepSetCuts", r.sleepCuts());
        m.put("sleepingAlternativesSkipped", r.sleepSkips());
        m.put("millis", r.millis());
        m.put("exhausted", r.exhausted());
        // Per DFS level finished: [deviation bound (-1: none), schedules so far, milliseconds so far].
        m.put("levels", r.levelSchedules());
        m.put("deviationBoundAtEnd", r.deviationBound() == Explorer.UNBOUNDED ? -1 : r.deviationBound());
        m.put("schedulesPerSecond", r.schedules() * 1000.0 / Math.max(1, r.millis()));
        m.put("eventsPerSecond", r.events() * 1000.0 / Math.max(1, r.millis()));
        m.put("specStatesReached", session.distinctStates());
        // Over the session so far: events whose (frontier, event) pair was matched before, and those searched.
        m.put("onlineMatchesRemembered", session.memoHits());
        m.put("onlineMatchesSearched", session.memoMisses());
        // Online validation alone (events in, verdict out), against the engine's offline rate on the same events.
        m.put("validationMillis", OnlineSink.validationNanos / 1_000_000);
        m.put("validatedEventsPerSecond", r.validated() * 1e9 / Math.max(1, OnlineSink.validationNanos));
        m.put("validationCpuMillis", OnlineSink.validationCpuNanos / 1_000_000);
        m.put("validatedEventsPerCpuSecond", r.validated() * 1e9 / Math.max(1, OnlineSink.validationCpuNanos));
        m.put("maxSteps", r.maxSteps());
        // Coverage over time, for a plot: [schedules, distinct spec states (session so far), milliseconds], taken at
        // 1, 2, 4, 8, ... schedules and at the end.
        m.put("coverageSamples", r.samples());
        Map<String, Long> cov = new LinkedHashMap<>(session.coverage());
        m.put("actionCoverage", cov);
        m.put("actionsNeverReached", cov.entrySet().stream().filter(e -> e.getValue() == 0).map(Map.Entry::getKey)
                .toList());
        m.put("opaqueDigestTypes", dev.enlightened.sim.StateDigest.opaqueTypes());
        if (r.keyTransitions() >= 0) {
            // (key, actor) pairs seen, and times one led to another key than before: 0 when the key determines the
            // future over the space this search ran (the whole bounded space without pruning).
            m.put("keyTransitionsChecked", r.keyTransitions());
            m.put("keyConflicts", r.keyConflicts());
        }
        if (r.graph() != null) {
            Map<String, Object> g = new LinkedHashMap<>();
            g.put("nodes", r.graph().nodes());
            g.put("transitions", r.graph().transitions());
            g.put("walkedSteps", r.graph().walkedSteps());
            g.put("replayedSteps", r.graph().replayedSteps());
            g.put("keyMismatches", r.graph().mismatches());
            m.put("graphSearch", g);
        }
        if (r.finding() != null) {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("summary", r.finding().summary());
            f.put("token", r.finding().token());
            f.put("preemptions", r.finding().preemptions());
            f.put("hostChoices", r.finding().hostDeviations());
            f.put("events", r.finding().events());
            f.put("trace", r.finding().trace().toString());
            f.put("replay", r.finding().replay());
            m.put("rejection", f);
        }
    }

    private static void printSummary(PrintStream out, Args a, Explorer.Result r, OnlineSession session,
                                     Map<String, Object> report) {
        out.printf("explore %s%s (%s, preemptions %d%s%s): %d schedules%s, %d events (%d validated), %d spec states, "
                        + "%d pruned, %.1f s (%.0f schedules/s, %.0f events/s; online validation alone %.0f events/s, "
                        + "%.0f per CPU second)%n", a.family.cli(),
                a.faults.isEmpty() ? "" : " --fault " + String.join(",", a.faults),
                a.strategy.name().toLowerCase(Locale.ROOT), a.preemptions,
                a.strategy == Explorer.Strategy.PCT ? ", depth " + a.depth : "", r.deviationBound() == Explorer.UNBOUNDED || a.strategy != Explorer.Strategy.DFS ? ""
                        : ", deviations " + r.deviationBound(), r.schedules(),
                r.exhausted() ? " (the whole bounded space)" : "", r.events(), r.validated(),
                session.distinctStates(), r.pruned(),
                r.millis() / 1000.0, r.schedules() * 1000.0 / Math.max(1, r.millis()),
                r.events() * 1000.0 / Math.max(1, r.millis()), report.get("validatedEventsPerSecond"),
                report.get("validatedEventsPerCpuSecond"));
        if (report.get("specStatesTotal") instanceof Long total && total > 0) {
            out.printf("spec coverage: %d of the spec's %d distinct states at these constants (%.1f%%, TLC)%n",
                    session.distinctStates(), total, 100.0 * session.distinctStates() / total);
        }
        if (report.get("specStatesNotReached") != null) {
            out.printf("spec states never reached: %s of TLC's %s (written to %s); reached states TLC does not list:"
                    + " %s%n", report.get("specStatesNotReached"), report.get("specStatesDumped"),
                    report.get("specStatesNotReachedFile"), report.get("reachedStatesNotInTlcDump"));
        }
        StringBuilder over = new StringBuilder();
        for (long[] x : r.samples()) {
            over.append(over.length() == 0 ? "" : ", ").append(x[0]).append(": ").append(x[1]);
        }
        out.println("spec states reached after N schedules (N: states): " + over);
        Object never = report.get("actionsNeverReached");
        out.println("spec actions never reached: " + never);
        if (r.graph() != null) {
            out.printf("graph search: %d step boundaries (keys), %d transitions executed once each, %d steps walked "
                    + "along known ones, %d steps replayed from the start, %d key mismatches%n", r.graph().nodes(),
                    r.graph().transitions(), r.graph().walkedSteps(), r.graph().replayedSteps(),
                    r.graph().mismatches());
            if (r.graph().mismatches() > 0) {
                // The graph search assumes the key determines the next one (docs/exploring.md, points 1 and 6).
                out.println("WARNING: a known (state key, actor) led elsewhere: the key does not determine the "
                        + "future here, so the graph search may have missed states; --compare-pruning checks every "
                        + "pair, --stateless does not rely on one history per key");
            }
        }
        if (report.containsKey("withoutPruning")) {
            out.printf("this search: %s spec states%n", report.get("specStatesOfThisSearch"));
            String[][] names = {{"statelessPruning", "stateless, state table and sleep sets"},
                {"statePruningOnly", "stateless, state table only"}, {"withoutPruning", "without pruning"},
                {"withoutPruningPlainDfs", "without pruning, no levels phase"}};
            for (String[] n : names) {
                if (report.get(n[0]) instanceof Map<?, ?> x) {
                    out.printf("%s: %s schedules, %s events executed, %s validated, %s spec states (%s), key "
                                    + "conflicts %s of %s (key, actor) pairs%n", n[1], x.get("schedules"),
                            x.get("events"), x.get("validatedEvents"), x.get("specStatesOfThisSearch"),
                            Boolean.TRUE.equals(x.get("sameSpecStatesAsTheFirstSearch")) ? "the same set"
                                    : "NOT the same set", x.get("keyConflicts"), x.get("keyTransitionsChecked"));
                }
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> u = (Map<String, Object>) report.get("withoutPruning");
            boolean same = Boolean.TRUE.equals(report.get("exhausted")) && Boolean.TRUE.equals(u.get("exhausted"));
            // A ratio of events is a cut only over the same space: both searches exhausted. Within a time budget the
            // unreduced search runs cheaper schedules (no digests), so the ratio says nothing about the cut.
            out.printf("%s: executed events %.1fx, validated events %.1fx (without pruning)%s%n",
                    same ? "pruning cut" : "NOT the same space (a budget ran out), ratio of",
                    report.get("pruningEventRatio"), report.get("pruningValidatedEventRatio"),
                    report.get("pruningEventRatioPlainDfs") instanceof Double d
                            ? String.format(Locale.ROOT, "; executed events %.1fx (without pruning, no levels phase)", d)
                            : "");
            out.println(Boolean.TRUE.equals(report.get("sameSpecStatesEveryWay"))
                    ? "every search reached the same spec states" : "the searches reached DIFFERENT spec states");
        }
        if (r.finding() == null) {
            out.println("no rejection");
        } else {
            Explorer.Finding f = r.finding();
            out.println(f.verdict().strip());
            out.println("shrunk schedule: " + f.preemptions() + " preemption(s), " + f.hostDeviations()
                    + " non-default host choice(s), " + f.events() + " events; trace written to " + f.trace());
            out.println("replay token: " + f.token());
            out.println("reproduce: " + f.replay());
        }
        out.flush();
    }

    // ---------------------------------------------------------------- command line

    private static Args parse(String[] argv) {
        if (argv.length == 0) {
            throw new BadInput("usage: explore ring|channels|storvsc|netvsc|network [options]");
        }
        Family family = Family.parse(argv[0]);
        Explorer.Strategy strategy = Explorer.Strategy.DFS;
        int preemptions = 2;
        int depth = 3;
        Long schedules = null;
        long millis = 60_000;
        List<String> faults = new ArrayList<>();
        Path json = null;
        Path dumpReached = null;
        Path out = Path.of("target", "explore");
        boolean prune = true;
        boolean sleep = true;
        boolean varyLengths = false;
        boolean varyBudgets = false;
        boolean stateless = false;
        boolean compare = false;
        boolean specCoverage = false;
        boolean throughput = false;
        boolean throughputExplore = false;
        int levels = 3;
        Map<String, String> scenario = new LinkedHashMap<>();
        for (int i = 1; i < argv.length; i++) {
            String opt = argv[i];
            switch (opt) {
                case "--no-prune" -> prune = false;
                case "--no-sleep-sets" -> sleep = false;
                case "--stateless" -> stateless = true;
                case "--vary-lengths" -> varyLengths = true;
                case "--vary-budgets" -> varyBudgets = true;
                case "--compare-pruning" -> compare = true;
                case "--spec-coverage" -> specCoverage = true;
                case "--throughput" -> throughput = true;
                case "--throughput-explore" -> throughputExplore = true;
                case "--host-refuses" -> scenario.put("host-refuses", "true");
                case "--stall-opens" -> scenario.put("stall-opens", "true"); // run netvsc's (issue 12)
                // The flags of run channels --contexts / --identity / --panic and of explore network --all-phases:
                // the family's target says whether it takes them (one line, exit 2, if not).
                case "--contexts", "--identity", "--panic", "--all-phases" -> scenario.put(opt.substring(2), "true");
                default -> {
                    if (!opt.startsWith("--") || i + 1 >= argv.length) {
                        throw new BadInput("expected --OPTION VALUE, got: " + opt);
                    }
                    String v = argv[++i];
                    switch (opt) {
                        case "--strategy" -> strategy = strategy(v);
                        case "--preemptions" -> preemptions = positive(opt, v, 0);
                        case "--depth" -> depth = positive(opt, v, 1);
                        case "--delay-levels" -> levels = positive(opt, v, 0);
                        case "--schedules" -> schedules = (long) positive(opt, v, 1);
                        case "--time" -> millis = duration(v);
                        case "--fault" -> faults.add(v);
                        case "--json" -> json = Path.of(v);
                        case "--dump-reached" -> dumpReached = Path.of(v);
                        case "--out" -> out = Path.of(v);
                        default -> scenario.put(opt.substring(2), v);
                    }
                }
            }
        }
        // --no-prune turns every reduction off, sleep sets too (docs/exploring.md; --compare-pruning's "neither").
        sleep &= prune;
        return new Args(family, strategy, preemptions, depth, schedules == null ? Long.MAX_VALUE : schedules, millis,
                faults, json, out, prune, sleep, varyLengths, compare, specCoverage, throughput, scenario,
                levels, throughputExplore, stateless, dumpReached, varyBudgets);
    }

    /**
     * Writes the spec states an exploration reached in the layout of TLC's {@code -dump FILE} ("State n:", then the
     * state's {@code /\ var = value} lines, then a blank line), so that the set can be compared line block by line
     * block with TLC's dump of the same module at the same constants (docs/exploring.md, what the ring cannot reach).
     */
    private static void writeStates(Path file, List<String> states) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < states.size(); i++) {
            b.append("State ").append(i + 1).append(":\n").append(states.get(i).strip()).append("\n\n");
        }
        Files.writeString(file, b.toString());
    }

    /**
     * Compares the reached states with TLC's dump of the spec's states ({@code --spec-coverage --dump-reached FILE}):
     * writes the spec states never reached to {@code FILE.missing} (TLC's layout) and reports both differences; a
     * reached state TLC does not list would mean the two disagree on the spec (0 expected).
     */
    private static void compareStates(Path reachedFile, Path tlcDump, List<String> reached, Map<String, Object> report)
            throws IOException {
        Path f = Files.exists(tlcDump) ? tlcDump : tlcDump.resolveSibling(tlcDump.getFileName() + ".dump");
        java.util.Set<String> spec = new java.util.LinkedHashSet<>();
        for (String block : Files.readString(f).split("\\n\\s*\\n")) {
            String b = block.strip();
            int colon = b.indexOf(":\n");
            if (b.startsWith("State ") && colon > 0) {
                spec.add(b.substring(colon + 2).strip());
            }
        }
        java.util.Set<String> got = new java.util.HashSet<>();
        reached.forEach(r -> got.add(r.strip()));
        List<String> missing = new ArrayList<>();
        for (String st : spec) {
            if (!got.contains(st)) {
                missing.add(st);
            }
        }
        long extra = got.stream().filter(r -> !spec.contains(r)).count();
        Path out = reachedFile.resolveSibling(reachedFile.getFileName() + ".missing");
        writeStates(out, missing);
        report.put("specStatesDumped", spec.size());
        report.put("specStatesNotReached", missing.size());
        report.put("reachedStatesNotInTlcDump", extra);
        report.put("specStatesNotReachedFile", out.toString());
    }

    private static Explorer.Strategy strategy(String v) {
        return switch (v) {
            case "dfs" -> Explorer.Strategy.DFS;
            case "pct" -> Explorer.Strategy.PCT;
            case "random" -> Explorer.Strategy.RANDOM;
            default -> throw new BadInput("unknown strategy: " + v + " (known: dfs, pct, random)");
        };
    }

    private static int positive(String opt, String v, int min) {
        try {
            int n = Integer.parseInt(v);
            if (n < min) {
                throw new BadInput(opt + " must be at least " + min + ": value=" + v);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new BadInput(opt + " takes a number: value=" + v);
        }
    }

    /** {@code 90s}, {@code 2m}, {@code 500ms}, or plain seconds. */
    static long duration(String v) {
        try {
            long ms;
            if (v.endsWith("ms")) {
                ms = Long.parseLong(v.substring(0, v.length() - 2));
            } else if (v.endsWith("s")) {
                ms = Long.parseLong(v.substring(0, v.length() - 1)) * 1000;
            } else if (v.endsWith("m")) {
                ms = Long.parseLong(v.substring(0, v.length() - 1)) * 60_000;
            } else if (v.endsWith("h")) {
                ms = Long.parseLong(v.substring(0, v.length() - 1)) * 3_600_000;
            } else {
                ms = Long.parseLong(v) * 1000;
            }
            if (ms <= 0) {
                throw new BadInput("--time must be positive: value=" + v);
            }
            return ms;
        } catch (NumberFormatException e) {
            throw new BadInput("--time takes a duration such as 60s, 5m or 500ms: value=" + v);
        }
    }

    // ---------------------------------------------------------------- where the trace modules are

    /** The repository root: -Denlightened.root, ENLIGHTENED_ROOT, or the nearest parent holding specs/models.json. */
    static Path repoRoot() {
        String prop = System.getProperty("enlightened.root");
        if (prop != null && !prop.isBlank()) {
            return Path.of(prop).toAbsolutePath();
        }
        String env = System.getenv("ENLIGHTENED_ROOT");
        if (env != null && !env.isBlank()) {
            return Path.of(env).toAbsolutePath();
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("specs/models.json"))) {
                return p;
            }
        }
        throw new BadInput("cannot find the repository root: set -Denlightened.root or ENLIGHTENED_ROOT");
    }

    private static List<Path> roots(Path root) {
        return Stream.of(root.resolve("trace-validation/src/main/tla"), root.resolve("specs"))
                .filter(Files::isDirectory).toList();
    }

    private static Optional<Path> module(Path root, String spec) throws IOException {
        for (Path r : roots(root)) {
            try (Stream<Path> files = Files.walk(r)) {
                Optional<Path> f = files.filter(p -> p.getFileName().toString().equals(spec + ".tla")).findFirst();
                if (f.isPresent()) {
                    return f;
                }
            }
        }
        return Optional.empty();
    }

    static List<Path> libraryDirs(Path root) throws IOException {
        List<Path> dirs = new ArrayList<>();
        for (Path r : roots(root)) {
            try (Stream<Path> files = Files.walk(r)) {
                files.filter(p -> p.toString().endsWith(".tla")).map(Path::getParent).distinct()
                        .filter(d -> !dirs.contains(d)).forEach(dirs::add);
            }
        }
        return dirs;
    }
}
