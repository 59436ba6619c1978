-------------------------- MODULE ClassicTraceRelay --------------------------
(***************************************************************************)
(* The classic way of checking a Relay trace with TLC, kept only so the    *)
(* benchmark (docs/benchmarks.md) can compare it with the engine on the    *)
(* same traces: the trace is a constant TraceLog, the line index l is a    *)
(* variable, and TLC's breadth-first search runs until the invariant       *)
(* l <= Len(TraceLog) is violated, which means every event matched         *)
(* (the pattern of CCF's Traceccfraft and tlaplus/Examples' EWD998ChanTrace).*)
(***************************************************************************)
EXTENDS TraceRelay

\* Replaced at run time by the Java override ClassicTraceLog, which reads the
\* NDJSON file named by the system property enlightened.trace.
TraceLog == <<>>

VARIABLE l

ClassicInit == Init /\ l = 1

\* The event at l, matched by its Is<Event> operator.  The benchmark's
\* traces are fully logged, so no unlogged step is offered (the engine, too,
\* needs none on them; TLC would explore such branches at every state).
ClassicNext ==
    /\ l <= Len(TraceLog)
    /\ LET e == TraceLog[l] IN
         \/ e.action = "ProducerSends" /\ IsProducerSends(e)
         \/ e.action = "WireDelivers" /\ IsWireDelivers(e)
         \/ e.action = "ConsumerTakes" /\ IsConsumerTakes(e)
         \/ e.action = "ConsumerResumes" /\ IsConsumerResumes(e)
    /\ l' = l + 1

\* Violated exactly when all events matched: the trace is accepted.
ClassicUnfinishedInv == l <= Len(TraceLog)
=============================================================================
