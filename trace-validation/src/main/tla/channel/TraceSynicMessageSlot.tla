------------------------ MODULE TraceSynicMessageSlot ------------------------
(***************************************************************************)
(* Trace validation of the SynIC message slot (specs/channel/              *)
(* SynicMessageSlot.tla) by the trace-checking engine (docs/trace-format.md).*)
(*                                                                         *)
(* Mapping: spec variable <-> trace field <-> Java.  The Java side is     *)
(* reference-impl dev.enlightened.synic: SynicTraceObserver writes one     *)
(* event per SynicSlotObserver callback of SynicHost and SynicGuest.       *)
(*                                                                         *)
(*   spec variable      trace field        Java                           *)
(*   slotMsg            post.slotMsg       slot message_type, as the spec *)
(*                                         number of the message (0 =     *)
(*                                         HVMSG_NONE): SynicMessageSlot  *)
(*   msgPending         post.msgPending    message_flags.msg_pending      *)
(*   Len(hostQueue)     post.queueLen      SynicHost's queue length       *)
(*   hostPc, guestPc    post.hostPc, ...   (not logged by the emitter)    *)
(*   guestSawPending    post.sawPending    (not logged by the emitter)    *)
(*   Len(guestReceived) post.received      (not logged by the emitter)    *)
(*   message read       params.msg         GuestReadsMessage,             *)
(*                                         HostDeliversMessage            *)
(*   msg_pending loaded params.pending     GuestReadsMessagePending       *)
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

\* Parameters: "msg" (optional) names the message read or delivered;
\* "pending" (optional) the msg_pending value the guest loaded.  Any other
\* parameter (e.g. a corrupt read's payload size) makes the event unmatched:
\* the spec's hypervisor never writes a corrupt message.

IsGuestReadsMessage(e) ==
    /\ ParamsAmong(e, {"msg"})
    /\ ParamIs(e, "msg", slotMsg)
    /\ GuestReadsMessage
    /\ PostMatches(e, TraceView')

IsGuestClearsSlot(e) ==
    /\ ParamsAmong(e, {})
    /\ GuestClearsSlot
    /\ PostMatches(e, TraceView')

IsGuestReadsMessagePending(e) ==
    /\ ParamsAmong(e, {"pending"})
    /\ ParamIs(e, "pending", msgPending)
    /\ GuestReadsMessagePending
    /\ PostMatches(e, TraceView')

IsGuestWritesEom(e) ==
    /\ ParamsAmong(e, {})
    /\ GuestWritesEom
    /\ PostMatches(e, TraceView')

IsHostSetsMessagePending(e) ==
    /\ ParamsAmong(e, {})
    /\ HostSetsMessagePending
    /\ PostMatches(e, TraceView')

IsHostDeliversMessage(e) ==
    /\ ParamsAmong(e, {"msg"})
    /\ hostQueue # <<>> => ParamIs(e, "msg", Head(hostQueue))
    /\ HostDeliversMessage
    /\ PostMatches(e, TraceView')

IsHostFindsSlotFull(e) ==
    /\ ParamsAmong(e, {})
    /\ HostFindsSlotFull
    /\ PostMatches(e, TraceView')

\* Hypervisor-internal steps a guest-side trace cannot observe.
TraceSilent == [HostSetsMessagePending |-> 1, HostFindsSlotFull |-> 1]

\* For Quiescent events: a party is blocked when none of its actions can
\* step, even after the silent steps above.
TraceParties ==
    [guest |-> {"GuestReadsMessage", "GuestClearsSlot", "GuestReadsMessagePending", "GuestWritesEom"},
     host |-> {"HostSetsMessagePending", "HostDeliversMessage", "HostFindsSlotFull"}]

\* What a Quiescent event may say a party waits for (SynicTraceObserver).
TraceWaitingFor == [guest |-> {"message"}, host |-> {"queued message"}]
=============================================================================
