package dev.enlightened.netvsc.scenario;

import static dev.enlightened.netvsc.scenario.EthernetFrames.ARP_REPLY;
import static dev.enlightened.netvsc.scenario.EthernetFrames.ARP_REQUEST;
import static dev.enlightened.netvsc.scenario.EthernetFrames.ETH_HLEN;
import static dev.enlightened.netvsc.scenario.EthernetFrames.ICMP_ECHO_REPLY;
import static dev.enlightened.netvsc.scenario.EthernetFrames.ICMP_ECHO_REQUEST;
import static dev.enlightened.netvsc.scenario.EthernetFrames.IP_HLEN;

import dev.enlightened.netvsc.GuestDataPath;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;
import java.util.TreeSet;

/**
 * The traffic of one guest in a network run: it resolves its peer (the next guest) with ARP, then pings it with
 * {@code requests} ICMP echo requests, at most {@code window} outstanding (ping -l), and answers the ARP
 * requests and echo requests it receives. Every frame it receives is verified: owed by the ledger, addressed to
 * it (or broadcast), checksums right, an echo request's data what its sender generates for that sequence number,
 * an echo reply's data what this guest sent.
 */
final class PingApp {
    /** Echo data lengths: small frames go through send sections, the large ones GPA direct. */
    private static final int[] DATA_LENGTHS = {18, 64, 256, 700, 1000, 1200, 1472};
    private static final int ECHO_ID = 0x4e56;
    /**
     * Sessions: request seq goes out as session {@code seq % SESSIONS}, with its own echo identifier and from and
     * to the guests' session addresses ({@link #alias}), like that many containers behind each NIC pinging their
     * peers. The host's RSS hashes an ICMP packet's two addresses only (NDIS_HASH_IPV4: ICMP has no ports), so
     * one address pair would be one flow on one queue; the sessions make a pair of guests several flows, which the
     * indirection table spreads over the queues.
     */
    static final int SESSIONS = 8;
    /** A session's address differs from the guest's in its second octet: 10.s.0.g+1. */
    private static final int SESSION_SHIFT = 16;
    private static final int SESSION_MASK = 0xFF << SESSION_SHIFT;

    private final int index;
    private final byte[][] macs;
    private final int[] ips;
    private final int peer;
    private final int requests;
    private final int window;
    private final long seed;
    private final FrameLedger ledger;
    private final GuestDataPath nic;
    private final TreeSet<Integer> outstanding = new TreeSet<>();
    private byte[] peerMac;
    private int sentRequests;
    private int replies;
    private long verified;
    private long rejected;
    private String firstRejection;

    PingApp(int index, byte[][] macs, int[] ips, int requests, int window, long seed, FrameLedger ledger,
            GuestDataPath nic) {
        this.index = index;
        this.macs = macs;
        this.ips = ips;
        this.peer = (index + 1) % macs.length;
        this.requests = requests;
        this.window = window;
        this.seed = seed;
        this.ledger = ledger;
        this.nic = nic;
        nic.onReceive(this::onFrame);
    }

    void start() {
        send(EthernetFrames.arp(ARP_REQUEST, macs[index], ips[index], null, ips[peer]));
    }

    private void send(byte[] frame) {
        int[] dst;
        if ((frame[0] & 1) != 0) {
            dst = new int[macs.length - 1];
            for (int g = 0, k = 0; g < macs.length; g++) {
                if (g != index) {
                    dst[k++] = g;
                }
            }
        } else {
            dst = new int[] {owner(EthernetFrames.mac(frame, 0))};
        }
        if (nic.transmit(frame)) {
            ledger.sent(frame, dst);
        } else {
            reject("backlog full");
        }
    }

    private int owner(byte[] mac) {
        for (int g = 0; g < macs.length; g++) {
            if (Arrays.equals(macs[g], mac)) {
                return g;
            }
        }
        return -1;
    }

    void onFrame(byte[] f) {
        if (!ledger.received(index, f)) {
            reject("frame not owed to guest " + index + ": length=" + f.length);
            return;
        }
        if (!EthernetFrames.isFor(f, macs[index])) {
            reject("frame for another MAC");
            return;
        }
        String bad = switch (EthernetFrames.etherType(f)) {
            case EthernetFrames.ETHERTYPE_ARP -> onArp(f);
            case EthernetFrames.ETHERTYPE_IPV4 -> onIcmp(f);
            default -> "unknown ethertype";
        };
        if (bad == null) {
            verified++;
        } else {
            reject(bad);
        }
    }

    private String onArp(byte[] f) {
        ByteBuffer b = ByteBuffer.wrap(f);
        int op = b.getShort(ETH_HLEN + 6);
        byte[] senderMac = EthernetFrames.mac(f, ETH_HLEN + 8);
        int senderIp = b.getInt(ETH_HLEN + 14);
        int targetIp = b.getInt(ETH_HLEN + 24);
        int from = owner(senderMac);
        if (from < 0 || ips[from] != senderIp) {
            return "ARP sender does not match its IP";
        }
        if (op == ARP_REQUEST && targetIp == ips[index]) {
            send(EthernetFrames.arp(ARP_REPLY, macs[index], ips[index], senderMac, senderIp));
        } else if (op == ARP_REPLY && targetIp == ips[index] && from == peer) {
            peerMac = senderMac;
            fill();
        } else if (op != ARP_REQUEST) {
            return "unexpected ARP op=" + op;
        }
        return null;
    }

    private String onIcmp(byte[] f) {
        if (f.length < ETH_HLEN + IP_HLEN + 8 || EthernetFrames.checksum(f, ETH_HLEN, IP_HLEN) != 0
                || EthernetFrames.checksum(f, ETH_HLEN + IP_HLEN, f.length - ETH_HLEN - IP_HLEN) != 0) {
            return "bad IPv4 or ICMP checksum";
        }
        ByteBuffer b = ByteBuffer.wrap(f);
        int src = b.getInt(ETH_HLEN + 12);
        int dst = b.getInt(ETH_HLEN + 16);
        int session = (src & SESSION_MASK) >>> SESSION_SHIFT;
        int type = f[ETH_HLEN + IP_HLEN] & 0xFF;
        int id = b.getShort(ETH_HLEN + IP_HLEN + 4) & 0xFFFF;
        int seq = b.getShort(ETH_HLEN + IP_HLEN + 6) & 0xFFFF;
        byte[] data = Arrays.copyOfRange(f, ETH_HLEN + IP_HLEN + 8, f.length);
        int from = -1;
        for (int g = 0; g < ips.length; g++) {
            if (ips[g] == (src & ~SESSION_MASK)) {
                from = g;
            }
        }
        if (from < 0) {
            return "ICMP from an unknown address";
        }
        if (dst != alias(index, session) || session != seq % SESSIONS) {
            return "ICMP to the wrong session address: seq=" + seq;
        }
        if (type == ICMP_ECHO_REQUEST) {
            if (!Arrays.equals(data, payload(from, seq))) {
                return "echo request data differs: seq=" + seq;
            }
            send(EthernetFrames.icmpEcho(ICMP_ECHO_REPLY, macs[index], dst, macs[from], src, id, seq, data));
            return null;
        }
        if (type == ICMP_ECHO_REPLY && from == peer && id == echoId(seq) && outstanding.remove(seq)) {
            if (!Arrays.equals(data, payload(index, seq))) {
                return "echo reply data differs: seq=" + seq;
            }
            replies++;
            fill();
            return null;
        }
        return "unexpected ICMP type=" + type + " id=" + id + " seq=" + seq;
    }

    private void fill() {
        while (peerMac != null && outstanding.size() < window && sentRequests < requests) {
            int seq = ++sentRequests;
            outstanding.add(seq);
            int session = seq % SESSIONS;
            send(EthernetFrames.icmpEcho(ICMP_ECHO_REQUEST, macs[index], alias(index, session), peerMac,
                    alias(peer, session), echoId(seq), seq, payload(index, seq)));
        }
    }

    /** @return guest g's address in session s (session 0: its own address) */
    private int alias(int g, int s) {
        return ips[g] | s << SESSION_SHIFT;
    }

    private static int echoId(int seq) {
        return ECHO_ID + seq % SESSIONS;
    }

    /** The echo data guest {@code src} sends with sequence number {@code seq}: length and bytes from the seed. */
    private byte[] payload(int src, int seq) {
        Random r = new Random(seed * 0x9E3779B97F4A7C15L + src * 65_537L + seq);
        byte[] d = new byte[DATA_LENGTHS[r.nextInt(DATA_LENGTHS.length)]];
        r.nextBytes(d);
        return d;
    }

    private void reject(String why) {
        rejected++;
        if (firstRejection == null) {
            firstRejection = "guest " + index + ": " + why;
        }
    }

    boolean done() {
        return replies == requests;
    }

    long verified() {
        return verified;
    }

    long rejected() {
        return rejected;
    }

    String firstRejection() {
        return firstRejection;
    }
}
