package dev.enlightened.explore;

import dev.enlightened.sim.ChoiceKind;
import dev.enlightened.sim.ScheduleChooser;
import dev.enlightened.sim.ScheduleTree;
import dev.enlightened.sim.ReplayChooser;
import dev.enlightened.sim.ReplayToken;
import dev.enlightened.trace.NdjsonTraceWriter;
import dev.enlightened.validation.Verdict;
import dev.enlightened.validation.engine.OnlineSession;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Runs the schedules of one exploration against one online session: bounded DFS (preemption-bounded, with pruning
 * by (matched spec states, implementation digest, last actor)), PCT, or uniform random. Stops at the first rejected
 * schedule, then shrinks it, writes its trace by replaying its token, and has the offline checker give the verdict.
 */
final class Explorer {
    /** The strategies. */
    enum Strategy { DFS, PCT, RANDOM }

    /** What to explore and within which bounds. */
    record Options(Family family, Target target, Strategy strategy, int preemptions, int depth, long schedules,
                   long millis, long seed, boolean prune, boolean sleep, boolean varyLengths, Path out,
                   String label, int levels, boolean graph, boolean varyBudgets) {
    }

    /** A rejected (or failed) schedule, shrunk. */
    record Finding(String token, int preemptions, int hostDeviations, int events, String summary, Path trace,
                   String verdict, String replay) {
    }

    /** What an exploration did. */
    record Result(long schedules, long events, long validated, long pruned, long sleepCuts, long sleepSkips,
                  long millis, boolean exhausted, long maxSteps, Finding finding, List<long[]> samples,
                  int deviationBound, List<long[]> levelSchedules, Graph graph, long keyTransitions,
                  long keyConflicts) {
    }

    /**
     * What the graph search did (null for the stateless searches): nodes (step boundaries) reached, transitions
     * executed once each, steps walked along known transitions, steps replayed from the root to reach an open node,
     * and times a known key led elsewhere (0 when the key determines the future).
     */
    record Graph(long nodes, long transitions, long walkedSteps, long replayedSteps, long mismatches) {
    }

    /** A DFS level without a bound on deviations: the whole preemption-bounded space. */
    static final int UNBOUNDED = Integer.MAX_VALUE;

    /** Schedules a shrink may run. */
    static final int SHRINK_ATTEMPTS = 200;

    private final OnlineSession session;
    private final Options o;
    private final PrintStream progress;
    /**
     * Per (spec states, digest, last actor): how it was explored, as pairs of longs: preemptions used (bits 40..47),
     * the DFS level (32..39) and the deviations it had left (0..31), then the sleep mask.
     */
    private final Map<Long, long[]> visited = new HashMap<>();
    /** DFS: the deviations a schedule of the levels phase may take in all, or {@link #UNBOUNDED} (the final DFS). */
    private int deviationBound = UNBOUNDED;
    /** 0 in the levels phase, {@code levels} in the final DFS: the two phases' table entries never cut each other. */
    private int level;
    /** The levels phase's worklist holds at most this many schedules to run (about 24 bytes each). */
    static final int LEVEL_CAP = 2_000_000;
    /** Per finished DFS level: [deviation bound (-1: none), schedules, milliseconds at its end]. */
    private final List<long[]> levelSchedules = new java.util.ArrayList<>();
    private final Map<String, Integer> actorIds = new HashMap<>();
    /** Schedules cut because the next actor slept; alternatives never started because they slept. */
    private long sleepCuts;
    private long sleepSkips;
    private long schedules;
    private long events;
    private long pruned;
    /** Events validated (not restored from a mark). */
    private long validated;
    /** DFS: the online run's position at each step boundary of the last schedule, by decision index. */
    private java.util.ArrayList<OnlineSession.Mark> marks = new java.util.ArrayList<>();
    private long maxSteps = 1;
    private long lastProgress;
    /** Coverage over time: [schedules, distinct spec states, milliseconds], at 1, 2, 4, ... schedules and the end. */
    private final List<long[]> samples = new java.util.ArrayList<>();
    private long nextSample = 1;

    /** Where each schedule that ran to its end is written as a trace ({@link #keepTraces}), or null. */
    private Path keepDir;
    /** The traces written there, in the order explored. */
    private final List<Path> kept = new java.util.ArrayList<>();
    private long keptEvents;

    Explorer(OnlineSession session, Options options, PrintStream progress) {
        this.session = session;
        this.o = options;
        this.progress = progress;
    }

    /**
     * Writes every schedule that runs to its end (not cut, not rejected) as a trace file under {@code dir}, so that
     * the offline engine can check the same events ({@code explore --throughput-explore}). Writing happens after the
     * schedule, outside the online validation's timed section.
     *
     * @return this
     */
    Explorer keepTraces(Path dir) {
        this.keepDir = dir;
        return this;
    }

    /**
     * Checks, at every step boundary of every schedule, that the state table's key determines the next one: the
     * (key, actor chosen) pair of the boundary before must always lead to the same key. Without pruning every path of
     * the bounded space runs, so that search checks the condition the reductions rest on (docs/exploring.md, point
     * 1) over the whole space: a conflict means two runs with equal keys went on differently.
     *
     * @return this
     */
    Explorer checkKeys() {
        this.transitions = new HashMap<>();
        return this;
    }

    /** (key, option) to the key it led to, when {@link #checkKeys} is on; else null. */
    private Map<Long, Long> transitions;
    private long keyConflicts;

    /** SplitMix64's finaliser. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** The same key as the state table's (without the levels' ready order): spec states, digest, last actor. */
    static long key(OnlineSession.Run run, java.util.function.LongSupplier digest, ScheduleChooser ch) {
        return run.stateKey() * 0x9E3779B97F4A7C15L ^ digest.getAsLong()
                ^ (ch.previous() == null ? 0 : ch.previous().hashCode() * 0xC2B2AE3D27D4EB4FL);
    }

    /** @return the events in the traces {@link #keepTraces} wrote */
    long keptEvents() {
        return keptEvents;
    }

    /** @return the traces {@link #keepTraces} wrote */
    List<Path> keptTraces() {
        return List.copyOf(kept);
    }

    /** The outcome of one schedule. */
    private record Run(ScheduleChooser chooser, boolean rejected, boolean pruned, String failure, int events) {
    }

    /**
     * Runs one schedule.
     *
     * @param abandon abandon the schedule at its first rejected event (else run it to its end, for a full token)
     * @param prefix  decisions replayed before new ones (no pruning along them: they are this schedule's past)
     */
    private Run runOne(ScheduleChooser.Policy policy, int prefix, boolean abandon, boolean prune) {
        return runOne(policy, prefix, prefix, abandon, prune);
    }

    /**
     * @param shared decisions this schedule shares with the last one (+1: the online run's mark before decision d
     *               depends on decisions 0..d-1): where its position may be restored instead of validated again
     */
    private Run runOne(ScheduleChooser.Policy policy, int prefix, int shared, boolean abandon, boolean prune) {
        OnlineSession.Run run = session.begin();
        OnlineSink sink = new OnlineSink(run);
        if (keepDir != null) {
            sink.keep();
        }
        boolean reuse = o.strategy() == Strategy.DFS && abandon;
        java.util.ArrayList<OnlineSession.Mark> old = marks;
        java.util.ArrayList<OnlineSession.Mark> mine = new java.util.ArrayList<>();
        long[] lastKey = {0};
        int[] lastDecision = {-1};
        ScheduleChooser.Hook hook = (ch, digest) -> {
            int d = ch.size();
            if (transitions != null && !run.rejected()) {
                // Fed up to here below first: the check needs this boundary's spec states.
                if (reuse && d < shared && d < old.size() && old.get(d) != null) {
                    sink.discard();
                    run.restore(old.get(d));
                }
                sink.flush();
                long k = key(run, digest, ch);
                if (lastDecision[0] >= 0 && !run.rejected()) {
                    long edge = mix(lastKey[0] ^ mix(ch.choice(lastDecision[0]) + 1L));
                    Long was = transitions.putIfAbsent(edge, k);
                    if (was != null && was != k) {
                        keyConflicts++;
                    }
                }
                lastKey[0] = k;
                lastDecision[0] = d;
            }
            // A re-executed prefix (decisions < prefix) emits the events the last schedule emitted: restore the
            // online run's position there instead of validating them again.
            if (reuse && d < shared && d < old.size() && old.get(d) != null) {
                sink.discard();
                run.restore(old.get(d));
            }
            while (mine.size() < d) {
                mine.add(null);
            }
            boolean ok = sink.flush();
            if (reuse) {
                mine.add(run.mark());
            }
            if (!ok && abandon) {
                throw new ScheduleChooser.Abort(true);
            }
            if (prune && ch.size() >= prefix && !run.rejected()) {
                long key = key(run, digest, ch);
                if (deviationBound != UNBOUNDED) {
                    // A bounded level counts deviations from defaults that depend on when each actor became ready.
                    key ^= ch.readyOrderHash() * 0x94D049BB133111EBL;
                }
                long mask = ch.sleepMask();
                long left = deviationBound == UNBOUNDED ? 0xFFFF_FFFFL
                        : Math.max(0, deviationBound - ch.deviations());
                long[] seen = visited.get(key);
                // Explored with no more preemptions, at least as many deviations left and a sleep set no bigger:
                // every continuation this prefix may take was explored from there (or, for a sleeping actor's step,
                // in the subtree that put it to sleep).
                if (seen != null) {
                    for (int k = 0; k < seen.length; k += 2) {
                        long e = seen[k];
                        if ((int) (e >>> 40) <= ch.preemptions() && (e & 0xFFFF_FFFFL) >= left
                                && (int) (e >>> 32 & 0xFF) == level && (seen[k + 1] & ~mask) == 0) {
                            throw new ScheduleChooser.Abort(false);
                        }
                    }
                }
                long entry = (long) ch.preemptions() << 40 | (long) Math.min(level, 0xFF) << 32 | left;
                if (seen == null) {
                    visited.put(key, new long[] {entry, mask});
                } else {
                    long[] more = java.util.Arrays.copyOf(seen, seen.length + 2);
                    more[seen.length] = entry;
                    more[seen.length + 1] = mask;
                    visited.put(key, more);
                }
            }
        };
        ScheduleChooser ch = new ScheduleChooser(policy, hook, o.seed(), actorIds,
                o.varyLengths() ? o.target().lengthOptions() : null).varyPollBudgets(o.varyBudgets());
        String failure = null;
        boolean wasPruned = false;
        try {
            failure = o.target().run(ch, sink);
            sink.flush();
            ch.finish();
        } catch (ScheduleChooser.Abort a) {
            wasPruned = !a.rejected;
            sleepCuts += a.asleep ? 1 : 0;
        }
        events += sink.events();
        validated += run.events() - restoredEvents(mine, shared);
        if (keepDir != null && !wasPruned && !run.rejected() && failure == null) {
            Path file = keepDir.resolve("schedule-" + kept.size() + ".ndjson");
            try (NdjsonTraceWriter w = NdjsonTraceWriter.create(file, o.target().header())) {
                sink.writeTo(w);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            kept.add(file);
            keptEvents += sink.events();
        }
        if (reuse) {
            marks = mine;
        }
        maxSteps = Math.max(maxSteps, ch.steps());
        return new Run(ch, run.rejected(), wasPruned, failure, run.events());
    }

    /** Events of the re-executed prefix whose validation was restored, not redone. */
    private static int restoredEvents(java.util.List<OnlineSession.Mark> mine, int prefix) {
        int restored = 0;
        for (int d = Math.min(prefix, mine.size()) - 1; d >= 0; d--) {
            if (mine.get(d) != null) {
                restored = mine.get(d).events();
                break;
            }
        }
        return restored;
    }

    Result explore() throws IOException {
        OnlineSink.validationNanos = 0;
        OnlineSink.validationCpuNanos = 0;
        long start = System.nanoTime();
        long deadline = start + o.millis() * 1_000_000L;
        boolean exhausted = false;
        Run found = null;
        int[] prefix = new int[0];
        ScheduleChooser.Sleeper[] sleepers = new ScheduleChooser.Sleeper[0];
        level = 0;
        deviationBound = UNBOUNDED;
        StateGraph graph = null;
        if (o.strategy() == Strategy.DFS && o.graph()) {
            // The graph search explores the whole bounded space in one phase (fewest preemptions first, as CHESS's
            // iterative context bounding): no levels phase, no stateless DFS after it.
            graph = new StateGraph(o.preemptions());
            Level l = graph(graph, start, deadline);
            found = l.found();
            exhausted = l.exhausted();
            if (exhausted) {
                levelSchedules.add(new long[] {-1, schedules, (System.nanoTime() - start) / 1_000_000});
            }
        } else if (o.strategy() == Strategy.DFS && o.levels() > 0) {
            Level l = levels(start, deadline);
            found = l.found();
            exhausted = l.exhausted();
            level = o.levels();
            deviationBound = UNBOUNDED;
        }
        while (graph == null && found == null && !exhausted && schedules < o.schedules()
                && System.nanoTime() < deadline) {
            Run r = switch (o.strategy()) {
                case DFS -> runOne(new ScheduleTree.Dfs(prefix, sleepers), prefix.length, true, o.prune());
                case PCT -> runOne(new ScheduleTree.Pct(
                        new SplittableRandom(o.seed() * 0x9E3779B97F4A7C15L + schedules),
                        o.depth(), maxSteps), 0, true, false);
                case RANDOM -> runOne(new Uniform(new SplittableRandom(o.seed() * 0xBF58476D1CE4E5B9L + schedules)),
                        0, true, false);
            };
            if (counted(r, start)) {
                found = r;
                break;
            }
            if (o.strategy() == Strategy.DFS) {
                ScheduleTree.Branch b = backtrack(r.chooser());
                if (b == null) {
                    levelSchedules.add(new long[] {-1, schedules, (System.nanoTime() - start) / 1_000_000});
                    exhausted = true;
                    break;
                }
                prefix = b.prefix();
                sleepers = b.sleepers();
            }
        }
        progress(start, true);
        if (samples.isEmpty() || samples.get(samples.size() - 1)[0] != schedules) {
            sample(start);
        }
        long millis = (System.nanoTime() - start) / 1_000_000; // to the verdict: the shrink and report come after
        Finding finding = found == null ? null : report(found);
        return new Result(schedules, events, validated, pruned, sleepCuts, sleepSkips, millis, exhausted, maxSteps,
                finding, List.copyOf(samples), deviationBound, List.copyOf(levelSchedules), graph == null ? null
                : new Graph(graph.size(), graph.edges(), walkedSteps, replayedSteps, graph.mismatches()),
                transitions == null ? -1 : transitions.size(), keyConflicts);
    }

    private void sample(long start) {
        samples.add(new long[] {schedules, session.distinctStates(), (System.nanoTime() - start) / 1_000_000});
    }

    private void progress(long start, boolean last) {
        long now = System.nanoTime();
        if (!last && now - lastProgress < 1_000_000_000L) {
            return;
        }
        lastProgress = now;
        double secs = Math.max(1e-9, (now - start) / 1e9);
        progress.printf("explore %s %s: %d schedules (%.0f/s), %d events (%.0f/s), %d validated, %d spec states, "
                + "%d pruned%n", o.label(), o.strategy().name().toLowerCase(java.util.Locale.ROOT), schedules,
                schedules / secs, events, events / secs, validated, session.distinctStates(), pruned);
        progress.flush();
    }

    /** Graph search: steps walked along known transitions, and replayed from the root, over all runs. */
    private long walkedSteps;
    private long replayedSteps;

    /**
     * A live run's decisions at most (then it ends and the next run starts from the root): far below any scenario's
     * step budget (the ring's is 11,000 steps and more), so the scheduler never fails a long-lived run.
     */
    static final int GRAPH_RUN_DECISIONS = 4_000;

    /**
     * Counts a finished schedule (schedules, cuts, the progress samples and line), the same for every search.
     *
     * @return whether the schedule was rejected or failed, which ends the search
     */
    private boolean counted(Run r, long start) {
        schedules++;
        pruned += r.pruned() ? 1 : 0;
        if (schedules == nextSample) {
            sample(start);
            nextSample *= 2;
        }
        progress(start, false);
        return r.rejected() || r.failure() != null;
    }

    /**
     * The graph search ({@link StateGraph}): each run starts from the root, replays the decisions that first reached
     * the open node it heads for (none for the first run), and from there on takes, at every step boundary, an option
     * not yet taken at that node, or walks known transitions to the nearest node that has one; it ends when no such
     * node is reachable forward. Runs until no node is open (the whole bounded space) or a run is rejected.
     */
    private Level graph(StateGraph g, long start, long deadline) {
        StateGraph.Node target = null;
        while (schedules < o.schedules() && System.nanoTime() < deadline) {
            Run r = runGraph(g, target);
            if (counted(r, start)) {
                return new Level(r, false);
            }
            target = g.next();
            if (target == null) {
                return new Level(null, true);
            }
        }
        return new Level(null, false);
    }

    /** One live run of the graph search, heading for {@code target} (null: the first run, from the root). */
    private Run runGraph(StateGraph g, StateGraph.Node target) {
        OnlineSession.Run run = session.begin();
        OnlineSink sink = new OnlineSink(run);
        int[] nav = target == null ? new int[0] : target.path;
        final class Live {
            long key;
            StateGraph.Node from;
            int option;
            /** Where the step from {@code from} is in its choices' trie. */
            StateGraph.Branch at;
            /** The choices the walk's move prescribes inside the step, and how many were taken. */
            int[] moveChoices;
            int moveAt;
            int restored;
            java.util.ArrayDeque<StateGraph.Move> plan;
            ScheduleChooser chooser;
        }
        Live live = new Live();
        ScheduleChooser.Hook hook = (ch, digest) -> {
            live.chooser = ch;
            int d = ch.size();
            if (d < nav.length) {
                sink.discard(); // the replayed prefix: the target's first visitor validated these events
                return;
            }
            if (d == nav.length && target != null && live.from == null) {
                sink.discard();
                run.restore(target.mark);
                live.restored = target.mark.events();
            }
            if (!sink.flush()) {
                throw new ScheduleChooser.Abort(true);
            }
            live.key = key(run, digest, ch);
        };
        ScheduleChooser.Policy policy = new ScheduleChooser.Policy() {
            @Override
            public int pickActor(int decision, List<String> ready, int preferred) {
                if (decision < nav.length) {
                    replayedSteps++;
                    return nav[decision];
                }
                ScheduleChooser ch = live.chooser;
                int previous = ch.previous() == null ? -1 : ready.indexOf(ch.previous());
                int p = ch.preemptions();
                if (live.from != null) {
                    p = Math.min(p, live.from.preemptions + live.from.cost(live.option));
                } else if (target != null) {
                    p = Math.min(p, target.preemptions);
                }
                StateGraph.Node n = g.at(live.key, ch.choices(), run.mark(), previous, ready.size(), p);
                if (n == null) {
                    throw new ScheduleChooser.Abort(false); // a key mismatch, counted by the graph
                }
                if (live.from != null) {
                    g.arrive(live.from, live.option, live.at, n);
                } else if (target != null && n != target) {
                    g.mismatch(); // the replayed prefix reached another key than its first visitor did
                }
                if (ch.size() >= GRAPH_RUN_DECISIONS) {
                    throw new ScheduleChooser.Abort(false); // long enough: n stays open for a run from the root
                }
                if (live.plan != null && !live.plan.isEmpty()) {
                    StateGraph.Move m = live.plan.poll();
                    if (m.node() == n) {
                        walkedSteps++;
                        return go(n, m.option(), m.choices());
                    }
                    live.plan = null; // the walk led elsewhere (counted by arrive): go on from where the run is
                }
                int x = g.pendingOption(n, preferred);
                if (x >= 0) {
                    return go(n, x, null);
                }
                List<StateGraph.Move> w = g.walk(n);
                if (w == null) {
                    throw new ScheduleChooser.Abort(false); // nothing open ahead: the next run starts from the root
                }
                live.plan = new java.util.ArrayDeque<>(w);
                walkedSteps++;
                StateGraph.Move m = live.plan.poll();
                return go(n, m.option(), m.choices());
            }

            private int go(StateGraph.Node n, int option, int[] choices) {
                live.from = n;
                live.option = option;
                live.at = g.take(n, option);
                live.moveChoices = choices;
                live.moveAt = 0;
                return option;
            }

            @Override
            public int pick(int decision, ChoiceKind kind, int options) {
                if (decision < nav.length) {
                    return nav[decision];
                }
                if (options <= 1 || !kind.branches() && kind != ChoiceKind.PACKET_LENGTH
                        && kind != ChoiceKind.POLL_BUDGET) {
                    return 0; // the chooser asks for a length or a budget only when the exploration branches on it
                }
                if (live.at == null) {
                    // A branching choice before the first step boundary: the graph's root is a boundary, so such a
                    // choice would be a branch it does not hold (no scenario of the graph search takes one there).
                    throw new IllegalStateException("the graph search takes no branching " + kind
                            + " choice before the first step");
                }
                // A choice inside the step from live.from: an edge per (actor, choices of the step). A walk follows
                // its move's choices; a new step takes the first option with something left below it.
                int[] x = {live.moveChoices != null && live.moveAt < live.moveChoices.length
                        ? live.moveChoices[live.moveAt++] : -1};
                StateGraph.Branch b = g.choose(live.from, live.at, options, x);
                if (b == null) {
                    throw new ScheduleChooser.Abort(false); // the step chose otherwise than before: counted
                }
                live.at = b;
                return x[0];
            }
        };
        ScheduleChooser ch = new ScheduleChooser(policy, hook, o.seed(), actorIds,
                o.varyLengths() ? o.target().lengthOptions() : null).varyPollBudgets(o.varyBudgets());
        String failure = null;
        boolean wasCut = false;
        try {
            failure = o.target().run(ch, sink);
            sink.flush();
            ch.finish();
            if (live.from != null && !run.rejected() && failure == null) {
                g.arrive(live.from, live.option, live.at, StateGraph.END);
            }
        } catch (ScheduleChooser.Abort a) {
            wasCut = !a.rejected;
        }
        events += sink.events();
        validated += run.events() - live.restored;
        maxSteps = Math.max(maxSteps, ch.steps());
        return new Run(ch, run.rejected(), wasCut, failure, run.events());
    }

    /** What the levels phase ended with: a rejected schedule, or the whole space explored, or neither. */
    private record Level(Run found, boolean exhausted) {
    }

    /**
     * A schedule of the levels phase: the decisions of an explored one up to {@code at}, then {@code alt}; with sleep
     * sets, the sleepers the explored one added before {@code at} ({@code asleep}, shared by the items of one
     * schedule) and the one its step at {@code at} adds ({@code sleeper}, or null); {@code novelty}: the spec states
     * the explored one reached that no schedule before it had (the next level runs the most novel ones' items first).
     */
    private record Item(int[] base, int at, int alt, ScheduleChooser.Sleeper[] asleep,
                        ScheduleChooser.Sleeper sleeper, long novelty) {
        int[] prefix() {
            if (at < 0) {
                return new int[0];
            }
            int[] p = java.util.Arrays.copyOf(base, at + 1);
            p[at] = alt;
            return p;
        }

        ScheduleChooser.Sleeper[] sleepers() {
            if (at < 0) {
                return new ScheduleChooser.Sleeper[0];
            }
            ScheduleChooser.Sleeper[] z = java.util.Arrays.copyOf(asleep, at + 1);
            z[at] = sleeper;
            return z;
        }
    }

    /**
     * Iterative delay bounding before the DFS (Emmi, Qadeer and Rakamaric, POPL 2011, over the preemption-bounded
     * tree, with CHESS's work queue per bound): level 0 runs the default schedule, level k+1 every schedule that takes
     * one delay more than a level-k schedule at a decision from its last deviation on and then the defaults. A
     * deviation to another actor than the default costs one delay (a preemption is one); the k-th option of a host or
     * data choice costs k (its first is the default), so level k+1 takes the second option of a later host choice, or
     * the next option of the schedule's last deviation when that was a host choice. Level k holds exactly the schedules
     * of k delays within the preemption bound, each once. Within a level, the items of the schedules that reached more
     * spec states new to the search run first. The state table cuts as in the DFS, keyed also by the order in which
     * the ready actors became ready (the defaults to come depend on it) and with the delays left: a prefix meeting a
     * key explored with no more preemptions and at least as many delays left has its continuations in the work queues
     * already. Sleep sets: the step a schedule took at a decision sleeps in the items that deviate there; when they
     * cut, the levels claim no exhaustion (the DFS after them, complete on its own, does).
     */
    private Level levels(long start, long deadline) {
        deviationBound = o.levels() - 1;
        level = 0;
        List<Item> cur = new java.util.ArrayList<>(List.of(new Item(new int[0], -1, 0, null, null, 0)));
        int[] last = new int[0];
        long sleepBefore = sleepCuts + sleepSkips;
        for (int lv = 0; lv < o.levels(); lv++) {
            List<Item> next = new java.util.ArrayList<>();
            boolean more = false;
            for (int k = 0; k < cur.size(); k++) {
                if (schedules >= o.schedules() || System.nanoTime() >= deadline) {
                    return new Level(null, false);
                }
                int[] prefix = cur.get(k).prefix();
                ScheduleChooser.Sleeper[] sleepers = cur.get(k).sleepers();
                cur.set(k, null);
                int shared = 0;
                while (shared < prefix.length && shared < last.length && prefix[shared] == last[shared]) {
                    shared++;
                }
                long statesBefore = session.distinctStates();
                Run r = runOne(new ScheduleTree.Dfs(prefix, sleepers), prefix.length, shared + 1, true, o.prune());
                long novelty = session.distinctStates() - statesBefore;
                if (counted(r, start)) {
                    return new Level(r, false);
                }
                ScheduleChooser ch = r.chooser();
                last = ch.choices();
                ScheduleChooser.Sleeper[] added = new ScheduleChooser.Sleeper[ch.size()];
                for (int i = 0; i < ch.size(); i++) {
                    added[i] = ch.added(i);
                }
                for (int i = prefix.length - 1; i < ch.size(); i++) {
                    // A host or data choice's k-th option costs k delays (delay bounding): one more at this
                    // schedule's last deviation when that was such a choice, and its second option further on.
                    if (i < 0 || !ch.branches(i) || i == prefix.length - 1 && ch.isActorChoice(i)) {
                        continue;
                    }
                    // The step this schedule took at i (the default) sleeps in the alternatives: an alternative that
                    // later picks it while every step since commutes with it is, with the two swapped, a schedule in
                    // this one's subtree (docs/exploring.md: sleep sets in the levels phase).
                    ScheduleChooser.Sleeper z = o.sleep() && ch.isActorChoice(i) && ch.access(i) != null
                            && !ch.access(i).everything()
                            ? new ScheduleChooser.Sleeper(ch.actorName(i), ch.access(i)) : null;
                    for (int x = 0; x < ch.options(i); x++) {
                        int cost = ch.isActorChoice(i) && ch.continuing(i) >= 0 && x != ch.continuing(i) ? 1 : 0;
                        if (x == ch.choice(i) || ch.preemptionsBefore(i) + cost > o.preemptions()
                                || !ch.isActorChoice(i) && x != ch.choice(i) + 1) {
                            continue;
                        }
                        if (ch.isActorChoice(i) && ch.asleepAt(i, x)) {
                            sleepSkips++; // its step from here is in the subtree that put it to sleep
                            continue;
                        }
                        if (lv + 1 < o.levels() && next.size() < LEVEL_CAP) {
                            next.add(new Item(last, i, x, added, z, novelty));
                        } else {
                            more = true;
                        }
                    }
                }
            }
            levelSchedules.add(new long[] {lv, schedules, (System.nanoTime() - start) / 1_000_000});
            if (next.isEmpty() && !more) {
                // No schedule deviates once more within the preemption bound: the space is exhausted, unless sleep
                // sets cut some, whose equivalents may need more deviations (the DFS after the levels has them).
                return new Level(null, sleepCuts + sleepSkips == sleepBefore);
            }
            // The next level's schedules, those deviating from a schedule that reached more spec states new to the
            // search first (stable: the order of the decisions within one schedule's). Only the order within a level
            // changes: the level still runs whole before the next (docs/exploring.md, the levels phase).
            next.sort(java.util.Comparator.comparingLong(Item::novelty).reversed());
            cur = next;
        }
        return new Level(null, false);
    }

    /** The next DFS prefix ({@link ScheduleTree#backtrack}), counting the alternatives that sleep. */
    private ScheduleTree.Branch backtrack(ScheduleChooser ch) {
        long[] skips = new long[1];
        ScheduleTree.Branch b = ScheduleTree.backtrack(ch, o.preemptions(), o.sleep(), skips);
        sleepSkips += skips[0];
        return b;
    }

    /** A prefix, then the choices of an older schedule where they still fit, else the default (for shrinking). */
    private static final class Follow implements ScheduleChooser.Policy {
        private final int[] prefix;
        private final int[] old;

        Follow(int[] prefix, int[] old) {
            this.prefix = prefix;
            this.old = old;
        }

        private int at(int decision, int options, int def) {
            if (decision < prefix.length) {
                return prefix[decision] < options ? prefix[decision] : def;
            }
            return decision < old.length && old[decision] < options ? old[decision] : def;
        }

        @Override
        public int pickActor(int decision, List<String> ready, int preferred) {
            return at(decision, ready.size(), preferred);
        }

        @Override
        public int pick(int decision, ChoiceKind kind, int options) {
            return at(decision, options, 0);
        }
    }

    /** The baseline: every decision uniform. */
    private static final class Uniform implements ScheduleChooser.Policy {
        private final SplittableRandom random;

        Uniform(SplittableRandom random) {
            this.random = random;
        }

        @Override
        public int pickActor(int decision, List<String> ready, int previous) {
            return random.nextInt(ready.size());
        }

        @Override
        public int pick(int decision, ChoiceKind kind, int options) {
            return random.nextInt(options);
        }
    }

    // ---------------------------------------------------------------- a finding: complete, shrink, write, judge

    private Finding report(Run found) throws IOException {
        Run full = runOne(new Follow(found.chooser().choices(), new int[0]), Integer.MAX_VALUE, false, false);
        Run best = full.rejected() || full.failure() != null ? full : found;
        // Bounded by attempts, not by time: on a loaded machine a time bound would make repeated runs disagree.
        int attempts = SHRINK_ATTEMPTS;
        boolean improved = true;
        while (improved && attempts > 0) {
            improved = false;
            ScheduleChooser ch = best.chooser();
            for (int i = 0; i < ch.size() && attempts > 0; i++) {
                if (!ch.branches(i) || ch.choice(i) == ch.defaultOption(i)) {
                    continue;
                }
                int[] prefix = java.util.Arrays.copyOf(ch.choices(), i + 1);
                prefix[i] = ch.defaultOption(i);
                attempts--;
                Run cand = runOne(new Follow(prefix, ch.choices()), Integer.MAX_VALUE, false, false);
                if ((cand.rejected() || cand.failure() != null && !best.rejected()) && measure(cand) < measure(best)) {
                    best = cand;
                    improved = true;
                    break;
                }
            }
        }
        ReplayToken token = best.chooser().token();
        Files.createDirectories(o.out());
        Path trace = o.out().resolve("explore-" + o.label().replace(' ', '-') + ".ndjson");
        ReplayChooser replay = new ReplayChooser(token);
        String failure;
        try (NdjsonTraceWriter w = NdjsonTraceWriter.create(trace, o.target().header())) {
            failure = o.target().run(replay, w);
        }
        Verdict v = session.check(trace);
        String verdict = dev.enlightened.validation.VerdictRenderer.render(v);
        String summary = v instanceof Verdict.Rejected rej ? "REJECTED at event " + rej.seq() + " (" + rej.action()
                + "): " + rej.summary() : failure != null ? "the Java run failed: " + failure
                : "ACCEPTED on replay (online and offline disagree: a bug of the explorer)";
        return new Finding(token.encode(), best.chooser().preemptions(), best.chooser().hostDeviations(),
                best.events(), summary, trace, verdict,
                "enlightened run " + o.target().runArguments() + " --trace " + trace + " --replay " + token.encode());
    }

    private static long measure(Run r) {
        return (long) r.chooser().preemptions() * 1_000_000 + r.chooser().hostDeviations() * 1000L
                + Math.min(999, r.events() / 10);
    }
}
