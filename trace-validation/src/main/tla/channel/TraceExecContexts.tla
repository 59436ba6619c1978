-------------------------- MODULE TraceExecContexts --------------------------
(***************************************************************************)
(* Trace validation of the guest's execution contexts                     *)
(* (specs/channel/ExecContexts.tla) by the trace-checking engine          *)
(* (docs/trace-format.md), against traces of `run channels --contexts`.   *)
(*                                                                         *)
(* Mapping: spec variable <-> trace field <-> Java.  The Java side is      *)
(* reference-impl dev.enlightened.contexts: ContextsRunner.view writes the *)
(* post-state, ContextsGuest and ContextsHost the events.                  *)
(*                                                                         *)
(*   spec variable  trace field      Java                                 *)
(*   hSt            post.hSt         ContextsHost.state                    *)
(*   gSt            post.gSt         ContextsGuest.state                   *)
(*   rescinded      post.rescinded   ContextsGuest.rescinded               *)
(*   reply          post.reply       ContextsGuest.reply                   *)
(*   oip            post.oip         ContextsGuest.offerInProgress         *)
(*   conQ           post.conQ        ContextsGuest.conQueue                *)
(*   conPc          post.conPc       ContextsGuest.conWaits (or "Idle")    *)
(*   wq             post.wq          ContextsGuest.workQueue               *)
(*   wqPc           post.wqPc        ContextsGuest.wqWaits (or "Idle")     *)
(*   rescQ          post.rescQ       ContextsGuest.rescindQueue            *)
(*   h2g, g2h       params.ch        the message's channel: the head of    *)
(*                                   the queue the action takes from       *)
(*   c (Chans)      params.ch        Chan.specName                         *)
(*   w (Works)      params.w         Chan.workQueue                        *)
(*                                                                         *)
(* Actors: host (ContextsHost), guest-tasklet, guest-con-work,            *)
(* guest-PrimWq, guest-SubWq, guest-rescind-work (one scheduler actor     *)
(* each).  Traces are checked against the correct guest                    *)
(* (SubOpenInOfferWork = FALSE); the Java fault SUB_OPEN_IN_OFFER_WORK    *)
(* must therefore be rejected, at the sub-channel's ConWorkProcessesOffer. *)
(*                                                                         *)
(* Deliberate differences, each in one place:                              *)
(*  - Terminating (the spec's final stutter) has no event.                *)
(***************************************************************************)
EXTENDS ExecContexts, TraceSupport

TraceView ==
    [hSt |-> hSt, gSt |-> gSt, rescinded |-> rescinded, reply |-> reply, oip |-> oip,
     conQ |-> conQ, conPc |-> conPc, wq |-> wq, wqPc |-> wqPc, rescQ |-> rescQ]

HasCh(e) == "ch" \in DOMAIN e.params /\ e.params.ch \in Chans
HasW(e) == "w" \in DOMAIN e.params /\ e.params.w \in Works

IsHostOffers(e) ==
    /\ ParamsAmong(e, {"ch"}) /\ HasCh(e)
    /\ HostOffers(e.params.ch)
    /\ PostMatches(e, TraceView')

IsHostRescinds(e) ==
    /\ ParamsAmong(e, {"ch"}) /\ HasCh(e)
    /\ HostRescinds(e.params.ch)
    /\ PostMatches(e, TraceView')

IsHostAnswersOpen(e) ==
    /\ ParamsAmong(e, {"ch"}) /\ g2h # <<>> /\ ParamIs(e, "ch", Head(g2h))
    /\ HostAnswersOpen
    /\ PostMatches(e, TraceView')

IsHostIgnoresOpen(e) ==
    /\ ParamsAmong(e, {"ch"}) /\ g2h # <<>> /\ ParamIs(e, "ch", Head(g2h))
    /\ HostIgnoresOpen
    /\ PostMatches(e, TraceView')

\* The tasklet's events name the channel of the message it takes.
TaskletTakes(e) == ParamsAmong(e, {"ch"}) /\ h2g # <<>> /\ ParamIs(e, "ch", Head(h2g).ch)

IsTaskletQueuesOffer(e) == TaskletTakes(e) /\ TaskletQueuesOffer /\ PostMatches(e, TraceView')

IsTaskletQueuesRescind(e) == TaskletTakes(e) /\ TaskletQueuesRescind /\ PostMatches(e, TraceView')

IsTaskletCompletesOpen(e) == TaskletTakes(e) /\ TaskletCompletesOpen /\ PostMatches(e, TraceView')

IsConWorkProcessesOffer(e) ==
    /\ ParamsAmong(e, {"ch"}) /\ conQ # <<>> /\ ParamIs(e, "ch", Head(conQ))
    /\ ConWorkProcessesOffer
    /\ PostMatches(e, TraceView')

IsConWorkWakesFromOpen(e) ==
    /\ ParamsAmong(e, {"ch"}) /\ ParamIs(e, "ch", conPc)
    /\ ConWorkWakesFromOpen
    /\ PostMatches(e, TraceView')

\* "ch": the channel the work queue opens (the head of its queue) or wakes for.
IsWqStartsOpen(e) ==
    /\ ParamsAmong(e, {"w", "ch"}) /\ HasW(e)
    /\ wq[e.params.w] # <<>> /\ ParamIs(e, "ch", Head(wq[e.params.w]))
    /\ WqStartsOpen(e.params.w)
    /\ PostMatches(e, TraceView')

IsWqWakesFromOpen(e) ==
    /\ ParamsAmong(e, {"w", "ch"}) /\ HasW(e) /\ ParamIs(e, "ch", wqPc[e.params.w])
    /\ WqWakesFromOpen(e.params.w)
    /\ PostMatches(e, TraceView')

IsRescindWorkRuns(e) ==
    /\ ParamsAmong(e, {"ch"}) /\ rescQ # <<>> /\ ParamIs(e, "ch", Head(rescQ))
    /\ RescindWorkRuns
    /\ PostMatches(e, TraceView')

TaskletActions == {"TaskletQueuesOffer", "TaskletQueuesRescind", "TaskletCompletesOpen"}
ConWorkActions == {"ConWorkProcessesOffer", "ConWorkWakesFromOpen"}
WqActions == {"WqStartsOpen", "WqWakesFromOpen"}

TraceParties ==
    [guest |-> TaskletActions \cup ConWorkActions \cup WqActions \cup {"RescindWorkRuns"},
     host |-> {"HostOffers", "HostRescinds", "HostAnswersOpen", "HostIgnoresOpen"}]

\* Each guest context is one scheduler actor (ContextsRunner).
TraceActors ==
    [c \in {"host", "guest-tasklet", "guest-con-work", "guest-PrimWq", "guest-SubWq", "guest-rescind-work"} |->
        CASE c = "guest-tasklet" -> TaskletActions
          [] c = "guest-con-work" -> ConWorkActions
          [] c \in {"guest-PrimWq", "guest-SubWq"} -> WqActions
          [] c = "guest-rescind-work" -> {"RescindWorkRuns"}
          [] OTHER -> TraceParties.host]

\* What a Quiescent event may say the guest waits for (ContextsRunner: an opener, or the rescind work).
TraceWaitingFor == [guest |-> {"open result", "offer_in_progress"}]
=============================================================================
