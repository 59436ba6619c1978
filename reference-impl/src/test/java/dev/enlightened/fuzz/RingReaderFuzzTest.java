package dev.enlightened.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.enlightened.ring.ByteBufferRingMemory;
import dev.enlightened.ring.PacketView;
import dev.enlightened.ring.ReadError;
import dev.enlightened.ring.ReadResult;
import dev.enlightened.ring.RingConsumer;
import dev.enlightened.ring.RingObserver;
import dev.enlightened.signal.InProcessDoorbell;
import java.util.Set;

/**
 * The guest's ring reader over a hostile control page and data area: the host owns {@code write_index}, the
 * pending-send size, the feature bits and every byte of the data area, and may change them between reads. The
 * reader is in place or isolated (the copying reader of a confidential guest), as the input chooses.
 */
class RingReaderFuzzTest {
    /** Reads per input: more than a ring of this size can hold, so wrap-around and stale laps are reached. */
    private static final int MAX_READS = 64;

    @FuzzTest
    void theReaderStaysInsideTheRingAndNeverThrows(FuzzedDataProvider data) {
        int dataLength = 8 * data.consumeInt(4, 64); // 32 B (the smallest ring) .. 512 B: small, so indices wrap often
        ByteBufferRingMemory raw = ByteBufferRingMemory.allocate(dataLength);
        FencedRingMemory memory = new FencedRingMemory(raw);
        byte[] area = data.consumeBytes(dataLength);
        raw.putBytes(0, area, 0, area.length);
        raw.storeWriteIndexRelease(data.consumeInt());
        raw.storeReadIndexRelease(data.consumeInt());
        raw.storePendingSendSzOpaque(data.consumeInt());
        raw.storeFeatureBitsOpaque(data.consumeInt());
        // Both readers: in place, and the isolated guest's copying reader (issue 12: the tests run in both modes).
        boolean isolated = data.consumeBoolean();
        RingConsumer reader = new RingConsumer(memory, InProcessDoorbell.pair()[1], RingObserver.NONE, Set.of(),
                isolated);
        PacketView view = new PacketView();
        byte[] sink = new byte[dataLength];
        for (int i = 0; i < MAX_READS && data.remainingBytes() > 0; i++) {
            ReadResult r = FuzzRules.holds(dataLength, () -> reader.next(view));
            if (r instanceof ReadError) {
                if (data.consumeBoolean()) {
                    raw.storeWriteIndexRelease(data.consumeInt()); // the host moves on, or lies again
                }
                continue;
            }
            int payload = view.payloadLength();
            int ext = view.extensionLength();
            if (payload < 0 || ext < 0 || payload > dataLength || ext > dataLength) {
                throw new AssertionError("lengths outside the ring: payload=" + payload + " ext=" + ext);
            }
            view.copyPayload(0, sink, 0, payload);
            view.copyExtension(0, sink, 0, ext);
            reader.release();
            if (data.consumeBoolean()) {
                int at = data.consumeInt(0, dataLength - 1);
                raw.putBytes(at, new byte[] {data.consumeByte()}, 0, 1); // the host rewrites a byte meanwhile
            }
        }
    }
}
