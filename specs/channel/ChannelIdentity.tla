--------------------------- MODULE ChannelIdentity ---------------------------
(***************************************************************************)
(* Identity: the host's offers are instances, the guest's channel objects  *)
(* have local users, and the relid is only the name the wire carries       *)
(* (vmbus-protocol.md 1.3, 1.6).                                           *)
(*                                                                         *)
(* Host (openvmm vmbus_server lib.rs / channels.rs): an offer occupies an  *)
(* OfferId, a slot that is reused once the channel is gone; each offer    *)
(* instance has a sequence number.  A channel's owner (the OpenHCL relay,  *)
(* vmbusproxy) revokes its offer with ChannelServerRequest::Revoke, and a  *)
(* revoke may be attempted again when the request stream is dropped.      *)
(* Since 28404ebca (2025) the server checks the instance's sequence number *)
(* before revoking; before it, a second attempt that arrived after the     *)
(* OfferId was reused revoked the next instance.                           *)
(* Guest (Linux channel_mgmt.c): vmbus_onoffer creates a channel object    *)
(* and maps its relid (relid2channel); the driver that binds to the device *)
(* holds the object (a local user) until vmbus_device_unregister completes;*)
(* vmbus_onoffer_rescind marks it; hv_process_channel_removal unmaps it and*)
(* sends RELID_RELEASED last (vmbus_release_relid), after the last user.   *)
(*                                                                         *)
(* Ghost: every offer instance has a number (Insts); h2g messages carry    *)
(* the instance they are about, so that "reaches the right instance" can   *)
(* be stated; the guest acts only on the relid, as the wire has it.        *)
(*                                                                         *)
(* Actions (actor, source):                                                *)
(*  HostOffers(o, r)            host   offer_channel: a new instance at    *)
(*                                     OfferId o, relid r                  *)
(*  OwnerRequestsRevoke(o)      owner  ChannelServerRequest::Revoke        *)
(*  OwnerRetriesRevoke(q)       owner  the stream drops: revoke again      *)
(*  HostHandlesRevoke(q)        host   revoke (checks the sequence number) *)
(*  GuestReceivesOffer          guest  vmbus_onoffer                       *)
(*  GuestDriverBinds(i)         guest  vmbus_probe: the driver holds it    *)
(*  GuestReceivesRescind        guest  vmbus_onoffer_rescind               *)
(*  GuestDriverReleases(i)      guest  vmbus_remove / device release       *)
(*  GuestSendsRelidReleased(i)  guest  hv_process_channel_removal          *)
(*  HostReceivesRelidReleased   host   handle_rel_id_released: slot free   *)
(***************************************************************************)
EXTENDS Naturals, Sequences, FiniteSets

CONSTANTS
    OfferIds,          \* the host's offer slots
    Relids,            \* relids (channel ids)
    MaxInsts,          \* bound: offer instances over the run
    RevokeChecksSeq    \* TRUE: openvmm since 28404ebca; FALSE: before it

ASSUME MaxInsts \in Nat /\ RevokeChecksSeq \in BOOLEAN

Insts == 1..MaxInsts
NoInst == 0
FreeSlot == [st |-> "Free", inst |-> NoInst, relid |-> CHOOSE r \in Relids : TRUE]
NoCh == [st |-> "None", relid |-> CHOOSE r \in Relids : TRUE, users |-> 0]

VARIABLES
    slot,        \* slot[o]: [st : Free | Offered | Revoked, inst, relid]
    nextInst,    \* instances offered so far
    revokeReqs,  \* pending revoke requests [o, inst] (the owner's own instance)
    retried,     \* revoke requests already retried once
    requested,   \* ghost: instances whose owner asked for a revoke
    revoked,     \* ghost: instances the host revoked
    h2g,         \* [type : Offer | Rescind, relid, inst (ghost)]
    g2h,         \* RELID_RELEASED relids
    gCh          \* gCh[i]: guest object of instance i: [st : None | Mapped | Rescinded | Unmapped, relid, users]

vars == <<slot, nextInst, revokeReqs, retried, requested, revoked, h2g, g2h, gCh>>

Reqs == [o : OfferIds, inst : Insts]

TypeOK ==
    /\ slot \in [OfferIds -> [st : {"Free", "Offered", "Revoked"}, inst : Insts \cup {NoInst}, relid : Relids]]
    /\ nextInst \in 0..MaxInsts
    /\ revokeReqs \subseteq Reqs /\ retried \subseteq Reqs
    /\ requested \subseteq Insts /\ revoked \subseteq Insts
    /\ h2g \in Seq([type : {"Offer", "Rescind"}, relid : Relids, inst : Insts])
    /\ g2h \in Seq(Relids)
    /\ gCh \in [Insts -> [st : {"None", "Mapped", "Rescinded", "Unmapped"}, relid : Relids, users : 0..1]]

Init ==
    /\ slot = [o \in OfferIds |-> FreeSlot] /\ nextInst = 0
    /\ revokeReqs = {} /\ retried = {} /\ requested = {} /\ revoked = {}
    /\ h2g = <<>> /\ g2h = <<>>
    /\ gCh = [i \in Insts |-> NoCh]

\* The guest's relid map: objects mapped at r (Mapped or Rescinded, not yet unmapped).
MappedAt(r) == {i \in Insts : gCh[i].st \in {"Mapped", "Rescinded"} /\ gCh[i].relid = r}
RelidInUse(r) == \E o \in OfferIds : slot[o].st # "Free" /\ slot[o].relid = r

-----------------------------------------------------------------------------
(* Host and channel owner *)

HostOffers(o, r) ==
    /\ slot[o].st = "Free" /\ ~RelidInUse(r) /\ nextInst < MaxInsts
    /\ nextInst' = nextInst + 1
    /\ slot' = [slot EXCEPT ![o] = [st |-> "Offered", inst |-> nextInst + 1, relid |-> r]]
    /\ h2g' = Append(h2g, [type |-> "Offer", relid |-> r, inst |-> nextInst + 1])
    /\ UNCHANGED <<revokeReqs, retried, requested, revoked, g2h, gCh>>

OwnerRequestsRevoke(o) ==
    /\ slot[o].st = "Offered" /\ slot[o].inst \notin requested
    /\ revokeReqs' = revokeReqs \cup {[o |-> o, inst |-> slot[o].inst]}
    /\ requested' = requested \cup {slot[o].inst}
    /\ UNCHANGED <<slot, nextInst, retried, revoked, h2g, g2h, gCh>>

\* The request stream is dropped and the revoke attempted again (once).
OwnerRetriesRevoke(q) ==
    /\ q \in Reqs /\ q.inst \in requested /\ q \notin revokeReqs /\ q \notin retried
    /\ \E o \in OfferIds : q.o = o
    /\ q.inst \in revoked
    /\ revokeReqs' = revokeReqs \cup {q} /\ retried' = retried \cup {q}
    /\ UNCHANGED <<slot, nextInst, requested, revoked, h2g, g2h, gCh>>

\* Revoke the channel at OfferId q.o if it is offered (and, with the
\* sequence check, if it is still the instance the request was for).
HostHandlesRevoke(q) ==
    /\ q \in revokeReqs
    /\ revokeReqs' = revokeReqs \ {q}
    /\ IF slot[q.o].st = "Offered" /\ (RevokeChecksSeq => slot[q.o].inst = q.inst)
       THEN /\ slot' = [slot EXCEPT ![q.o].st = "Revoked"]
            /\ revoked' = revoked \cup {slot[q.o].inst}
            /\ h2g' = Append(h2g, [type |-> "Rescind", relid |-> slot[q.o].relid, inst |-> slot[q.o].inst])
       ELSE UNCHANGED <<slot, revoked, h2g>>
    /\ UNCHANGED <<nextInst, retried, requested, g2h, gCh>>

\* handle_rel_id_released: the slot of a revoked channel becomes free.
HostReceivesRelidReleased ==
    /\ g2h # <<>>
    /\ slot' = [o \in OfferIds |->
                 IF slot[o].st = "Revoked" /\ slot[o].relid = Head(g2h) THEN FreeSlot ELSE slot[o]]
    /\ g2h' = Tail(g2h)
    /\ UNCHANGED <<nextInst, revokeReqs, retried, requested, revoked, h2g, gCh>>

-----------------------------------------------------------------------------
(* Guest *)

GuestReceivesOffer ==
    /\ h2g # <<>> /\ Head(h2g).type = "Offer"
    /\ gCh' = [gCh EXCEPT ![Head(h2g).inst] = [st |-> "Mapped", relid |-> Head(h2g).relid, users |-> 0]]
    /\ h2g' = Tail(h2g)
    /\ UNCHANGED <<slot, nextInst, revokeReqs, retried, requested, revoked, g2h>>

GuestDriverBinds(i) ==
    /\ gCh[i].st = "Mapped" /\ gCh[i].users = 0
    /\ gCh' = [gCh EXCEPT ![i].users = 1]
    /\ UNCHANGED <<slot, nextInst, revokeReqs, retried, requested, revoked, h2g, g2h>>

\* The guest looks the relid up; a rescind for a relid it does not map (or
\* maps to an object already rescinded) is dropped.
GuestReceivesRescind ==
    /\ h2g # <<>> /\ Head(h2g).type = "Rescind"
    /\ LET M == {i \in MappedAt(Head(h2g).relid) : gCh[i].st = "Mapped"}
       IN  gCh' = [i \in Insts |-> IF i \in M THEN [gCh[i] EXCEPT !.st = "Rescinded"] ELSE gCh[i]]
    /\ h2g' = Tail(h2g)
    /\ UNCHANGED <<slot, nextInst, revokeReqs, retried, requested, revoked, g2h>>

GuestDriverReleases(i) ==
    /\ gCh[i].st = "Rescinded" /\ gCh[i].users = 1
    /\ gCh' = [gCh EXCEPT ![i].users = 0]
    /\ UNCHANGED <<slot, nextInst, revokeReqs, retried, requested, revoked, h2g, g2h>>

\* hv_process_channel_removal: after the last user, unmap, then RELID_RELEASED.
GuestSendsRelidReleased(i) ==
    /\ gCh[i].st = "Rescinded" /\ gCh[i].users = 0
    /\ gCh' = [gCh EXCEPT ![i].st = "Unmapped"]
    /\ g2h' = Append(g2h, gCh[i].relid)
    /\ UNCHANGED <<slot, nextInst, revokeReqs, retried, requested, revoked, h2g>>

-----------------------------------------------------------------------------

Next ==
    \/ \E o \in OfferIds, r \in Relids : HostOffers(o, r)
    \/ \E o \in OfferIds : OwnerRequestsRevoke(o)
    \/ \E q \in Reqs : OwnerRetriesRevoke(q) \/ HostHandlesRevoke(q)
    \/ HostReceivesRelidReleased
    \/ GuestReceivesOffer \/ GuestReceivesRescind
    \/ \E i \in Insts : GuestDriverBinds(i) \/ GuestDriverReleases(i) \/ GuestSendsRelidReleased(i)

Spec == Init /\ [][Next]_vars

-----------------------------------------------------------------------------
(* Invariants *)

\* A revoke meant for one offer instance never reaches another: only
\* instances whose owner asked are revoked.
RevokeOwnInstanceInv == revoked \subseteq requested

\* A message about an instance reaches that instance or nothing: when the
\* guest would apply an h2g message, the relid maps no other instance's
\* live object.
MessageOwnInstanceInv ==
    \A j \in DOMAIN h2g :
        h2g[j].type = "Rescind" => \A i \in MappedAt(h2g[j].relid) : gCh[i].st = "Mapped" => i = h2g[j].inst

\* No relid is reused while referenced: while the host has a relid bound
\* to an instance, no other instance's object still has that relid mapped
\* or a local user.
NoRelidReuseWhileHeldInv ==
    \A o \in OfferIds : slot[o].st # "Free" =>
        \A i \in Insts : i # slot[o].inst /\ gCh[i].relid = slot[o].relid =>
            gCh[i].st \in {"None", "Unmapped"} /\ gCh[i].users = 0

\* A local user never holds an object that the guest has unmapped.
NoUserOfUnmappedInv == \A i \in Insts : gCh[i].st = "Unmapped" => gCh[i].users = 0
=============================================================================
