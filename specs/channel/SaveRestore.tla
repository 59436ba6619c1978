----------------------------- MODULE SaveRestore -----------------------------
(***************************************************************************)
(* Host save/restore, guest reconnect without UNLOAD, and UNLOAD from any  *)
(* state: the connection-level protocol of VMBusChannels.tla widened with  *)
(* the host's servicing restart and the guest's kexec (vmbus-protocol.md   *)
(* 1.2, 1.3, 1.7).                                                         *)
(*                                                                         *)
(* Sources.  openvmm vm/devices/vmbus/vmbus_server/src/channels.rs and     *)
(* channels/saved_state.rs: `save` keeps the connection (version and       *)
(* `offers_sent`, i.e. REQUESTOFFERS received), every channel that is not  *)
(* ClientReleased with its channel id (relid), the GPADLs and the pending  *)
(* outgoing messages; `restore` + `revoke_unclaimed_channels` re-offer a   *)
(* channel that was not saved (RestoreState::New) only if the guest had    *)
(* sent REQUESTOFFERS (the fix e7619ae5d, 2025: before it, "because the    *)
(* guest has connected" was enough, the guest then sent REQUESTOFFERS and  *)
(* the server hit an assertion); `handle_initiate_contact` on a connected  *)
(* server resets every channel and reconnects (kexec/kdump); `handle_unload`.*)
(* Linux drivers/hv connection.c `vmbus_connect` / `vmbus_negotiate_version`,*)
(* channel_mgmt.c `vmbus_request_offers`, `vmbus_onoffer`,                 *)
(* `vmbus_initiate_unload` (UNLOAD from any state: the panic path).        *)
(*                                                                         *)
(* Offers.  The host's answer to REQUESTOFFERS is a step that records the  *)
(* channels it owes (hPending) and one step per offer, then                *)
(* ALLOFFERS_DELIVERED: Hyper-V and the Java simulated host send them one  *)
(* by one, in any order and interleaved with answers to other messages;    *)
(* openvmm's handle_request_offers sends them all at once, which is the    *)
(* case where the offer steps follow at once.  A restore keeps what is     *)
(* still owed (openvmm never has anything owed at a save).                 *)
(*                                                                         *)
(* Abstractions.  A save and the restore that follows are one host step    *)
(* (HostRestarts): the guest's VPs are paused while the VMM restarts, and  *)
(* SynIC messages and rings are guest memory or hypervisor state that the  *)
(* restart does not touch; what the host keeps is exactly what `save`      *)
(* writes.  Channels are per device; opening is one request and its result *)
(* (GPADLs are in VMBusChannels.tla).  Queues are FIFOs as in              *)
(* VMBusChannels.tla.  A kexec starts a new kernel with no channel state   *)
(* and a fresh SynIC message page (so h2g messages for the old kernel are  *)
(* gone), and g2h messages the old kernel posted still reach the host.     *)
(*                                                                         *)
(* Actions (actor, Linux / openvmm):                                       *)
(*  GuestSendsInitiateContact     guest  vmbus_connect                     *)
(*  HostHandlesInitiateContact    host   handle_initiate_contact (resets a *)
(*                                       connected server first)          *)
(*  GuestReceivesVersionResponse  guest  vmbus_onversion_response          *)
(*  GuestSendsRequestOffers       guest  vmbus_request_offers              *)
(*  HostHandlesRequestOffers      host   handle_request_offers             *)
(*  GuestReceivesOffer            guest  vmbus_onoffer                     *)
(*  GuestReceivesAllOffersDelivered guest vmbus_onoffers_delivered        *)
(*  HostSendsOffer                host   the offers of handle_request_offers*)
(*  HostSendsAllOffersDelivered   host   its closing ALLOFFERS_DELIVERED   *)
(*  GuestSendsOpenChannel         guest  vmbus_open                        *)
(*  HostHandlesOpenChannel        host   handle_open_channel + open_complete*)
(*  GuestReceivesOpenResult       guest  vmbus_onopen_result               *)
(*  GuestSendsCloseChannel        guest  vmbus_close_internal              *)
(*  HostHandlesCloseChannel       host   handle_close_channel              *)
(*  GuestSendsUnload              guest  vmbus_initiate_unload (any state) *)
(*  HostHandlesUnload             host   handle_unload                     *)
(*  GuestReceivesUnloadResponse   guest  vmbus_unload_response             *)
(*  GuestKexecs                   guest  kexec/kdump into a new kernel     *)
(*  HostRestarts                  host   save -> restart -> restore ->     *)
(*                                       revoke_unclaimed_channels         *)
(***************************************************************************)
EXTENDS Naturals, Sequences, FiniteSets

CONSTANTS
    Devices,        \* devices the host offers
    Relids,         \* channel ids the host may assign
    NoRelid,
    MaxRestarts,    \* bound: host save/restore cycles
    MaxConnects,    \* bound: INITIATE_CONTACTs (first connection + reconnects)
    MaxUnloads,     \* bound: UNLOADs
    \* TRUE: a restored server offers unsaved channels only if REQUESTOFFERS
    \* had been received (openvmm e7619ae5d); FALSE: whenever connected.
    RestoreChecksRequestOffers

ASSUME ConstantsOK ==
    /\ NoRelid \notin Relids /\ Cardinality(Relids) >= Cardinality(Devices)
    /\ \A n \in {MaxRestarts, MaxConnects, MaxUnloads} : n \in Nat
    /\ RestoreChecksRequestOffers \in BOOLEAN

VARIABLES
    h2g, g2h,       \* message queues
    gConn,          \* Disconnected | Contacting | Connected | Unloading
    gReq,           \* REQUESTOFFERS on this connection: No | Sent | Done (ALLOFFERS_DELIVERED seen)
    gCh,            \* gCh[d]: None | Offered | Opening | Open
    gRelid,         \* gRelid[d]: the relid the guest maps d's channel at
    hConn,          \* Disconnected | Connected
    hOffersSent,    \* openvmm ConnectionInfo::offers_sent: REQUESTOFFERS received
    hPending,       \* devices whose offer REQUESTOFFERS still owes
    hAodDue,        \* ALLOFFERS_DELIVERED still owed
    hCh,            \* hCh[d]: Released (ClientReleased) | Offered (Closed) | Open
    hRelid,         \* hRelid[d]: d's channel id, NoRelid while released
    hPanicked,      \* the server hit its assertion (handle_request_offers)
    restarts, connects, unloads

vars == <<h2g, g2h, gConn, gReq, gCh, gRelid, hConn, hOffersSent, hPending, hAodDue, hCh, hRelid,
          hPanicked, restarts, connects, unloads>>
guestVars == <<gConn, gReq, gCh, gRelid>>
hostVars == <<hConn, hOffersSent, hPending, hAodDue, hCh, hRelid, hPanicked>>
bounds == <<restarts, connects, unloads>>

H2GMsgs ==
    [type : {"VersionResponse", "AllOffersDelivered", "UnloadResponse"}] \cup
    [type : {"Offer"}, dev : Devices, relid : Relids] \cup
    [type : {"OpenResult"}, relid : Relids]
G2HMsgs ==
    [type : {"InitiateContact", "RequestOffers", "Unload"}] \cup
    [type : {"OpenChannel", "CloseChannel"}, relid : Relids]

TypeOK ==
    /\ h2g \in Seq(H2GMsgs) /\ g2h \in Seq(G2HMsgs)
    /\ gConn \in {"Disconnected", "Contacting", "Connected", "Unloading"}
    /\ gReq \in {"No", "Sent", "Done"}
    /\ gCh \in [Devices -> {"None", "Offered", "Opening", "Open"}]
    /\ gRelid \in [Devices -> Relids \cup {NoRelid}]
    /\ hConn \in {"Disconnected", "Connected"} /\ hOffersSent \in BOOLEAN
    /\ hPending \subseteq Devices /\ hAodDue \in BOOLEAN
    /\ hCh \in [Devices -> {"Released", "Offered", "Open"}]
    /\ hRelid \in [Devices -> Relids \cup {NoRelid}]
    /\ hPanicked \in BOOLEAN
    /\ restarts \in 0..MaxRestarts /\ connects \in 0..MaxConnects /\ unloads \in 0..MaxUnloads

Init ==
    /\ h2g = <<>> /\ g2h = <<>>
    /\ gConn = "Disconnected" /\ gReq = "No"
    /\ gCh = [d \in Devices |-> "None"] /\ gRelid = [d \in Devices |-> NoRelid]
    /\ hConn = "Disconnected" /\ hOffersSent = FALSE /\ hPending = {} /\ hAodDue = FALSE
    /\ hCh = [d \in Devices |-> "Released"] /\ hRelid = [d \in Devices |-> NoRelid]
    /\ hPanicked = FALSE
    /\ restarts = 0 /\ connects = 0 /\ unloads = 0

Send(q, m) == Append(q, m)
FreeRelids == Relids \ {hRelid[d] : d \in Devices}
GuestReset == gReq' = "No" /\ gCh' = [d \in Devices |-> "None"] /\ gRelid' = [d \in Devices |-> NoRelid]
HostReset ==
    /\ hCh' = [d \in Devices |-> "Released"] /\ hRelid' = [d \in Devices |-> NoRelid]
    /\ hOffersSent' = FALSE /\ hPending' = {} /\ hAodDue' = FALSE

\* Offers for the released channels that REQUESTOFFERS does not owe (a
\* restore's new channels), each on a distinct free relid (any assignment:
\* the host picks), in a fixed device order.
Released == {d \in Devices : hCh[d] = "Released"} \ hPending
RECURSIVE OfferMsgs(_, _)
OfferMsgs(S, f) ==
    IF S = {} THEN <<>>
    ELSE LET d == CHOOSE x \in S : TRUE
         IN  <<[type |-> "Offer", dev |-> d, relid |-> f[d]]>> \o OfferMsgs(S \ {d}, f)

\* Offer every released channel; tail: the messages that follow the offers.
OfferReleased(tail) ==
    \E f \in [Released -> FreeRelids] :
        /\ \A a, b \in Released : a # b => f[a] # f[b]
        /\ hRelid' = [d \in Devices |-> IF d \in Released THEN f[d] ELSE hRelid[d]]
        /\ hCh' = [d \in Devices |-> IF d \in Released THEN "Offered" ELSE hCh[d]]
        /\ h2g' = h2g \o OfferMsgs(Released, f) \o tail

-----------------------------------------------------------------------------
(* Guest *)

GuestSendsInitiateContact ==
    /\ gConn = "Disconnected" /\ connects < MaxConnects
    /\ gConn' = "Contacting" /\ connects' = connects + 1
    /\ g2h' = Send(g2h, [type |-> "InitiateContact"])
    /\ UNCHANGED <<h2g, gReq, gCh, gRelid, hostVars, restarts, unloads>>

GuestReceivesVersionResponse ==
    /\ h2g # <<>> /\ Head(h2g).type = "VersionResponse" /\ gConn = "Contacting"
    /\ gConn' = "Connected" /\ h2g' = Tail(h2g)
    /\ UNCHANGED <<g2h, gReq, gCh, gRelid, hostVars, bounds>>

GuestSendsRequestOffers ==
    /\ gConn = "Connected" /\ gReq = "No"
    /\ gReq' = "Sent" /\ g2h' = Send(g2h, [type |-> "RequestOffers"])
    /\ UNCHANGED <<h2g, gConn, gCh, gRelid, hostVars, bounds>>

\* vmbus_onoffer: a new channel object mapped at the offered relid.
GuestReceivesOffer ==
    /\ h2g # <<>> /\ Head(h2g).type = "Offer" /\ gConn = "Connected"
    /\ LET m == Head(h2g) IN
        /\ gCh' = [gCh EXCEPT ![m.dev] = "Offered"]
        /\ gRelid' = [gRelid EXCEPT ![m.dev] = m.relid]
    /\ h2g' = Tail(h2g)
    /\ UNCHANGED <<g2h, gConn, gReq, hostVars, bounds>>

GuestReceivesAllOffersDelivered ==
    /\ h2g # <<>> /\ Head(h2g).type = "AllOffersDelivered" /\ gConn = "Connected"
    /\ gReq' = IF gReq = "Sent" THEN "Done" ELSE gReq
    /\ h2g' = Tail(h2g)
    /\ UNCHANGED <<g2h, gConn, gCh, gRelid, hostVars, bounds>>

GuestSendsOpenChannel(d) ==
    /\ gConn = "Connected" /\ gCh[d] = "Offered"
    /\ gCh' = [gCh EXCEPT ![d] = "Opening"]
    /\ g2h' = Send(g2h, [type |-> "OpenChannel", relid |-> gRelid[d]])
    /\ UNCHANGED <<h2g, gConn, gReq, gRelid, hostVars, bounds>>

\* vmbus_close_internal: CLOSECHANNEL, the channel is offered again (its
\* GPADL teardown is VMBusChannels.tla's).
GuestSendsCloseChannel(d) ==
    /\ gConn = "Connected" /\ gCh[d] = "Open"
    /\ gCh' = [gCh EXCEPT ![d] = "Offered"]
    /\ g2h' = Send(g2h, [type |-> "CloseChannel", relid |-> gRelid[d]])
    /\ UNCHANGED <<h2g, gConn, gReq, gRelid, hostVars, bounds>>

GuestReceivesOpenResult ==
    /\ h2g # <<>> /\ Head(h2g).type = "OpenResult" /\ gConn = "Connected"
    /\ LET D == {d \in Devices : gRelid[d] = Head(h2g).relid /\ gCh[d] = "Opening"}
       IN  gCh' = [d \in Devices |-> IF d \in D THEN "Open" ELSE gCh[d]]
    /\ h2g' = Tail(h2g)
    /\ UNCHANGED <<g2h, gConn, gReq, gRelid, hostVars, bounds>>

\* A message the guest cannot use in its state (not connected yet, or an
\* unknown relid) is dropped: Linux vmbus_onmessage ignores it.
GuestDropsMessage ==
    /\ h2g # <<>>
    /\ LET m == Head(h2g) IN
        \/ m.type = "VersionResponse" /\ gConn # "Contacting"
        \/ m.type \in {"Offer", "AllOffersDelivered", "OpenResult"} /\ gConn # "Connected"
        \/ m.type = "UnloadResponse" /\ gConn # "Unloading"
    /\ h2g' = Tail(h2g)
    /\ UNCHANGED <<g2h, guestVars, hostVars, bounds>>

\* vmbus_initiate_unload: from any connected state (the panic path too).
GuestSendsUnload ==
    /\ gConn \in {"Contacting", "Connected"} /\ unloads < MaxUnloads
    /\ gConn' = "Unloading" /\ unloads' = unloads + 1
    /\ g2h' = Send(g2h, [type |-> "Unload"])
    /\ UNCHANGED <<h2g, gReq, gCh, gRelid, hostVars, restarts, connects>>

GuestReceivesUnloadResponse ==
    /\ h2g # <<>> /\ Head(h2g).type = "UnloadResponse" /\ gConn = "Unloading"
    /\ gConn' = "Disconnected" /\ GuestReset
    /\ h2g' = Tail(h2g)
    /\ UNCHANGED <<g2h, hostVars, bounds>>

\* kexec/kdump into a new kernel without UNLOAD: no channel state, a fresh
\* message page; it will send INITIATE_CONTACT to a host that believes it
\* is connected.
GuestKexecs ==
    /\ gConn \in {"Contacting", "Connected"} /\ connects < MaxConnects
    /\ gConn' = "Disconnected" /\ GuestReset
    /\ h2g' = <<>>
    /\ UNCHANGED <<g2h, hostVars, bounds>>

-----------------------------------------------------------------------------
(* Host *)

\* On a connected server INITIATE_CONTACT is a reset plus a reconnect: every
\* channel is released (the new guest has none), offers_sent is cleared.
HostHandlesInitiateContact ==
    /\ g2h # <<>> /\ Head(g2h).type = "InitiateContact" /\ ~hPanicked
    /\ hConn' = "Connected" /\ HostReset
    /\ h2g' = Send(h2g, [type |-> "VersionResponse"])
    /\ g2h' = Tail(g2h)
    /\ UNCHANGED <<guestVars, hPanicked, bounds>>

\* handle_request_offers: every channel must still be ClientReleased (openvmm
\* asserts it: a channel offered already is a server panic).
HostHandlesRequestOffers ==
    /\ g2h # <<>> /\ Head(g2h).type = "RequestOffers" /\ ~hPanicked /\ hConn = "Connected"
    /\ IF \A d \in Devices : hCh[d] = "Released"
       THEN /\ hPending' = Devices /\ hAodDue' = TRUE
            /\ hOffersSent' = TRUE /\ UNCHANGED hPanicked
       ELSE /\ hPanicked' = TRUE
            /\ UNCHANGED <<hPending, hAodDue, hOffersSent>>
    /\ g2h' = Tail(g2h)
    /\ UNCHANGED <<h2g, guestVars, hConn, hCh, hRelid, bounds>>

\* One owed offer, on a free relid (the host picks; Java: the lowest).
HostSendsOffer(d, r) ==
    /\ d \in hPending /\ hCh[d] = "Released" /\ r \in FreeRelids /\ ~hPanicked /\ hConn = "Connected"
    /\ hCh' = [hCh EXCEPT ![d] = "Offered"] /\ hRelid' = [hRelid EXCEPT ![d] = r]
    /\ hPending' = hPending \ {d}
    /\ h2g' = Send(h2g, [type |-> "Offer", dev |-> d, relid |-> r])
    /\ UNCHANGED <<g2h, guestVars, hConn, hOffersSent, hAodDue, hPanicked, bounds>>

HostSendsAllOffersDelivered ==
    /\ hAodDue /\ hPending = {} /\ ~hPanicked /\ hConn = "Connected"
    /\ hAodDue' = FALSE
    /\ h2g' = Send(h2g, [type |-> "AllOffersDelivered"])
    /\ UNCHANGED <<g2h, guestVars, hConn, hOffersSent, hPending, hCh, hRelid, hPanicked, bounds>>

\* handle_open_channel and the device's open_complete, folded: an offered
\* channel opens; an OPENCHANNEL for another relid state is ignored.
HostHandlesOpenChannel ==
    /\ g2h # <<>> /\ Head(g2h).type = "OpenChannel" /\ ~hPanicked /\ hConn = "Connected"
    /\ LET r == Head(g2h).relid
           D == {d \in Devices : hRelid[d] = r /\ hCh[d] = "Offered"}
       IN  IF D # {}
           THEN /\ hCh' = [d \in Devices |-> IF d \in D THEN "Open" ELSE hCh[d]]
                /\ h2g' = Send(h2g, [type |-> "OpenResult", relid |-> r])
           ELSE UNCHANGED <<h2g, hCh>>
    /\ g2h' = Tail(g2h)
    /\ UNCHANGED <<guestVars, hConn, hOffersSent, hPending, hAodDue, hRelid, hPanicked, bounds>>

\* handle_close_channel: an open channel closes (no answer exists); a
\* CLOSECHANNEL for a relid in another state is ignored.
HostHandlesCloseChannel ==
    /\ g2h # <<>> /\ Head(g2h).type = "CloseChannel" /\ ~hPanicked /\ hConn = "Connected"
    /\ LET D == {d \in Devices : hRelid[d] = Head(g2h).relid /\ hCh[d] = "Open"}
       IN  hCh' = [d \in Devices |-> IF d \in D THEN "Offered" ELSE hCh[d]]
    /\ g2h' = Tail(g2h)
    /\ UNCHANGED <<h2g, guestVars, hConn, hOffersSent, hPending, hAodDue, hRelid, hPanicked, bounds>>

\* Messages for a disconnected server (after a reset) are dropped.
HostDropsMessage ==
    /\ g2h # <<>> /\ ~hPanicked /\ hConn = "Disconnected"
    /\ Head(g2h).type \in {"RequestOffers", "OpenChannel", "CloseChannel"}
    /\ g2h' = Tail(g2h)
    /\ UNCHANGED <<h2g, guestVars, hostVars, bounds>>

HostHandlesUnload ==
    /\ g2h # <<>> /\ Head(g2h).type = "Unload" /\ ~hPanicked
    /\ hConn' = "Disconnected" /\ HostReset
    /\ h2g' = Send(h2g, [type |-> "UnloadResponse"])
    /\ g2h' = Tail(g2h)
    /\ UNCHANGED <<guestVars, hPanicked, bounds>>

\* Save, restart, restore, revoke_unclaimed_channels.  Saved channels (not
\* ClientReleased) come back with their relids; pending messages are kept.
\* A channel that was not saved is new: it is offered now if the guest had
\* sent REQUESTOFFERS (offers_sent), or, before e7619ae5d, if connected.
HostRestarts ==
    /\ restarts < MaxRestarts /\ ~hPanicked
    /\ restarts' = restarts + 1
    /\ LET offerNew == hConn = "Connected" /\ (hOffersSent \/ ~RestoreChecksRequestOffers)
       IN  IF offerNew /\ Released # {}
           THEN OfferReleased(<<>>)
           ELSE UNCHANGED <<h2g, hCh, hRelid>>
    /\ UNCHANGED <<g2h, guestVars, hConn, hOffersSent, hPending, hAodDue, hPanicked, connects, unloads>>

-----------------------------------------------------------------------------

GuestHandles ==
    \/ GuestReceivesVersionResponse \/ GuestReceivesOffer \/ GuestReceivesAllOffersDelivered
    \/ GuestReceivesOpenResult \/ GuestDropsMessage \/ GuestReceivesUnloadResponse

HostHandles ==
    \/ HostHandlesInitiateContact \/ HostHandlesRequestOffers \/ HostHandlesOpenChannel
    \/ HostHandlesCloseChannel \/ HostDropsMessage \/ HostHandlesUnload

\* What REQUESTOFFERS owes: its offers and ALLOFFERS_DELIVERED.
HostOffers == (\E d \in Devices, r \in Relids : HostSendsOffer(d, r)) \/ HostSendsAllOffersDelivered

Quiescent ==
    /\ h2g = <<>> /\ g2h = <<>> /\ gConn \notin {"Contacting", "Unloading"}
    /\ hPending = {} /\ ~hAodDue
Terminating == Quiescent /\ UNCHANGED vars

Next ==
    \/ GuestSendsInitiateContact \/ GuestSendsRequestOffers \/ GuestSendsUnload
    \/ \E d \in Devices : GuestSendsOpenChannel(d) \/ GuestSendsCloseChannel(d)
    \/ GuestKexecs
    \/ GuestHandles \/ HostHandles \/ HostOffers
    \/ HostRestarts
    \/ Terminating

Spec == Init /\ [][Next]_vars

\* Both sides handle what they are sent, the host sends what REQUESTOFFERS
\* owes; the guest connects and requests offers by itself.  Opens, closes,
\* unloads, kexecs and restarts are free choices.
LiveSpec ==
    /\ Spec
    /\ WF_vars(GuestHandles) /\ WF_vars(HostHandles) /\ WF_vars(HostOffers)
    /\ WF_vars(GuestSendsInitiateContact) /\ WF_vars(GuestSendsRequestOffers)

-----------------------------------------------------------------------------
(* Properties *)

\* The server never reaches its assertion: offers go out once per
\* connection, after REQUESTOFFERS (1.12.2; openvmm handle_request_offers).
NoHostPanicInv == ~hPanicked

\* The guest is never offered a channel on a connection before it asked.
NoUnrequestedOfferInv ==
    gConn = "Connected" /\ gReq = "No" => \A j \in DOMAIN h2g : h2g[j].type # "Offer"

\* Relids are stable across a restore: a channel the guest holds is known to
\* the connected host at the same relid, and no two devices share one.
RelidAgreementInv ==
    /\ \A d \in Devices :
         gConn = "Connected" /\ gCh[d] # "None" /\ hConn = "Connected" /\ hCh[d] # "Released"
             => gRelid[d] = hRelid[d]
    /\ \A a, b \in Devices : a # b /\ hRelid[a] # NoRelid => hRelid[a] # hRelid[b]

\* Every wait ends: version negotiation, REQUESTOFFERS, opens and UNLOAD.
WaitsEndProp ==
    /\ gConn = "Contacting" ~> gConn # "Contacting"
    /\ gConn = "Unloading" ~> gConn # "Unloading"
    /\ gReq = "Sent" ~> gReq # "Sent"
    /\ \A d \in Devices : gCh[d] = "Opening" ~> gCh[d] # "Opening"
=============================================================================
