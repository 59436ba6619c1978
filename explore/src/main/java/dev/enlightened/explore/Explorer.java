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
                   String label, int levels) {
    }

    /** A rejected (or failed) schedule, shrunk. */
    record Finding(String token, int preemptions, int hostDeviations, int events, String summary, Path trace,
                   String verdict, String replay) {
    }

    /** What an exploration did. */
    record Result(long schedules, long events, long validated, long pruned, long sleepCuts, long sleepSkips,
                  long millis, boolean exhausted, long maxSteps, Finding finding, List<long[]> samples,
                  int deviationBound, List<long[]> levelSchedules) {
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
        ScheduleChooser.Hook hook = (ch, digest) -> {
            int d = ch.size();
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
                long key = run.stateKey() * 0x9E3779B97F4A7C15L ^ digest.getAsLong()
                        ^ (ch.previous() == null ? 0 : ch.previous().hashCode() * 0xC2B2AE3D27D4EB4FL);
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
                o.varyLengths() ? o.target().lengthOptions() : null);
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
        if (o.strategy() == Strategy.DFS && o.levels() > 0) {
            Level l = levels(start, deadline);
            found = l.found();
            exhausted = l.exhausted();
            level = o.levels();
            deviationBound = UNBOUNDED;
        }
        while (found == null && !exhausted && schedules < o.schedules() && System.nanoTime() < deadline) {
            Run r = switch (o.strategy()) {
                case DFS -> runOne(new ScheduleTree.Dfs(prefix, sleepers), prefix.length, true, o.prune());
                case PCT -> runOne(new ScheduleTree.Pct(
                        new SplittableRandom(o.seed() * 0x9E3779B97F4A7C15L + schedules),
                        o.depth(), maxSteps), 0, true, false);
                case RANDOM -> runOne(new Uniform(new SplittableRandom(o.seed() * 0xBF58476D1CE4E5B9L + schedules)),
                        0, true, false);
            };
            schedules++;
            pruned += r.pruned() ? 1 : 0;
            if (schedules == nextSample) {
                sample(start);
                nextSample *= 2;
            }
            progress(start, false);
            if (r.rejected() || r.failure() != null) {
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
                finding, List.copyOf(samples), deviationBound, List.copyOf(levelSchedules));
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

    /** What the levels phase ended with: a rejected schedule, or the whole space explored, or neither. */
    private record Level(Run found, boolean exhausted) {
    }

    /** A schedule of the levels phase: the decisions of an explored one up to {@code at}, then {@code alt}. */
    private record Item(int[] base, int at, int alt) {
        int[] prefix() {
            if (at < 0) {
                return new int[0];
            }
            int[] p = java.util.Arrays.copyOf(base, at + 1);
            p[at] = alt;
            return p;
        }
    }

    /**
     * Iterative delay bounding before the DFS (Emmi, Qadeer and Rakamaric, POPL 2011, over the preemption-bounded
     * tree, with CHESS's work queue per bound): level 0 runs the default schedule, level k+1 every schedule that
     * deviates from a level-k schedule at one decision after its last deviation and then takes the defaults, in the
     * order of the decisions (shallowest first). A deviation is any non-default option of a branching decision; a
     * preemption is one. Level k holds exactly the schedules with k deviations within the preemption bound, each
     * once. The state table cuts as in the DFS, keyed also by the order in which the ready actors became ready (the
     * defaults to come depend on it) and with the deviations left: a prefix meeting a key explored with no more
     * preemptions and at least as many deviations left has its continuations in the work queues already. Sleep sets
     * are off here (their argument needs the explored sibling's whole subtree); the DFS after the last level has them.
     */
    private Level levels(long start, long deadline) {
        deviationBound = o.levels() - 1;
        level = 0;
        List<Item> cur = new java.util.ArrayList<>(List.of(new Item(new int[0], -1, 0)));
        int[] last = new int[0];
        ScheduleChooser.Sleeper[] none = new ScheduleChooser.Sleeper[0];
        for (int lv = 0; lv < o.levels(); lv++) {
            List<Item> next = new java.util.ArrayList<>();
            boolean more = false;
            for (int k = 0; k < cur.size(); k++) {
                if (schedules >= o.schedules() || System.nanoTime() >= deadline) {
                    return new Level(null, false);
                }
                int[] prefix = cur.get(k).prefix();
                cur.set(k, null);
                int shared = 0;
                while (shared < prefix.length && shared < last.length && prefix[shared] == last[shared]) {
                    shared++;
                }
                Run r = runOne(new ScheduleTree.Dfs(prefix, none), prefix.length, shared + 1, true, o.prune());
                schedules++;
                pruned += r.pruned() ? 1 : 0;
                if (schedules == nextSample) {
                    sample(start);
                    nextSample *= 2;
                }
                progress(start, false);
                if (r.rejected() || r.failure() != null) {
                    return new Level(r, false);
                }
                ScheduleChooser ch = r.chooser();
                last = ch.choices();
                for (int i = prefix.length; i < ch.size(); i++) {
                    if (!ch.branches(i)) {
                        continue;
                    }
                    for (int x = 0; x < ch.options(i); x++) {
                        int cost = ch.isActorChoice(i) && ch.continuing(i) >= 0 && x != ch.continuing(i) ? 1 : 0;
                        if (x == ch.choice(i) || ch.preemptionsBefore(i) + cost > o.preemptions()) {
                            continue;
                        }
                        if (lv + 1 < o.levels() && next.size() < LEVEL_CAP) {
                            next.add(new Item(last, i, x));
                        } else {
                            more = true;
                        }
                    }
                }
            }
            levelSchedules.add(new long[] {lv, schedules, (System.nanoTime() - start) / 1_000_000});
            if (next.isEmpty() && !more) {
                return new Level(null, true); // no schedule deviates once more within the preemption bound
            }
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
