package dev.enlightened.storvsc.lun;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The image file: created and sized, positional writes land in the file, a bad size or path is refused. */
class FileBlockStoreTest {
    @TempDir
    Path dir;

    private FileBlockStore open(Path p, long size) {
        return assertInstanceOf(FileBlockStore.Open.Opened.class, FileBlockStore.open(p, size)).store();
    }

    @Test
    void createsAnAbsentImageZeroFilledToItsSize() throws IOException {
        Path p = dir.resolve("disk.img");
        FileBlockStore.Open o = FileBlockStore.open(p, 64 * 1024);
        assertTrue(assertInstanceOf(FileBlockStore.Open.Opened.class, o).created());
        try (FileBlockStore s = ((FileBlockStore.Open.Opened) o).store()) {
            assertEquals(128, s.blocks());
            assertEquals(64 * 1024, Files.size(p));
            byte[] b = new byte[512];
            assertEquals(StoreResult.Done.INSTANCE, s.read(127, b));
            assertArrayEquals(new byte[512], b);
        }
    }

    @Test
    void writesGoToTheFileAtTheirBlockAndReadBack() throws IOException {
        Path p = dir.resolve("disk.img");
        byte[] data = new byte[1024];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 7 + 1);
        }
        try (FileBlockStore s = open(p, 8192)) {
            assertEquals(StoreResult.Done.INSTANCE, s.write(3, data));
            assertEquals(StoreResult.Done.INSTANCE, s.flush());
            byte[] back = new byte[1024];
            assertEquals(StoreResult.Done.INSTANCE, s.read(3, back));
            assertArrayEquals(data, back);
        }
        byte[] file = Files.readAllBytes(p); // read the file directly, not through the store
        byte[] at = new byte[1024];
        System.arraycopy(file, 3 * 512, at, 0, 1024);
        assertArrayEquals(data, at);
        assertEquals(0, file[3 * 512 - 1]);
        assertEquals(0, file[5 * 512]);
    }

    @Test
    void readsStraightIntoBuffersInOrderAndFailsPastTheEndOfTheFile() throws IOException {
        Path p = dir.resolve("disk.img");
        byte[] data = new byte[1024];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 3 + 11);
        }
        try (FileBlockStore s = open(p, 8192)) {
            assertEquals(StoreResult.Done.INSTANCE, s.write(2, data));
            java.nio.ByteBuffer a = java.nio.ByteBuffer.allocateDirect(200);
            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocateDirect(824);
            assertEquals(StoreResult.Done.INSTANCE, s.read(2, new java.nio.ByteBuffer[] {a, b}));
            byte[] back = new byte[1024];
            a.flip().get(back, 0, 200);
            b.flip().get(back, 200, 824);
            assertArrayEquals(data, back);
            // The file is 16 blocks: a read of blocks 15 and 16 runs off its end.
            java.nio.ByteBuffer past = java.nio.ByteBuffer.allocateDirect(1024);
            assertInstanceOf(StoreResult.Failed.class, s.read(15, new java.nio.ByteBuffer[] {past}));
        }
    }

    @Test
    void reopensAnExistingImageAtItsOwnSizeAndKeepsItsData() {
        Path p = dir.resolve("disk.img");
        try (FileBlockStore s = open(p, 8192)) {
            byte[] b = new byte[512];
            b[0] = 42;
            s.write(15, b);
        }
        try (FileBlockStore s = open(p, -1)) {
            assertEquals(16, s.blocks());
            byte[] back = new byte[512];
            s.read(15, back);
            assertEquals(42, back[0]);
        }
        try (FileBlockStore s = open(p, 8192)) {
            assertEquals(16, s.blocks());
        }
    }

    @Test
    void refusesABadSizeAMismatchedSizeAMissingFileWithoutSizeAndADirectory() {
        Path p = dir.resolve("disk.img");
        assertInstanceOf(FileBlockStore.Open.Refused.class, FileBlockStore.open(p, 1000));
        assertInstanceOf(FileBlockStore.Open.Refused.class, FileBlockStore.open(p, 512));
        assertInstanceOf(FileBlockStore.Open.Refused.class, FileBlockStore.open(p, FileBlockStore.MAX_BYTES + 512));
        assertInstanceOf(FileBlockStore.Open.Refused.class, FileBlockStore.open(p, -1));
        open(p, 8192).close();
        FileBlockStore.Open.Refused r = assertInstanceOf(FileBlockStore.Open.Refused.class,
                FileBlockStore.open(p, 16384));
        assertTrue(r.reason().contains("size=8192"), r.reason());
        assertInstanceOf(FileBlockStore.Open.Refused.class, FileBlockStore.open(dir, 8192));
        assertInstanceOf(FileBlockStore.Open.Refused.class, FileBlockStore.open(dir.resolve("no/such/dir/x"), 8192));
    }

    @Test
    void anEmptyExistingFileIsSizedLikeANewOne() throws IOException {
        Path p = Files.createFile(dir.resolve("empty.img"));
        try (FileBlockStore s = open(p, 4096)) {
            assertEquals(8, s.blocks());
            assertEquals(4096, Files.size(p));
        }
    }

    @Test
    void aReadPastTheEndOfAShrunkFileIsATypedFailure() throws IOException {
        Path p = dir.resolve("disk.img");
        try (FileBlockStore s = open(p, 8192)) {
            try (var ch = java.nio.channels.FileChannel.open(p, java.nio.file.StandardOpenOption.WRITE)) {
                ch.truncate(1024); // someone else shrinks the image under the host
            }
            StoreResult r = s.read(10, new byte[512]);
            assertInstanceOf(StoreResult.Failed.class, r);
            assertTrue(((StoreResult.Failed) r).describe().contains("offset=5120"));
        }
    }
}
