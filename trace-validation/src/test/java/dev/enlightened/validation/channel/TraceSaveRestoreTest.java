package dev.enlightened.validation.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enlightened.channel.Fault;
import dev.enlightened.channel.scenario.FaultScenarios;
import dev.enlightened.channel.scenario.SaveRestoreProjection;
import dev.enlightened.channel.scenario.Scenario;
import dev.enlightened.channel.scenario.ScenarioResult;
import dev.enlightened.channel.scenario.ScenarioRunner;
import dev.enlightened.trace.NdjsonTraceWriter;
import dev.enlightened.validation.TraceAssertions;
import dev.enlightened.validation.TraceValidator;
import dev.enlightened.validation.TracedRun;
import dev.enlightened.validation.Verdict;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The channel run with host restores, reconnects without UNLOAD and UNLOADs, projected onto SaveRestore.tla
 * ({@link SaveRestoreProjection}) and checked by TraceSaveRestore (the correct host, openvmm since e7619ae5d): the
 * correct runs are ACCEPTED (and their own traces by TraceVMBusChannels, so the projection leaves the run's
 * validation as it was); a restore the trace duplicates, a restored host that lost what openvmm's saved state keeps
 * (a channel, offers_sent), and the RESTORE_OFFERS host (openvmm before e7619ae5d) are REJECTED at the event where
 * the spec parts from them.
 */
class TraceSaveRestoreTest {
    private static final int SEEDS = 60;

    @TempDir
    Path dir;

    /** The run's own trace and its SaveRestore projection. */
    private record Pair(Path run, TracedRun<ScenarioResult> projection) {
    }

    private Pair run(Scenario s, String name) throws Exception {
        Path own = dir.resolve(name + ".ndjson");
        try (NdjsonTraceWriter w = NdjsonTraceWriter.create(own, ScenarioRunner.header(s, false))) {
            TracedRun<ScenarioResult> p = TracedRun.write(dir.resolve(name + ".save-restore.ndjson"),
                    SaveRestoreProjection.header(s), pw -> ScenarioRunner.runWithSaveRestore(s, w, pw, null));
            return new Pair(own, p);
        }
    }

    /** Two boot devices, no hot-add or rescind: SaveRestore's world. */
    private static Scenario world(long seed, int restores, int reconnects, int unloads) {
        return Scenario.basic(2, seed).withEvents(0, 0, unloads).withEnvironment(restores, reconnects);
    }

    @Test
    void restoresReconnectsAndUnloadsOverManySeedsAreAccepted() throws Exception {
        List<Path> traces = new ArrayList<>();
        List<TracedRun<ScenarioResult>> runs = new ArrayList<>();
        for (long seed = 1; seed <= 12; seed++) {
            Pair p = run(world(seed, 1 + (int) (seed % 3), (int) (seed % 2), (int) (seed / 2 % 2)), "ok-" + seed);
            assertTrue(p.projection().result().guestErrors().isEmpty(), p.projection().result().toString());
            traces.add(p.run());
            traces.add(p.projection().file());
            runs.add(p.projection());
        }
        for (Verdict v : TraceValidator.forRepository().validate(traces)) {
            assertTrue(v instanceof Verdict.Accepted, v.render());
        }
        for (String action : List.of("HostRestarts", "GuestKexecs", "GuestSendsUnload", "HostSendsUnloadResponse",
                "GuestReceivesUnloadResponse", "HostReceivesRequestOffers", "HostSendsOffer",
                "HostSendsAllOffersDelivered", "GuestSendsOpenChannel", "HostSendsOpenChannelResult",
                "GuestSendsCloseChannel", "HostReceivesCloseChannel")) {
            assertTrue(runs.stream().anyMatch(r -> r.firstSeq("\"" + action + "\"") > 0), action);
        }
    }

    @Test
    void aDuplicatedRestoreIsRejectedAtTheCopy() throws Exception {
        Pair p = run(world(1, 2, 1, 0), "dup");
        List<String> lines = Files.readAllLines(p.projection().file());
        TraceAssertions.assertAccepted(p.projection().file());
        int last = -1;
        for (int k = 1; k < lines.size(); k++) {
            if (lines.get(k).contains("\"action\":\"HostRestarts\"")) {
                last = k;
            }
        }
        assertTrue(last > 0, "the run restarts its host");
        // The copy goes right after the run's last restore: the run used all of its MaxRestarts.
        List<String> copy = new ArrayList<>(lines.subList(0, last + 1));
        copy.add(lines.get(last));
        for (int k = last + 1; k < lines.size(); k++) {
            copy.add(lines.get(k));
        }
        for (int k = last + 1; k < copy.size(); k++) {
            copy.set(k, copy.get(k).replaceFirst("\"seq\":\\d+", "\"seq\":" + k));
        }
        Path dup = Files.write(dir.resolve("dup-restore.ndjson"), copy);
        assertEquals("HostRestarts", TraceAssertions.assertRejectedAt(dup, last + 1).action());
    }

    @Test
    void aRestoredHostThatLostAChannelOrOffersSentIsRejectedAtTheRestore() throws Exception {
        // The first restore that meets an offered channel, and the first after REQUESTOFFERS.
        TracedRun<ScenarioResult> r = null;
        for (long seed = 1; seed <= SEEDS && r == null; seed++) {
            TracedRun<ScenarioResult> x = run(world(seed, 2, 0, 0), "lost-" + seed).projection();
            r = x.firstSeq("\"HostRestarts\"", "\"hCh\":{\"00000000-0000-0000-0000-000000000001\":\"Offered\"") > 0
                    ? x : null;
        }
        assertTrue(r != null, "some seed restarts the host with device 1 offered");
        List<String> lines = Files.readAllLines(r.file());
        int at = r.firstSeq("\"HostRestarts\"", "\"hCh\":{\"00000000-0000-0000-0000-000000000001\":\"Offered\"");
        String restart = lines.get(at);
        String forgot = restart.replace("\"hCh\":{\"00000000-0000-0000-0000-000000000001\":\"Offered\"",
                "\"hCh\":{\"00000000-0000-0000-0000-000000000001\":\"Released\"");
        assertEquals("HostRestarts", TraceAssertions.assertRejectedAt(corrupt(lines, at, forgot, "forgot"), at)
                .action());
        String noOffers = restart.replace("\"hOffersSent\":true", "\"hOffersSent\":false");
        assertEquals("HostRestarts", TraceAssertions.assertRejectedAt(corrupt(lines, at, noOffers, "no-offers"), at)
                .action());
    }

    @Test
    void restoreOffersBeforeRequestIsRejectedAtTheUnrequestedOffer() throws Exception {
        TracedRun<ScenarioResult> r = null;
        for (long seed = 1; seed <= SEEDS && r == null; seed++) {
            Scenario s = FaultScenarios.withFaults(Scenario.basic(1, seed).withEvents(0, 0, 0)
                    .withEnvironment(3, 0), Set.of(Fault.RESTORE_OFFERS));
            TracedRun<ScenarioResult> x = run(s, "restore-offers-" + seed).projection();
            int k = x.firstSeq("\"HostRestarts\"", "\"hOffersSent\":false", "\"hConn\":\"Connected\"");
            r = k > 0 && k < x.events().size() && x.events().get(k).contains("\"HostSendsOffer\"") ? x : null;
        }
        assertTrue(r != null, "some seed in 1.." + SEEDS + " restores between INITIATE_CONTACT and REQUESTOFFERS");
        int at = r.firstSeq("\"HostRestarts\"", "\"hOffersSent\":false", "\"hConn\":\"Connected\"") + 1;
        assertEquals("HostSendsOffer", TraceAssertions.assertRejectedAt(r.file(), at).action());
    }

    private Path corrupt(List<String> lines, int at, String replacement, String name) throws java.io.IOException {
        assertTrue(!replacement.equals(lines.get(at)), "the corruption changes line " + at);
        List<String> copy = new ArrayList<>(lines);
        copy.set(at, replacement);
        return Files.write(dir.resolve(name + ".ndjson"), copy);
    }
}
