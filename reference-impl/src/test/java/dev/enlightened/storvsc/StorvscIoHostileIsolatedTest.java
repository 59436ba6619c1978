package dev.enlightened.storvsc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enlightened.ring.ByteBufferRingMemory;
import dev.enlightened.ring.ChannelRings;
import dev.enlightened.ring.PacketDescriptor;
import dev.enlightened.ring.RewriteAfterFetchMemory;
import dev.enlightened.ring.RingConsumer;
import dev.enlightened.ring.RingObserver;
import dev.enlightened.ring.RingProducer;
import dev.enlightened.signal.InProcessDoorbell;
import dev.enlightened.storvsc.scenario.StorvscSystem;
import dev.enlightened.wire.vstor.VstorOperation;
import java.util.Arrays;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Every hostile-host case of {@link StorvscIoHostileTest}, read as an isolated (confidential) guest reads: each
 * packet copied out of the ring before it is parsed (Linux {@code hv_pkt_iter_first} in a CoCo VM). Each case ends
 * as it does in place. And the reason for the copy: a host that rewrites a completion after the guest copied it
 * (a double fetch) cannot change what the guest parsed.
 */
class StorvscIoHostileIsolatedTest extends StorvscIoHostileTest {

    @Override
    StorvscSystem newSystem() {
        return StorvscIoTest.ready(true);
    }

    /** A request, its honest completion in the ring, and the rewrite the host runs once the guest starts reading. */
    private record Rewritten(StorvscIoCompletion done, long transId, int rewrites) {
    }

    /**
     * Submits a one-sector read on a channel whose inbound ring the guest reads through {@code view}; the host
     * completes it with data_transfer_length 512 and rewrites that to 513 (beyond the request) right after the
     * guest's first fetch of the packet.
     */
    private static Rewritten rewriteAfterFetch(boolean isolated) {
        StorvscSystem s = StorvscIoTest.ready(isolated);
        ByteBufferRingMemory out = ByteBufferRingMemory.allocate(StorvscIo.IO_RING_BYTES);
        ByteBufferRingMemory in = ByteBufferRingMemory.allocate(StorvscIo.IO_RING_BYTES);
        RewriteAfterFetchMemory view = new RewriteAfterFetchMemory(in);
        InProcessDoorbell[] g2h = InProcessDoorbell.pair();
        InProcessDoorbell[] h2g = InProcessDoorbell.pair();
        ChannelRings channel = new ChannelRings(new RingProducer(out, g2h[0]), new RingConsumer(out, g2h[1]),
                new RingProducer(in, h2g[0]), new RingConsumer(view, h2g[1], RingObserver.NONE, Set.of(), isolated),
                out, in);
        StorvscIo io = new StorvscIo(s.guest(), channel, 8);
        long tid = ((StorvscIo.Submit.Submitted) io.submit(StorvscCommand.read10(0, 1, 512))).transId();
        byte[] data = new byte[512];
        Arrays.fill(data, (byte) 0x5A);
        byte[] honest = completion(VstorOperation.COMPLETE_IO, 512, 0, data);
        byte[] forged = completion(VstorOperation.COMPLETE_IO, 513, 0, data);
        channel.hostOut().tryWrite(PacketDescriptor.TYPE_COMP, 0, tid, honest, 0, honest.length);
        // The first packet starts at data index 0; its payload follows the 16-byte descriptor.
        view.armOnce(() -> in.putBytes(PacketDescriptor.LENGTH, forged, 0, forged.length));
        return new Rewritten(io.poll().get(0), tid, view.rewrites());
    }

    @Test
    void aHostThatRewritesACompletionAfterTheGuestCopiedItCannotChangeWhatTheGuestParsed() {
        Rewritten isolated = rewriteAfterFetch(true);
        assertEquals(1, isolated.rewrites(), "the host rewrote the packet while the guest read it");
        assertTrue(isolated.done().ok(), () -> "parsed the rewrite: " + isolated.done());
        byte[] expected = new byte[512];
        Arrays.fill(expected, (byte) 0x5A);
        assertArrayEquals(expected, isolated.done().data());
        // The control: read in place, the guest parses shared memory after the rewrite and sees it.
        Rewritten inPlace = rewriteAfterFetch(false);
        assertEquals(1, inPlace.rewrites());
        assertEquals(new StorvscIoError.Overrun(inPlace.transId(), 513, 512), inPlace.done().error());
    }

    @Test
    void everyChannelTheIsolatedGuestOpensIsReadThroughTheCopy() {
        StorvscSystem s = newSystem();
        assertTrue(s.channel().isolated());
        java.util.List<StorvscSystem.IoChannel> channels = s.openIoChannels(StorvscIo.IO_RING_BYTES);
        assertTrue(channels.size() > 1, "no sub-channel to check: " + channels.size());
        for (StorvscSystem.IoChannel c : channels) {
            assertTrue(c.rings().isolated(), "channel " + c.index() + " is read in place");
        }
    }
}
