package dev.enlightened.validation.devices;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enlightened.sim.ChoiceKind;
import dev.enlightened.sim.Chooser;
import dev.enlightened.sim.RandomChooser;
import dev.enlightened.storvsc.GuestPc;
import dev.enlightened.storvsc.StorvscDisk;
import dev.enlightened.storvsc.StorvscIo;
import dev.enlightened.storvsc.scenario.SlotOp;
import dev.enlightened.storvsc.scenario.StorvscRunner;
import dev.enlightened.storvsc.scenario.StorvscScenario;
import dev.enlightened.storvsc.scenario.StorvscSlotRun;
import dev.enlightened.storvsc.scenario.StorvscSystem;
import dev.enlightened.validation.TraceValidator;
import dev.enlightened.validation.TracedRun;
import dev.enlightened.validation.Verdict;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The storvsc I/O path's request timeout as a spec action (StorvscIo {@code GuestTimesOutWaitingForIoCompletion},
 * issue 12) and the late completion the guest then drops ({@code GuestDropsLateIoCompletion}): a Java run whose host
 * holds the first request past the guest's request timeout and completes it late is traced to its end and
 * TraceStorvscIo ACCEPTS it; a timeout of a request whose completion already reached the guest is REJECTED there.
 */
class TraceStorvscIoTimeoutTest {
    private static final int SLOTS = 8;
    private static final int DEPTH = 4;
    private static final int OPS = 6;
    /** Short, so that it is plainly the run's, not Linux's 180 s; the clock is virtual either way. */
    private static final long TIMEOUT_NANOS = 1_000_000;

    @TempDir
    Path dir;

    /**
     * Picks the first of the movers by a fixed priority. While {@code hold} is set and no timeout has fired, the
     * guest submits only two requests and the host completes none: the guest's timer ({@code guest-timeout-}) is then
     * the only way on, and fails what is outstanding on the first channel offered. Afterwards the rest of the workload runs and the host answers everything,
     * the timed-out requests late.
     */
    private static final class HoldThenAnswer implements Chooser {
        private final boolean hold;
        private boolean timedOut;
        private int submits;

        HoldThenAnswer(boolean hold) {
            this.hold = hold;
        }

        @Override
        public int choose(ChoiceKind kind, int options) {
            return 0; // which held request a host completes: its oldest
        }

        @Override
        public int chooseMover(ChoiceKind kind, List<String> movers) {
            boolean holding = hold && !timedOut;
            String[] order = holding
                    ? new String[] {"guest-submit", "host-receive-", "guest-poll-", "host-send-held-", "guest-timeout-"}
                    : new String[] {"guest-submit", "host-receive-", "guest-poll-", "host-send-held-", "host-complete-",
                        "guest-timeout-"};
            for (String prefix : order) {
                for (int i = 0; i < movers.size(); i++) {
                    String m = movers.get(i);
                    if (!m.startsWith(prefix) || (holding && m.equals("guest-submit") && submits == 2)) {
                        continue;
                    }
                    if (m.equals("guest-submit")) {
                        submits++;
                    }
                    if (m.startsWith("guest-timeout-")) {
                        timedOut = true;
                    }
                    return i;
                }
            }
            throw new AssertionError("no mover of the order in " + movers);
        }
    }

    private TracedRun<StorvscSlotRun> run(String name, boolean hold) throws Exception {
        return run(name, hold ? TIMEOUT_NANOS : 0, new HoldThenAnswer(hold));
    }

    private TracedRun<StorvscSlotRun> run(String name, long timeoutNanos, Chooser io) throws Exception {
        StorvscScenario scenario = StorvscScenario.basic(1);
        StorvscSlotRun.Options o = new StorvscSlotRun.Options(SLOTS, DEPTH, true, StorvscIo.IO_RING_BYTES, Set.of(), 1,
                timeoutNanos);
        return TracedRun.write(dir.resolve(name + ".ndjson"), StorvscRunner.ioHeader(scenario, SLOTS, DEPTH), w -> {
            StorvscSystem s = new StorvscSystem(scenario, w, new RandomChooser(1), StorvscDisk.defaultDisk(),
                    o.ringBytes());
            StorvscRunner.run(s, w);
            assertEquals(GuestPc.READY, s.guest().pc());
            return StorvscSlotRun.run(s, SlotOp.workload(1, OPS, SLOTS), o, w, io);
        });
    }

    private static int tidOf(String event) {
        Matcher m = Pattern.compile("\"tid\":(\\d+)").matcher(event);
        assertTrue(m.find(), event);
        return Integer.parseInt(m.group(1));
    }

    @Test
    void aHostThatAnswersAfterTheRequestTimeoutYieldsTimeoutsAndDroppedLateCompletionsAllAccepted() throws Exception {
        TracedRun<StorvscSlotRun> r = run("late", true);
        List<String> ev = r.events();
        List<Integer> timedOut = new ArrayList<>();
        List<Integer> dropped = new ArrayList<>();
        int firstTimeout = -1;
        for (int seq = 1; seq <= ev.size(); seq++) {
            String e = ev.get(seq - 1);
            if (e.contains("\"GuestTimesOutWaitingForIoCompletion\"")) {
                timedOut.add(tidOf(e));
                firstTimeout = firstTimeout < 0 ? seq : firstTimeout;
            } else if (e.contains("\"GuestDropsLateIoCompletion\"")) {
                dropped.add(tidOf(e));
            }
        }
        // The guest's timer fires on the first submit's channel: that one request fails (the second went to another
        // channel, whose timer never fires before its host answers).
        assertEquals(List.of(StorvscIo.FIRST_TID), timedOut.stream().map(Long::valueOf).toList(), ev::toString);
        assertEquals(timedOut, dropped, "every timed-out request's late completion is dropped, in order");
        // The host completed the timed-out requests only after the timeout: late.
        int late = r.firstSeq("\"HostCompletesIo\"", "\"tid\":" + timedOut.get(0) + ",");
        assertTrue(late > firstTimeout, ev::toString);
        // The workload went on after the timeout, with fresh trans_ids.
        assertEquals(SlotOp.workload(1, OPS, SLOTS).size(),
                ev.stream().filter(e -> e.contains("\"GuestSubmitsIo\"")).count());
        assertTrue(ev.get(ev.size() - 1).contains("\"GuestQuiesces\""), ev.get(ev.size() - 1));
        assertTrue(ev.stream().noneMatch(e -> e.contains("Quiescent")), ev::toString);
        assertTrue(r.result().stats().errors().stream().anyMatch(e -> e.startsWith("request timed out")),
                r.result().stats().errors()::toString);

        Verdict v = TraceValidator.forRepository().validate(List.of(r.file())).get(0);
        Verdict.Accepted a = assertInstanceOf(Verdict.Accepted.class, v, v::render);
        assertEquals(ev.size(), a.events());
    }

    /**
     * Random schedules in which the guest's timer is one more move (it may fire before the host received a request,
     * while it holds it, or while the completion is on the ring): every trace is ACCEPTED to its end, and every
     * request that timed out had its late completion dropped, none completed to its caller.
     */
    @Test
    void randomSchedulesWithTheGuestsTimerAreAllAccepted() throws Exception {
        int timeouts = 0;
        List<Path> files = new ArrayList<>();
        for (long seed = 1; seed <= 4; seed++) {
            TracedRun<StorvscSlotRun> r = run("random-" + seed, TIMEOUT_NANOS, new RandomChooser(seed));
            List<Integer> timedOut = new ArrayList<>();
            List<Integer> dropped = new ArrayList<>();
            List<Integer> received = new ArrayList<>();
            for (String e : r.events()) {
                if (e.contains("\"GuestTimesOutWaitingForIoCompletion\"")) {
                    timedOut.add(tidOf(e));
                } else if (e.contains("\"GuestDropsLateIoCompletion\"")) {
                    dropped.add(tidOf(e));
                } else if (e.contains("\"GuestReceivesIoCompletion\"")) {
                    received.add(tidOf(e));
                }
            }
            assertEquals(Set.copyOf(timedOut), Set.copyOf(dropped), r.events()::toString);
            assertTrue(received.stream().noneMatch(timedOut::contains), r.events()::toString);
            timeouts += timedOut.size();
            files.add(r.file());
        }
        assertTrue(timeouts > 0, "no seed reached a timeout");
        List<Verdict> verdicts = TraceValidator.forRepository().validate(files);
        for (Verdict v : verdicts) {
            assertInstanceOf(Verdict.Accepted.class, v, v::render);
        }
    }

    /**
     * A prompt host: the first request's completion reaches the guest (GuestReceivesIoCompletion), and then a timeout
     * of that request is appended by hand (the Java guest cannot take that step: it fails only requests it still has
     * outstanding). StorvscIo's timeout needs the request outstanding, so the trace is REJECTED at that event.
     */
    @Test
    void aTimeoutAfterTheCompletionReachedTheGuestIsRejected() throws Exception {
        TracedRun<StorvscSlotRun> r = run("prompt", false);
        int received = r.firstSeq("\"GuestReceivesIoCompletion\"");
        assertTrue(received > 0, r.events()::toString);
        String completion = r.events().get(received - 1);
        Matcher ch = Pattern.compile("\"ch\":(\\d+)").matcher(completion);
        Matcher out = Pattern.compile("\"outstanding\":(\\d+)").matcher(completion);
        assertTrue(ch.find() && out.find(), completion);
        List<String> lines = new ArrayList<>(Files.readAllLines(r.file()).subList(0, received + 1));
        int seq = received + 1;
        lines.add("{\"seq\":" + seq + ",\"action\":\"GuestTimesOutWaitingForIoCompletion\",\"actor\":\"guest\","
                + "\"params\":{\"ch\":" + ch.group(1) + ",\"tid\":" + tidOf(completion) + "},\"post\":{\"outstanding\":"
                + out.group(1) + "}}");
        Files.write(r.file(), lines);
        Verdict v = TraceValidator.forRepository().validate(List.of(r.file())).get(0);
        Verdict.Rejected rej = assertInstanceOf(Verdict.Rejected.class, v, v::render);
        assertEquals(seq, rej.seq(), v.render());
        assertEquals("GuestTimesOutWaitingForIoCompletion", rej.action(), v.render());
        List<Verdict.Conjunct> cs = rej.matched().get(0).conjuncts();
        assertTrue(cs.get(cs.size() - 1).text().contains("InSeq"), v.render());
    }

    /**
     * {@code run storvsc --io N --host-withholds K} (issue 12): a host that withholds the first K completions until
     * the guest's request timeout (Linux's 180 s, virtual) failed each. Random schedules (the run's own chooser, the
     * guest's timer moving only when nothing else can), both data paths, K = 1..3: exactly the K withheld requests
     * time out, each late completion is dropped after its timeout, the run has no other error, and TraceStorvscIo
     * ACCEPTS every trace to its last event.
     */
    @Test
    void aHostThatWithholdsCompletionsUntilTheTimeoutIsAcceptedOnRandomSchedules() throws Exception {
        List<TracedRun<StorvscSlotRun>> runs = new ArrayList<>();
        for (int seed = 1; seed <= 6; seed++) {
            int k = 1 + seed % 3;
            boolean gpa = seed % 2 == 0;
            StorvscScenario scenario = StorvscScenario.basic(seed);
            StorvscSlotRun.Options o = new StorvscSlotRun.Options(SLOTS, DEPTH, gpa, StorvscIo.IO_RING_BYTES,
                    Set.of(), seed).withHostWithholds(k);
            long runSeed = seed;
            runs.add(TracedRun.write(dir.resolve("withholds-" + seed + ".ndjson"),
                    StorvscRunner.ioHeader(scenario, SLOTS, DEPTH), w -> {
                        StorvscSystem s = new StorvscSystem(scenario, w, new RandomChooser(runSeed),
                                StorvscDisk.defaultDisk(), o.ringBytes());
                        StorvscRunner.run(s, w);
                        assertEquals(GuestPc.READY, s.guest().pc());
                        return StorvscSlotRun.run(s, SlotOp.workload(runSeed, 12, SLOTS), o, w, s.chooser());
                    }));
        }
        for (TracedRun<StorvscSlotRun> r : runs) {
            int k = r.result().withheldTimedOut();
            List<Integer> timedOut = new ArrayList<>();
            for (int seq = 1; seq <= r.events().size(); seq++) {
                String e = r.events().get(seq - 1);
                if (e.contains("\"GuestTimesOutWaitingForIoCompletion\"")) {
                    timedOut.add(tidOf(e));
                } else if (e.contains("\"GuestDropsLateIoCompletion\"")) {
                    int tid = tidOf(e);
                    assertTrue(timedOut.contains(tid), "dropped after its timeout: tid=" + tid + " " + r.file());
                }
            }
            assertEquals(k, timedOut.size(), r.file()::toString);
            assertEquals(k, r.result().droppedLate(), r.file()::toString);
            assertTrue(r.result().stats().ok(), r.result().stats().errors()::toString);
        }
        assertEquals(List.of(2, 3, 1, 2, 3, 1), runs.stream().map(r -> r.result().withheldTimedOut()).toList());
        List<Verdict> verdicts = TraceValidator.forRepository().validate(runs.stream().map(TracedRun::file).toList());
        for (int i = 0; i < runs.size(); i++) {
            Verdict.Accepted a = assertInstanceOf(Verdict.Accepted.class, verdicts.get(i), verdicts.get(i)::render);
            assertEquals(runs.get(i).events().size(), a.events(), verdicts.get(i)::render);
        }
    }
}
