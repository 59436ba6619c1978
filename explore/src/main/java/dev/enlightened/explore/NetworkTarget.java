package dev.enlightened.explore;

import dev.enlightened.netvsc.NetvscFault;
import dev.enlightened.netvsc.scenario.NetworkResult;
import dev.enlightened.netvsc.scenario.NetworkRunner;
import dev.enlightened.netvsc.scenario.NetworkScenario;
import dev.enlightened.sim.Chooser;
import dev.enlightened.sim.RandomChooser;
import dev.enlightened.trace.TraceHeader;
import dev.enlightened.trace.TraceSink;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The network data path ({@code enlightened run network}) as an exploration target: guests exchanging ARP and ICMP
 * echo through the virtual switch. The explorer decides the traced phase (every actor's step and the VSPs' TX
 * completion order); the untraced RNDIS bring-up and HALT go as the seed picks them, the same in every schedule.
 * Guest 0's device trace is validated online against TraceNetvscDataPath; the other guests' faults act on it
 * through the frames they send and answer.
 *
 * <p>With {@code --all-phases} (and whenever {@code rndis-wrong-id} is on: it breaks the bring-up, before the
 * traffic) guest 0's trace is what {@code run network} writes: every phase (NVSP init, buffers, sub-channels, the
 * RNDIS bring-up, the traffic, HALT) for TraceNetvscDevice. The explorer still decides the traffic phase only; the
 * bring-up and HALT go as the seed picks them, as {@code run network --replay} replays them, so that the printed
 * {@code reproduce:} command writes the same trace. {@code --rndis-late N} (run network's, issue 12) selects it
 * too: its RNDIS timeout and the drop of the late answer are bring-up events.
 */
final class NetworkTarget {
    private NetworkTarget() {
    }

    static Target of(Map<String, String> o, List<String> fault) {
        Set<NetvscFault> on = EnumSet.noneOf(NetvscFault.class);
        for (String f : fault) {
            on.add(NetvscFault.byName(f).orElseThrow(() -> new BadInput("unknown fault: " + f)));
        }
        int guests = Integer.parseInt(o.get("guests"));
        int frames = Integer.parseInt(o.get("frames"));
        long seed = Long.parseLong(o.get("seed"));
        String phases = o.get("all-phases");
        if (!phases.equals("true") && !phases.equals("false")) {
            throw new BadInput("--all-phases is a flag: value=" + phases);
        }
        // run network --rndis-late N: the hosts answer their N-th RNDIS request after the guest's timeout, which
        // only the every-phase trace holds (the timeout and the drop of the late answer are bring-up events).
        int rndisLate = Integer.parseInt(o.get("rndis-late"));
        if (rndisLate < 0 || rndisLate > 7) {
            throw new BadInput("--rndis-late must be in 0..7: rndis-late=" + rndisLate);
        }
        boolean allPhases = phases.equals("true") || on.contains(NetvscFault.RNDIS_WRONG_ID) || rndisLate > 0;
        NetworkScenario scenario = NetworkScenario.basic(guests, frames, on, seed).withRndisLate(rndisLate);
        // The header's MaxTx and MaxRx are what the correct drivers send and deliver: the same in every schedule
        // (each guest's ARP request and reply, its echo requests and its replies to its peer's), so that a faulty
        // schedule that stalls is rejected by its Quiescent claim, not accepted with smaller counts.
        NetworkResult counted = NetworkRunner.correctRun(scenario, false);
        if (!counted.allVerified() && rndisLate > 0) {
            // A late answer to INITIALIZE, a QUERY or the packet filter's SET fails the bring-up: no traffic to
            // explore (run network --rndis-late N traces it).
            throw new BadInput("--rndis-late " + rndisLate + " fails the bring-up, so no traffic to explore; an RSS "
                    + "SET's (5 or 6 with 2 queues) does not");
        }
        if (!counted.allVerified()) {
            throw new IllegalStateException("the correct network run does not verify: " + counted.problems());
        }
        TraceHeader header = allPhases
                ? NetworkRunner.deviceHeader(scenario, 0, counted.guestTx().get(0), counted.guestRx().get(0))
                : NetworkRunner.header(scenario, 0, counted.guestTx().get(0), counted.guestRx().get(0));
        return new Target() {
            @Override
            public TraceHeader header() {
                return header;
            }

            @Override
            public String run(Chooser chooser, TraceSink sink) {
                List<TraceSink> sinks = new ArrayList<>(Collections.nCopies(guests, TraceSink.OFF));
                sinks.set(0, sink);
                NetworkResult r = allPhases
                        ? NetworkRunner.runAllPhases(scenario, sinks, new RandomChooser(seed), chooser, false)
                        : NetworkRunner.run(scenario, sinks, new RandomChooser(seed), chooser);
                if (!r.problems().isEmpty()) {
                    return r.problems().get(0);
                }
                return r.allVerified() ? null : "frames never delivered: " + r.outstanding();
            }

            @Override
            public String runArguments() {
                StringBuilder b = new StringBuilder("network --guests " + guests + " --frames " + frames + " --seed "
                        + seed);
                if (rndisLate > 0) {
                    b.append(" --rndis-late ").append(rndisLate);
                }
                fault.forEach(f -> b.append(" --fault ").append(f));
                return b.toString();
            }
        };
    }
}
