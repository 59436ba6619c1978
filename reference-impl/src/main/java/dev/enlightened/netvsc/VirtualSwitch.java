package dev.enlightened.netvsc;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The simulated host's virtual switch: one port per guest NIC (its {@link HostDataPath}). It forwards an Ethernet
 * frame by destination MAC: a broadcast or multicast (group bit set) is flooded to every other port; a unicast
 * goes to the port whose MAC it is, from the table seeded with each port's MAC (what the guest's RNDIS query
 * reports) and learned from source addresses, and is flooded when unknown. A frame never goes back out of its
 * ingress port.
 */
public final class VirtualSwitch {
    /** Destination, source, EtherType. */
    public static final int ETH_HLEN = 14;
    private final List<Port> ports = new ArrayList<>();
    private final Map<Long, Integer> table = new HashMap<>();
    private long forwarded;
    private long flooded;
    private long dropped;
    @dev.enlightened.sim.StateDigest.Ignored("the explorer's record of the step in progress, emptied at every step"
            + " boundary: not state")
    private dev.enlightened.sim.Footprint footprint;
    private long switchLocation;

    /** One switch port: a VSP's NIC back-end. */
    public interface Port {
        /** The switch hands the port a frame for its guest. */
        void deliver(byte[] frame);

        /** The port's frames from its guest go to {@code uplink}. */
        void connect(java.util.function.Consumer<byte[]> uplink);
    }

    /** Attaches a port with its MAC; returns its index. */
    public int attach(Port port, byte[] mac) {
        int index = ports.size();
        ports.add(port);
        table.put(macKey(mac, 0), index);
        port.connect(frame -> forward(index, frame));
        return index;
    }

    /**
     * Records every forward in an explorer's footprint: a write of the switch (its learned table and counters) at
     * {@code switchAt}. The ports record what a delivery touches on their side ({@link HostDataPath#recordInto}), so
     * that a step of one guest that sends a frame depends on the other guest's steps that receive (docs/exploring.md,
     * network footprints); every port of a recording switch must record.
     */
    public void recordInto(dev.enlightened.sim.Footprint f, long switchAt) {
        this.footprint = f;
        this.switchLocation = switchAt;
    }

    /** Forwards one frame that entered at port {@code ingress}. */
    void forward(int ingress, byte[] frame) {
        if (footprint != null) {
            footprint.read(switchLocation);
            footprint.write(switchLocation);
        }
        if (frame.length < ETH_HLEN) {
            dropped++;
            return;
        }
        long src = macKey(frame, 6);
        if ((frame[6] & 1) == 0) {
            table.put(src, ingress); // learn: unicast sources only
        }
        boolean group = (frame[0] & 1) != 0;
        Integer out = group ? null : table.get(macKey(frame, 0));
        if (out != null) {
            if (out != ingress) {
                ports.get(out).deliver(frame);
                forwarded++;
            } else {
                dropped++;
            }
            return;
        }
        for (int p = 0; p < ports.size(); p++) {
            if (p != ingress) {
                ports.get(p).deliver(frame.clone());
            }
        }
        flooded++;
    }

    private static long macKey(byte[] b, int at) {
        long k = 0;
        for (int i = 0; i < 6; i++) {
            k = k << 8 | (b[at + i] & 0xFF);
        }
        return k;
    }

    /** @return {forwarded unicast, flooded, dropped} */
    public long[] counts() {
        return new long[] {forwarded, flooded, dropped};
    }
}
