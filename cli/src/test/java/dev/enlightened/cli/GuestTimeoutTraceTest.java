package dev.enlightened.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enlightened.channel.ConnectionState;
import dev.enlightened.channel.DriverOp;
import dev.enlightened.channel.Fault;
import dev.enlightened.channel.GpadlState;
import dev.enlightened.channel.GuestChannel;
import dev.enlightened.channel.GuestTimeouts;
import dev.enlightened.channel.scenario.ChannelSystem;
import dev.enlightened.channel.scenario.Scenario;
import dev.enlightened.channel.scenario.ScenarioRunner;
import dev.enlightened.trace.NdjsonTraceWriter;
import dev.enlightened.validation.TraceValidator;
import dev.enlightened.validation.Verdict;
import dev.enlightened.workspace.Workspace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.ToLongFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * A guest wait that ends in its timeout is a traced step the channel trace module maps (issue 12): the guest's
 * VERSION_RESPONSE wait ({@code GuestTimesOut}, the spec's action of that name) may end while it is outstanding,
 * Contacting with no reply recorded for the waiter. A host that never answers, or answers after the timeout, is
 * one the guest must survive: such a trace is ACCEPTED (the guest behaved correctly). A timeout after the reply
 * reached the waiter is not a timeout Linux can take ({@code wait_for_completion_timeout} returned with it): that
 * trace is REJECTED at the timeout.
 */
class GuestTimeoutTraceTest {
    @TempDir
    Path dir;

    private static final Scenario SCENARIO = Scenario.basic(1, 1);

    /** A system on virtual time, traced to {@code file} with the header of a real-thread run. */
    private static ChannelSystem traced(Path file, List<NdjsonTraceWriter> open) throws IOException {
        NdjsonTraceWriter w = NdjsonTraceWriter.create(file, ScenarioRunner.header(SCENARIO, true));
        open.add(w);
        return new ChannelSystem(SCENARIO, w);
    }

    private static Verdict validate(Path trace) {
        return TraceValidator.forWorkspace(Workspace.locate(null)).validate(trace);
    }

    private static void timeOut(ChannelSystem s) {
        s.virtualTime().advance(GuestTimeouts.DEFAULT.contactNanos());
        assertTrue(s.guest().canTimeOutBus(), "the wait did not time out");
        s.guest().timeOutBus();
        assertEquals(ConnectionState.FAILED, s.guest().connection());
    }

    @Test
    void aHostThatNeverAnswersInitiateContactYieldsATimeoutTheTraceModuleAccepts() throws IOException {
        Path file = dir.resolve("never.ndjson");
        List<NdjsonTraceWriter> open = new ArrayList<>();
        ChannelSystem s = traced(file, open);
        s.guest().sendInitiateContact();
        timeOut(s);
        open.get(0).close();
        List<String> lines = Files.readAllLines(file);
        assertTrue(lines.get(lines.size() - 1).contains("\"action\":\"GuestTimesOut\""), lines::toString);
        assertTrue(lines.get(lines.size() - 1).contains("\"wait\":\"VERSION_RESPONSE\""), lines::toString);
        Verdict v = validate(file);
        Verdict.Accepted a = assertInstanceOf(Verdict.Accepted.class, v, v::render);
        assertEquals(2, a.events());
    }

    @Test
    void aVersionResponseAfterTheTimeoutIsDiscardedAndTheTraceIsAccepted() throws IOException {
        Path file = dir.resolve("late.ndjson");
        List<NdjsonTraceWriter> open = new ArrayList<>();
        ChannelSystem s = traced(file, open);
        s.guest().sendInitiateContact();
        timeOut(s);
        s.host().handleOne(); // HostSendsVersionResponse, too late
        s.guest().dispatchOne(); // GuestDiscardsMessage: nothing waits for it
        open.get(0).close();
        List<String> lines = Files.readAllLines(file);
        assertTrue(lines.get(lines.size() - 1).contains("\"action\":\"GuestDiscardsMessage\""), lines::toString);
        Verdict v = validate(file);
        Verdict.Accepted a = assertInstanceOf(Verdict.Accepted.class, v, v::render);
        assertEquals(4, a.events());
    }

    /**
     * A host whose device never completes CREATE_SUB_CHANNELS: the primary's driver context waits for the
     * completion, every context ends up waiting, and after the sub-channel timeout (10 s on the run's clock) the
     * wait ends (GuestTimesOutOnSubChannels) and the device goes on with its primary. Every context steps, first
     * come first served (the host's devices only while they cannot complete the request), until none can; then
     * time moves to the deadline.
     */
    @Test
    void aSubChannelRequestNeverCompletedYieldsADriverTimeoutTheTraceModuleAccepts() throws IOException {
        Scenario scenario = Scenario.basic(1, 1).withDevices(0, 1);
        Path file = dir.resolve("subs.ndjson");
        NdjsonTraceWriter w = NdjsonTraceWriter.create(file, ScenarioRunner.header(scenario, true));
        ChannelSystem s = new ChannelSystem(scenario, w);
        int steps = stepAllButTheHostDevice(s);
        assertTrue(steps > 10, "steps=" + steps);
        s.virtualTime().advance(GuestTimeouts.DEFAULT.subChannelsNanos());
        stepAllButTheHostDevice(s);
        w.close();
        List<String> lines = Files.readAllLines(file);
        String last = lines.get(lines.size() - 1);
        assertTrue(last.contains("\"action\":\"GuestTimesOut\"") && last.contains("sub-channel completion relid="),
                lines::toString);
        assertEquals(1, s.guest().timeouts().total());
        Verdict v = validate(file);
        assertInstanceOf(Verdict.Accepted.class, v, v::render);
    }

    private static int stepAllButTheHostDevice(ChannelSystem s) {
        int steps = 0;
        for (boolean stepped = true; stepped && steps < 10_000; ) {
            stepped = false;
            for (var a : s.actors()) {
                // The host's device actor offers too; it is held back only once it could complete the request.
                boolean completes = a.name().equals("host-devices") && !s.host().completableSubRequests().isEmpty();
                if (!completes && a.canStep()) {
                    a.step();
                    steps++;
                    stepped = true;
                    break;
                }
            }
        }
        return steps;
    }

    /**
     * The reply recorded for the waiter (GuestReceivesVersionResponse), then a timeout: the Java guest cannot take
     * that step (its timeout needs the wait outstanding), so the event is written by hand from the first test's.
     */
    @Test
    void aTimeoutAfterTheReplyReachedTheWaiterIsRejected() throws IOException {
        Path never = dir.resolve("never.ndjson");
        List<NdjsonTraceWriter> open = new ArrayList<>();
        ChannelSystem first = traced(never, open);
        first.guest().sendInitiateContact();
        timeOut(first);
        open.get(0).close();
        String timeout = Files.readAllLines(never).get(2);

        Path file = dir.resolve("answered.ndjson");
        ChannelSystem s = traced(file, open);
        s.guest().sendInitiateContact();
        s.host().handleOne();
        s.guest().dispatchOne(); // GuestReceivesVersionResponse: the reply is the waiter's
        open.get(1).close();
        List<String> lines = new ArrayList<>(Files.readAllLines(file));
        assertEquals(4, lines.size(), lines::toString);
        lines.add(timeout.replace("\"seq\":2", "\"seq\":4"));
        Files.write(file, lines);
        Verdict v = validate(file);
        Verdict.Rejected r = assertInstanceOf(Verdict.Rejected.class, v, v::render);
        assertEquals(4, r.seq(), v.render());
        assertEquals("GuestTimesOut", r.action(), v.render());
    }

    /** A driver wait the host answers only after the guest's timeout, with its spec action and its bound. */
    enum DriverWait {
        GPADL_CREATED(DriverOp.WAIT_GPADL, "GuestTimesOutWaitingForGpadlCreated", GuestTimeouts::gpadlNanos),
        OPENCHANNEL_RESULT(DriverOp.WAIT_OPEN, "GuestTimesOutWaitingForOpenChannelResult", GuestTimeouts::openNanos),
        GPADL_TORNDOWN(DriverOp.WAIT_TORNDOWN, "GuestTimesOutWaitingForGpadlTorndown", GuestTimeouts::teardownNanos);

        final DriverOp op;
        final String action;
        final ToLongFunction<GuestTimeouts> bound;

        DriverWait(DriverOp op, String action, ToLongFunction<GuestTimeouts> bound) {
            this.op = op;
            this.action = action;
            this.bound = bound;
        }
    }

    /**
     * Runs one device through its open and close, the host held back while the driver waits in {@code w}: every
     * context ends up waiting, virtual time moves to the wait's deadline, the wait ends in its timeout, and the
     * host then answers late (the guest discards the answer) and the run goes on until nothing can step.
     */
    private static ChannelSystem lateHost(Path file, DriverWait w, Set<Fault> faults) throws IOException {
        Scenario scenario = Scenario.basic(1, 1).withFaults(faults, 0);
        NdjsonTraceWriter tw = NdjsonTraceWriter.create(file, ScenarioRunner.header(scenario, true));
        ChannelSystem s = new ChannelSystem(scenario, tw);
        stepHoldingTheHostWhile(s, w.op);
        assertTrue(s.guest().channels().stream().anyMatch(c -> c.op() == w.op), "the driver never waited");
        s.virtualTime().advance(w.bound.applyAsLong(GuestTimeouts.DEFAULT));
        stepHoldingTheHostWhile(s, w.op);
        tw.close();
        return s;
    }

    private static void stepHoldingTheHostWhile(ChannelSystem s, DriverOp op) {
        for (int steps = 0, stepped = 1; stepped > 0 && steps < 10_000; steps++) {
            stepped = 0;
            boolean hold = s.guest().channels().stream().anyMatch(c -> c.op() == op);
            for (var a : s.actors()) {
                if (!(hold && a.name().equals("host")) && a.canStep()) {
                    a.step();
                    stepped = 1;
                    break;
                }
            }
        }
    }

    private static String eventOf(Path file, String action) throws IOException {
        return Files.readAllLines(file).stream().filter(l -> l.contains("\"action\":\"" + action + "\""))
                .findFirst().orElseThrow(() -> new AssertionError("no " + action + " in " + file));
    }

    /**
     * A host that answers a driver wait only after the guest gave it up is one the guest must survive: the wait
     * ends in its timeout (the spec action named after the wait), nothing the host may still reference is freed
     * (a GPADL is leaked; an open is closed before its GPADL is torn down), the late answer is discarded, and the
     * trace is ACCEPTED.
     */
    @ParameterizedTest
    @EnumSource(DriverWait.class)
    void aDriverWaitAnsweredOnlyAfterItsTimeoutYieldsItsTimeoutActionAndTheTraceIsAccepted(DriverWait w)
            throws IOException {
        Path file = dir.resolve(w + ".ndjson");
        ChannelSystem s = lateHost(file, w, Set.of());
        assertEquals(1, s.guest().timeouts().total());
        String timeout = eventOf(file, w.action);
        assertTrue(w == DriverWait.OPENCHANNEL_RESULT || timeout.contains("\"gpadl\":\"Leaked\""), timeout);
        eventOf(file, "GuestDiscardsMessage"); // the late answer
        GuestChannel c = s.guest().channels().get(0);
        assertEquals(w == DriverWait.OPENCHANNEL_RESULT ? GpadlState.NONE : GpadlState.LEAKED, c.gpadl());
        Verdict v = validate(file);
        assertInstanceOf(Verdict.Accepted.class, v, v::render);
    }

    /**
     * The TIMEOUT_FREES fault (Linux 3.x {@code vmbus_open}: -ETIMEDOUT freed the ring's pages, posting nothing):
     * the memory is freed while the host may still reference it, which the spec's correct guest never does
     * (NoGpadlFreedWhileReferencedInv; the variant TimeoutFreesGpadl): the trace is REJECTED at the timeout.
     */
    @ParameterizedTest
    @EnumSource(DriverWait.class)
    void aTimeoutThatFreesTheGpadlIsRejectedAtTheTimeout(DriverWait w) throws IOException {
        Path file = dir.resolve(w + "-frees.ndjson");
        lateHost(file, w, Set.of(Fault.TIMEOUT_FREES));
        String timeout = eventOf(file, w.action);
        Verdict v = validate(file);
        Verdict.Rejected r = assertInstanceOf(Verdict.Rejected.class, v, v::render);
        assertEquals(w.action, r.action(), v.render());
        assertTrue(timeout.contains("\"seq\":" + r.seq() + ","), v.render() + " " + timeout);
    }

    /**
     * An UNLOAD the host handles only after the guest's 100 s wait ran out: GuestTimesOutWaitingForUnloadResponse,
     * the guest reconnects behind the queued UNLOAD, the late UNLOAD_RESPONSE is discarded: ACCEPTED.
     */
    @Test
    void anUnloadAnsweredOnlyAfterItsTimeoutYieldsItsTimeoutActionAndTheTraceIsAccepted() throws IOException {
        Scenario scenario = Scenario.basic(1, 1).withEvents(0, 0, 1);
        Path file = dir.resolve("unload.ndjson");
        NdjsonTraceWriter tw = NdjsonTraceWriter.create(file, ScenarioRunner.header(scenario, true));
        ChannelSystem s = new ChannelSystem(scenario, tw);
        stepHoldingTheHostWhileUnloading(s);
        assertEquals(ConnectionState.UNLOADING, s.guest().connection(), "the guest never unloaded");
        s.virtualTime().advance(GuestTimeouts.DEFAULT.unloadNanos());
        stepHoldingTheHostWhileUnloading(s);
        tw.close();
        assertEquals(1, s.guest().timeouts().total());
        eventOf(file, "GuestTimesOutWaitingForUnloadResponse");
        assertTrue(Files.readAllLines(file).stream().anyMatch(l -> l.contains("\"action\":\"GuestDiscardsMessage\"")
                && l.contains("UnloadResponse")), "the late UNLOAD_RESPONSE was not discarded");
        Verdict v = validate(file);
        assertInstanceOf(Verdict.Accepted.class, v, v::render);
    }

    private static void stepHoldingTheHostWhileUnloading(ChannelSystem s) {
        for (int steps = 0, stepped = 1; stepped > 0 && steps < 10_000; steps++) {
            stepped = 0;
            boolean hold = s.guest().connection() == ConnectionState.UNLOADING;
            for (var a : s.actors()) {
                if (!(hold && a.name().equals("host")) && a.canStep()) {
                    a.step();
                    stepped = 1;
                    break;
                }
            }
        }
    }
}
