package dev.enlightened.netvsc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Forwarding by destination MAC, flooding of broadcasts, never back out of the ingress port. */
class VirtualSwitchTest {

    /** A switch with recording ports: the uplink each port gets is captured to inject frames. */
    private static final class Ports {
        final List<List<byte[]>> got = new ArrayList<>();
        final List<java.util.function.Consumer<byte[]>> uplinks = new ArrayList<>();
        final VirtualSwitch sw = new VirtualSwitch();
    }

    private static byte[] frame(int dst, int src) {
        byte[] f = new byte[60];
        f[5] = (byte) dst;
        f[11] = (byte) src;
        if (dst == 0xFF) {
            java.util.Arrays.fill(f, 0, 6, (byte) -1);
        }
        return f;
    }

    private static Ports ports(int n) {
        Ports p = new Ports();
        for (int i = 0; i < n; i++) {
            List<byte[]> got = new ArrayList<>();
            java.util.function.Consumer<byte[]>[] uplink = new java.util.function.Consumer[1];
            p.sw.attach(new VirtualSwitch.Port() {
                @Override
                public void deliver(byte[] frame) {
                    got.add(frame);
                }

                @Override
                public void connect(java.util.function.Consumer<byte[]> u) {
                    uplink[0] = u;
                }
            }, new byte[] {0, 0, 0, 0, 0, (byte) (i + 1)});
            p.got.add(got);
            p.uplinks.add(uplink[0]);
        }
        return p;
    }

    @Test
    void unicastGoesToTheOwnerOfTheMacOnly() {
        Ports p = ports(3);
        byte[] f = frame(3, 1);
        p.uplinks.get(0).accept(f);
        assertEquals(0, p.got.get(0).size());
        assertEquals(0, p.got.get(1).size());
        assertArrayEquals(f, p.got.get(2).get(0));
    }

    @Test
    void broadcastIsFloodedToEveryOtherPort() {
        Ports p = ports(3);
        p.uplinks.get(1).accept(frame(0xFF, 2));
        assertEquals(1, p.got.get(0).size());
        assertEquals(0, p.got.get(1).size());
        assertEquals(1, p.got.get(2).size());
        assertEquals(1, p.sw.counts()[1]);
    }

    @Test
    void aFrameForItsOwnPortOrTooShortIsDropped() {
        Ports p = ports(2);
        p.uplinks.get(0).accept(frame(1, 1));
        p.uplinks.get(0).accept(new byte[10]);
        assertEquals(0, p.got.get(0).size() + p.got.get(1).size());
        assertEquals(2, p.sw.counts()[2]);
    }
}
