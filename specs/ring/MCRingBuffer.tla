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

\* Simulation tier: a bigger ring and many packets, walked at random.
MCDataSizeSim == 16
MCPacketLensSim == {1, 2, 3, 5}
MCMaxPacketsSim == 24

\* Failure probes: each must be violated by the correct quick models, which
\* shows the models reach the situation the properties are about.
DebugProducerNeverBlocksInv == pPc # "Sleep"
DebugConsumerNeverWakesProducerInv == cPc # "Signal"
DebugProducerNeverSignalsInv == pPc # "Signal"
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
