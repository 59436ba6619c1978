package dev.enlightened.netvsc.scenario;

import java.util.List;
import java.util.Map;

/**
 * What a network run did.
 *
 * @param steps          scheduler steps, all phases
 * @param framesSent     frames the applications handed their NICs
 * @param framesReceived frames the applications received
 * @param verified       received frames that were owed, addressed right and carried the right bytes
 * @param outstanding    deliveries owed and never made
 * @param guestTx        per guest: frames its NIC put on the ring in the traced phase (the trace's MaxTx)
 * @param guestRx        per guest: frames its VSP delivered in the traced phase (the trace's MaxRx)
 * @param events         per guest: data-path events logged, per action
 * @param waiting        per guest: what the guest waits for at the end (the Quiescent claim)
 * @param problems       errors and rejections, one line each (empty in a clean run)
 * @param switchCounts   the switch's forwarded, flooded and dropped frames
 * @param queues         per guest: the queues its device ran on (1 + the sub-channels granted)
 * @param queuesUsed     per guest: the queues some traced data-path event acted on
 * @param rxPerQueue     per guest: the frames its NIC received on each queue (where the host's RSS steered them)
 */
public record NetworkResult(long steps, long framesSent, long framesReceived, long verified, long outstanding,
        List<Long> guestTx, List<Long> guestRx, List<Map<String, Long>> events, List<String> waiting,
        List<String> problems, long[] switchCounts, List<Integer> queues, List<Integer> queuesUsed,
        List<List<Long>> rxPerQueue) {

    /** @return true if every frame was delivered and verified, nothing refused, every guest idle at the end */
    public boolean allVerified() {
        return problems.isEmpty() && outstanding == 0 && verified == framesReceived && framesSent > 0
                && waiting.stream().allMatch("nothing"::equals);
    }
}
