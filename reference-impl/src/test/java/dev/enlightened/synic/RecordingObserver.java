package dev.enlightened.synic;

import java.util.ArrayList;
import java.util.List;

/** Records the spec action of every step, with its parameters, in the order the callbacks were made. */
final class RecordingObserver implements SynicSlotObserver {
    private final List<String> steps = new ArrayList<>();

    @Override
    public synchronized void hostSetsMessagePending() {
        steps.add("HostSetsMessagePending");
    }

    @Override
    public synchronized void hostDeliversMessage(SynicMessage message) {
        steps.add("HostDeliversMessage(size=" + message.payloadSize() + ")");
    }

    @Override
    public synchronized void hostFindsSlotFull() {
        steps.add("HostFindsSlotFull");
    }

    @Override
    public synchronized void guestReadsMessage(SlotRead read) {
        steps.add("GuestReadsMessage(" + (read instanceof SlotRead.Received r
                ? "size=" + r.message().payloadSize() : "corrupt") + ")");
    }

    @Override
    public synchronized void guestClearsSlot() {
        steps.add("GuestClearsSlot");
    }

    @Override
    public synchronized void guestReadsMessagePending(boolean msgPending) {
        steps.add("GuestReadsMessagePending(" + msgPending + ")");
    }

    @Override
    public synchronized void guestWritesEom() {
        steps.add("GuestWritesEom");
    }

    synchronized List<String> takeSteps() {
        List<String> copy = List.copyOf(steps);
        steps.clear();
        return copy;
    }
}
