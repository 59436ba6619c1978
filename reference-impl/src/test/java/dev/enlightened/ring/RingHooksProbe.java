package dev.enlightened.ring;

import dev.enlightened.signal.InProcessDoorbell;
import java.util.Set;

/**
 * Run in a JVM of its own by {@link RingHooksTest}: prints whether the hooks are compiled in, whether an untraced
 * ring still moves a packet, and what giving an observer does.
 */
public final class RingHooksProbe {
    private RingHooksProbe() {
    }

    /** Prints {@code enabled=<bool> untraced=<result> traced=<result or the error>}. */
    public static void main(String[] args) {
        ByteBufferRingMemory memory = ByteBufferRingMemory.allocate(4096);
        InProcessDoorbell[] bells = InProcessDoorbell.pair();
        RingProducer producer = new RingProducer(memory, bells[0]);
        WriteResult untraced = producer.tryWrite(PacketDescriptor.TYPE_DATA_INBAND, 0, 1, new byte[8], 0, 8);
        String traced;
        try {
            new RingConsumer(memory, bells[1], (a, v, w, r, m, p) -> { }, Set.of());
            traced = "accepted";
        } catch (IllegalStateException e) {
            traced = "refused: " + e.getMessage();
        }
        System.out.println("enabled=" + RingHooks.ENABLED + " untraced=" + untraced + " traced=" + traced);
    }
}
