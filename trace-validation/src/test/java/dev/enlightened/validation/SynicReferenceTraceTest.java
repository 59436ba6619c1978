package dev.enlightened.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enlightened.validation.format.TraceSchema;
import dev.enlightened.synic.SynicGuest;
import dev.enlightened.synic.SynicHost;
import dev.enlightened.synic.SynicMessage;
import dev.enlightened.synic.SynicMessageDescriptor;
import dev.enlightened.synic.SynicMessageSlot;
import dev.enlightened.synic.SynicProtocol;
import dev.enlightened.synic.SynicTraceObserver;
import dev.enlightened.trace.NdjsonTraceWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Traces written by the reference implementation's SynIC slot (reference-impl {@code dev.enlightened.synic},
 * emitter {@code SynicTraceObserver}), checked against TraceSynicMessageSlot: the engine accepts what the Java
 * host and guest really did, interleaved in several orders.
 */
class SynicReferenceTraceTest {
    private static final Path DIR = Path.of("target/synic-reference-traces");
    private static List<Verdict> verdicts;

    /** One run: the host posts {@code count} messages; the guest polls after the posts named in {@code pollAfter}. */
    private static Path run(String name, int count, SynicProtocol protocol, int... pollAfter) throws IOException {
        Files.createDirectories(DIR);
        Path file = DIR.resolve(name + ".ndjson");
        SynicMessageSlot slot = new SynicMessageSlot(ByteBuffer.allocateDirect(SynicMessageDescriptor.PAGE_LENGTH),
                SynicMessageDescriptor.VMBUS_MESSAGE_SINT);
        try (NdjsonTraceWriter sink = NdjsonTraceWriter.create(file,
                SynicTraceObserver.header(count, protocol, -1, "SynicReferenceTraceTest"))) {
            // Spec messages are numbered 1..count in queue order; sender i is message i.
            SynicTraceObserver trace = new SynicTraceObserver(sink, SynicMessage::sender);
            SynicHost host = new SynicHost(slot, count, trace, protocol);
            SynicGuest guest = new SynicGuest(slot, host, trace, protocol);
            int polls = 0;
            for (int i = 1; i <= count; i++) {
                host.post(new SynicMessage(1, i, new byte[0]));
                for (int p : pollAfter) {
                    if (p == i) {
                        guest.poll();
                        polls++;
                    }
                }
            }
            for (; polls < count; polls++) {
                guest.poll();
            }
        }
        TraceSchema.assertValid(file);
        return file;
    }

    @BeforeAll
    static void runAndValidate() throws IOException {
        List<Path> traces = List.of(
                run("post-all-then-poll", 3, SynicProtocol.CORRECT),
                run("poll-after-each-post", 3, SynicProtocol.CORRECT, 1, 2, 3),
                run("poll-after-the-second", 4, SynicProtocol.CORRECT, 2));
        verdicts = TraceValidator.forRepository().validate(traces);
    }

    @Test
    void acceptsTheReferenceSlotWhenTheGuestPollsAfterEveryPost() {
        assertAccepted(verdicts.get(0));
        assertAccepted(verdicts.get(1));
        assertAccepted(verdicts.get(2));
    }

    private static void assertAccepted(Verdict v) {
        Verdict.Accepted a = assertInstanceOf(Verdict.Accepted.class, v, v::render);
        assertTrue(a.events() > 0);
        assertEquals(a.events() + 1, a.distinctStates(), "one spec state per event: the emitter logs enough");
    }
}
