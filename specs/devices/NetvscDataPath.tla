-------------------------- MODULE NetvscDataPath --------------------------
(***************************************************************************)
(* The netvsc data path once the device is up: transmit through send-      *)
(* buffer sections (or GPA direct), TX completions, the per-queue TX stop/ *)
(* wake flow control, and receive through receive-buffer sections carried *)
(* by transfer-page packets whose completions return the sections.         *)
(*                                                                         *)
(* Guest, Linux drivers/net/hyperv/netvsc.c:                               *)
(*  - netvsc_send: a frame that fits takes a section from send_section_map *)
(*    (netvsc_get_next_send_section, sync_test_and_set_bit) and is copied  *)
(*    into it (netvsc_copy_to_send_buf); otherwise, or when no section is  *)
(*    free (tx_send_full), it goes GPA direct with send_buf_section_index  *)
(*    NETVSC_INVALID_INDEX.                                                *)
(*  - netvsc_send_pkt samples ring_avail = hv_get_avail_to_write_percent   *)
(*    BEFORE vmbus_sendpacket; on success queue_sends++ and, if ring_avail *)
(*    < RING_AVAIL_PERCENT_LOWATER, netif_tx_stop_queue; on -EAGAIN (ring  *)
(*    full) it stops too.  Then, since 93aa4792c390 ("hv_netvsc: fix race  *)
(*    that may miss tx queue wakeup", 2019), for both cases: if the queue  *)
(*    is stopped and queue_sends < 1, netif_tx_wake_queue.                 *)
(*  - netvsc_send_tx_complete (NVSP_MSG1_TYPE_SEND_RNDIS_PKT_COMPLETE):    *)
(*    netvsc_free_send_slot, queue_sends--, and if the queue is stopped    *)
(*    and (avail > RING_AVAIL_PERCENT_HIWATER or queue_sends < 1) wake.    *)
(*  - netvsc_receive (VM_PKT_DATA_USING_XFER_PAGES, type 7): each range is *)
(*    one RNDIS packet in the receive buffer; then enq_receive_complete    *)
(*    queues the completion in the per-channel mrc ring, which drops it    *)
(*    ("Recv_comp full buf") when full; send_recv_completions writes them  *)
(*    to the outbound ring as VM_PKT_COMP and keeps them queued when the   *)
(*    ring is full (rx_comp_busy).  Since 7426b1a51803 ("netvsc: optimize  *)
(*    receive completions", 2017) the mrc ring has recv_section_cnt + 1    *)
(*    slots, so the drop cannot happen.                                    *)
(* Host, openvmm vm/devices/net/netvsp: reads SEND_RNDIS_PKT from the      *)
(* ring (the frame from the section or the page buffers), completes it,    *)
(* and sends received frames in sub-allocations of the receive buffer as   *)
(* transfer-page packets, freeing them on the guest's completion.          *)
(*                                                                         *)
(* The outbound (guest to host) ring of each queue carries both the TX     *)
(* packets and the RX completions, so unread RX completions can hold the   *)
(* ring near full (the situation of 93aa4792c390).  Its space is counted  *)
(* in bytes (RingBytes); a write needs bytes < free (hv_ringbuffer_write).  *)
(*                                                                         *)
(* Abstraction: frames are identities (the model numbers them; a trace     *)
(* logs a CRC-32 of the bytes), a section holds one frame; the rings are   *)
(* FIFOs (their memory protocol is specs/ring); the inbound ring is not    *)
(* bounded (its load is bounded by the sections and frames); a send that   *)
(* does not fit after the stop is retried, never dropped (Linux returns    *)
(* -ENOSPC and drops it when nothing is pending); batching of several      *)
(* frames into one section (msd) is left out: one frame, one section.     *)
(* The sender's stop + re-check is split from the send, so a completion    *)
(* can run in between; the completion's decrement + wake check is one      *)
(* step (the sender cannot send while that check is outstanding).          *)
(*                                                                         *)
(* Variants: SectionFreedOn = "Send" frees the section when the send       *)
(* returns, not on its completion; WakeRule = "NoRecheck" is Linux before  *)
(* 93aa4792c390 (no re-check after a stop on the success path);            *)
(* "WatermarkOnly" is a completion handler that wakes on the high         *)
(* watermark only, never on the last completion; RecvCompSlots below      *)
(* RecvSections is the mrc ring sized below the host's sections (before    *)
(* 7426b1a51803), whose full-ring drop leaks receive sections.            *)
(***************************************************************************)
EXTENDS Naturals, Integers, Sequences, FiniteSets

CONSTANTS
    NumQueues,      \* channels (primary + sub-channels); queue q = sub_channel_index q
    SendSections,   \* send_section_cnt
    RecvSections,   \* recv_section_cnt (the host's sub-allocations)
    RingBytes,      \* bytes of each outbound ring's data area
    LowWater,       \* stop when the free bytes before a send are below this
    HighWater,      \* a completion wakes when the free bytes are above this
    PacketBytes,    \* the sizes a guest packet may take on the outbound ring
    RecvCompSlots,  \* capacity of each queue's RX completion queue (mrc)
    MaxRanges,      \* most ranges in one transfer-page packet
    MaxTx,          \* frames the guest transmits, all queues
    MaxRx,          \* frames the host delivers to the guest, all queues
    SectionFreedOn, \* "Completion" (Linux) | "Send" (variant)
    WakeRule        \* "Fixed" (Linux since 93aa4792c390) | "NoRecheck" | "WatermarkOnly"

ASSUME QueuesOk == NumQueues \in Nat \ {0}
ASSUME SectionsOk == SendSections \in Nat /\ RecvSections \in Nat \ {0}
ASSUME RingOk == RingBytes \in Nat \ {0} /\ LowWater \in Nat /\ HighWater \in Nat
ASSUME PacketBytesOk == PacketBytes \subseteq Nat \ {0} /\ PacketBytes # {}
ASSUME SlotsOk == RecvCompSlots \in Nat \ {0} /\ MaxRanges \in Nat \ {0}
ASSUME FramesOk == MaxTx \in Nat /\ MaxRx \in Nat
ASSUME VariantOk == SectionFreedOn \in {"Completion", "Send"}
                    /\ WakeRule \in {"Fixed", "NoRecheck", "WatermarkOnly"}

Queues == 0..(NumQueues - 1)
SendIdx == 0..(SendSections - 1)
RecvIdx == 0..(RecvSections - 1)
\* NETVSC_INVALID_INDEX (0xFFFFFFFF) as the engine carries a u32: GPA direct.
NoSection == -1

\* Packets on the outbound ring (guest to host) and the inbound ring (host
\* to guest), one record shape each; unused fields hold 0 / NoSection / <<>>.
OutMsg == [kind : {"tx", "rxcomp"}, frame : Int, section : SendIdx \cup {NoSection},
           sections : Seq(RecvIdx), bytes : Nat]
InMsg == [kind : {"txcomp", "xfer"}, frame : Int, section : SendIdx \cup {NoSection},
          sections : Seq(RecvIdx), frames : Seq(Int)]
TxMsg(f, s, b) == [kind |-> "tx", frame |-> f, section |-> s, sections |-> <<>>, bytes |-> b]
RxCompMsg(secs, b) == [kind |-> "rxcomp", frame |-> 0, section |-> NoSection, sections |-> secs, bytes |-> b]
TxCompMsg(f, s) == [kind |-> "txcomp", frame |-> f, section |-> s, sections |-> <<>>, frames |-> <<>>]
XferMsg(secs, fs) == [kind |-> "xfer", frame |-> 0, section |-> NoSection, sections |-> secs, frames |-> fs]

VARIABLES
    sendMap,    \* send_section_map: TRUE = the section is taken
    sendBuf,    \* the frame each send section holds
    outRing,    \* per queue: the outbound ring's unread packets
    inRing,     \* per queue: the inbound ring's unread packets
    pending,    \* per queue: queue_sends
    stopped,    \* per queue: netif_tx_queue_stopped
    sendPc,     \* per queue, sender: "Idle" | "MustStop" | "MustWake"
    compPc,     \* per queue, NAPI: "Idle" | "MustWake"
    hostHeld,   \* per queue: TX requests the host read and has not completed
    txSent,     \* frames the guest sent
    txRead,     \* frames the host read
    recvFree,   \* receive sections the host holds free
    recvBuf,    \* the frame each receive section holds
    mrc,        \* per queue: queued RX completions (their sections)
    rxSent,     \* frames the host sent in transfer-page packets
    rxRead,     \* frames the guest read
    lastQueue   \* the queue the last step acted on (what a trace's post fields describe)

txVars == <<sendMap, sendBuf, pending, stopped, sendPc, compPc, hostHeld, txSent, txRead>>
rxVars == <<recvFree, recvBuf, mrc, rxSent, rxRead>>
vars == <<txVars, rxVars, outRing, inRing, lastQueue>>

Range(s) == {s[i] : i \in DOMAIN s}
RECURSIVE SumBytes(_)
SumBytes(s) == IF s = <<>> THEN 0 ELSE Head(s).bytes + SumBytes(Tail(s))
\* hv_get_bytes_to_write: free bytes of queue q's outbound ring.
Free(q) == RingBytes - SumBytes(outRing[q])
Remove(s, i) == [j \in 1..(Len(s) - 1) |-> IF j < i THEN s[j] ELSE s[j + 1]]
Distinct(s) == \A i, j \in DOMAIN s : i # j => s[i] # s[j]

TypeOK ==
    /\ sendMap \in [SendIdx -> BOOLEAN]
    /\ sendBuf \in [SendIdx -> Int]
    /\ outRing \in [Queues -> Seq(OutMsg)]
    /\ inRing \in [Queues -> Seq(InMsg)]
    /\ pending \in [Queues -> Nat]
    /\ stopped \in [Queues -> BOOLEAN]
    /\ sendPc \in [Queues -> {"Idle", "MustStop", "MustWake"}]
    /\ compPc \in [Queues -> {"Idle", "MustWake"}]
    /\ hostHeld \in [Queues -> Seq([frame : Int, section : SendIdx \cup {NoSection}])]
    /\ txSent \in 0..MaxTx /\ txRead \in 0..MaxTx
    /\ recvFree \subseteq RecvIdx
    /\ recvBuf \in [RecvIdx -> Int]
    /\ mrc \in [Queues -> Seq(Seq(RecvIdx))]
    /\ rxSent \in 0..MaxRx /\ rxRead \in 0..MaxRx
    /\ lastQueue \in Queues

Init ==
    /\ sendMap = [s \in SendIdx |-> FALSE] /\ sendBuf = [s \in SendIdx |-> 0]
    /\ outRing = [q \in Queues |-> <<>>] /\ inRing = [q \in Queues |-> <<>>]
    /\ pending = [q \in Queues |-> 0] /\ stopped = [q \in Queues |-> FALSE]
    /\ sendPc = [q \in Queues |-> "Idle"] /\ compPc = [q \in Queues |-> "Idle"]
    /\ hostHeld = [q \in Queues |-> <<>>]
    /\ txSent = 0 /\ txRead = 0
    /\ recvFree = RecvIdx /\ recvBuf = [s \in RecvIdx |-> 0]
    /\ mrc = [q \in Queues |-> <<>>]
    /\ rxSent = 0 /\ rxRead = 0
    /\ lastQueue = 0

-----------------------------------------------------------------------------
(* Guest, transmit path: netvsc_send / netvsc_send_pkt (under the txq lock) *)

\* Frame f goes out on queue q in section s (NoSection: GPA direct) as a
\* packet of b ring bytes.  The stop decision uses the space before the send.
GuestSendsFrame(q, s, b, f) ==
    /\ sendPc[q] = "Idle" /\ ~stopped[q]
    /\ txSent < MaxTx
    /\ b \in PacketBytes /\ b < Free(q)
    /\ s = NoSection \/ (s \in SendIdx /\ ~sendMap[s])
    \* Variant "Send": netvsc_send would clear the bit once the send returned.
    /\ sendMap' = IF s = NoSection \/ SectionFreedOn = "Send" THEN sendMap
                  ELSE [sendMap EXCEPT ![s] = TRUE]
    /\ sendBuf' = IF s = NoSection THEN sendBuf ELSE [sendBuf EXCEPT ![s] = f]
    /\ outRing' = [outRing EXCEPT ![q] = Append(@, TxMsg(f, s, b))]
    /\ pending' = [pending EXCEPT ![q] = @ + 1]
    /\ txSent' = txSent + 1
    /\ sendPc' = [sendPc EXCEPT ![q] = IF Free(q) < LowWater THEN "MustStop" ELSE "Idle"]
    /\ lastQueue' = q
    /\ UNCHANGED <<stopped, compPc, hostHeld, txRead, inRing, rxVars>>

\* netif_tx_stop_queue after a send that saw the low watermark ("lowWater"),
\* or when a frame of b bytes does not fit (-EAGAIN, "ringFull").  The
\* re-check (queue_sends < 1) then obliges the sender to wake the queue.
GuestStopsTxQueue(q, reason, b) ==
    /\ \/ reason = "lowWater" /\ sendPc[q] = "MustStop"
       \/ /\ reason = "ringFull" /\ sendPc[q] = "Idle" /\ ~stopped[q] /\ txSent < MaxTx
          /\ b \in PacketBytes /\ b >= Free(q)
    /\ stopped' = [stopped EXCEPT ![q] = TRUE]
    /\ LET recheck == reason = "ringFull" \/ WakeRule # "NoRecheck"
       IN sendPc' = [sendPc EXCEPT ![q] = IF recheck /\ pending[q] = 0 THEN "MustWake" ELSE "Idle"]
    /\ lastQueue' = q
    /\ UNCHANGED <<sendMap, sendBuf, pending, compPc, hostHeld, txSent, txRead, outRing, inRing, rxVars>>

\* netif_tx_wake_queue, by the sender's re-check or by the completion handler.
GuestWakesTxQueue(q, by) ==
    /\ \/ by = "sender" /\ sendPc[q] = "MustWake" /\ sendPc' = [sendPc EXCEPT ![q] = "Idle"]
                        /\ UNCHANGED compPc
       \/ by = "completion" /\ compPc[q] = "MustWake" /\ compPc' = [compPc EXCEPT ![q] = "Idle"]
                            /\ UNCHANGED sendPc
    /\ stopped' = [stopped EXCEPT ![q] = FALSE]
    /\ lastQueue' = q
    /\ UNCHANGED <<sendMap, sendBuf, pending, hostHeld, txSent, txRead, outRing, inRing, rxVars>>

-----------------------------------------------------------------------------
(* Guest, NAPI poll of queue q: netvsc_poll -> netvsc_process_raw_pkt     *)

\* netvsc_send_tx_complete: free the section, queue_sends--, decide the wake.
GuestReceivesTxCompletion(q) ==
    /\ compPc[q] = "Idle"
    /\ inRing[q] # <<>> /\ Head(inRing[q]).kind = "txcomp"
    /\ LET m == Head(inRing[q])
           left == pending[q] - 1
           wake == stopped[q] /\ (Free(q) > HighWater \/ (WakeRule # "WatermarkOnly" /\ left < 1))
       IN /\ sendMap' = IF m.section = NoSection \/ SectionFreedOn = "Send" THEN sendMap
                        ELSE [sendMap EXCEPT ![m.section] = FALSE]
          /\ pending' = [pending EXCEPT ![q] = left]
          /\ compPc' = [compPc EXCEPT ![q] = IF wake THEN "MustWake" ELSE "Idle"]
    /\ inRing' = [inRing EXCEPT ![q] = Tail(@)]
    /\ lastQueue' = q
    /\ UNCHANGED <<sendBuf, stopped, sendPc, hostHeld, txSent, txRead, outRing, rxVars>>

\* netvsc_receive: read every range, then enq_receive_complete (dropped
\* when the mrc ring is full).
GuestReceivesRxPacket(q) ==
    /\ compPc[q] = "Idle"
    /\ inRing[q] # <<>> /\ Head(inRing[q]).kind = "xfer"
    /\ LET m == Head(inRing[q]) IN
        /\ rxRead' = rxRead + Len(m.sections)
        /\ mrc' = [mrc EXCEPT ![q] = IF Len(@) < RecvCompSlots THEN Append(@, m.sections) ELSE @]
    /\ inRing' = [inRing EXCEPT ![q] = Tail(@)]
    /\ lastQueue' = q
    /\ UNCHANGED <<txVars, recvFree, recvBuf, rxSent, outRing>>

\* What the guest reads from the receive sections of packet m.
RxData(m) == [i \in DOMAIN m.sections |-> recvBuf[m.sections[i]]]

\* send_recv_completions: the oldest queued completion, when it fits.
GuestSendsRxCompletion(q, b) ==
    /\ compPc[q] = "Idle"
    /\ mrc[q] # <<>>
    /\ b \in PacketBytes /\ b < Free(q)
    /\ outRing' = [outRing EXCEPT ![q] = Append(@, RxCompMsg(Head(mrc[q]), b))]
    /\ mrc' = [mrc EXCEPT ![q] = Tail(@)]
    /\ lastQueue' = q
    /\ UNCHANGED <<txVars, recvFree, recvBuf, rxSent, rxRead, inRing>>

-----------------------------------------------------------------------------
(* Host (netvsp)                                                          *)

\* What the host reads for TX packet m: the section's content, or the
\* guest's pages (the frame itself) for GPA direct.
TxData(m) == IF m.section = NoSection THEN m.frame ELSE sendBuf[m.section]

\* The host reads the oldest packet of q's outbound ring, a SEND_RNDIS_PKT.
HostReceivesFrame(q) ==
    /\ outRing[q] # <<>> /\ Head(outRing[q]).kind = "tx"
    /\ LET m == Head(outRing[q]) IN
        hostHeld' = [hostHeld EXCEPT ![q] = Append(@, [frame |-> m.frame, section |-> m.section])]
    /\ outRing' = [outRing EXCEPT ![q] = Tail(@)]
    /\ txRead' = txRead + 1
    /\ lastQueue' = q
    /\ UNCHANGED <<sendMap, sendBuf, pending, stopped, sendPc, compPc, txSent, inRing, rxVars>>

\* The host completes the i-th request it holds (in any order).
HostCompletesTx(q, i) ==
    /\ i \in DOMAIN hostHeld[q]
    /\ inRing' = [inRing EXCEPT ![q] = Append(@, TxCompMsg(hostHeld[q][i].frame, hostHeld[q][i].section))]
    /\ hostHeld' = [hostHeld EXCEPT ![q] = Remove(@, i)]
    /\ lastQueue' = q
    /\ UNCHANGED <<sendMap, sendBuf, pending, stopped, sendPc, compPc, txSent, txRead, outRing, rxVars>>

\* The host writes frames fs into its free sections secs and sends one
\* transfer-page packet (VM_PKT_DATA_USING_XFER_PAGES) with a range each.
HostSendsRxPacket(q, secs, fs) ==
    /\ Len(secs) \in 1..MaxRanges /\ Len(fs) = Len(secs)
    /\ rxSent + Len(secs) <= MaxRx
    /\ Distinct(secs) /\ Range(secs) \subseteq recvFree
    /\ recvFree' = recvFree \ Range(secs)
    /\ recvBuf' = [s \in RecvIdx |-> IF \E i \in DOMAIN secs : secs[i] = s
                                     THEN fs[CHOOSE i \in DOMAIN secs : secs[i] = s] ELSE recvBuf[s]]
    /\ inRing' = [inRing EXCEPT ![q] = Append(@, XferMsg(secs, fs))]
    /\ rxSent' = rxSent + Len(secs)
    /\ lastQueue' = q
    /\ UNCHANGED <<txVars, mrc, rxRead, outRing>>

\* The host reads the oldest packet of q's outbound ring, an RX completion,
\* and takes the sections back.
HostReceivesRxCompletion(q) ==
    /\ outRing[q] # <<>> /\ Head(outRing[q]).kind = "rxcomp"
    /\ recvFree' = recvFree \cup Range(Head(outRing[q]).sections)
    /\ outRing' = [outRing EXCEPT ![q] = Tail(@)]
    /\ lastQueue' = q
    /\ UNCHANGED <<txVars, recvBuf, mrc, rxSent, rxRead, inRing>>

-----------------------------------------------------------------------------

\* The model's frames: the n-th frame each way is frame n.
SectionChoices == SendIdx \cup {NoSection}
RxChoices == UNION {[1..k -> RecvIdx] : k \in 1..MaxRanges}

GuestTxNext(q) ==
    \/ \E s \in SectionChoices, b \in PacketBytes : GuestSendsFrame(q, s, b, txSent + 1)
    \/ GuestStopsTxQueue(q, "lowWater", 0)
    \/ \E b \in PacketBytes : GuestStopsTxQueue(q, "ringFull", b)
    \/ GuestWakesTxQueue(q, "sender")

GuestNapiNext(q) ==
    \/ GuestReceivesTxCompletion(q)
    \/ GuestWakesTxQueue(q, "completion")
    \/ GuestReceivesRxPacket(q)
    \/ \E b \in PacketBytes : GuestSendsRxCompletion(q, b)

HostNext(q) ==
    \/ HostReceivesFrame(q)
    \/ \E i \in DOMAIN hostHeld[q] : HostCompletesTx(q, i)
    \/ \E secs \in RxChoices : HostSendsRxPacket(q, secs, [i \in DOMAIN secs |-> rxSent + i])
    \/ HostReceivesRxCompletion(q)

\* Every frame sent both ways, every ring and queue drained.
Settled ==
    /\ txSent = MaxTx /\ rxSent = MaxRx
    /\ \A q \in Queues : /\ outRing[q] = <<>> /\ inRing[q] = <<>> /\ hostHeld[q] = <<>>
                         /\ mrc[q] = <<>> /\ sendPc[q] = "Idle" /\ compPc[q] = "Idle"

\* Explicit final stuttering, so that any other dead end is a deadlock.
Terminating == Settled /\ UNCHANGED vars

Next == \/ \E q \in Queues : GuestTxNext(q) \/ GuestNapiNext(q) \/ HostNext(q)
        \/ Terminating

Spec == Init /\ [][Next]_vars

\* Each queue's sender, NAPI poll and host half make progress when they can.
LiveSpec == Spec /\ \A q \in Queues : /\ WF_vars(GuestTxNext(q))
                                      /\ WF_vars(GuestNapiNext(q))
                                      /\ WF_vars(HostNext(q))

-----------------------------------------------------------------------------
(* Invariants                                                              *)

\* TX requests in flight: on the ring, held by the host, completion on the way.
InFlightTx(q) ==
    {<<"ring", i>> : i \in {j \in DOMAIN outRing[q] : outRing[q][j].kind = "tx"}}
    \cup {<<"host", i>> : i \in DOMAIN hostHeld[q]}
    \cup {<<"comp", i>> : i \in {j \in DOMAIN inRing[q] : inRing[q][j].kind = "txcomp"}}
TxSection(q, r) == CASE r[1] = "ring" -> outRing[q][r[2]].section
                     [] r[1] = "host" -> hostHeld[q][r[2]].section
                     [] r[1] = "comp" -> inRing[q][r[2]].section

\* No send section is reused before its completion: a section of a request
\* in flight is marked taken and belongs to no other request in flight.
\* (Counted, not compared pairwise: a trace may have many in flight.)
InFlightWithSection ==
    UNION {{<<q, r>> : r \in {x \in InFlightTx(q) : TxSection(q, x) # NoSection}} : q \in Queues}
SendSectionExclusiveInv ==
    LET secs == {TxSection(x[1], x[2]) : x \in InFlightWithSection}
    IN /\ \A s \in secs : sendMap[s]
       /\ Cardinality(secs) = Cardinality(InFlightWithSection)

\* The host reads what the guest wrote: every unread TX packet's section
\* still holds its frame.
TxDataIntactInv ==
    \A q \in Queues : \A i \in DOMAIN outRing[q] :
        outRing[q][i].kind = "tx" => TxData(outRing[q][i]) = outRing[q][i].frame

\* TX frames are neither lost nor duplicated: sent = read + on the rings.
TxCountInv ==
    txSent = txRead + Cardinality(UNION {{<<q, i>> : i \in {j \in DOMAIN outRing[q] : outRing[q][j].kind = "tx"}}
                                         : q \in Queues})

\* Per queue, the TX packets are in the order sent (a FIFO of frames; the
\* model numbers frames in sending order, a trace does not).
TxFifoInv ==
    \A q \in Queues : \A i, j \in DOMAIN outRing[q] :
        (i < j /\ outRing[q][i].kind = "tx" /\ outRing[q][j].kind = "tx") => outRing[q][i].frame < outRing[q][j].frame

\* queue_sends counts exactly the requests in flight.
PendingInv == \A q \in Queues : pending[q] = Cardinality(InFlightTx(q))

\* The guest reads what the host wrote into the receive sections.
RxDataIntactInv ==
    \A q \in Queues : \A i \in DOMAIN inRing[q] :
        inRing[q][i].kind = "xfer" => RxData(inRing[q][i]) = inRing[q][i].frames

\* RX frames are neither lost nor duplicated: sent = read + on the rings.
RECURSIVE SectionCount(_)
SectionCount(s) == IF s = <<>> THEN 0 ELSE Len(Head(s).sections) + SectionCount(Tail(s))
RECURSIVE MrcCount(_)
MrcCount(s) == IF s = <<>> THEN 0 ELSE Len(Head(s)) + MrcCount(Tail(s))
RECURSIVE QueueSum(_, _)
QueueSum(F(_), qs) == IF qs = {} THEN 0 ELSE LET q == CHOOSE x \in qs : TRUE IN F(q) + QueueSum(F, qs \ {q})
InRingFrames(q) == SectionCount(inRing[q])
RxCountInv == rxSent = rxRead + QueueSum(InRingFrames, Queues)

\* Every receive section is in exactly one place: free at the host, in a
\* transfer-page packet, in a queued completion, or in one on the ring.
\* (Together they cover every section, and their sizes add up to the
\* section count: so none is in two places and none is lost.)
HeldSections(q) == SectionCount(inRing[q]) + MrcCount(mrc[q]) + SectionCount(outRing[q])
HolderRange(q) == UNION {Range(inRing[q][i].sections) : i \in DOMAIN inRing[q]}
                  \cup UNION {Range(mrc[q][i]) : i \in DOMAIN mrc[q]}
                  \cup UNION {Range(outRing[q][i].sections) : i \in DOMAIN outRing[q]}
RecvSectionsAccountedInv ==
    /\ recvFree \cup UNION {HolderRange(q) : q \in Queues} = RecvIdx
    /\ Cardinality(recvFree) + QueueSum(HeldSections, Queues) = RecvSections

\* A stopped queue always has a way out: a send still to complete, or the
\* sender's own re-check pending.  (Its violation is a lost wake-up.)
StoppedHasWakerInv ==
    \A q \in Queues : stopped[q] => (pending[q] > 0 \/ sendPc[q] = "MustWake" \/ compPc[q] = "MustWake")

-----------------------------------------------------------------------------
(* Properties                                                              *)

\* No lost TX wake-up: a stopped queue is woken again.
StoppedQueueWakesProp == \A q \in Queues : stopped[q] ~> ~stopped[q]

\* Every receive section the host hands out comes back.
RecvSectionReturnedProp == \A s \in RecvIdx : (s \notin recvFree) ~> (s \in recvFree)

\* Every send section taken is released (by its completion).
SendSectionReleasedProp == \A s \in SendIdx : sendMap[s] ~> ~sendMap[s]

\* Every frame gets through, both ways.
AllFramesDeliveredProp == <>(txRead = MaxTx /\ rxRead = MaxRx)

=============================================================================
