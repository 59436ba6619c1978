package dev.enlightened.ring;

import static dev.enlightened.ring.PacketDescriptor.TRAILER_LENGTH;
import static dev.enlightened.ring.PacketDescriptor.TYPE_DATA_INBAND;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.enlightened.signal.InProcessDoorbell;
import java.time.Duration;
import java.util.Random;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The consumer treats the producer as hostile: every impossible value is a typed, named, sticky error. */
class RingConsumerHostileTest {

    private static final int DATA_LENGTH = 256;
    private static final int PAYLOAD = 20;
    private static final Pattern KEY_VALUE = Pattern.compile("\\w+=\\S+");

    /** Outcomes seen by the property, so it can prove it reached both corrupt rings and parsed packets. */
    private int corruptRings;
    private long packetsParsed;

    private final ByteBufferRingMemory memory = ByteBufferRingMemory.allocate(DATA_LENGTH);
    private final InProcessDoorbell[] doorbells = InProcessDoorbell.pair();
    private final PacketView view = new PacketView();

    /** Writes one valid packet at index 0 and returns its first descriptor word. */
    private long validPacket() {
        RingProducer producer = new RingProducer(memory, doorbells[0]);
        producer.tryWrite(TYPE_DATA_INBAND, 0, 1, new byte[PAYLOAD], 0, PAYLOAD);
        return memory.getLong(0);
    }

    private void assertCorrupt(ReaderMode mode, String expectedKeyValue) {
        RingConsumer consumer = mode.consumer(memory, doorbells[1]);
        ReadResult result = consumer.next(view);
        ReadError.Corrupt corrupt = assertInstanceOf(ReadError.Corrupt.class, result);
        assertTrue(corrupt.reason().contains(expectedKeyValue), corrupt.reason());
        assertTrue(KEY_VALUE.matcher(corrupt.reason()).find(), corrupt.reason());
        assertTrue(consumer.isBroken());
        assertSame(corrupt, consumer.next(view), "the ring stays broken");
        assertEquals(0, consumer.poll(p -> { }, Integer.MAX_VALUE));
        assertEquals(0, consumer.readIndex(), "nothing consumed from a corrupt ring");
    }

    /**
     * A bad {@code len8}/{@code offset8}: in place the ring breaks with the named value; the isolated reader
     * clamps it as Linux {@code hv_pkt_iter_first} does in a confidential VM, so the packet is read (its payload
     * inside the bytes available), counted in {@code clamped()}, and the ring goes on.
     */
    private void assertBadDescriptor(ReaderMode mode, String expectedKeyValue) {
        if (!mode.isolated()) {
            assertCorrupt(mode, expectedKeyValue);
            return;
        }
        RingConsumer consumer = mode.consumer(memory, doorbells[1]);
        int available = memory.loadWriteIndexAcquire();
        assertSame(ReadResult.Read.INSTANCE, consumer.next(view));
        assertEquals(1, consumer.clamped());
        assertTrue(!consumer.isBroken());
        assertTrue(view.payloadLength() >= 0 && view.payloadLength() <= available - PacketDescriptor.LENGTH
                - TRAILER_LENGTH, "payload=" + view.payloadLength() + " available=" + available);
        assertSame(ReadError.Empty.INSTANCE, consumer.next(view));
        consumer.release();
        assertEquals(available, consumer.readIndex());
    }

    private void setLen8AndOffset8(long firstWord, int len8, int offset8) {
        memory.putLong(0, PacketDescriptor.firstWord(PacketDescriptor.type(firstWord), offset8, len8,
                PacketDescriptor.flags(firstWord)));
    }

    @ParameterizedTest
    @EnumSource(ReaderMode.class)
    void rejectsWriteIndexOutOfRange(ReaderMode mode) {
        memory.storeWriteIndexRelease(DATA_LENGTH);
        assertCorrupt(mode, "write_index=" + DATA_LENGTH);
    }

    @ParameterizedTest
    @EnumSource(ReaderMode.class)
    void rejectsNegativeWriteIndexAsOutOfRange(ReaderMode mode) {
        memory.storeWriteIndexRelease(-RingDescriptor.ALIGNMENT);
        assertCorrupt(mode, "write_index=" + Integer.toUnsignedString(-RingDescriptor.ALIGNMENT));
    }

    @ParameterizedTest
    @EnumSource(ReaderMode.class)
    void rejectsUnalignedWriteIndex(ReaderMode mode) {
        memory.storeWriteIndexRelease(RingDescriptor.ALIGNMENT + 1);
        assertCorrupt(mode, "write_index=" + (RingDescriptor.ALIGNMENT + 1));
    }

    @ParameterizedTest
    @EnumSource(ReaderMode.class)
    void rejectsCorruptReadIndexAtStart(ReaderMode mode) {
        memory.storeReadIndexRelease(DATA_LENGTH + RingDescriptor.ALIGNMENT);
        RingConsumer consumer = mode.consumer(memory, doorbells[1]);
        ReadError.Corrupt corrupt = assertInstanceOf(ReadError.Corrupt.class, consumer.next(view));
        assertTrue(corrupt.reason().contains("read_index=" + (DATA_LENGTH + RingDescriptor.ALIGNMENT)));
    }

    @ParameterizedTest
    @EnumSource(ReaderMode.class)
    void rejectsFragmentShorterThanAPacket(ReaderMode mode) {
        memory.storeWriteIndexRelease(RingDescriptor.ALIGNMENT);
        assertCorrupt(mode, "available=" + RingDescriptor.ALIGNMENT);
    }

    @ParameterizedTest
    @EnumSource(ReaderMode.class)
    void aLen8BelowTheDescriptorBreaksTheRingInPlaceAndIsClampedWhenIsolated(ReaderMode mode) {
        long word = validPacket();
        setLen8AndOffset8(word, 1, 1);
        assertBadDescriptor(mode, "len8=1");
    }

    @ParameterizedTest
    @EnumSource(ReaderMode.class)
    void anOffset8BeyondLen8BreaksTheRingInPlaceAndIsClampedWhenIsolated(ReaderMode mode) {
        long word = validPacket();
        int len8 = PacketDescriptor.len8(word);
        setLen8AndOffset8(word, len8, len8 + 1);
        assertBadDescriptor(mode, "offset8=" + (len8 + 1));
    }

    @ParameterizedTest
    @EnumSource(ReaderMode.class)
    void anOffset8InsideTheDescriptorBreaksTheRingInPlaceAndIsClampedWhenIsolated(ReaderMode mode) {
        long word = validPacket();
        setLen8AndOffset8(word, PacketDescriptor.len8(word), 1);
        assertBadDescriptor(mode, "offset8=1");
    }

    @ParameterizedTest
    @EnumSource(ReaderMode.class)
    void aPacketLargerThanTheRingBreaksItInPlaceAndIsClampedWhenIsolated(ReaderMode mode) {
        long word = validPacket();
        setLen8AndOffset8(word, PacketDescriptor.U16_MAX, PacketDescriptor.offset8(word));
        assertBadDescriptor(mode, "len8=" + PacketDescriptor.U16_MAX);
    }

    @ParameterizedTest
    @EnumSource(ReaderMode.class)
    void aPacketBeyondWriteIndexBreaksTheRingInPlaceAndIsClampedWhenIsolated(ReaderMode mode) {
        long word = validPacket();
        int len8 = PacketDescriptor.len8(word) + 1;
        setLen8AndOffset8(word, len8, PacketDescriptor.offset8(word));
        assertBadDescriptor(mode, "len8=" + len8);
    }

    /**
     * Neither Linux ({@code hv_pkt_iter_next}) nor openvmm ({@code IncomingRing}) reads the trailer, so a random
     * one must not break the channel (issue 12: it did); the mismatch is counted and the packets go on.
     */
    @ParameterizedTest
    @EnumSource(ReaderMode.class)
    void readsPastAnyTrailerAsLinuxAndOpenvmmDoAndCountsTheMismatch(ReaderMode mode) {
        RingProducer producer = new RingProducer(memory, doorbells[0]);
        producer.tryWrite(TYPE_DATA_INBAND, 0, 1, new byte[PAYLOAD], 0, PAYLOAD);
        int second = PacketDescriptor.packetLength(PAYLOAD) + TRAILER_LENGTH;
        producer.tryWrite(TYPE_DATA_INBAND, 0, 2, new byte[PAYLOAD], 0, PAYLOAD);
        long random = new Random(12).nextLong();
        memory.putLong(PacketDescriptor.packetLength(PAYLOAD), random);
        RingConsumer consumer = mode.consumer(memory, doorbells[1]);
        assertSame(ReadResult.Read.INSTANCE, consumer.next(view));
        assertEquals(1, view.transId());
        assertSame(ReadResult.Read.INSTANCE, consumer.next(view), "the packet after the random trailer was lost");
        assertEquals(2, view.transId());
        assertSame(ReadError.Empty.INSTANCE, consumer.next(view));
        consumer.release();
        assertEquals(2 * second, consumer.readIndex());
        assertEquals(1, consumer.trailerMismatches());
        assertTrue(!consumer.isBroken());
    }

    @ParameterizedTest
    @EnumSource(ReaderMode.class)
    void rejectsCorruptWriteIndexSeenWhileReleasingForABlockedProducer(ReaderMode mode) {
        validPacket();
        RingConsumer consumer = mode.consumer(memory, doorbells[1]);
        consumer.next(view);
        memory.storePendingSendSzOpaque(DATA_LENGTH);
        memory.storeWriteIndexRelease(DATA_LENGTH * 2);
        consumer.release();
        assertTrue(consumer.isBroken());
        assertTrue(consumer.corruption().reason().contains("write_index=" + DATA_LENGTH * 2));
    }

    @ParameterizedTest
    @EnumSource(ReaderMode.class)
    void randomGarbageInControlPageAndDataNeverThrowsNorLoops(ReaderMode mode) {
        assertTimeoutPreemptively(Duration.ofSeconds(60), () ->
                qt().withExamples(2000).forAll(longs().all(), integers().between(4, 64), integers().between(0, 2))
                        .checkAssert((seed, units, kind) -> survivesGarbage(mode, seed, units, kind)));
        assertTrue(corruptRings > 0 && packetsParsed > 0,
                "the generator reaches both outcomes: corrupt=" + corruptRings + " packets=" + packetsParsed);
    }


    /**
     * Mode 0: every byte random. Mode 1: indices made valid so parsing reaches the descriptors. Mode 2: a valid
     * stream with one random byte or control field overwritten.
     */
    private void survivesGarbage(ReaderMode reader, long seed, int units, int mode) {
        int dataLength = units * RingDescriptor.ALIGNMENT;
        ByteBufferRingMemory ring = ByteBufferRingMemory.allocate(dataLength);
        Random random = new Random(seed);
        InProcessDoorbell[] bells = InProcessDoorbell.pair();
        if (mode == 2) {
            RingProducer writer = new RingProducer(ring, bells[0]);
            byte[] payload = new byte[dataLength];
            while (writer.tryWrite(TYPE_DATA_INBAND, 0, 0, payload, 0, random.nextInt(dataLength / 2))
                    == WriteResult.Written.INSTANCE) {
                random.nextBytes(payload);
            }
            int at = random.nextInt(dataLength);
            ring.putBytes(at, new byte[] {(byte) random.nextInt()}, 0, 1);
            int field = random.nextInt(4) * Integer.BYTES;
            if (random.nextBoolean()) {
                overwriteControl(ring, field, random.nextInt());
            }
        } else {
            byte[] data = new byte[dataLength];
            random.nextBytes(data);
            ring.putBytes(0, data, 0, dataLength);
            for (int field = 0; field <= RingDescriptor.FEATURE_BITS_OFFSET; field += Integer.BYTES) {
                int value = random.nextInt();
                if (mode == 1 && field <= RingDescriptor.READ_INDEX_OFFSET) {
                    value = random.nextInt(dataLength / RingDescriptor.ALIGNMENT) * RingDescriptor.ALIGNMENT;
                }
                overwriteControl(ring, field, value);
            }
        }
        RingConsumer consumer = reader.consumer(ring, bells[1]);
        int packets = consumer.poll(p -> p.copyPayload(0, new byte[p.payloadLength()], 0, p.payloadLength()),
                Integer.MAX_VALUE);
        int maxPackets = dataLength / (PacketDescriptor.LENGTH + TRAILER_LENGTH);
        assertTrue(packets <= maxPackets, "packets=" + packets + " max=" + maxPackets);
        packetsParsed += packets;
        if (consumer.isBroken()) {
            corruptRings++;
            assertTrue(KEY_VALUE.matcher(consumer.corruption().reason()).find(), consumer.corruption().reason());
        }
        RingProducer producer = new RingProducer(ring, bells[0], RingObserver.NONE, Set.of());
        for (int i = 0; i < 4; i++) {
            WriteResult result = producer.tryWrite(TYPE_DATA_INBAND, 0, i, new byte[i * 8], 0, i * 8);
            assertTrue(result instanceof WriteResult.Written || result instanceof WriteError, result::toString);
        }
    }

    private static void overwriteControl(ByteBufferRingMemory ring, int field, int value) {
        switch (field) {
            case RingDescriptor.WRITE_INDEX_OFFSET -> ring.storeWriteIndexRelease(value);
            case RingDescriptor.READ_INDEX_OFFSET -> ring.storeReadIndexRelease(value);
            case RingDescriptor.INTERRUPT_MASK_OFFSET -> ring.storeInterruptMaskOpaque(value);
            case RingDescriptor.PENDING_SEND_SZ_OFFSET -> ring.storePendingSendSzOpaque(value);
            case RingDescriptor.FEATURE_BITS_OFFSET -> ring.storeFeatureBitsOpaque(value);
            default -> { } // reserved1: not interpreted by either side
        }
    }
}
