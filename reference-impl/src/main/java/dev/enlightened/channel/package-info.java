/**
 * The guest's VMBus channel manager (vmbus-protocol digest section 1): version negotiation, offers, ring GPADLs,
 * open and close, rescind, relid release, unload and reconnect, sub-channels. Each channel object is an explicit
 * state machine ({@link dev.enlightened.channel.ChannelState}, named as in the channel-management spec
 * VMBusChannels.tla) driven by three guest contexts, as in Linux: the message-dispatch context (one host message
 * per step, never blocks), the bus context (negotiation, unload) and one driver context per channel (open, close,
 * removal, with blocking waits). Every host message arrives as bytes and is decoded and validated as untrusted;
 * a malformed, unknown, duplicate or out-of-order message is rejected with a typed
 * {@link dev.enlightened.channel.HostMessageError}, never a crash. Each step emits one trace event named after the
 * spec action it implements.
 */
package dev.enlightened.channel;
