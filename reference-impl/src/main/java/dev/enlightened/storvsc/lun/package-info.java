/**
 * What backs the simulated host's LUN 0: a {@link dev.enlightened.storvsc.lun.BlockStore} of fixed-size blocks,
 * either a real raw image file ({@link dev.enlightened.storvsc.lun.FileBlockStore}, positional
 * {@link java.nio.channels.FileChannel} I/O, {@code force} on flush) or an in-memory array
 * ({@link dev.enlightened.storvsc.lun.MemoryBlockStore}, the default of handshake-only runs and a test double).
 * Failures are typed ({@link dev.enlightened.storvsc.lun.StoreResult}), never thrown to the SCSI layer.
 */
package dev.enlightened.storvsc.lun;
