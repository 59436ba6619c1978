package dev.enlightened.storvsc.lun;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A {@link BlockStore} on a raw image file, as openvmm's {@code disk_file} backs a storvsp LUN: block {@code b} is
 * bytes {@code b * blockSize ..} of the file. Reads and writes are positional {@link FileChannel} calls (no shared
 * position, so host threads may overlap); SYNCHRONIZE CACHE is {@link FileChannel#force(boolean) force(true)}
 * (data and metadata, as {@code fsync}). I/O failures come back as {@link StoreResult.Failed}.
 */
public final class FileBlockStore implements BlockStore {
    /** Block size of the LUN: 512, as Hyper-V's VHD-backed disks report. */
    public static final int BLOCK_SIZE = 512;
    /** Smallest image: one 4 KiB page. */
    public static final long MIN_BYTES = 4096;
    /** Largest image: 2 TiB, so that a block count fits READ CAPACITY(10) too. */
    public static final long MAX_BYTES = 1L << 41;

    private final Path path;
    private final FileChannel file;
    private final long blocks;

    private FileBlockStore(Path path, FileChannel file, long blocks) {
        this.path = path;
        this.file = file;
        this.blocks = blocks;
    }

    /** How {@link #open} ended. */
    public sealed interface Open {
        /**
         * Ready.
         *
         * @param store   the store (the caller closes it)
         * @param created true if the file did not exist and was created, zero-filled to its size
         */
        record Opened(FileBlockStore store, boolean created) implements Open {
        }

        /**
         * Not opened.
         *
         * @param reason one line with {@code key=value}s, fit for a user
         */
        record Refused(String reason) implements Open {
        }
    }

    /**
     * Opens the image at {@code path}, creating it (sparse, zero-filled) with {@code sizeBytes} if absent. An existing
     * file keeps its size: {@code sizeBytes} of -1 accepts it, anything else must equal it (an image is never
     * silently grown or truncated).
     *
     * @param path      the image file
     * @param sizeBytes its size, a multiple of {@link #BLOCK_SIZE} in {@link #MIN_BYTES}..{@link #MAX_BYTES}, or -1
     *                  for an existing file's size
     * @return opened or refused
     */
    public static Open open(Path path, long sizeBytes) {
        if (sizeBytes != -1 && (sizeBytes < MIN_BYTES || sizeBytes > MAX_BYTES || sizeBytes % BLOCK_SIZE != 0)) {
            return new Open.Refused("disk size must be a multiple of " + BLOCK_SIZE + " in " + MIN_BYTES + ".."
                    + MAX_BYTES + " bytes: size=" + sizeBytes);
        }
        boolean exists = Files.exists(path);
        if (exists && !Files.isRegularFile(path)) {
            return new Open.Refused("disk image is not a regular file: path=" + path);
        }
        if (!exists && sizeBytes == -1) {
            return new Open.Refused("disk image does not exist and no size was given: path=" + path);
        }
        FileChannel ch;
        try {
            ch = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        } catch (IOException | SecurityException e) {
            return new Open.Refused("cannot open disk image: path=" + path + " reason=" + e.getMessage());
        }
        try {
            long have = ch.size();
            if (!exists || have == 0 && sizeBytes > 0) {
                // Writing the last byte extends the file sparsely: unwritten blocks read as zeros.
                ch.write(ByteBuffer.allocate(1), sizeBytes - 1);
                have = sizeBytes;
            }
            if (sizeBytes != -1 && have != sizeBytes) {
                ch.close();
                return new Open.Refused("disk image exists with another size: path=" + path + " size=" + have
                        + " requested=" + sizeBytes + " (omit --size to use it as it is)");
            }
            if (have < MIN_BYTES || have > MAX_BYTES || have % BLOCK_SIZE != 0) {
                ch.close();
                return new Open.Refused("disk image size must be a multiple of " + BLOCK_SIZE + " in " + MIN_BYTES
                        + ".." + MAX_BYTES + ": path=" + path + " size=" + have);
            }
            return new Open.Opened(new FileBlockStore(path, ch, have / BLOCK_SIZE), !exists);
        } catch (IOException e) {
            closeQuietly(ch);
            return new Open.Refused("cannot size disk image: path=" + path + " reason=" + e.getMessage());
        }
    }

    @Override
    public long blocks() {
        return blocks;
    }

    @Override
    public int blockSize() {
        return BLOCK_SIZE;
    }

    /** @return the image file */
    public Path path() {
        return path;
    }

    @Override
    public StoreResult read(long lba, byte[] dst) {
        long at = lba * BLOCK_SIZE;
        ByteBuffer b = ByteBuffer.wrap(dst);
        try {
            while (b.hasRemaining()) {
                if (file.read(b, at + b.position()) < 0) {
                    return new StoreResult.Failed("read", at, "end of file after " + b.position() + " bytes");
                }
            }
            return StoreResult.Done.INSTANCE;
        } catch (IOException e) {
            return new StoreResult.Failed("read", at, String.valueOf(e.getMessage()));
        }
    }

    /** Positional reads straight into the buffers (guest memory is a direct buffer: no copy in the JDK either). */
    @Override
    public StoreResult read(long lba, ByteBuffer[] dsts) {
        long at = lba * BLOCK_SIZE;
        long start = at;
        try {
            for (ByteBuffer b : dsts) {
                while (b.hasRemaining()) {
                    int n = file.read(b, at);
                    if (n < 0) {
                        return new StoreResult.Failed("read", start, "end of file after " + (at - start) + " bytes");
                    }
                    at += n;
                }
            }
            return StoreResult.Done.INSTANCE;
        } catch (IOException e) {
            return new StoreResult.Failed("read", start, String.valueOf(e.getMessage()));
        }
    }

    @Override
    public StoreResult write(long lba, byte[] src) {
        long at = lba * BLOCK_SIZE;
        ByteBuffer b = ByteBuffer.wrap(src);
        try {
            while (b.hasRemaining()) {
                file.write(b, at + b.position());
            }
            return StoreResult.Done.INSTANCE;
        } catch (IOException e) {
            return new StoreResult.Failed("write", at, String.valueOf(e.getMessage()));
        }
    }

    @Override
    public StoreResult flush() {
        try {
            file.force(true);
            return StoreResult.Done.INSTANCE;
        } catch (IOException e) {
            return new StoreResult.Failed("flush", 0, String.valueOf(e.getMessage()));
        }
    }

    @Override
    public void close() {
        closeQuietly(file);
    }

    private static void closeQuietly(FileChannel ch) {
        try {
            ch.close();
        } catch (IOException e) {
            // Nothing left to do with a channel that will not close; the OS releases it at exit.
        }
    }
}
