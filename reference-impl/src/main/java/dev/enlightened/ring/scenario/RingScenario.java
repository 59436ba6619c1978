package dev.enlightened.ring.scenario;

import dev.enlightened.ring.PacketDescriptor;
import dev.enlightened.ring.RingConsumer;
import dev.enlightened.ring.RingDescriptor;
import dev.enlightened.ring.RingFault;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import dev.enlightened.sim.ChoiceKind;
import dev.enlightened.sim.Chooser;
import dev.enlightened.sim.RandomChooser;

/**
 * One ring run: the data area, the payload length of each packet (packet k has {@code trans_id} k), the scheduler
 * seed, the mode and the faults switched on.
 *
 * @param dataLength     bytes of data area: a multiple of 8, at least {@link RingDescriptor#MIN_DATA_LENGTH}
 * @param payloadLengths payload bytes of each packet, in order; each packet must fit an empty ring
 * @param seed           seed of the stepped scheduler (recorded in the trace header for a threaded run too)
 * @param threaded       true: real threads; false: one step at a time, chosen by the seeded scheduler
 * @param faults         historical bugs to re-create (none for the correct ring)
 * @param batch          packets the producer copies before one commit (1: each packet published on its own;
 *                       spec constant MaxBatch)
 * @param budget         packets the consumer handles per poll before it stops at its budget and polls again still
 *                       masked (NAPI; spec ConsumerStopsAtBudget)
 * @param isolated       the consumer is an isolated (confidential) guest's reader: each packet copied out of the ring
 *                       before it is parsed (Linux {@code hv_pkt_iter_first} in a CoCo VM); its ring steps are the same
 * @param idlePolls      times the consumer polls the drained ring again, still masked, before it unmasks and sleeps
 *                       (the consumer's wake-up policy; spec constant ConsumerIdlePolls)
 * @param restores       host save/restore cycles during a stepped run ({@link HostRestorer}; spec RingRestore's
 *                       MaxRestores), 0 to {@link #MAX_RESTORES}
 */
public record RingScenario(int dataLength, List<Integer> payloadLengths, long seed, boolean threaded,
                           Set<RingFault> faults, int batch, int budget, boolean isolated, int idlePolls,
                           int restores) {

    /** The most restores one run may make: the bound TraceRingRestore.header.json lets a trace header claim. */
    public static final int MAX_RESTORES = 64;

    /** The consumer's default budget: Linux's NAPI_POLL_WEIGHT, netvsc's NAPI weight (netif_napi_add). */
    public static final int DEFAULT_BUDGET = 64;

    /** The most packets one commit may publish in a scenario (the trace header's MaxBatch bound). */
    public static final int MAX_BATCH = 1024;

    /** Data area of the default scenario: small enough that the producer often finds the ring full. */
    public static final int DEFAULT_DATA_LENGTH = 128;

    /**
     * @throws IllegalArgumentException naming the offending value if the ring or a packet is invalid
     */
    public RingScenario {
        checkDataLength(dataLength);
        // Lengths chosen while writing are chosen within the ring's bound (generated): not copied, not read here.
        payloadLengths = payloadLengths instanceof ChosenLengths ? payloadLengths : List.copyOf(payloadLengths);
        if (payloadLengths.isEmpty()) {
            throw new IllegalArgumentException("a scenario needs at least one packet: packets=0");
        }
        int max = maxPayload(dataLength);
        for (int i = 0; i < payloadLengths.size() && !(payloadLengths instanceof ChosenLengths); i++) {
            int length = payloadLengths.get(i);
            if (length < 0 || length > max) {
                throw new IllegalArgumentException("payload does not fit the ring: packet=" + (i + 1) + " payload="
                        + length + " max_payload=" + max + " data_length=" + dataLength);
            }
        }
        faults = Set.copyOf(faults);
        if (batch < 1 || batch > MAX_BATCH) {
            throw new IllegalArgumentException("batch must be in 1.." + MAX_BATCH + ": batch=" + batch);
        }
        if (budget < 1) {
            throw new IllegalArgumentException("the consumer's budget must be at least 1: budget=" + budget);
        }
        if (idlePolls < 0 || idlePolls > RingConsumer.MAX_IDLE_POLLS) {
            throw new IllegalArgumentException("idle polls must be in 0.." + RingConsumer.MAX_IDLE_POLLS
                    + ": idle_polls=" + idlePolls);
        }
        if (restores < 0 || restores > MAX_RESTORES) {
            throw new IllegalArgumentException("restores must be in 0.." + MAX_RESTORES + ": restores=" + restores);
        }
        if (restores > 0 && threaded) {
            throw new IllegalArgumentException("host restores need the stepped scheduler (a restore is a step between"
                    + " two steps of the parties), not real threads: restores=" + restores);
        }
    }

    /** A scenario whose consumer unmasks as soon as it finds the ring empty (no idle polls), without restores. */
    public RingScenario(int dataLength, List<Integer> payloadLengths, long seed, boolean threaded,
                        Set<RingFault> faults, int batch, int budget, boolean isolated, int idlePolls) {
        this(dataLength, payloadLengths, seed, threaded, faults, batch, budget, isolated, idlePolls, 0);
    }

    /** A scenario without idle polls and without host restores. */
    public RingScenario(int dataLength, List<Integer> payloadLengths, long seed, boolean threaded,
                        Set<RingFault> faults, int batch, int budget, boolean isolated) {
        this(dataLength, payloadLengths, seed, threaded, faults, batch, budget, isolated, 0);
    }

    /** A scenario whose consumer reads in place. */
    public RingScenario(int dataLength, List<Integer> payloadLengths, long seed, boolean threaded,
                        Set<RingFault> faults, int batch, int budget) {
        this(dataLength, payloadLengths, seed, threaded, faults, batch, budget, false);
    }

    /** A scenario whose producer publishes each packet on its own (batch 1). */
    public RingScenario(int dataLength, List<Integer> payloadLengths, long seed, boolean threaded,
                        Set<RingFault> faults) {
        this(dataLength, payloadLengths, seed, threaded, faults, 1, DEFAULT_BUDGET);
    }

    /** This scenario with the producer committing {@code packets} packets at a time. */
    public RingScenario withBatch(int packets) {
        return new RingScenario(dataLength, payloadLengths, seed, threaded, faults, packets, budget, isolated,
                idlePolls, restores);
    }

    /** This scenario with the consumer handling at most {@code packets} packets per poll. */
    public RingScenario withBudget(int packets) {
        return new RingScenario(dataLength, payloadLengths, seed, threaded, faults, batch, packets, isolated,
                idlePolls, restores);
    }

    /** This scenario with the consumer reading as an isolated guest does (copying each packet first), or not. */
    public RingScenario withIsolated(boolean on) {
        return new RingScenario(dataLength, payloadLengths, seed, threaded, faults, batch, budget, on, idlePolls,
                restores);
    }

    /** This scenario with the consumer polling the drained ring {@code polls} more times before it unmasks. */
    public RingScenario withIdlePolls(int polls) {
        return new RingScenario(dataLength, payloadLengths, seed, threaded, faults, batch, budget, isolated, polls,
                restores);
    }

    /** This scenario with the host saving and restoring the VM {@code count} times (stepped runs only). */
    public RingScenario withRestores(int count) {
        return new RingScenario(dataLength, payloadLengths, seed, threaded, faults, batch, budget, isolated, idlePolls,
                count);
    }

    private static void checkDataLength(int dataLength) {
        if (dataLength < RingDescriptor.MIN_DATA_LENGTH || dataLength % RingDescriptor.ALIGNMENT != 0
                || dataLength > Integer.MAX_VALUE - RingDescriptor.DATA_OFFSET) {
            throw new IllegalArgumentException("data length must be a multiple of " + RingDescriptor.ALIGNMENT
                    + " >= " + RingDescriptor.MIN_DATA_LENGTH + ": data_length=" + dataLength);
        }
    }

    /** The largest payload a ring of {@code dataLength} bytes accepts when empty. */
    public static int maxPayload(int dataLength) {
        return PacketDescriptor.maxPacketLength(dataLength) - PacketDescriptor.LENGTH;
    }

    /**
     * {@code packets} packets with payload lengths drawn from {@code seed}: 0 to a third of the ring, so several fit
     * and the producer still fills it.
     */
    public static RingScenario generated(int dataLength, int packets, long seed, boolean threaded,
                                         Set<RingFault> faults) {
        if (packets < 1) {
            throw new IllegalArgumentException("packets must be at least 1: packets=" + packets);
        }
        checkDataLength(dataLength);
        RandomChooser lengths = new RandomChooser(seed);
        List<Integer> chosen = new ArrayList<>(packets);
        for (int i = 0; i < packets; i++) {
            chosen.add(lengths.choose(ChoiceKind.PACKET_LENGTH, lengthBound(dataLength) + 1));
        }
        return new RingScenario(dataLength, chosen, seed, threaded, faults);
    }

    /**
     * {@code packets} packets whose payload lengths {@code lengths} chooses ({@link ChoiceKind#PACKET_LENGTH}, 0 to
     * a third of the ring) each when the producer starts writing it, as the spec's producer picks a length at each
     * write ({@link ChosenLengths}); a seeded chooser gives the lengths that
     * {@link #generated(int, int, long, boolean, Set)} draws. Stepped runs only (the lengths are chosen on the baton's
     * thread).
     */
    public static RingScenario generated(int dataLength, int packets, Chooser lengths, long seed, boolean threaded,
                                         Set<RingFault> faults) {
        if (packets < 1) {
            throw new IllegalArgumentException("packets must be at least 1: packets=" + packets);
        }
        if (threaded) {
            throw new IllegalArgumentException("lengths chosen while writing need the stepped scheduler");
        }
        checkDataLength(dataLength);
        return new RingScenario(dataLength, new ChosenLengths(lengths, lengthBound(dataLength), packets), seed, false,
                faults);
    }

    /** The largest payload a generated scenario writes: a third of the ring, so several fit and it still fills. */
    private static int lengthBound(int dataLength) {
        return Math.max(0, Math.min(maxPayload(dataLength), dataLength / 3));
    }

    /**
     * @return the payload lengths of {@code packets} known so far: every one, or for a generated scenario with a
     *         chooser those chosen so far (packets started), in order
     */
    static List<Integer> known(List<Integer> payloadLengths) {
        return payloadLengths instanceof ChosenLengths c ? c.chosenSoFar() : payloadLengths;
    }

    /**
     * {@code packets} packets of {@code payloadBytes} each: a saturating stream of same-size packets, many per ring,
     * for measuring wake-ups per packet (the generated scenario's packets average a sixth of the ring, so a full ring
     * holds about six and no wake-up policy can go below about two wake-ups per six packets).
     *
     * @throws IllegalArgumentException if the payload does not fit the ring or {@code packets < 1}
     */
    public static RingScenario fixed(int dataLength, int packets, int payloadBytes, long seed, boolean threaded,
                                     Set<RingFault> faults) {
        if (packets < 1) {
            throw new IllegalArgumentException("packets must be at least 1: packets=" + packets);
        }
        return new RingScenario(dataLength, Collections.nCopies(packets, payloadBytes), seed, threaded,
                faults);
    }

    /** The number of packets the producer writes. */
    public int packets() {
        return payloadLengths.size();
    }
}
