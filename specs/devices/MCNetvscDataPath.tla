------------------------- MODULE MCNetvscDataPath -------------------------
(***************************************************************************)
(* Finite models of NetvscDataPath for TLC.  The cfgs substitute the       *)
(* bounds below and choose the variant.                                    *)
(***************************************************************************)
EXTENDS NetvscDataPath

\* Quick models: one queue (the stop/wake logic is per queue; sections are
\* shared, so a second queue adds interleavings, not new cases: the deep
\* model has two).  One send section plus GPA direct lets a frame find its
\* section taken or free; two frames out let one be in flight while the
\* other is sent, stopped, completed.  One frame in puts an RX completion
\* on the outbound ring, where it holds ring space the TX path sees.
\* The ring: 4 bytes, packets of 1 byte, stop below 3 free (two unread
\* packets before a send), wake above 3 (the ring empty): so an unread RX
\* completion and an unread TX packet put the second send below the low
\* watermark, and the last TX completion can find the ring below the high
\* watermark: the two situations the wake-up bugs need.
MCNumQueues == 1
MCSendSections == 1
MCRecvSections == 1
MCRingBytes == 4
MCLowWater == 3
MCHighWater == 3
MCPacketBytes == {1}
MCRecvCompSlots == 1
MCMaxRanges == 1
MCMaxTx == 2
MCMaxRx == 1

\* Variant (b2) needs a packet written after the send that stopped the
\* queue (an RX completion), so three frames out; the send sections play
\* no part in it, so every frame goes GPA direct.
MCWatermarkMaxTx == 3
MCWatermarkSendSections == 0

\* Variant (c) needs two receive sections, both out, and a completion queue
\* of one slot (the drop needs a second completion while the first is
\* queued); no TX traffic.
MCRecvDropSections == 2
MCRecvDropMaxRx == 2
MCRecvDropMaxTx == 0

\* Deep: one queue with two send and two receive sections, three frames
\* out and two in, so two sends can be in flight behind a stop and both
\* receive sections out at once.
MCDeepSendSections == 2
MCDeepRecvSections == 2
MCDeepRecvCompSlots == 2
MCDeepMaxTx == 3
MCDeepMaxRx == 2

\* Deep, two queues sharing one send section (freed by one queue's
\* completion, taken by the other's send) and one receive section, each
\* queue with its own ring and stop/wake state; two frames out, one in.
MCDeep2qNumQueues == 2

-----------------------------------------------------------------------------
(* Reachability probes: each must be violated by model netvsc-datapath *)
(* (put it alone under INVARIANTS and drop PROPERTIES).                    *)

\* A queue is stopped while sends are in flight.
DebugNeverStoppedInv == \A q \in Queues : ~stopped[q]
\* The sender must wake the queue itself (nothing pending at the stop).
DebugNeverSenderWakesInv == \A q \in Queues : sendPc[q] # "MustWake"
\* The completion handler wakes a stopped queue.
DebugNeverCompletionWakesInv == \A q \in Queues : compPc[q] # "MustWake"
\* A completion ran between a send and its stop (the 93aa4792c390 window).
DebugNeverStopAfterDrainInv == \A q \in Queues : ~(sendPc[q] = "MustStop" /\ pending[q] = 0)
\* The host has every receive section out at once.
DebugNeverRecvExhaustedInv == recvFree # {}
\* Every send section is taken at once.
DebugNeverSendExhaustedInv == \E s \in SendIdx : ~sendMap[s]
\* A frame goes GPA direct.
DebugNeverGpaDirectInv == \A q \in Queues : \A i \in DOMAIN outRing[q] : outRing[q][i].section # NoSection
\* The ring is too full for a send (ringFull stop possible).
DebugNeverRingFullInv == \A q \in Queues : Free(q) > 1

=============================================================================
