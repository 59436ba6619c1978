/**
 * The host-to-guest SynIC message slot: one 256-byte {@code struct hv_message} per SINT in the guest's SynIC
 * message page, through which the hypervisor delivers VMBus channel messages one at a time, in order.
 *
 * <p>{@link dev.enlightened.synic.SynicMessageDescriptor} gives the layout,
 * {@link dev.enlightened.synic.SynicMessageSlot} is the only class that touches the slot's memory ordering,
 * {@link dev.enlightened.synic.SynicHost} is the hypervisor side (deliver when empty, else set
 * {@code msg_pending}), {@link dev.enlightened.synic.SynicGuest} the guest side (read, clear, full fence, EOM if
 * pending), and {@link dev.enlightened.synic.SynicSlotObserver} reports each step under the name of the spec action
 * of {@code specs/channel/SynicMessageSlot.tla}.
 */
package dev.enlightened.synic;
