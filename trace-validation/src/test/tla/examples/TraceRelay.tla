----------------------------- MODULE TraceRelay -----------------------------
(***************************************************************************)
(* Trace validation of the Relay test spec (examples/Relay.tla).          *)
(*                                                                         *)
(* Mapping (spec variable <-> trace field <-> Java field of the emitter    *)
(* dev.enlightened.validation.bench.RelayTraceGenerator):                  *)
(*                                                                         *)
(*   spec            trace field            Java field                     *)
(*   next            post.next              RelayTraceGenerator.next       *)
(*   Len(wire)       post.wireLen           RelayTraceGenerator.wire.size  *)
(*   Len(inbox)      post.inboxLen          RelayTraceGenerator.inbox.size *)
(*   got             post.got               RelayTraceGenerator.got        *)
(*   wantMore        post.wantMore          RelayTraceGenerator.wantMore   *)
(*   m of ProducerSends, ConsumerTakes   params.m   the item number        *)
(*                                                                         *)
(* Events: ProducerSends, WireDelivers (also silent: a trace may leave     *)
(* wire transit unlogged, at most Cap deliveries per gap), ConsumerTakes,  *)
(* ConsumerResumes; Quiescent for the parties producer and consumer.       *)
(***************************************************************************)
EXTENDS Relay, TraceSupport

\* What the fields of an event's "post" summary mean: projections, never
\* whole buffers.
TraceView ==
    [next |-> next, wireLen |-> Len(wire), inboxLen |-> Len(inbox), got |-> got, wantMore |-> wantMore]

IsProducerSends(e) ==
    /\ ProducerSends(e.params.m)
    /\ PostMatches(e, TraceView')

IsWireDelivers(e) ==
    /\ WireDelivers
    /\ PostMatches(e, TraceView')

IsConsumerTakes(e) ==
    /\ ConsumerTakes(e.params.m)
    /\ PostMatches(e, TraceView')

IsConsumerResumes(e) ==
    /\ ConsumerResumes
    /\ PostMatches(e, TraceView')

\* Unlogged actions, with the most steps of each that one gap between two
\* events may need: transit is invisible to both parties.
TraceSilent == [WireDelivers |-> Cap]

\* Which actions belong to which party, for Quiescent events: a party is
\* blocked when none of its actions is enabled (after any silent steps).
TraceParties ==
    [producer |-> {"ProducerSends"},
     consumer |-> {"ConsumerTakes", "ConsumerResumes"}]

\* Who takes each logged action: the parties, and the wire for its silent
\* (but loggable) delivery.
TraceActors == [producer |-> {"ProducerSends"}, wire |-> {"WireDelivers"},
                consumer |-> {"ConsumerTakes", "ConsumerResumes"}]

\* What a Quiescent event may say a party waits for.
TraceWaitingFor == [producer |-> {"nothing left to send"}, consumer |-> {"item"}]

\* A failure probe for tests: the wire never holds two items.
DebugAtMostOneInFlightInv == Len(wire) <= 1
=============================================================================
