/**
 * The storvsc (synthetic SCSI) device's initialization handshake over one VMBus channel (two rings), as
 * specified by {@code specs/devices/StorvscHandshake.tla}: the guest driver state machine
 * ({@link dev.enlightened.storvsc.StorvscGuest}, Linux {@code storvsc_channel_init}), a simulated host VSP
 * ({@link dev.enlightened.storvsc.StorvscHost}, openvmm storvsp {@code InitState}), and the sub-channel opens of
 * both paths named in bug H10. The guest treats every byte from the host as hostile: a bad completion is a typed
 * {@link dev.enlightened.storvsc.StorvscError} and marks the device failed, never an exception.
 *
 * <p>After the handshake, {@link dev.enlightened.storvsc.StorvscIo} sends EXECUTE_SRB requests (data inband) with
 * several outstanding, matched by trans_id, to the host's LUN 0 {@link dev.enlightened.storvsc.StorvscDisk}; a bad
 * completion is a typed {@link dev.enlightened.storvsc.StorvscIoError} that drops the packet, fails the request or
 * fails the device, as each kind states.
 */
package dev.enlightened.storvsc;
