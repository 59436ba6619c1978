------------------------ MODULE TraceSynicMessageSlot ------------------------
(***************************************************************************)
(* Trace validation of the SynIC message slot (specs/channel/              *)
(* SynicMessageSlot.tla) by the trace-checking engine (docs/trace-format.md).*)
(*                                                                         *)
(* Mapping: spec variable <-> trace field <-> Java field.  The Java side   *)
(* is the reference implementation's synic package (a Java field named     *)
(* after each spec variable, as the package's javadoc states).             *)
(*                                                                         *)
(*   spec variable     trace field          Java field                     *)
(*   slotMsg           post.slotMsg         message_type of the slot (0 = HVMSG_NONE) *)
(*   msgPending        post.msgPending      message_flags.msg_pending      *)
(*   Len(hostQueue)    post.queueLen        hypervisor queue length        *)
(*   hostPc            post.hostPc          hypervisor attempt state       *)
(*   guestPc           post.guestPc         guest message-loop state       *)
(*   guestSawPending   post.sawPending      msg_pending as last loaded     *)
(*   Len(guestReceived) post.received      messages passed on             *)
(*   the message read  params.msg           of GuestReadsMessage,          *)
(*                                          HostDeliversMessage (optional) *)
(*                                                                         *)
(* One event per spec action, named exactly as the action.  Differences   *)
(* between implementation and spec, each in one named place:              *)
(*  - TraceSilent: a guest-side trace cannot see the hypervisor's own     *)
(*    steps of a delivery attempt (setting msg_pending, finding the slot  *)
(*    full); they may be left unlogged, at most one of each per gap.      *)
(*  - Terminating (the spec's explicit final stutter) has no event.       *)
(***************************************************************************)
EXTENDS SynicMessageSlot, TraceSupport

\* What an event's "post" fields mean: projections of the state, never the
\* whole queue.
TraceView ==
    [slotMsg |-> slotMsg, msgPending |-> msgPending, queueLen |-> Len(hostQueue), hostPc |-> hostPc,
     guestPc |-> guestPc, sawPending |-> guestSawPending, received |-> Len(guestReceived)]

\* The optional "msg" parameter names the message concerned.
MsgIs(e, m) == "msg" \in DOMAIN e.params => e.params.msg = m

IsGuestReadsMessage(e) ==
    /\ MsgIs(e, slotMsg)
    /\ GuestReadsMessage
    /\ PostMatches(e, TraceView')

IsGuestClearsSlot(e) ==
    /\ GuestClearsSlot
    /\ PostMatches(e, TraceView')

IsGuestReadsMessagePending(e) ==
    /\ GuestReadsMessagePending
    /\ PostMatches(e, TraceView')

IsGuestWritesEom(e) ==
    /\ GuestWritesEom
    /\ PostMatches(e, TraceView')

IsHostSetsMessagePending(e) ==
    /\ HostSetsMessagePending
    /\ PostMatches(e, TraceView')

IsHostDeliversMessage(e) ==
    /\ hostQueue # <<>> => MsgIs(e, Head(hostQueue))
    /\ HostDeliversMessage
    /\ PostMatches(e, TraceView')

IsHostFindsSlotFull(e) ==
    /\ HostFindsSlotFull
    /\ PostMatches(e, TraceView')

\* Hypervisor-internal steps a guest-side trace cannot observe.
TraceSilent == [HostSetsMessagePending |-> 1, HostFindsSlotFull |-> 1]

\* For Quiescent events: a party is blocked when none of its actions can
\* step, even after the silent steps above.
TraceParties ==
    [guest |-> {"GuestReadsMessage", "GuestClearsSlot", "GuestReadsMessagePending", "GuestWritesEom"},
     host |-> {"HostSetsMessagePending", "HostDeliversMessage", "HostFindsSlotFull"}]
=============================================================================
