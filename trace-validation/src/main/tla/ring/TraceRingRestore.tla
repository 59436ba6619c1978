-------------------------- MODULE TraceRingRestore --------------------------
(***************************************************************************)
(* Trace validation of one ring under host save/restore                    *)
(* (specs/ring/RingRestore.tla): traces of `enlightened run ring           *)
(* --restores N`, the Java ring (TraceRingBuffer.tla's traces) with the    *)
(* VMM's save/restore points between its steps (reference-impl             *)
(* dev.enlightened.ring.scenario.HostRestorer).                            *)
(*                                                                         *)
(* Mapping: spec variable <-> trace field <-> Java.  The ring's fields are *)
(* TraceRingBuffer.tla's (its table); the restore adds:                    *)
(*                                                                         *)
(*   spec                 trace field             Java                     *)
(*   restores             post.restores           HostRestorer.restores    *)
(*   doorbell[C]          post.consumerDoorbell   consumer BatonParty latch*)
(*   doorbell[P]          post.producerDoorbell   producer BatonParty latch*)
(*   MaxRestores          header constant         RingScenario.restores    *)
(*   RestoreResignals     (cfg only: "IfNeeded")  HostRestorer's re-signal *)
(*                                                                         *)
(* What is checked, and by whom.                                           *)
(*  - The re-signal policy is the correct one, openvmm's                   *)
(*    unstick_channels(force = false): the cfg sets RestoreResignals =     *)
(*    "IfNeeded" and the header declaration lets no trace set it, so the   *)
(*    Java fault lost-synic (RingFault.RESTORE_LOSES_SIGNALS, openvmm      *)
(*    before 7f9f66ad0, the spec's "None") is rejected at the first        *)
(*    HostRestores whose logged doorbells lack a re-signal the spec's host *)
(*    makes (a restore that needs none changes nothing, and is accepted).  *)
(*  - The number of restores: HostRestores itself requires restores <      *)
(*    MaxRestores, RRTypeOK (an invariant of the cfg) restores in          *)
(*    0..MaxRestores, and post.restores is matched against restores'.  A   *)
(*    header may set MaxRestores only within 1..64 (the declaration), and  *)
(*    the ASSUME below says so again, so no header can unbind the count.   *)
(*  - The ring is untouched by a restore: the event logs the four control  *)
(*    fields, matched against mem' = mem.                                  *)
(*                                                                         *)
(* Why wrappers.  RingRestore's next-state relation is (Next /\ UNCHANGED  *)
(* restores) \/ HostRestores; TLC does not split a conjunction into        *)
(* sub-actions, so that Next would be one sub-action and the engine could *)
(* not tell the producer's steps from the consumer's (TraceParties, for a  *)
(* Quiescent event) nor find a silent step by name.  Each ring action is   *)
(* therefore wrapped here, once, as R<Action> == <Action> /\ UNCHANGED     *)
(* restores: the same step of RingBuffer, named.  The events keep the spec *)
(* action names (TraceActors says whose they are).                         *)
(*                                                                         *)
(* Differences between the Java ring and the spec: TraceRingBuffer.tla's,  *)
(* taken from it (ConsumerRereadsWriteIndex, ProducerRereadsReadIndex, the *)
(* barrier after the mask, SC), nothing new.                               *)
(***************************************************************************)
EXTENDS RingRestore, TraceSupport

\* TraceRingBuffer's silent steps (the Java ring's cached indices) and its
\* threshold ASSUME, on the same variables.
TRB == INSTANCE TraceRingBuffer

ASSUME PendingSendSzThreshold < DataSize
\* The bound a header may give (TraceRingRestore.header.json says it too).
ASSUME MaxRestores \in 1..64
ASSUME RestoreResignals = "IfNeeded"

\* What an event's "post" fields mean: TraceRingBuffer's, plus the restore's.
TraceView ==
    [writeIndex |-> mem.write_index, readIndex |-> mem.read_index,
     interruptMask |-> mem.interrupt_mask, pendingSendSz |-> mem.pending_send_sz,
     sent |-> sent, received |-> nReceived,
     lastId |-> lastRecv.id,
     lastLen |-> IF nReceived = 0 THEN 0 ELSE lastRecv.len,
     restores |-> restores,
     consumerDoorbell |-> doorbell[C], producerDoorbell |-> doorbell[P]]

-----------------------------------------------------------------------------
(* RingBuffer's steps, each leaving the restore count alone (see header). *)

Kept == UNCHANGED restores

RProducerStartsWrite(len) == ProducerStartsWrite(len) /\ Kept
RProducerLoadsReadIndex == ProducerLoadsReadIndex /\ Kept
RProducerSetsPendingSendSz == ProducerSetsPendingSendSz /\ Kept
RProducerClearsPendingSendSz == ProducerClearsPendingSendSz /\ Kept
RProducerCopiesPacket == ProducerCopiesPacket /\ Kept
RProducerStoresWriteIndex == ProducerStoresWriteIndex /\ Kept
RProducerFullBarrier == ProducerFullBarrier /\ Kept
RProducerLoadsInterruptMask == ProducerLoadsInterruptMask /\ Kept
RProducerSignalsConsumer == ProducerSignalsConsumer /\ Kept
RProducerConsumesDoorbell == ProducerConsumesDoorbell /\ Kept
RProducerPollTimerFires == ProducerPollTimerFires /\ Kept

RConsumerConsumesDoorbell == ConsumerConsumesDoorbell /\ Kept
RConsumerMasks == ConsumerMasks /\ Kept
RConsumerFullBarrier == ConsumerFullBarrier /\ Kept
RConsumerLoadsWriteIndex == ConsumerLoadsWriteIndex /\ Kept
RConsumerReadsPacket == ConsumerReadsPacket /\ Kept
RConsumerStoresReadIndex == ConsumerStoresReadIndex /\ Kept
RConsumerLoadsPendingSendSz == ConsumerLoadsPendingSendSz /\ Kept
RConsumerLoadsInterruptMask == ConsumerLoadsInterruptMask /\ Kept
RConsumerSignalsProducer == ConsumerSignalsProducer /\ Kept
RConsumerUnmasks == ConsumerUnmasks /\ Kept
RConsumerStopsAtBudget == ConsumerStopsAtBudget /\ Kept
RConsumerRepolls == ConsumerRepolls /\ Kept
RConsumerSpins == ConsumerSpins /\ Kept

\* The memory system's own steps: never enabled under SC (the cfg's, pinned),
\* kept so that TraceNext is all of RRNext.
RMemoryStep == ((\E p \in Procs : StoreBufferFlushes(p)) \/ ArmNext) /\ Kept

\* TraceRingBuffer's silent steps: the Java ring's skipped reloads.
RConsumerRereadsWriteIndex == TRB!ConsumerRereadsWriteIndex /\ Kept
RProducerRereadsReadIndex == TRB!ProducerRereadsReadIndex /\ Kept

TraceNext ==
    \/ \E len \in PacketLens : RProducerStartsWrite(len)
    \/ RProducerLoadsReadIndex \/ RProducerSetsPendingSendSz \/ RProducerClearsPendingSendSz
    \/ RProducerCopiesPacket \/ RProducerStoresWriteIndex \/ RProducerFullBarrier
    \/ RProducerLoadsInterruptMask \/ RProducerSignalsConsumer \/ RProducerConsumesDoorbell
    \/ RProducerPollTimerFires
    \/ RConsumerConsumesDoorbell \/ RConsumerMasks \/ RConsumerFullBarrier \/ RConsumerLoadsWriteIndex
    \/ RConsumerReadsPacket \/ RConsumerStoresReadIndex \/ RConsumerLoadsPendingSendSz
    \/ RConsumerLoadsInterruptMask \/ RConsumerSignalsProducer \/ RConsumerUnmasks
    \/ RConsumerStopsAtBudget \/ RConsumerRepolls \/ RConsumerSpins
    \/ RMemoryStep
    \/ RConsumerRereadsWriteIndex \/ RProducerRereadsReadIndex
    \/ HostRestores

TraceSilent == [RConsumerRereadsWriteIndex |-> 1, RProducerRereadsReadIndex |-> 1]

-----------------------------------------------------------------------------
(* Matchers: one per event, the event name being the spec action's. *)

\* The optional "start" parameter: where the packet starts, in units.
StartIs(e, s) == "start" \in DOMAIN e.params => e.params.start = s

IsProducerStartsWrite(e) ==
    /\ RProducerStartsWrite(e.params.len)
    /\ PostMatches(e, TraceView')

IsProducerLoadsReadIndex(e) ==
    /\ RProducerLoadsReadIndex
    /\ PostMatches(e, TraceView')

IsProducerSetsPendingSendSz(e) ==
    /\ RProducerSetsPendingSendSz
    /\ PostMatches(e, TraceView')

IsProducerClearsPendingSendSz(e) ==
    /\ RProducerClearsPendingSendSz
    /\ PostMatches(e, TraceView')

IsProducerCopiesPacket(e) ==
    /\ StartIs(e, ProducerCursor)
    /\ RProducerCopiesPacket
    /\ PostMatches(e, TraceView')

IsProducerStoresWriteIndex(e) ==
    /\ RProducerStoresWriteIndex
    /\ PostMatches(e, TraceView')

IsProducerFullBarrier(e) ==
    /\ RProducerFullBarrier
    /\ PostMatches(e, TraceView')

IsProducerLoadsInterruptMask(e) ==
    /\ RProducerLoadsInterruptMask
    /\ PostMatches(e, TraceView')

IsProducerSignalsConsumer(e) ==
    /\ RProducerSignalsConsumer
    /\ PostMatches(e, TraceView')

IsProducerConsumesDoorbell(e) ==
    /\ RProducerConsumesDoorbell
    /\ PostMatches(e, TraceView')

IsConsumerConsumesDoorbell(e) ==
    /\ RConsumerConsumesDoorbell
    /\ PostMatches(e, TraceView')

IsConsumerMasks(e) ==
    /\ RConsumerMasks
    /\ PostMatches(e, TraceView')

IsConsumerFullBarrier(e) ==
    /\ RConsumerFullBarrier
    /\ PostMatches(e, TraceView')

IsConsumerLoadsWriteIndex(e) ==
    /\ RConsumerLoadsWriteIndex
    /\ PostMatches(e, TraceView')

IsConsumerReadsPacket(e) ==
    /\ StartIs(e, cPriv)
    /\ RConsumerReadsPacket
    /\ PostMatches(e, TraceView')

IsConsumerStoresReadIndex(e) ==
    /\ RConsumerStoresReadIndex
    /\ PostMatches(e, TraceView')

IsConsumerLoadsPendingSendSz(e) ==
    /\ RConsumerLoadsPendingSendSz
    /\ PostMatches(e, TraceView')

IsConsumerLoadsInterruptMask(e) ==
    /\ RConsumerLoadsInterruptMask
    /\ PostMatches(e, TraceView')

IsConsumerSignalsProducer(e) ==
    /\ RConsumerSignalsProducer
    /\ PostMatches(e, TraceView')

IsConsumerUnmasks(e) ==
    /\ RConsumerUnmasks
    /\ PostMatches(e, TraceView')

IsConsumerStopsAtBudget(e) ==
    /\ RConsumerStopsAtBudget
    /\ PostMatches(e, TraceView')

IsConsumerRepolls(e) ==
    /\ RConsumerRepolls
    /\ PostMatches(e, TraceView')

IsConsumerSpins(e) ==
    /\ RConsumerSpins
    /\ PostMatches(e, TraceView')

\* openvmm save -> restore -> Start -> unstick_channels(force = false): the
\* logged latches must be exactly what "IfNeeded" leaves.
IsHostRestores(e) ==
    /\ HostRestores
    /\ PostMatches(e, TraceView')

-----------------------------------------------------------------------------
(* Who takes what, and what a Quiescent event may claim. *)

\* For Quiescent events: a party is blocked when none of its actions can step.
\* The host is no party: it never waits, and it makes every restore before the
\* run ends (HostRestorer steps as soon as neither party can).
TraceParties ==
    [producer |-> {"RProducerStartsWrite", "RProducerLoadsReadIndex", "RProducerSetsPendingSendSz",
                   "RProducerClearsPendingSendSz", "RProducerCopiesPacket", "RProducerStoresWriteIndex",
                   "RProducerFullBarrier", "RProducerLoadsInterruptMask", "RProducerSignalsConsumer",
                   "RProducerConsumesDoorbell", "RProducerPollTimerFires"},
     consumer |-> {"RConsumerConsumesDoorbell", "RConsumerMasks", "RConsumerFullBarrier",
                   "RConsumerLoadsWriteIndex", "RConsumerReadsPacket", "RConsumerStoresReadIndex",
                   "RConsumerLoadsPendingSendSz", "RConsumerLoadsInterruptMask", "RConsumerSignalsProducer",
                   "RConsumerUnmasks", "RConsumerStopsAtBudget", "RConsumerRepolls", "RConsumerSpins"}]

\* Whose events are whose (the event names are the spec's action names).
TraceActors ==
    [producer |-> {"ProducerStartsWrite", "ProducerLoadsReadIndex", "ProducerSetsPendingSendSz",
                   "ProducerClearsPendingSendSz", "ProducerCopiesPacket", "ProducerStoresWriteIndex",
                   "ProducerFullBarrier", "ProducerLoadsInterruptMask", "ProducerSignalsConsumer",
                   "ProducerConsumesDoorbell"},
     consumer |-> {"ConsumerConsumesDoorbell", "ConsumerMasks", "ConsumerFullBarrier",
                   "ConsumerLoadsWriteIndex", "ConsumerReadsPacket", "ConsumerStoresReadIndex",
                   "ConsumerLoadsPendingSendSz", "ConsumerLoadsInterruptMask", "ConsumerSignalsProducer",
                   "ConsumerUnmasks", "ConsumerStopsAtBudget", "ConsumerRepolls", "ConsumerSpins"},
     host |-> {"HostRestores"}]

\* What a Quiescent event may say a party waits for (RingScenarioRunner's
\* PRODUCER_WAITS_FOR and CONSUMER_WAITS_FOR).
TraceWaitingFor == [producer |-> {"space"}, consumer |-> {"data"}]
=============================================================================
