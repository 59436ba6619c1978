package dev.enlightened.ring;

import dev.enlightened.signal.UnixSocketDoorbell;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Child JVM of {@link CrossProcessRingTest}: maps the ring file, connects the doorbell socket, and writes a
 * checksummed packet stream with blocking writes. Prints one summary line; exit code 0 if every write succeeded.
 */
public final class CrossProcessProducer {

    private CrossProcessProducer() {
    }

    /** Arguments: ring file, socket path, data length, packet count, seed, max payload. */
    public static void main(String[] args) throws Exception {
        Path ringFile = Path.of(args[0]);
        Path socket = Path.of(args[1]);
        int dataLength = Integer.parseInt(args[2]);
        long count = Long.parseLong(args[3]);
        PacketStream packets = new PacketStream(Long.parseLong(args[4]), Integer.parseInt(args[5]));
        RingMemory memory = ByteBufferRingMemory.map(ringFile, dataLength);
        try (UnixSocketDoorbell doorbell = UnixSocketDoorbell.connect(socket, TimeUnit.SECONDS.toNanos(20))) {
            RingProducer producer = new RingProducer(memory, doorbell);
            for (long i = 0; i < count; i++) {
                int length = packets.next();
                WriteResult result = producer.write(PacketDescriptor.TYPE_DATA_INBAND, 0, packets.sequence(),
                        packets.buffer(), 0, length, TimeUnit.SECONDS.toNanos(10));
                if (result != WriteResult.Written.INSTANCE) {
                    System.out.println("producer failed: packet=" + packets.sequence() + " result=" + result);
                    System.exit(1);
                }
            }
            System.out.println("producer packets=" + producer.packetsWritten() + " signals=" + producer.signals()
                    + " wraps=" + producer.wraps() + " blocked=" + producer.blockedWrites()
                    + " doorbell_rings=" + doorbell.rings());
        }
    }
}
