--------------------------- MODULE TraceRingBuffer ---------------------------
(***************************************************************************)
(* Trace validation of one VMBus ring buffer (specs/ring/RingBuffer.tla)   *)
(* by the trace-checking engine (docs/trace-format.md).  The traces come   *)
(* from the Java ring (reference-impl dev.enlightened.ring) through        *)
(* dev.enlightened.ring.trace.RingTraceEmitter, under the seeded baton     *)
(* scheduler or real threads (dev.enlightened.ring.scenario).              *)
(*                                                                         *)
(* Mapping: spec variable <-> trace field <-> Java.  Indices and sizes are *)
(* 8-byte units in the spec and bytes in Java; the emitter divides by 8.   *)
(*                                                                         *)
(*   spec                      trace field          Java                   *)
(*   mem.write_index           post.writeIndex      ring write_index / 8   *)
(*   mem.read_index            post.readIndex       ring read_index / 8    *)
(*   mem.interrupt_mask        post.interruptMask   ring interrupt_mask    *)
(*   mem.pending_send_sz       post.pendingSendSz   pending_send_sz / 8    *)
(*   sent                      post.sent            trans_id of the packet *)
(*                                                  copied (ids 1, 2, ..)  *)
(*   nReceived                 post.received        packets read           *)
(*   lastRecv.id, .len         post.lastId, lastLen trans_id, len8 read    *)
(*   len of StartsWrite        params.len           (packet bytes / 8)     *)
(*   pOldW / cPriv (before)    params.start         the packet's start / 8 *)
(*   MaxBatch                  header constant      RingScenario.batch:    *)
(*                                                  packets per commit     *)
(*   ConsumerIdlePolls         header constant      RingConsumer idlePolls *)
(*   cIdle                     (not logged)         RingConsumer.idle      *)
(*                                                                         *)
(* Batched commit: RingProducer.copy/tryCopy log StartsWrite, the space   *)
(* check and CopiesPacket per packet; commit() logs StoresWriteIndex and  *)
(* the one signal decision of the batch (spec ProducerStoresWriteIndex    *)
(* from pc Batch or StoreW).  A packet that does not fit behind a batch   *)
(* commits it (its read_index load, then StoresWriteIndex) and starts     *)
(* again with a new StartsWrite, as the spec's producer does.             *)
(*                                                                         *)
(* The control fields are logged after every step.  Under SC a load leaves *)
(* memory unchanged, so they also pin the value each load returned.  The   *)
(* program points (pPc, cPc) are not logged: they follow from the logged   *)
(* actions and values, so a Java decision that differs from the spec's is  *)
(* rejected at the next event of that party.                               *)
(*                                                                         *)
(* Differences between the Java ring and the spec, each in one place:      *)
(*  - The Java consumer keeps the write_index it loaded last and reads the *)
(*    next packet without reloading while that value is ahead of its       *)
(*    cursor (Linux hv_pkt_iter_avail reloads every time).  The skipped    *)
(*    reload is the silent ConsumerRereadsWriteIndex, at most one per gap, *)
(*    allowed only where the reload would find data.  A write_index ahead *)
(*    of the cursor stays ahead until the consumer reads (the producer     *)
(*    never fills the ring), so the cached value leads to the same step.   *)
(*  - The Java producer keeps the read_index it loaded last (Agrona's     *)
(*    cached head) and loads it before a copy only when that value shows   *)
(*    too little space (Linux hv_get_bytes_to_write loads every time).     *)
(*    The skipped load is the silent ProducerRereadsReadIndex, allowed     *)
(*    only where the load would find enough space.  read_index only moves  *)
(*    forward (the Java producer checks it), so space seen from the cached *)
(*    value is still there: the cached value leads to the same step.       *)
(*  - The Java consumer has no barrier after its mask store: the cfg sets  *)
(*    OmittedBarriers = {"ConsumerAfterMask"}, the variant the catalog     *)
(*    model ring-no-mb-after-mask-tso proves correct under TSO.            *)
(*  - Traces are validated under MemoryModel = "SC": the scenario runner   *)
(*    makes each step atomic with its log line (one step at a time, or a   *)
(*    global lock under real threads), so no store-buffer step is needed;  *)
(*    StoreBufferFlushes is the memory system's step, never logged.        *)
(*  - ProducerPollTimerFires has no event: see UnloggedActions.            *)
(***************************************************************************)
EXTENDS RingBuffer, TraceSupport

\* A trace may set the producer's wake-up threshold (its header names the policy
\* the Java ring ran with), but only one the ring can free: at DataSize the
\* blocked producer is never woken (catalog model ring-threshold-too-large), so
\* a trace that chose it could pass off a lost wake-up as the spec's behaviour.
ASSUME PendingSendSzThreshold < DataSize

\* What an event's "post" fields mean: the control fields and counts, never
\* the data area.
TraceView ==
    [writeIndex |-> mem.write_index, readIndex |-> mem.read_index,
     interruptMask |-> mem.interrupt_mask, pendingSendSz |-> mem.pending_send_sz,
     sent |-> sent, received |-> nReceived,
     lastId |-> lastRecv.id,
     lastLen |-> IF nReceived = 0 THEN 0 ELSE lastRecv.len]

\* Spec actions with no Java event: the memory system's own step (TSO only),
\* and the poll timer of a producer without feat_pending_send_sz (the Java
\* producer always advertises the feature, so traces set
\* PendingSendSzFeature = TRUE and the timer is never enabled).
UnloggedActions == {"StoreBufferFlushes", "ProducerPollTimerFires"}

\* The skipped reload of write_index at the consumer's drain point, where it
\* would find data (see the header).  A step of ConsumerLoadsWriteIndex.
ConsumerRereadsWriteIndex ==
    /\ cPc = "Drain"
    /\ Load(C, "write_index") # cPriv
    /\ ConsumerLoadsWriteIndex

\* The skipped load of read_index before a copy, where it would find enough
\* space (see the header).  A step of ProducerLoadsReadIndex.
ProducerRereadsReadIndex ==
    /\ pPc = "CheckSpace"
    /\ FreeUnits(ProducerCursor, Load(P, "read_index")) > pLen + 1
    /\ ProducerLoadsReadIndex

TraceNext == Next \/ ConsumerRereadsWriteIndex \/ ProducerRereadsReadIndex

TraceSilent == [ConsumerRereadsWriteIndex |-> 1, ProducerRereadsReadIndex |-> 1]

\* The optional "start" parameter: where the packet starts, in units.
StartIs(e, s) == "start" \in DOMAIN e.params => e.params.start = s

IsProducerStartsWrite(e) ==
    /\ ProducerStartsWrite(e.params.len)
    /\ PostMatches(e, TraceView')

IsProducerLoadsReadIndex(e) ==
    /\ ProducerLoadsReadIndex
    /\ PostMatches(e, TraceView')

IsProducerSetsPendingSendSz(e) ==
    /\ ProducerSetsPendingSendSz
    /\ PostMatches(e, TraceView')

IsProducerClearsPendingSendSz(e) ==
    /\ ProducerClearsPendingSendSz
    /\ PostMatches(e, TraceView')

IsProducerCopiesPacket(e) ==
    /\ StartIs(e, ProducerCursor)
    /\ ProducerCopiesPacket
    /\ PostMatches(e, TraceView')

IsProducerStoresWriteIndex(e) ==
    /\ ProducerStoresWriteIndex
    /\ PostMatches(e, TraceView')

IsProducerFullBarrier(e) ==
    /\ ProducerFullBarrier
    /\ PostMatches(e, TraceView')

IsProducerLoadsInterruptMask(e) ==
    /\ ProducerLoadsInterruptMask
    /\ PostMatches(e, TraceView')

IsProducerSignalsConsumer(e) ==
    /\ ProducerSignalsConsumer
    /\ PostMatches(e, TraceView')

IsProducerConsumesDoorbell(e) ==
    /\ ProducerConsumesDoorbell
    /\ PostMatches(e, TraceView')

IsConsumerConsumesDoorbell(e) ==
    /\ ConsumerConsumesDoorbell
    /\ PostMatches(e, TraceView')

IsConsumerMasks(e) ==
    /\ ConsumerMasks
    /\ PostMatches(e, TraceView')

IsConsumerFullBarrier(e) ==
    /\ ConsumerFullBarrier
    /\ PostMatches(e, TraceView')

IsConsumerLoadsWriteIndex(e) ==
    /\ ConsumerLoadsWriteIndex
    /\ PostMatches(e, TraceView')

IsConsumerReadsPacket(e) ==
    /\ StartIs(e, cPriv)
    /\ ConsumerReadsPacket
    /\ PostMatches(e, TraceView')

IsConsumerStoresReadIndex(e) ==
    /\ ConsumerStoresReadIndex
    /\ PostMatches(e, TraceView')

IsConsumerLoadsPendingSendSz(e) ==
    /\ ConsumerLoadsPendingSendSz
    /\ PostMatches(e, TraceView')

IsConsumerLoadsInterruptMask(e) ==
    /\ ConsumerLoadsInterruptMask
    /\ PostMatches(e, TraceView')

IsConsumerSignalsProducer(e) ==
    /\ ConsumerSignalsProducer
    /\ PostMatches(e, TraceView')

IsConsumerUnmasks(e) ==
    /\ ConsumerUnmasks
    /\ PostMatches(e, TraceView')

IsConsumerStopsAtBudget(e) ==
    /\ ConsumerStopsAtBudget
    /\ PostMatches(e, TraceView')

IsConsumerRepolls(e) ==
    /\ ConsumerRepolls
    /\ PostMatches(e, TraceView')

IsConsumerSpins(e) ==
    /\ ConsumerSpins
    /\ PostMatches(e, TraceView')

\* For Quiescent events: a party is blocked when none of its actions can step.
TraceParties ==
    [producer |-> {"ProducerStartsWrite", "ProducerLoadsReadIndex", "ProducerSetsPendingSendSz",
                   "ProducerClearsPendingSendSz", "ProducerCopiesPacket", "ProducerStoresWriteIndex",
                   "ProducerFullBarrier", "ProducerLoadsInterruptMask", "ProducerSignalsConsumer",
                   "ProducerConsumesDoorbell", "ProducerPollTimerFires"},
     consumer |-> {"ConsumerConsumesDoorbell", "ConsumerMasks", "ConsumerFullBarrier",
                   "ConsumerLoadsWriteIndex", "ConsumerReadsPacket", "ConsumerStoresReadIndex",
                   "ConsumerLoadsPendingSendSz", "ConsumerLoadsInterruptMask", "ConsumerSignalsProducer",
                   "ConsumerUnmasks", "ConsumerStopsAtBudget", "ConsumerRepolls",
                   "ConsumerSpins"}]

\* What a Quiescent event may say a party waits for (RingScenarioRunner's
\* PRODUCER_WAITS_FOR and CONSUMER_WAITS_FOR).
TraceWaitingFor == [producer |-> {"space"}, consumer |-> {"data"}]
=============================================================================
