package dev.enlightened.synic;

/**
 * Test oracle: replays each reported step on a copy of the variables of {@code SynicMessageSlot.tla} (correct
 * protocol: the guest writes EOM on msg_pending, loads it after the clear, the hypervisor sets it before its check)
 * and records the first step whose enabling condition does not hold. Message identity is the {@code sender} field,
 * numbered 0, 1, 2, ... in posting order.
 */
final class SpecReplayObserver implements SynicSlotObserver {
    private static final long NONE = -1;

    private String hostPc = "Idle";
    private long slotMsg = NONE;
    private boolean msgPending;
    private String guestPc = "AwaitMessage";
    private long nextTaken;
    private long received;
    private long steps;
    private String violation;

    private void require(boolean guard, String step) {
        steps++;
        if (!guard && violation == null) {
            violation = "step " + steps + " " + step + " not enabled: hostPc=" + hostPc + " slotMsg=" + slotMsg
                    + " msgPending=" + msgPending + " guestPc=" + guestPc;
        }
    }

    @Override
    public synchronized void hostSetsMessagePending() {
        require(hostPc.equals("Idle"), "HostSetsMessagePending");
        hostPc = "PendingSet";
        msgPending = true;
    }

    @Override
    public synchronized void hostDeliversMessage(SynicMessage message) {
        require(hostPc.equals("PendingSet") && slotMsg == NONE && message.sender() == nextTaken,
                "HostDeliversMessage(" + message.sender() + ")");
        nextTaken++;
        slotMsg = message.sender();
        msgPending = false;
        hostPc = "Idle";
    }

    @Override
    public synchronized void hostFindsSlotFull() {
        require(hostPc.equals("PendingSet") && slotMsg != NONE, "HostFindsSlotFull");
        hostPc = "AwaitsEom";
    }

    @Override
    public synchronized void guestReadsMessage(SlotRead read) {
        long sender = read instanceof SlotRead.Received r ? r.message().sender() : NONE;
        require(guestPc.equals("AwaitMessage") && slotMsg != NONE && sender == slotMsg && sender == received,
                "GuestReadsMessage(" + sender + ")");
        received++;
        guestPc = "HoldsMessage";
    }

    @Override
    public synchronized void guestClearsSlot() {
        require(guestPc.equals("HoldsMessage"), "GuestClearsSlot");
        slotMsg = NONE;
        guestPc = "SlotCleared";
    }

    @Override
    public synchronized void guestReadsMessagePending(boolean pending) {
        require(guestPc.equals("SlotCleared") && pending == msgPending, "GuestReadsMessagePending(" + pending + ")");
        guestPc = pending ? "EomDue" : "AwaitMessage";
    }

    @Override
    public synchronized void guestWritesEom() {
        require(guestPc.equals("EomDue"), "GuestWritesEom");
        hostPc = hostPc.equals("AwaitsEom") ? "Idle" : hostPc;
        guestPc = "AwaitMessage";
    }

    synchronized String violation() {
        return violation;
    }

    synchronized long steps() {
        return steps;
    }

    /** @return true in the spec's final state: all taken messages read, slot empty, both sides at rest */
    synchronized boolean atRest(long messages) {
        return nextTaken == messages && received == messages && slotMsg == NONE && hostPc.equals("Idle")
                && guestPc.equals("AwaitMessage");
    }
}
