package dev.enlightened.netvsc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enlightened.ring.ByteBufferRingMemory;
import dev.enlightened.ring.ChannelRings;
import dev.enlightened.ring.PacketDescriptor;
import dev.enlightened.ring.RewriteAfterFetchMemory;
import dev.enlightened.ring.RingConsumer;
import dev.enlightened.ring.RingObserver;
import dev.enlightened.ring.RingProducer;
import dev.enlightened.signal.InProcessDoorbell;
import dev.enlightened.wire.nvsp.NvspCodec;
import dev.enlightened.wire.nvsp.NvspMessage;
import dev.enlightened.wire.nvsp.NvspVersion;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Every case of {@link NetvscGuestTest} (the hostile-host ones included), read as an isolated (confidential) guest
 * reads: each packet copied out of the ring before it is parsed (Linux {@code hv_pkt_iter_first} in a CoCo VM),
 * with the same outcomes. And the reason for the copy: a host that rewrites a completion after the guest copied it
 * (a double fetch) cannot change what the guest parsed.
 */
class NetvscGuestIsolatedTest extends NetvscGuestTest {

    @Override
    boolean isolated() {
        return true;
    }

    /** A guest at its SUBCHANNEL wait whose inbound ring it reads through a view the host rewrites behind. */
    private Rig rigWithRewritableRing(boolean isolated, RewriteAfterFetchMemory[] view, ByteBufferRingMemory[] in) {
        ByteBufferRingMemory out = ByteBufferRingMemory.allocate(16 * 1024);
        in[0] = ByteBufferRingMemory.allocate(16 * 1024);
        view[0] = new RewriteAfterFetchMemory(in[0]);
        InProcessDoorbell[] g2h = InProcessDoorbell.pair();
        InProcessDoorbell[] h2g = InProcessDoorbell.pair();
        ChannelRings rings = new ChannelRings(new RingProducer(out, g2h[0]), new RingConsumer(out, g2h[1]),
                new RingProducer(in[0], h2g[0]), new RingConsumer(view[0], h2g[1], RingObserver.NONE, Set.of(),
                isolated), out, in[0]);
        Rig r = new Rig(3, host(NvspVersion.V61, 3), Set.of(), rings);
        r.toAwaitCompletion();
        return r;
    }

    /** The host grants 2 sub-channels and, once the guest fetched the completion, rewrites the count to 4 (above
     *  the 3 requested, which the guest refuses). */
    private Rig grantRewrittenAfterFetch(boolean isolated, int[] rewrites) {
        RewriteAfterFetchMemory[] view = new RewriteAfterFetchMemory[1];
        ByteBufferRingMemory[] in = new ByteBufferRingMemory[1];
        Rig r = rigWithRewritableRing(isolated, view, in);
        int start = in[0].loadWriteIndexAcquire(); // where the host's next packet begins
        byte[] forged = NvspCodec.encode(new NvspMessage.SubchannelComplete(NvspMessage.STATUS_SUCCESS, 4),
                NvspCodec.Form.COMPACT);
        r.hostCompletes(r.outstanding(), new NvspMessage.SubchannelComplete(NvspMessage.STATUS_SUCCESS, 2));
        view[0].armOnce(() -> in[0].putBytes(start + PacketDescriptor.LENGTH, forged, 0, forged.length));
        r.runUntil(() -> false, false); // the guest alone: the test plays the host
        rewrites[0] = view[0].rewrites();
        return r;
    }

    @Test
    void aHostThatRewritesACompletionAfterTheGuestCopiedItCannotChangeWhatTheGuestParsed() {
        int[] rewrites = new int[1];
        Rig isolated = grantRewrittenAfterFetch(true, rewrites);
        assertEquals(1, rewrites[0], "the host rewrote the packet while the guest read it");
        assertEquals(2, isolated.guest.granted());
        assertEquals(2, assertInstanceOf(GuestState.AwaitOpens.class, isolated.guest.state()).target());
        assertTrue(isolated.guest.errors().isEmpty(), isolated.guest.errors().toString());
        // The control: read in place, the guest parses shared memory after the rewrite and refuses the grant.
        Rig inPlace = grantRewrittenAfterFetch(false, rewrites);
        assertEquals(1, rewrites[0]);
        assertEquals(0, inPlace.guest.granted());
        assertEquals(new NetvscError.GrantAboveRequest(3, 4), inPlace.guest.errors().get(0));
    }

    @Test
    void everySubChannelOfAnIsolatedGuestIsReadThroughTheCopy() {
        Rig r = new Rig(3, 2);
        r.runUntil(() -> false, true);
        assertTrue(r.rings.isolated());
        assertEquals(List.of(1, 2), r.guest.openedSubChannels());
        for (int i : r.guest.openedSubChannels()) {
            assertTrue(r.guest.subChannelRings(i).isolated(), "sub-channel " + i + " is read in place");
        }
    }
}
