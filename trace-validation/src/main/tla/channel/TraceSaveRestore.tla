--------------------------- MODULE TraceSaveRestore ---------------------------
(***************************************************************************)
(* Trace validation of host save/restore and guest reconnect              *)
(* (specs/channel/SaveRestore.tla) against the SaveRestore projection of   *)
(* `run channels --restores N --reconnects N --save-restore-trace FILE`:  *)
(* the same run, event for event, as TraceVMBusChannels sees it, with     *)
(* SaveRestore's variables as the post-state (reference-impl              *)
(* channel.scenario.SaveRestoreProjection writes it from ChannelManager   *)
(* and SimulatedHost after each step).  The projection exists only for    *)
(* runs inside SaveRestore's world: boot devices, no sub-channels,        *)
(* hot-adds or rescinds, a host that accepts the guest's first version,   *)
(* no GPADL or open failures.                                             *)
(*                                                                         *)
(* Mapping: spec variable <-> trace field <-> Java.                        *)
(*   gConn        post.gConn       ChannelManager.connection()            *)
(*   gReq         post.gReq        ChannelManager requestSent,            *)
(*                                 allOffersDelivered: No | Sent | Done    *)
(*   gCh[d]       post.gCh[d]      the live GuestChannel of (d, 0): None;  *)
(*                                 Opening while OPENCHANNEL is unanswered,*)
(*                                 Open once answered (woken Ok) or       *)
(*                                 Opened; else Offered                    *)
(*   gRelid[d]    post.gRelid[d]   its relid (0: NoRelid)                  *)
(*   hConn        post.hConn       SimulatedHost.connection(): Disconnected*)
(*                                 or not (Connected, Offering, Ready)     *)
(*   hOffersSent  post.hOffersSent connection Offering or Ready            *)
(*   hPending     post.hPending[d] SimulatedHost.bootPending (d owed)      *)
(*   hAodDue      post.hAodDue     connection Offering                     *)
(*   hCh[d]       post.hCh[d]      the Bound of (d, 0): Offered, Open, or  *)
(*                                 Released when no relid is bound to it   *)
(*   hRelid[d]    post.hRelid[d]   that relid (0: NoRelid)                 *)
(*   Offer.dev    params.key[1]    ChannelKey.device (params.key[2] = 0)   *)
(*   relid        params.relid     child_relid                             *)
(* Every post field is logged on every event: the whole of SaveRestore's   *)
(* state but the queues (checked through the messages the events name),   *)
(* hPanicked (an invariant) and the bounds.                                *)
(*                                                                         *)
(* Constants from the trace header: Devices (the boot devices' GUIDs),    *)
(* Relids, MaxRestarts (--restores), MaxConnects (1 + --unloads +         *)
(* --reconnects), MaxUnloads (--unloads).  RestoreChecksRequestOffers is  *)
(* pinned TRUE (openvmm since e7619ae5d): a trace of the Java fault       *)
(* RESTORE_OFFERS must be rejected, at the unrequested HostSendsOffer.    *)
(*                                                                         *)
(* Deliberate differences, each in one place:                             *)
(*  - GPADL steps (VMBusChannels.tla has their protocol; SaveRestore      *)
(*    abstracts them) are stutters, only while their side is connected;   *)
(*    their params are TraceInformational.                                *)
(*  - VERSION_RESPONSE is received by the dispatch context and adopted by *)
(*    the bus context: the spec's GuestReceivesVersionResponse is the     *)
(*    adoption (GuestWakesFromVersionResponse); the receipt is a stutter  *)
(*    that finds the message at the head of h2g.  So is the driver's wake *)
(*    after OPENCHANNEL_RESULT (the spec's Open is the receipt).          *)
(*  - Version numbers are VMBusChannels' (SaveRestore has one version):   *)
(*    informational; `supported` must be TRUE (the spec's host accepts).  *)
(*  - Terminating (the spec's final stutter) has no event.                *)
(***************************************************************************)
EXTENDS SaveRestore, TraceSupport

NoRelidAs0(r) == IF r = NoRelid THEN 0 ELSE r

TraceView ==
    [gConn |-> gConn, gReq |-> gReq, gCh |-> gCh, gRelid |-> [d \in Devices |-> NoRelidAs0(gRelid[d])],
     hConn |-> hConn, hOffersSent |-> hOffersSent, hPending |-> [d \in Devices |-> d \in hPending],
     hAodDue |-> hAodDue, hCh |-> hCh, hRelid |-> [d \in Devices |-> NoRelidAs0(hRelid[d])]]

Stutter == UNCHANGED vars

\* A primary channel's key <<device, 0>>.
KeyDev(e) == e.params.key[1]
KeyIsPrimary(e) == Len(e.params.key) = 2 /\ e.params.key[2] = 0 /\ e.params.key[1] \in Devices

\* The device whose channel the guest maps at relid r.
GuestDev(r) == {d \in Devices : gRelid[d] = r}

\* The host handles what the old kernel posted before a kexec (its GPADL
\* messages too) while the new kernel is not connected yet.
HostUp == hConn = "Connected"

-----------------------------------------------------------------------------
(* Guest bus context *)

IsGuestSendsInitiateContact(e) == GuestSendsInitiateContact /\ PostMatches(e, TraceView')

IsGuestWakesFromVersionResponse(e) ==
    /\ e.params.supported = TRUE
    /\ GuestReceivesVersionResponse /\ PostMatches(e, TraceView')

IsGuestSendsRequestOffers(e) == GuestSendsRequestOffers /\ PostMatches(e, TraceView')

IsGuestSendsUnload(e) == GuestSendsUnload /\ PostMatches(e, TraceView')

IsGuestKexecs(e) == GuestKexecs /\ PostMatches(e, TraceView')

-----------------------------------------------------------------------------
(* Guest dispatch context *)

\* The receipt the bus context adopts next (see the header).
IsGuestReceivesVersionResponse(e) ==
    /\ e.params.supported = TRUE
    /\ h2g # <<>> /\ Head(h2g).type = "VersionResponse" /\ gConn = "Contacting"
    /\ Stutter /\ PostMatches(e, TraceView')

IsGuestReceivesOffer(e) ==
    /\ KeyIsPrimary(e) /\ h2g # <<>>
    /\ Head(h2g).type = "Offer" /\ Head(h2g).dev = KeyDev(e) /\ Head(h2g).relid = e.params.relid
    /\ GuestReceivesOffer /\ PostMatches(e, TraceView')

IsGuestReceivesAllOffersDelivered(e) == GuestReceivesAllOffersDelivered /\ PostMatches(e, TraceView')

IsGuestReceivesOpenChannelResult(e) ==
    /\ e.params.ok = TRUE /\ h2g # <<>> /\ Head(h2g).type = "OpenResult" /\ Head(h2g).relid = e.params.relid
    /\ GuestReceivesOpenResult /\ PostMatches(e, TraceView')

IsGuestReceivesUnloadResponse(e) == GuestReceivesUnloadResponse /\ PostMatches(e, TraceView')

\* The Java names of SaveRestore's host messages (SpecMessages).
SpecType == [VersionResponse |-> "VersionResponse", OfferChannel |-> "Offer",
             AllOffersDelivered |-> "AllOffersDelivered", OpenChannelResult |-> "OpenResult",
             UnloadResponse |-> "UnloadResponse"]

\* A dropped message of SaveRestore's is the head of h2g (its relid too); a
\* dropped GPADL answer is a stutter (no queue of SaveRestore holds it).
IsGuestDiscardsMessage(e) ==
    LET m == e.params.msg IN
    IF m.type \in DOMAIN SpecType
    THEN /\ h2g # <<>> /\ Head(h2g).type = SpecType[m.type]
         /\ "relid" \in DOMAIN Head(h2g) => ("relid" \in DOMAIN m /\ m.relid = Head(h2g).relid)
         /\ GuestDropsMessage /\ PostMatches(e, TraceView')
    ELSE /\ m.type \in {"GpadlCreated", "GpadlTorndown"}
         /\ Stutter /\ PostMatches(e, TraceView')

IsGuestReceivesGpadlCreated(e) == gConn = "Connected" /\ Stutter /\ PostMatches(e, TraceView')

IsGuestReceivesGpadlTorndown(e) == gConn = "Connected" /\ Stutter /\ PostMatches(e, TraceView')

-----------------------------------------------------------------------------
(* Guest driver contexts *)

IsGuestSendsOpenChannel(e) ==
    \E d \in GuestDev(e.params.relid) : GuestSendsOpenChannel(d) /\ PostMatches(e, TraceView')

IsGuestSendsCloseChannel(e) ==
    \E d \in GuestDev(e.params.relid) : GuestSendsCloseChannel(d) /\ PostMatches(e, TraceView')

\* The opener wakes on a channel the spec has already opened.
IsGuestWakesFromOpenChannelResult(e) ==
    /\ e.params.result = "Ok" /\ \E d \in Devices : gCh[d] = "Open"
    /\ Stutter /\ PostMatches(e, TraceView')

IsGuestSendsGpadlHeader(e) ==
    /\ e.params.relid \in {gRelid[d] : d \in Devices} /\ gConn = "Connected"
    /\ Stutter /\ PostMatches(e, TraceView')

IsGuestSendsGpadlBody(e) == gConn = "Connected" /\ Stutter /\ PostMatches(e, TraceView')

IsGuestWakesFromGpadlCreated(e) == e.params.ok = TRUE /\ gConn = "Connected" /\ Stutter /\ PostMatches(e, TraceView')

IsGuestSendsGpadlTeardown(e) ==
    /\ e.params.relid \in {gRelid[d] : d \in Devices} /\ gConn = "Connected"
    /\ Stutter /\ PostMatches(e, TraceView')

IsGuestWakesFromGpadlTorndown(e) == gConn = "Connected" /\ Stutter /\ PostMatches(e, TraceView')

-----------------------------------------------------------------------------
(* Host *)

IsHostSendsVersionResponse(e) ==
    /\ e.params.supported = TRUE
    /\ HostHandlesInitiateContact /\ PostMatches(e, TraceView')

IsHostReceivesRequestOffers(e) == HostHandlesRequestOffers /\ PostMatches(e, TraceView')

IsHostSendsOffer(e) ==
    /\ KeyIsPrimary(e)
    /\ HostSendsOffer(KeyDev(e), e.params.relid) /\ PostMatches(e, TraceView')

IsHostSendsAllOffersDelivered(e) == HostSendsAllOffersDelivered /\ PostMatches(e, TraceView')

\* An answered OPENCHANNEL: the head of g2h, for an offered channel.
IsHostSendsOpenChannelResult(e) ==
    /\ e.params.ok = TRUE /\ g2h # <<>> /\ Head(g2h).type = "OpenChannel" /\ Head(g2h).relid = e.params.relid
    /\ \E d \in Devices : hRelid[d] = e.params.relid /\ hCh[d] = "Offered"
    /\ HostHandlesOpenChannel /\ PostMatches(e, TraceView')

\* An OPENCHANNEL for a relid that is not offered: ignored.
IsHostIgnoresOpenChannel(e) ==
    /\ g2h # <<>> /\ Head(g2h).type = "OpenChannel" /\ Head(g2h).relid = e.params.relid
    /\ ~\E d \in Devices : hRelid[d] = e.params.relid /\ hCh[d] = "Offered"
    /\ HostHandlesOpenChannel /\ PostMatches(e, TraceView')

IsHostReceivesCloseChannel(e) ==
    /\ g2h # <<>> /\ Head(g2h).type = "CloseChannel" /\ Head(g2h).relid = e.params.relid
    /\ HostHandlesCloseChannel /\ PostMatches(e, TraceView')

IsHostSendsUnloadResponse(e) == HostHandlesUnload /\ PostMatches(e, TraceView')

IsHostRestarts(e) == HostRestarts /\ PostMatches(e, TraceView')

\* A message for a disconnected server (the error text is for people).
IsHostDiscardsMessage(e) == HostDropsMessage /\ PostMatches(e, TraceView')

IsHostReceivesGpadlHeader(e) ==
    /\ e.params.relid \in {hRelid[d] : d \in Devices} /\ HostUp
    /\ Stutter /\ PostMatches(e, TraceView')

IsHostReceivesGpadlBody(e) == HostUp /\ Stutter /\ PostMatches(e, TraceView')

IsHostSendsGpadlCreated(e) ==
    /\ e.params.ok = TRUE /\ e.params.relid \in {hRelid[d] : d \in Devices} /\ HostUp
    /\ Stutter /\ PostMatches(e, TraceView')

IsHostSendsGpadlTorndown(e) == HostUp /\ Stutter /\ PostMatches(e, TraceView')

-----------------------------------------------------------------------------

GpadlWhy == "GPADLs are VMBusChannels.tla's protocol (checked by TraceVMBusChannels on the same run); SaveRestore abstracts them"
InstWhy == "the channel object number is VMBusChannels' ghost (TraceVMBusChannels checks it); SaveRestore names the channel by device"
VersionWhy == "the version negotiated is VMBusChannels'; SaveRestore has one version"

\* Params logged for people, per event, with the reason nothing checks them.
TraceInformational ==
    [GuestSendsInitiateContact |-> [version |-> VersionWhy],
     HostSendsVersionResponse |-> [version |-> VersionWhy],
     GuestReceivesOffer |-> [inst |-> InstWhy],
     HostSendsOffer |-> [inst |-> InstWhy],
     GuestReceivesOpenChannelResult |-> [inst |-> InstWhy],
     GuestSendsOpenChannel |-> [inst |-> InstWhy],
     GuestSendsCloseChannel |-> [inst |-> InstWhy],
     GuestWakesFromOpenChannelResult |-> [inst |-> InstWhy],
     GuestDiscardsMessage |-> [error |-> "the guest's reason for people; msg is checked against h2g"],
     HostDiscardsMessage |-> [error |-> "the host's reason for people; the message is the head of g2h"],
     GuestSendsGpadlHeader |-> [inst |-> InstWhy, gpadl |-> GpadlWhy, bodies |-> GpadlWhy, handle |-> GpadlWhy],
     GuestSendsGpadlBody |-> [inst |-> InstWhy, gpadl |-> GpadlWhy, handle |-> GpadlWhy],
     GuestWakesFromGpadlCreated |-> [inst |-> InstWhy],
     GuestSendsGpadlTeardown |-> [inst |-> InstWhy, gpadl |-> GpadlWhy, handle |-> GpadlWhy],
     GuestWakesFromGpadlTorndown |-> [inst |-> InstWhy],
     GuestReceivesGpadlCreated |-> [relid |-> GpadlWhy, gpadl |-> GpadlWhy, ok |-> GpadlWhy, inst |-> InstWhy],
     GuestReceivesGpadlTorndown |-> [gpadl |-> GpadlWhy, inst |-> InstWhy],
     HostReceivesGpadlHeader |-> [gpadl |-> GpadlWhy, handle |-> GpadlWhy],
     HostReceivesGpadlBody |-> [gpadl |-> GpadlWhy, handle |-> GpadlWhy],
     HostSendsGpadlCreated |-> [gpadl |-> GpadlWhy, handle |-> GpadlWhy],
     HostSendsGpadlTorndown |-> [gpadl |-> GpadlWhy, handle |-> GpadlWhy]]

GuestBusActions == {"GuestSendsInitiateContact", "GuestWakesFromVersionResponse", "GuestSendsRequestOffers",
                    "GuestSendsUnload", "GuestKexecs"}
GuestDispatchActions == {"GuestReceivesVersionResponse", "GuestReceivesOffer", "GuestReceivesAllOffersDelivered",
                         "GuestReceivesOpenChannelResult", "GuestReceivesUnloadResponse", "GuestDiscardsMessage",
                         "GuestReceivesGpadlCreated", "GuestReceivesGpadlTorndown"}
GuestDriverActions == {"GuestSendsOpenChannel", "GuestSendsCloseChannel", "GuestWakesFromOpenChannelResult",
                       "GuestSendsGpadlHeader", "GuestSendsGpadlBody", "GuestWakesFromGpadlCreated",
                       "GuestSendsGpadlTeardown", "GuestWakesFromGpadlTorndown"}
HostActions == {"HostSendsVersionResponse", "HostReceivesRequestOffers", "HostSendsOffer",
                "HostSendsAllOffersDelivered", "HostSendsOpenChannelResult", "HostIgnoresOpenChannel",
                "HostReceivesCloseChannel", "HostSendsUnloadResponse", "HostRestarts", "HostDiscardsMessage",
                "HostReceivesGpadlHeader", "HostReceivesGpadlBody", "HostSendsGpadlCreated", "HostSendsGpadlTorndown"}

\* The spec's actions by party, for Quiescent claims: what the guest must
\* still do when the host has sent something (its free choices, opens,
\* closes, UNLOAD and kexec, are not obligations), and the host's answers.
TraceParties ==
    [guest |-> {"GuestReceivesVersionResponse", "GuestReceivesOffer", "GuestReceivesAllOffersDelivered",
                "GuestReceivesOpenResult", "GuestDropsMessage", "GuestReceivesUnloadResponse"},
     host |-> {"HostHandlesInitiateContact", "HostHandlesRequestOffers", "HostSendsOffer",
               "HostSendsAllOffersDelivered", "HostHandlesOpenChannel", "HostHandlesCloseChannel",
               "HostDropsMessage", "HostHandlesUnload"}]

\* The channel run's actors, as TraceVMBusChannels has them.
TraceActors ==
    [c \in {"guest-bus", "guest-dispatch", "guest-driver", "host"} |->
        CASE c = "guest-bus" -> GuestBusActions
          [] c = "guest-dispatch" -> GuestDispatchActions
          [] c = "guest-driver" -> GuestDriverActions
          [] OTHER -> HostActions]

\* What a Quiescent event may say the guest waits for (ScenarioRunner).
TraceWaitingFor == [guest |-> {"message"}]
=============================================================================
