/**
 * Doorbells: how one side of a ring wakes the other (Hyper-V: a hypercall for guest to host, a SynIC event for host
 * to guest). A {@link dev.enlightened.signal.Doorbell} is one party's end of a two-way link: ringing it wakes the
 * peer, awaiting it waits for the peer. In one process {@link dev.enlightened.signal.InProcessDoorbell}; between
 * processes {@link dev.enlightened.signal.UnixSocketDoorbell}, a real OS mechanism. Every end counts its rings.
 */
package dev.enlightened.signal;
