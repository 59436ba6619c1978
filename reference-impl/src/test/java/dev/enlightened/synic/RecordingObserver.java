package dev.enlightened.synic;

import java.util.ArrayList;
import java.util.List;

/** Records the spec action of every step, with its parameters, in the order the callbacks were made. */
final class RecordingObserver implements SynicSlotObserver {
    final List<String> steps = new ArrayList<>();

    @Override
    public synchronized void hostDeliversMessage(int messageType, int payloadSize, boolean msgPending) {
        steps.add("HostDeliversMessage(size=" + payloadSize + ",pending=" + msgPending + ")");
    }

    @Override
    public synchronized void hostSetsMessagePending() {
        steps.add("HostSetsMessagePending");
    }

    @Override
    public synchronized void guestReadsMessage(int messageType, int payloadSize) {
        steps.add("GuestReadsMessage(size=" + payloadSize + ")");
    }

    @Override
    public synchronized void guestClearsSlot() {
        steps.add("GuestClearsSlot");
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
