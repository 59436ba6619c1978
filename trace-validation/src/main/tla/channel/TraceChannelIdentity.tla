------------------------- MODULE TraceChannelIdentity -------------------------
(***************************************************************************)
(* Trace validation of offer instances and channel owners                  *)
(* (specs/channel/ChannelIdentity.tla) by the trace-checking engine        *)
(* (docs/trace-format.md), against traces of `run channels --identity`.   *)
(*                                                                         *)
(* Mapping: spec variable <-> trace field <-> Java.  The Java side is      *)
(* reference-impl dev.enlightened.identity: IdentityRunner.view writes the *)
(* post-state, IdentityHost and IdentityGuest the events.  Slots and       *)
(* relids are numbered from 1 in the header (OfferIds = 1..n).             *)
(*                                                                         *)
(*   spec variable   trace field      Java                                *)
(*   slot[o].st      post.slotSt[o]   IdentityHost.slotState              *)
(*   slot[o].inst    post.slotInst[o] IdentityHost.slotInst (0: none)     *)
(*   nextInst        post.nextInst    IdentityHost.nextInst                *)
(*   gCh[i].st       post.gSt[i]      IdentityGuest objects (None before   *)
(*                                    the i-th offer reached the guest)    *)
(*   gCh[i].users    post.gUsers[i]   ChannelObject.users (bound driver)   *)
(*   h2g, g2h        params           the head of the queue the action     *)
(*                                    takes from (relid, inst)             *)
(*   revokeReqs      params.o, .inst  IdentityHost.pending (RevokeRequest) *)
(*                                                                         *)
(* Actors: host (the server), owner (the channel's owner: relay,          *)
(* vmbusproxy), guest-dispatch, guest-driver.  Traces are checked against  *)
(* the correct server (RevokeChecksSeq = TRUE): the Java fault             *)
(* REVOKE_WITHOUT_SEQUENCE must be rejected where a retried revoke hits    *)
(* the next instance.                                                      *)
(*                                                                         *)
(* Deliberate differences, each in one place:                              *)
(*  - The ghosts requested, revoked and retried are not logged: they are   *)
(*    determined by the events (who asked, what was revoked).              *)
(*  - slot[o].relid and gCh[i].relid are not in the post-state: they are   *)
(*    the events' r / relid parameters, checked against the queues.        *)
(***************************************************************************)
EXTENDS ChannelIdentity, TraceSupport

ASSUME OfferIds = 1..Cardinality(OfferIds)

TraceView ==
    [slotSt |-> [k \in 1..Cardinality(OfferIds) |-> slot[k].st],
     slotInst |-> [k \in 1..Cardinality(OfferIds) |-> slot[k].inst],
     nextInst |-> nextInst,
     gSt |-> [i \in Insts |-> gCh[i].st],
     gUsers |-> [i \in Insts |-> gCh[i].users]]

HasO(e) == "o" \in DOMAIN e.params /\ e.params.o \in OfferIds
HasInst(e) == "inst" \in DOMAIN e.params /\ e.params.inst \in Insts
Req(e) == [o |-> e.params.o, inst |-> e.params.inst]

IsHostOffers(e) ==
    /\ ParamsAmong(e, {"o", "r", "inst"}) /\ HasO(e)
    /\ "r" \in DOMAIN e.params /\ e.params.r \in Relids
    /\ ParamIs(e, "inst", nextInst + 1)
    /\ HostOffers(e.params.o, e.params.r)
    /\ PostMatches(e, TraceView')

IsOwnerRequestsRevoke(e) ==
    /\ ParamsAmong(e, {"o", "inst"}) /\ HasO(e) /\ ParamIs(e, "inst", slot[e.params.o].inst)
    /\ OwnerRequestsRevoke(e.params.o)
    /\ PostMatches(e, TraceView')

IsOwnerRetriesRevoke(e) ==
    /\ ParamsAmong(e, {"o", "inst"}) /\ HasO(e) /\ HasInst(e)
    /\ OwnerRetriesRevoke(Req(e))
    /\ PostMatches(e, TraceView')

IsHostHandlesRevoke(e) ==
    /\ ParamsAmong(e, {"o", "inst"}) /\ HasO(e) /\ HasInst(e)
    /\ HostHandlesRevoke(Req(e))
    /\ PostMatches(e, TraceView')

IsHostReceivesRelidReleased(e) ==
    /\ ParamsAmong(e, {"relid"}) /\ g2h # <<>> /\ ParamIs(e, "relid", Head(g2h))
    /\ HostReceivesRelidReleased
    /\ PostMatches(e, TraceView')

IsGuestReceivesOffer(e) ==
    /\ ParamsAmong(e, {"relid", "inst"}) /\ h2g # <<>>
    /\ ParamIs(e, "relid", Head(h2g).relid) /\ ParamIs(e, "inst", Head(h2g).inst)
    /\ GuestReceivesOffer
    /\ PostMatches(e, TraceView')

IsGuestReceivesRescind(e) ==
    /\ ParamsAmong(e, {"relid"}) /\ h2g # <<>> /\ ParamIs(e, "relid", Head(h2g).relid)
    /\ GuestReceivesRescind
    /\ PostMatches(e, TraceView')

IsGuestDriverBinds(e) ==
    /\ ParamsAmong(e, {"inst"}) /\ HasInst(e)
    /\ GuestDriverBinds(e.params.inst)
    /\ PostMatches(e, TraceView')

IsGuestDriverReleases(e) ==
    /\ ParamsAmong(e, {"inst"}) /\ HasInst(e)
    /\ GuestDriverReleases(e.params.inst)
    /\ PostMatches(e, TraceView')

IsGuestSendsRelidReleased(e) ==
    /\ ParamsAmong(e, {"inst", "relid"}) /\ HasInst(e) /\ ParamIs(e, "relid", gCh[e.params.inst].relid)
    /\ GuestSendsRelidReleased(e.params.inst)
    /\ PostMatches(e, TraceView')

GuestDispatchActions == {"GuestReceivesOffer", "GuestReceivesRescind"}
GuestDriverActions == {"GuestDriverBinds", "GuestDriverReleases", "GuestSendsRelidReleased"}
OwnerActions == {"OwnerRequestsRevoke", "OwnerRetriesRevoke"}

TraceParties ==
    [guest |-> GuestDispatchActions \cup GuestDriverActions,
     host |-> {"HostOffers", "HostHandlesRevoke", "HostReceivesRelidReleased"} \cup OwnerActions]

TraceActors ==
    [c \in {"host", "owner", "guest-dispatch", "guest-driver"} |->
        CASE c = "guest-dispatch" -> GuestDispatchActions
          [] c = "guest-driver" -> GuestDriverActions
          [] c = "owner" -> OwnerActions
          [] OTHER -> {"HostOffers", "HostHandlesRevoke", "HostReceivesRelidReleased"}]

\* No context of this run blocks: a trace has no Quiescent event.
TraceWaitingFor == [guest |-> {}]
=============================================================================
