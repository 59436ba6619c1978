package dev.enlightened.netvsc;

import java.util.EnumSet;
import java.util.Set;

/**
 * Tunables of the netvsc data path, one guest device.
 *
 * @param lowWater      stop the TX queue when the outbound ring's free bytes before a send are below this
 * @param highWater     a TX completion wakes a stopped queue when the free bytes are above this
 * @param pollBudget    packets one NAPI poll or one host poll handles at most (Linux NAPI_POLL_WEIGHT 64)
 * @param xmitBurst     frames one transmit step sends at most (the stack's xmit_more batches)
 * @param maxRanges     frames one transfer-page packet carries at most
 * @param recvCompSlots capacity of the guest's RX completion queue (Linux recv_completion_cnt - 1)
 * @param backlog       frames the guest's TX backlog (the qdisc) holds
 * @param faults        data-path fault switches
 */
public record DataPathConfig(int lowWater, int highWater, int pollBudget, int xmitBurst, int maxRanges,
        int recvCompSlots, int backlog, Set<NetvscFault> faults) {

    /** @throws IllegalArgumentException on a non-positive budget, burst, range count, slot count or backlog */
    public DataPathConfig {
        faults = faults.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(faults));
        if (pollBudget < 1 || xmitBurst < 1 || maxRanges < 1 || maxRanges > 64 || recvCompSlots < 1
                || backlog < 1 || lowWater < 0 || highWater < lowWater) {
            throw new IllegalArgumentException("invalid data-path config: poll_budget=" + pollBudget + " xmit_burst="
                    + xmitBurst + " max_ranges=" + maxRanges + " recv_comp_slots=" + recvCompSlots + " backlog="
                    + backlog + " low_water=" + lowWater + " high_water=" + highWater);
        }
    }

    /** Linux's watermarks for a ring of {@code ringBytes}, NAPI weight 64, and the given ranges and slots. */
    public static DataPathConfig linux(int ringBytes, int maxRanges, int recvCompSlots, Set<NetvscFault> faults) {
        int[] w = TxQueue.linuxWatermarks(ringBytes);
        return new DataPathConfig(w[0], w[1], 64, 16, maxRanges, recvCompSlots, 4096, faults);
    }
}
