package dev.enlightened.ring;

import static dev.enlightened.ring.PacketDescriptor.TYPE_DATA_INBAND;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enlightened.signal.InProcessDoorbell;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * The isolated-guest reader (Linux in a confidential VM, {@code hv_pkt_iter_first}): each packet is copied out of
 * shared memory before it is parsed and every field is read once from the copy; a bad {@code len8} or
 * {@code offset8} is clamped instead of breaking the ring. Issue 12: the guest parsed in place only.
 */
class RingConsumerIsolatedTest {
    private static final int DATA_LENGTH = 4096;

    private final ByteBufferRingMemory memory = ByteBufferRingMemory.allocate(DATA_LENGTH);
    private final InProcessDoorbell[] doorbells = InProcessDoorbell.pair();
    private final PacketView view = new PacketView();

    private RingConsumer consumer(boolean isolated) {
        return new RingConsumer(memory, doorbells[1], RingObserver.NONE, Set.of(), isolated);
    }

    private void write(long transId, byte[] payload) {
        assertSame(WriteResult.Written.INSTANCE, new RingProducer(memory, doorbells[0], RingObserver.NONE, Set.of())
                .tryWrite(TYPE_DATA_INBAND, 0, transId, payload, 0, payload.length));
    }

    @ParameterizedTest(name = "isolated={0}")
    @ValueSource(booleans = {false, true})
    void bothReadersDeliverTheSamePacketsOfAWellFormedStream(boolean isolated) {
        Random r = new Random(7);
        RingProducer producer = new RingProducer(memory, doorbells[0]);
        RingConsumer c = consumer(isolated);
        for (int i = 0; i < 500; i++) {
            byte[] p = new byte[1 + r.nextInt(300)];
            r.nextBytes(p);
            assertSame(WriteResult.Written.INSTANCE, producer.tryWrite(TYPE_DATA_INBAND, 0, i, p, 0, p.length));
            assertSame(ReadResult.Read.INSTANCE, c.next(view), "packet " + i);
            assertEquals(i, view.transId());
            for (int j = 0; j < p.length; j++) {
                assertEquals(p[j], view.payloadByte(j), "packet " + i + " byte " + j);
            }
            c.release();
        }
        assertEquals(isolated, c.isolated());
        assertEquals(0, c.clamped());
        assertFalse(c.isBroken());
    }

    @Test
    void theIsolatedReaderParsesAPrivateCopyThatALaterHostWriteCannotChange() {
        byte[] p = {1, 2, 3, 4, 5, 6, 7, 8};
        write(9, p);
        RingConsumer isolated = consumer(true);
        assertSame(ReadResult.Read.INSTANCE, isolated.next(view));
        // The host rewrites the packet in shared memory after the guest fetched it (double fetch).
        memory.putLong(PacketDescriptor.LENGTH, -1L);
        memory.putLong(PacketDescriptor.TRANS_ID_OFFSET, 77);
        assertEquals(1, view.payloadByte(0), "the isolated reader read the payload from shared memory again");
        assertEquals(9, view.transId());
        // In place, the same rewrite shows through: what the copy protects against.
        RingConsumer inPlace = consumer(false);
        assertSame(ReadResult.Read.INSTANCE, inPlace.next(view));
        assertEquals(-1, view.payloadByte(0));
    }

    @Test
    void aBadLen8AndOffset8AreClampedAsHvPktIterFirstDoesInsteadOfBreakingTheRing() {
        write(3, new byte[24]);
        long word = memory.getLong(0);
        int packet = PacketDescriptor.len8(word) * PacketDescriptor.UNIT;
        // len8 0 (below the descriptor) and offset8 beyond the packet.
        memory.putLong(0, PacketDescriptor.firstWord(PacketDescriptor.type(word), 200, 0, 0));
        assertInstanceOf(ReadError.Corrupt.class, consumer(false).next(view), "in place it breaks the ring");
        RingConsumer isolated = consumer(true);
        assertSame(ReadResult.Read.INSTANCE, isolated.next(view));
        assertEquals(1, isolated.clamped());
        assertEquals(PacketDescriptor.LENGTH, view.extensionLength() + PacketDescriptor.LENGTH,
                "offset8 clamped to the descriptor");
        assertEquals(packet, view.packetLength(), "len8 clamped to the bytes available");
        assertEquals(3, view.transId());
        assertSame(ReadError.Empty.INSTANCE, isolated.next(view));
        assertFalse(isolated.isBroken());
        isolated.release();
        assertTrue(isolated.readIndex() > 0);
    }
}
