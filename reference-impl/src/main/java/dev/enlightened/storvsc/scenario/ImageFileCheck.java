package dev.enlightened.storvsc.scenario;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.zip.CRC32;

/**
 * Reads a disk image directly (its own {@link FileChannel}, not the host's store) to show it holds exactly what the
 * guest wrote: the workload's slots byte for byte, and the rest of the file unchanged (CRC-32 before and after).
 */
public final class ImageFileCheck {
    private ImageFileCheck() {
    }

    /**
     * @param image the file
     * @param from  first byte covered
     * @return CRC-32 of the file from {@code from} to its end
     * @throws IOException if the file cannot be read
     */
    public static long crcFrom(Path image, long from) throws IOException {
        CRC32 crc = new CRC32();
        try (FileChannel ch = FileChannel.open(image, StandardOpenOption.READ);
                InputStream in = Channels.newInputStream(ch.position(from))) {
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0;) {
                crc.update(buf, 0, n);
            }
        }
        return crc.getValue();
    }

    /**
     * @param image     the file
     * @param expected  what its first {@code expected.length} bytes must hold
     * @param crcBefore {@link #crcFrom} of the rest, taken before the run
     * @return null if the image matches, else one line naming the first difference
     * @throws IOException if the file cannot be read
     */
    public static String verify(Path image, byte[] expected, long crcBefore) throws IOException {
        byte[] head = new byte[expected.length];
        try (FileChannel ch = FileChannel.open(image, StandardOpenOption.READ)) {
            java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(head);
            while (b.hasRemaining() && ch.read(b, b.position()) > 0) {
                // positional reads until the slots are in
            }
            if (b.hasRemaining()) {
                return "image shorter than the slots: bytes=" + b.position() + " slots_bytes=" + expected.length;
            }
        }
        int diff = Arrays.mismatch(head, expected);
        if (diff >= 0) {
            return "image differs from what the guest wrote: offset=" + diff + " slot=" + diff / SlotOp.SLOT_BYTES;
        }
        long after = crcFrom(image, expected.length);
        return after == crcBefore ? null : "image changed beyond the slots: crc_before=0x" + Long.toHexString(crcBefore)
                + " crc_after=0x" + Long.toHexString(after);
    }
}
