package dev.enlightened.netvsc.scenario;

import java.nio.ByteBuffer;

/**
 * Builds and parses the frames the network run exchanges: Ethernet II with ARP (RFC 826, Ethernet/IPv4) or IPv4
 * ICMP echo (RFC 792), with real IPv4 header and ICMP checksums, so a receiver can verify a frame on its own.
 */
final class EthernetFrames {
    static final int ETH_HLEN = 14;
    static final int ETHERTYPE_IPV4 = 0x0800;
    static final int ETHERTYPE_ARP = 0x0806;
    static final int ARP_REQUEST = 1;
    static final int ARP_REPLY = 2;
    static final int ICMP_ECHO_REPLY = 0;
    static final int ICMP_ECHO_REQUEST = 8;
    static final int IP_HLEN = 20;
    static final int ICMP_HLEN = 8;
    static final byte[] BROADCAST = {-1, -1, -1, -1, -1, -1};

    private EthernetFrames() {
    }

    static byte[] arp(int op, byte[] srcMac, int srcIp, byte[] dstMac, int targetIp) {
        ByteBuffer b = ByteBuffer.allocate(ETH_HLEN + 28);
        b.put(op == ARP_REQUEST ? BROADCAST : dstMac).put(srcMac).putShort((short) ETHERTYPE_ARP);
        b.putShort((short) 1).putShort((short) ETHERTYPE_IPV4).put((byte) 6).put((byte) 4).putShort((short) op);
        b.put(srcMac).putInt(srcIp).put(op == ARP_REQUEST ? new byte[6] : dstMac).putInt(targetIp);
        return b.array();
    }

    static byte[] icmpEcho(int type, byte[] srcMac, int srcIp, byte[] dstMac, int dstIp, int id, int seq,
                           byte[] data) {
        int ipLen = IP_HLEN + ICMP_HLEN + data.length;
        ByteBuffer b = ByteBuffer.allocate(ETH_HLEN + ipLen);
        b.put(dstMac).put(srcMac).putShort((short) ETHERTYPE_IPV4);
        b.put((byte) 0x45).put((byte) 0).putShort((short) ipLen).putShort((short) seq).putShort((short) 0x4000)
                .put((byte) 64).put((byte) 1).putShort((short) 0).putInt(srcIp).putInt(dstIp);
        b.putShort(ETH_HLEN + 10, (short) checksum(b.array(), ETH_HLEN, IP_HLEN));
        int icmp = ETH_HLEN + IP_HLEN;
        b.position(icmp);
        b.put((byte) type).put((byte) 0).putShort((short) 0).putShort((short) id).putShort((short) seq).put(data);
        b.putShort(icmp + 2, (short) checksum(b.array(), icmp, ICMP_HLEN + data.length));
        return b.array();
    }

    /** RFC 1071 one's-complement sum; 0 over a region whose checksum field is correct. */
    static int checksum(byte[] b, int from, int length) {
        long sum = 0;
        for (int i = 0; i + 1 < length; i += 2) {
            sum += (b[from + i] & 0xFF) << 8 | b[from + i + 1] & 0xFF;
        }
        if ((length & 1) != 0) {
            sum += (b[from + length - 1] & 0xFF) << 8;
        }
        while (sum >> 16 != 0) {
            sum = (sum & 0xFFFF) + (sum >> 16);
        }
        return (int) ~sum & 0xFFFF;
    }

    static int etherType(byte[] f) {
        return f.length < ETH_HLEN ? -1 : (f[12] & 0xFF) << 8 | f[13] & 0xFF;
    }

    static boolean isFor(byte[] f, byte[] mac) {
        for (int i = 0; i < 6; i++) {
            if (f[i] != mac[i] && f[i] != -1) {
                return false;
            }
        }
        return true;
    }

    static byte[] mac(byte[] f, int at) {
        byte[] m = new byte[6];
        System.arraycopy(f, at, m, 0, 6);
        return m;
    }
}
