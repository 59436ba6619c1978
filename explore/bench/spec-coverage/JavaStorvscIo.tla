---------------------------- MODULE JavaStorvscIo ----------------------------
\* TraceStorvscIo held to the choices `explore storvsc --io 2` (seed 1) fixes:
\* the workload's op and slot per request (SlotOp.workload), its channel
\* (StorvscSlotRun.laneOf: request k on lane (k % 4) % lanes), the I/O phase
\* after the handshake (no open or offer pending), no I/O timeout.
EXTENDS TraceStorvscIo
W == << [op |-> "other", slot |-> -1], [op |-> "other", slot |-> -1], [op |-> "other", slot |-> -1],
        [op |-> "other", slot |-> -1], [op |-> "write", slot |-> 1], [op |-> "write", slot |-> 1],
        [op |-> "flush", slot |-> -1] >>
LaneSet == {0} \cup {i \in HS!SubIdx : opens[i] = 1}
LaneSeq == [j \in 1..Cardinality(LaneSet) |-> CHOOSE x \in LaneSet : Cardinality({y \in LaneSet : y < x}) = j - 1]
JavaIoStep ==
    /\ ioNextTid' # ioNextTid =>
         LET k == ioNextTid - FirstTid IN
         /\ reqs'[ioNextTid].op = W[k + 1].op /\ reqs'[ioNextTid].slot = W[k + 1].slot
         /\ reqs'[ioNextTid].ch = LaneSeq[((k % 4) % Len(LaneSeq)) + 1]
         /\ pendingOpens = {} /\ offerQ = <<>>
    /\ gaveUp' = gaveUp
=============================================================================
