package dev.enlightened.vp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enlightened.sim.ChoiceKind;
import dev.enlightened.sim.Chooser;
import dev.enlightened.trace.TraceSink;
import dev.enlightened.trace.ViewTrace;
import dev.enlightened.wire.ChannelMessageCodec;
import dev.enlightened.wire.ModifyChannel;
import dev.enlightened.wire.Unload;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The per-VP host after the guest's panic: no more traffic, and the UNLOAD may be answered before a MODIFYCHANNEL. */
class VpHostTest {
    /** Every choice its last option: the host's UNLOAD-first answer is the last of its step's options. */
    private static final Chooser LAST = new Chooser() {
        @Override
        public int choose(ChoiceKind kind, int options) {
            return options - 1;
        }
    };

    private final List<String> actions = new ArrayList<>();
    private final ViewTrace trace = new ViewTrace(new TraceSink() {
        @Override
        public boolean enabled() {
            return true;
        }

        @Override
        public long emit(String actor, String action, Map<String, Object> params, Map<String, Object> post) {
            actions.add(action);
            return actions.size();
        }

        @Override
        public void close() {
        }
    });
    private final VpScenario scenario = VpScenario.basic(2, 1, 1).withPanic(true);
    private final VpSynic synic = new VpSynic(2, 4, trace);
    private final VpHost host = new VpHost(scenario, synic, new ChannelRing(), trace, LAST);

    @Test
    void sendsNoPacketOrControlMessageOnceUnloadIsPosted() {
        assertTrue(host.canStep(), "the host has its packets and a control message to send");
        host.receive(ChannelMessageCodec.encode(new Unload()));
        host.step(); // the only option left: the UNLOAD
        assertEquals(List.of("HostSendsUnloadResponse"), actions);
        assertTrue(!host.canStep(), "no traffic after the UNLOAD");
        assertEquals(0, host.sent());
        assertEquals(0, host.controls());
    }

    @Test
    void mayAnswerAnUnloadPostedBehindAModifyChannelFirstWhichThenStaysUnanswered() {
        host.receive(ChannelMessageCodec.encode(new ModifyChannel(VpScenario.RELID, 1)));
        host.receive(ChannelMessageCodec.encode(new Unload()));
        host.step(); // options: handle the MODIFYCHANNEL (FIFO), or answer the UNLOAD first (last)
        assertEquals(List.of("HostSendsUnloadResponse"), actions);
        assertTrue(host.modifyQueued(), "the MODIFYCHANNEL is never answered: modState stays Sent");
        assertTrue(!host.canStep(), "the released channel's MODIFYCHANNEL is not handled later");
        assertEquals(VpScenario.CONNECT_VP, host.target(), "the interrupt target did not switch");
        assertTrue(synic.canDeliver(VpScenario.CONNECT_VP), "UNLOAD_RESPONSE waits for the connect CPU's slot");
    }
}
