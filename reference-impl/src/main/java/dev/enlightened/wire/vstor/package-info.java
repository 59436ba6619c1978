/**
 * Little-endian codec of {@code struct vstor_packet} (Linux drivers/scsi/storvsc_drv.c, packed, 64 bytes; openvmm
 * storvsp_protocol): operation, flags and status, then a 52-byte union whose member depends on the operation (for a
 * COMPLETE_IO, on the request it completes). Decoding never throws: it returns a {@link
 * dev.enlightened.wire.vstor.VstorDecodeResult}, the packet or a typed error with the offending values.
 */
package dev.enlightened.wire.vstor;
