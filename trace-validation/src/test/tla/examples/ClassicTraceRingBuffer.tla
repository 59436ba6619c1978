------------------------ MODULE ClassicTraceRingBuffer ------------------------
(***************************************************************************)
(* The classic way of checking a ring trace with TLC, kept only so the     *)
(* benchmark (docs/benchmarks.md, "The engine vs classic TLC on ring       *)
(* traces") can compare it with the engine on the same `enlightened run    *)
(* ring` traces: the trace is a constant TraceLog, the line index l is a   *)
(* variable, and TLC's breadth-first search runs until the invariant       *)
(* l <= Len(TraceLog) is violated, which means every event matched (the    *)
(* pattern of CCF's Traceccfraft and tlaplus/Examples' EWD998ChanTrace).     *)
(*                                                                         *)
(* It offers TLC the same steps the engine may take: each logged event     *)
(* through its Is<Event> matcher, and, without consuming an event, the     *)
(* spec's unlogged actions (TraceRingBuffer's UnloggedActions) and the     *)
(* silent rereads (TraceSilent).  The engine bounds silent steps per event; *)
(* BFS needs no bound, the state space per line being finite.  The actor   *)
(* check the engine adds (TraceParties) has no counterpart here, which     *)
(* only favours the classic run.                                           *)
(***************************************************************************)
EXTENDS TraceRingBuffer

\* Replaced at run time by the Java override ClassicTraceLog, which reads the
\* NDJSON file named by the system property enlightened.trace.
TraceLog == <<>>

VARIABLE l

ClassicInit == Init /\ l = 1

\* The event at l, matched by the Is<Event> operator its name selects.
ClassicMatches(e) ==
    CASE e.action = "ProducerStartsWrite" -> IsProducerStartsWrite(e)
      [] e.action = "ProducerLoadsReadIndex" -> IsProducerLoadsReadIndex(e)
      [] e.action = "ProducerSetsPendingSendSz" -> IsProducerSetsPendingSendSz(e)
      [] e.action = "ProducerClearsPendingSendSz" -> IsProducerClearsPendingSendSz(e)
      [] e.action = "ProducerCopiesPacket" -> IsProducerCopiesPacket(e)
      [] e.action = "ProducerStoresWriteIndex" -> IsProducerStoresWriteIndex(e)
      [] e.action = "ProducerFullBarrier" -> IsProducerFullBarrier(e)
      [] e.action = "ProducerLoadsInterruptMask" -> IsProducerLoadsInterruptMask(e)
      [] e.action = "ProducerSignalsConsumer" -> IsProducerSignalsConsumer(e)
      [] e.action = "ProducerConsumesDoorbell" -> IsProducerConsumesDoorbell(e)
      [] e.action = "ConsumerConsumesDoorbell" -> IsConsumerConsumesDoorbell(e)
      [] e.action = "ConsumerMasks" -> IsConsumerMasks(e)
      [] e.action = "ConsumerFullBarrier" -> IsConsumerFullBarrier(e)
      [] e.action = "ConsumerLoadsWriteIndex" -> IsConsumerLoadsWriteIndex(e)
      [] e.action = "ConsumerReadsPacket" -> IsConsumerReadsPacket(e)
      [] e.action = "ConsumerStoresReadIndex" -> IsConsumerStoresReadIndex(e)
      [] e.action = "ConsumerLoadsPendingSendSz" -> IsConsumerLoadsPendingSendSz(e)
      [] e.action = "ConsumerLoadsInterruptMask" -> IsConsumerLoadsInterruptMask(e)
      [] e.action = "ConsumerSignalsProducer" -> IsConsumerSignalsProducer(e)
      [] e.action = "ConsumerUnmasks" -> IsConsumerUnmasks(e)
      \* The run's last line says who was left waiting; the engine checks that
      \* no step of that party is enabled (TraceWaitingFor), this module only
      \* consumes the line, which again favours the classic run.
      [] e.action = "Quiescent" -> UNCHANGED vars
      [] OTHER -> FALSE

ClassicLogged ==
    /\ l <= Len(TraceLog)
    /\ ClassicMatches(TraceLog[l])
    /\ l' = l + 1

\* A step no event stands for.
ClassicUnlogged ==
    /\ \/ \E p \in Procs : StoreBufferFlushes(p)
       \/ ProducerPollTimerFires
       \/ ConsumerRereadsWriteIndex
       \/ ProducerRereadsReadIndex
    /\ UNCHANGED l

ClassicNext == ClassicLogged \/ ClassicUnlogged

\* Violated exactly when all events matched: the trace is accepted.
ClassicUnfinishedInv == l <= Len(TraceLog)
=============================================================================
