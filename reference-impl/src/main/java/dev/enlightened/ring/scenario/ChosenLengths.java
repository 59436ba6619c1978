package dev.enlightened.ring.scenario;

import dev.enlightened.sim.ChoiceKind;
import dev.enlightened.sim.Chooser;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.List;

/**
 * The payload lengths of a stepped run, each chosen when the producer starts writing its packet
 * ({@link ChoiceKind#PACKET_LENGTH}, 0 to {@code bound}): the spec's producer picks a length in {@code PacketLens} at
 * each write (RingBuffer.tla), so the length is a choice of the write's first step, not an input fixed before the
 * run. An explorer that branches on lengths ({@code explore ring --vary-lengths}) then branches inside that step, and
 * two schedules whose past lengths differ but whose states agree share their futures (the lengths still to come are
 * no part of the state).
 *
 * <p>Packet {@code i}'s length is chosen at the first {@link #get} of an index {@code >= i}, in index order, by the
 * thread that holds the stepped run's baton (the producer's, in {@code RingScenarioRunner.writeAll}); the consumer
 * reads only lengths of packets already written. A seeded chooser draws the same lengths as
 * {@link RingScenario#generated(int, int, long, boolean, java.util.Set)} (each {@link ChoiceKind} has a random stream
 * of its own), only later in the run. Not for real threads: the list is not thread-safe.
 */
final class ChosenLengths extends AbstractList<Integer> {
    private final Chooser chooser;
    private final int bound;
    private final int packets;
    private final List<Integer> chosen = new ArrayList<>();

    ChosenLengths(Chooser chooser, int bound, int packets) {
        this.chooser = chooser;
        this.bound = bound;
        this.packets = packets;
    }

    @Override
    public Integer get(int index) {
        if (index < 0 || index >= packets) {
            throw new IndexOutOfBoundsException("packet index " + index + " of " + packets);
        }
        while (chosen.size() <= index) {
            chosen.add(chooser.choose(ChoiceKind.PACKET_LENGTH, bound + 1));
        }
        return chosen.get(index);
    }

    @Override
    public int size() {
        return packets;
    }

    /** @return the lengths chosen so far, in packet order (a copy) */
    List<Integer> chosenSoFar() {
        return List.copyOf(chosen);
    }

    // Identity, not content: comparing or printing must not choose the lengths still to come.
    @Override
    public boolean equals(Object o) {
        return this == o;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }

    @Override
    public String toString() {
        return "chosen while writing " + chosen + " of " + packets;
    }
}
