/**
 * Little-endian codecs for the VMBus channel-management messages that travel in SynIC message payloads
 * (at most {@value dev.enlightened.wire.ChannelMessageHeader#MAX_LENGTH} bytes), byte-compatible with the Linux
 * structs of {@code include/linux/hyperv.h} and openvmm {@code vmbus_core/src/protocol.rs}.
 *
 * <p>{@link dev.enlightened.wire.MessageType} is the one table of messages (number, wire name, record class,
 * direction, minimum version); {@link dev.enlightened.wire.ChannelMessage} is the sealed interface of their records;
 * {@link dev.enlightened.wire.ChannelMessageCodec} encodes and decodes them. Decoding never throws: it returns a
 * {@link dev.enlightened.wire.DecodeResult}, either the message or a typed {@link dev.enlightened.wire.DecodeError}
 * carrying the offending values as {@code key=value}, because the guest treats the host (and the host the guest)
 * as untrusted. {@link dev.enlightened.wire.GpadlSplitter} and {@link dev.enlightened.wire.GpadlReassembler} cut a
 * GPADL into GPADL_HEADER + GPADL_BODY messages and put it back together on the host side.
 */
package dev.enlightened.wire;
