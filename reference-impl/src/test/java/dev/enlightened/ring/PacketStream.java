package dev.enlightened.ring;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;
import java.util.zip.CRC32;

/**
 * Test packets of random sizes that carry their own length and CRC-32, so a consumer can prove it received every
 * byte. Layout: u32 length, u32 crc of the bytes after the header, random bytes. The transaction id is the sequence
 * number. Allocation-free after construction.
 */
final class PacketStream {

    static final int HEADER = 2 * Integer.BYTES;

    private final Random random;
    private final int maxLength;
    private final byte[] buffer;
    private final ByteBuffer view;
    private final CRC32 crc = new CRC32();
    private long sequence;

    PacketStream(long seed, int maxLength) {
        this.random = new Random(seed);
        this.maxLength = maxLength;
        this.buffer = new byte[maxLength];
        this.view = ByteBuffer.wrap(buffer).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Fills the next packet into {@link #buffer()} and returns its length. */
    int next() {
        int length = HEADER + random.nextInt(maxLength - HEADER + 1);
        for (int i = HEADER; i < length; i++) {
            buffer[i] = (byte) random.nextInt();
        }
        crc.reset();
        crc.update(buffer, HEADER, length - HEADER);
        view.putInt(0, length);
        view.putInt(Integer.BYTES, (int) crc.getValue());
        sequence++;
        return length;
    }

    byte[] buffer() {
        return buffer;
    }

    /** Sequence number of the packet last returned by {@link #next()}, from 1. */
    long sequence() {
        return sequence;
    }

    /**
     * Checks one received packet: its sequence number follows the previous one and its CRC matches.
     *
     * @return null if good, else what is wrong
     */
    String verify(PacketView packet) {
        sequence++;
        if (packet.transId() != sequence) {
            return "out of order: trans_id=" + packet.transId() + " expected=" + sequence;
        }
        packet.copyPayload(0, buffer, 0, HEADER);
        int length = view.getInt(0);
        if (length < HEADER || length > maxLength || length > packet.payloadLength()) {
            return "bad length: length=" + length + " payload_length=" + packet.payloadLength();
        }
        packet.copyPayload(HEADER, buffer, HEADER, length - HEADER);
        crc.reset();
        crc.update(buffer, HEADER, length - HEADER);
        if ((int) crc.getValue() != view.getInt(Integer.BYTES)) {
            return "checksum mismatch: sequence=" + sequence + " length=" + length;
        }
        return null;
    }
}
