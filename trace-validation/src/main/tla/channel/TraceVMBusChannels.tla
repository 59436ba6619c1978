------------------------- MODULE TraceVMBusChannels -------------------------
(***************************************************************************)
(* Trace validation of channel management (specs/channel/VMBusChannels.tla)*)
(* against traces of the Java guest channel manager and simulated host    *)
(* (reference-impl packages channel, host; `enlightened run channels`).   *)
(*                                                                         *)
(* Mapping: spec variable <-> trace field <-> Java field.                  *)
(*   gConn            post.gConn      ChannelManager.conn                  *)
(*   gBusReply        (no field)      ChannelManager.busReply, and          *)
(*                                    postRejected for "Rejected"          *)
(*   HostListensOn4   header          Transport.messagePorts contains 4   *)
(*                                    (the ports SimulatedHost opens)      *)
(*   hConn            post.hConn      SimulatedHost.conn                   *)
(*   gCh[i].st        post.st         GuestChannel.state (record name)     *)
(*   gCh[i].op        post.op         GuestChannel.op (DriverOp)           *)
(*   gCh[i].gpadl     post.gpadl      GuestChannel.gpadl (GpadlState)      *)
(*   gCh[i].woken     post.woken      GuestChannel.woken (Reply)           *)
(*   gCh[i].rescind   post.rescind    GuestChannel.rescind                 *)
(*   gCh[i].mapped    post.mapped     GuestChannel.mapped (relid map)      *)
(*   gCh[i].remove    post.remove     GuestChannel.removePending           *)
(*   hRel[r].st       post.hst        SimulatedHost Bound.state, or Free   *)
(*   hGpadl[g]        post.hGpadl     SimulatedHost.gpadls                 *)
(*   i (Inst)         params.inst     GuestChannel.inst = host offer count *)
(*   gpadl (Inst)     params.gpadl    the inst whose ring GPADL it is; the *)
(*                                    wire handle is params.handle         *)
(*   key              params.key      ChannelKey: <<if_instance, index>>   *)
(*   device           params.device   if_instance GUID string              *)
(* Channel post fields (st ... remove) are those of object params.inst;   *)
(* hst of params.relid; hGpadl of params.gpadl.  TraceView holds them as  *)
(* functions so the engine knows every field name.                        *)
(*                                                                         *)
(* Constants come from the trace header: Devices (GUID strings),          *)
(* BootDevices, Relids, HostVersions, MaxSub, GpadlBodies, MaxOffers,     *)
(* MaxOpens, MaxUnloads, HostDuplicatesRescind, Reconnects (the guest may *)
(* reconnect without UNLOAD: the spec's KexecReconnects), HostListensOn4  *)
(* (a pre-5.0 Hyper-V host has no port on connection 4), MaxRestarts (host *)
(* save/restart/restore cycles), and GuestVersionSet (a                    *)
(* header array is a set; the guest proposes newest first, so the spec's  *)
(* GuestVersions is that set sorted downwards).  Traces are checked       *)
(* against the correct protocol (the variant switches in the .cfg); a     *)
(* Java fault (--fault H5..H9) must therefore be rejected.                *)
(*                                                                         *)
(* Deliberate differences, each in one place:                             *)
(*  - The H5 fault's serialized worker logs nothing of its own (queueing, *)
(*    probe bookkeeping): to the correct spec the queued RESCIND is still *)
(*    undelivered, so the deadlock's Quiescent event is rejected because  *)
(*    GuestReceivesRescind is enabled.                                     *)
(*  - Terminating (the spec's final stutter) has no event.                *)
(*  - HostRestarts is not in the spec's Next (a correct restart changes   *)
(*    nothing VMBusChannels models but its own count hRestarts); its event *)
(*    is matched here, so the restored Java host must go on from the state *)
(*    it saved, and at most MaxRestarts times: the header's bound is       *)
(*    checked against hRestarts, not assumed (a trace with more restarts   *)
(*    than its header says is rejected at the one too many).               *)
(*  - Messages the untrusted peer sends malformed have no spec action;    *)
(*    only the hostile-message unit tests produce them, untraced.         *)
(***************************************************************************)
EXTENDS VMBusChannels, TraceSupport, TLC

CONSTANT GuestVersionSet    \* versions the guest proposes (order: newest first)
CONSTANT Reconnects         \* the run's guest may reconnect without UNLOAD (kexec)
CONSTANT MaxRestarts        \* host save/restart/restore cycles the run may make

TraceKexecReconnects == Reconnects

RECURSIVE SortDown(_)
SortDown(S) ==
    IF S = {} THEN <<>>
    ELSE LET m == CHOOSE x \in S : \A y \in S : x >= y IN <<m>> \o SortDown(S \ {m})

TraceGuestVersions == SortDown(GuestVersionSet)

-----------------------------------------------------------------------------
(* What post fields mean *)

ChView(i) ==
    [st |-> gCh[i].st, op |-> gCh[i].op, gpadl |-> gCh[i].gpadl, woken |-> gCh[i].woken,
     rescind |-> gCh[i].rescind, mapped |-> gCh[i].mapped, remove |-> gCh[i].remove]

TraceView ==
    [gConn |-> gConn, hConn |-> hConn,
     st |-> [i \in Inst |-> gCh[i].st], op |-> [i \in Inst |-> gCh[i].op],
     gpadl |-> [i \in Inst |-> gCh[i].gpadl], woken |-> [i \in Inst |-> gCh[i].woken],
     rescind |-> [i \in Inst |-> gCh[i].rescind], mapped |-> [i \in Inst |-> gCh[i].mapped],
     remove |-> [i \in Inst |-> gCh[i].remove],
     hst |-> [r \in Relids |-> hRel[r].st], hGpadl |-> hGpadl]

ChFields == {"st", "op", "gpadl", "woken", "rescind", "mapped", "remove"}

\* Every logged post field agrees with the next state, read at the event's
\* channel object (params.inst), relid (params.relid) and GPADL (params.gpadl).
PostOk(e) ==
    \A f \in DOMAIN e.post :
        CASE f = "gConn" -> e.post.gConn = gConn'
          [] f = "hConn" -> e.post.hConn = hConn'
          [] f = "hst" -> e.params.relid \in Relids /\ e.post.hst = hRel'[e.params.relid].st
          [] f = "hGpadl" -> e.params.gpadl \in Inst /\ e.post.hGpadl = hGpadl'[e.params.gpadl]
          [] f \in ChFields -> e.params.inst \in Inst /\ e.post[f] = ChView(e.params.inst)'[f]
          [] OTHER -> FALSE

LastH2G == h2g'[Len(h2g')]
LastG2H == g2h'[Len(g2h')]

-----------------------------------------------------------------------------
(* Guest bus context *)

IsGuestSendsInitiateContact(e) ==
    /\ GuestSendsInitiateContact
    /\ e.params.version = GuestVersions[gVerIdx]
    /\ PostOk(e)

\* The hypercall fails inside the guest's bus step (ChannelManager
\* sendInitiateContact): the event is the host side's, logged by the guest
\* that got the status back.
IsHostRejectsPostOnConnection4(e) ==
    /\ HostRejectsPostOnConnection4
    /\ e.params.version = GuestVersions[gVerIdx]
    /\ e.params.connectionId = ContactConnId(GuestVersions[gVerIdx])
    /\ PostOk(e)

IsGuestFallsBackAfterRejectedPost(e) == GuestFallsBackAfterRejectedPost /\ PostOk(e)

IsGuestWakesFromVersionResponse(e) ==
    /\ GuestWakesFromVersionResponse
    /\ e.params.supported = (gBusReply = "Yes")
    /\ PostOk(e)

\* A wait that ends in its timeout (ChannelManager.timeOutBus,
\* ChannelDriver.timeOut): traced by runs on real threads, whose waits run in
\* real time.  Mapped: the negotiation wait (GuestTimesOut), a driver
\* context's sub-channel wait (GuestTimesOut with its wait, the spec's
\* GuestTimesOutOnSubChannels), and the driver's GPADL_CREATED,
\* OPENCHANNEL_RESULT and GPADL_TORNDOWN waits and the bus context's
\* UNLOAD_RESPONSE wait (events named as their spec actions, below).
\* TimeoutFreesGpadl keeps its default (FALSE):
\* a trace of --fault TIMEOUT_FREES is rejected at the timeout's post state.
TraceGuestMayTimeOut == TRUE

IsGuestTimesOut(e) ==
    \/ /\ "inst" \notin DOMAIN e.params
       /\ e.params.wait = "VERSION_RESPONSE"
       /\ GuestTimesOut
       /\ PostOk(e)
    \* The driver context of params.inst (ChannelDriver.timeOut), its sub-channel wait.
    \/ /\ "inst" \in DOMAIN e.params
       /\ e.params.inst \in Inst
       /\ e.params.wait = "sub-channel completion relid=" \o ToString(gCh[e.params.inst].relid)
       /\ GuestTimesOutOnSubChannels(e.params.inst)
       /\ PostOk(e)

\* The driver context of params.inst gives up the wait named by the event.
IsGuestTimesOutWaitingForGpadlCreated(e) ==
    /\ GuestTimesOutWaitingForGpadlCreated(e.params.inst)
    /\ e.params.relid = gCh[e.params.inst].relid
    /\ PostOk(e)

IsGuestTimesOutWaitingForOpenChannelResult(e) ==
    /\ GuestTimesOutWaitingForOpenChannelResult(e.params.inst)
    /\ e.params.relid = gCh[e.params.inst].relid
    /\ PostOk(e)

IsGuestTimesOutWaitingForGpadlTorndown(e) ==
    /\ GuestTimesOutWaitingForGpadlTorndown(e.params.inst)
    /\ e.params.relid = gCh[e.params.inst].relid
    /\ PostOk(e)

IsGuestTimesOutWaitingForUnloadResponse(e) == GuestTimesOutWaitingForUnloadResponse /\ PostOk(e)

IsGuestSendsRequestOffers(e) == GuestSendsRequestOffers /\ PostOk(e)

IsGuestSendsUnload(e) == GuestSendsUnload /\ PostOk(e)

IsGuestKexecs(e) == GuestKexecs /\ PostOk(e)

-----------------------------------------------------------------------------
(* Guest dispatch context *)

IsGuestReceivesVersionResponse(e) ==
    /\ GuestReceivesVersionResponse
    /\ e.params.supported = Head(h2g).supported
    /\ PostOk(e)

IsGuestReceivesAllOffersDelivered(e) == GuestReceivesAllOffersDelivered /\ PostOk(e)

IsGuestReceivesOffer(e) ==
    /\ GuestReceivesOffer
    /\ Head(h2g).inst = e.params.inst /\ Head(h2g).relid = e.params.relid /\ Head(h2g).key = e.params.key
    /\ PostOk(e)

IsGuestReceivesRescind(e) ==
    /\ GuestReceivesRescind
    /\ Head(h2g).relid = e.params.relid
    /\ PostOk(e)

IsGuestReceivesGpadlCreated(e) ==
    /\ GuestReceivesGpadlCreated
    /\ Head(h2g).relid = e.params.relid
    /\ Head(h2g).gpadl = e.params.gpadl /\ Head(h2g).ok = e.params.ok
    /\ PostOk(e)

\* params.inst is the object the spec's step wakes (found by the mutation
\* suite: without this, only PostOk read inst, and two objects in the same
\* state let a wrong inst pass).
IsGuestReceivesOpenChannelResult(e) ==
    /\ GuestReceivesOpenChannelResult
    /\ Head(h2g).relid = e.params.relid /\ Head(h2g).ok = e.params.ok
    /\ e.params.inst = CHOOSE j \in OpenResultTarget(Head(h2g)) : TRUE
    /\ PostOk(e)

IsGuestReceivesGpadlTorndown(e) ==
    /\ GuestReceivesGpadlTorndown
    /\ Head(h2g).gpadl = e.params.gpadl
    /\ PostOk(e)

IsGuestReceivesUnloadResponse(e) == GuestReceivesUnloadResponse /\ PostOk(e)

\* The message dropped is the head of the queue: every field the Java logs
\* is compared, except its GPADL handle (the Java names a GPADL by its
\* handle where the spec has the instance; see TraceInformational).
IsGuestDiscardsMessage(e) ==
    /\ h2g # <<>>
    /\ LET m == e.params.msg IN
        /\ m.type = Head(h2g).type
        /\ \A f \in DOMAIN m \ {"handle"} : f \in DOMAIN Head(h2g) /\ m[f] = Head(h2g)[f]
    /\ GuestDiscardsMessage

\* Params logged for people, per event, with the reason nothing checks
\* them (the engine requires every other logged field to be read by the
\* event's matcher on the step it matched).
WaitedWhy == "real time the wait took: the spec has no clock, only whether the wait was outstanding"
HandleWhy == "the Java wire GPADL handle: the spec names a GPADL by its channel instance, params.gpadl, which is checked"
TraceInformational ==
    [GuestSendsGpadlHeader |-> [handle |-> HandleWhy],
     GuestSendsGpadlBody |-> [handle |-> HandleWhy],
     GuestSendsGpadlTeardown |-> [handle |-> HandleWhy],
     HostReceivesGpadlHeader |-> [handle |-> HandleWhy],
     HostReceivesGpadlBody |-> [handle |-> HandleWhy],
     HostSendsGpadlCreated |-> [handle |-> HandleWhy],
     HostSendsGpadlTorndown |-> [handle |-> HandleWhy],
     GuestDiscardsMessage |->
        [error |-> "the guest's typed error text for people; the discarded message itself (params.msg) is checked"],
     GuestTimesOut |-> [waitedMs |-> WaitedWhy],
     GuestTimesOutWaitingForGpadlCreated |-> [waitedMs |-> WaitedWhy],
     GuestTimesOutWaitingForOpenChannelResult |-> [waitedMs |-> WaitedWhy],
     GuestTimesOutWaitingForGpadlTorndown |-> [waitedMs |-> WaitedWhy],
     GuestTimesOutWaitingForUnloadResponse |-> [waitedMs |-> WaitedWhy]]

-----------------------------------------------------------------------------
(* Guest driver context of object params.inst *)

IsGuestSendsGpadlHeader(e) ==
    /\ GuestSendsGpadlHeader(e.params.inst)
    /\ e.params.relid = gCh[e.params.inst].relid /\ e.params.gpadl = e.params.inst
    /\ e.params.bodies = GpadlBodies
    /\ PostOk(e)

IsGuestSendsGpadlBody(e) ==
    /\ GuestSendsGpadlBody(e.params.inst)
    /\ LastG2H.gpadl = e.params.gpadl
    /\ PostOk(e)

IsGuestWakesFromGpadlCreated(e) ==
    /\ GuestWakesFromGpadlCreated(e.params.inst)
    /\ e.params.ok = (gCh[e.params.inst].woken = "Ok")
    /\ PostOk(e)

IsGuestSendsOpenChannel(e) ==
    /\ GuestSendsOpenChannel(e.params.inst)
    /\ LastG2H.relid = e.params.relid
    /\ PostOk(e)

IsGuestWakesFromOpenChannelResult(e) ==
    /\ GuestWakesFromOpenChannelResult(e.params.inst)
    /\ e.params.result = gCh[e.params.inst].woken
    /\ PostOk(e)

IsGuestSendsCloseChannel(e) ==
    /\ GuestSendsCloseChannel(e.params.inst)
    /\ LastG2H.relid = e.params.relid
    /\ PostOk(e)

IsGuestSendsGpadlTeardown(e) ==
    /\ GuestSendsGpadlTeardown(e.params.inst)
    /\ LastG2H.relid = e.params.relid /\ LastG2H.gpadl = e.params.gpadl
    /\ PostOk(e)

IsGuestWakesFromGpadlTorndown(e) == GuestWakesFromGpadlTorndown(e.params.inst) /\ PostOk(e)

IsGuestRequestsSubChannels(e) == GuestRequestsSubChannels(e.params.inst) /\ PostOk(e)

IsGuestWakesFromSubChannelRequest(e) ==
    /\ GuestWakesFromSubChannelRequest(e.params.inst)
    /\ e.params.result = IF gCh[e.params.inst].woken = "Rescind" THEN "Rescind" ELSE "Ok"
    /\ PostOk(e)

IsGuestUnmapsChannel(e) ==
    /\ GuestUnmapsChannel(e.params.inst)
    /\ gCh[e.params.inst].relid = e.params.relid
    /\ PostOk(e)

IsGuestSendsRelidReleased(e) ==
    /\ GuestSendsRelidReleased(e.params.inst)
    /\ LastG2H.relid = e.params.relid
    /\ PostOk(e)

-----------------------------------------------------------------------------
(* Host *)

IsHostSendsVersionResponse(e) ==
    /\ HostSendsVersionResponse
    /\ Head(g2h).version = e.params.version /\ LastH2G.supported = e.params.supported
    /\ PostOk(e)

IsHostReceivesRequestOffers(e) == HostReceivesRequestOffers /\ PostOk(e)

IsHostSendsOffer(e) ==
    /\ HostSendsOffer(e.params.key, e.params.relid)
    /\ hNextInst' = e.params.inst
    /\ PostOk(e)

IsHostSendsAllOffersDelivered(e) == HostSendsAllOffersDelivered /\ PostOk(e)

IsHostReceivesGpadlHeader(e) ==
    /\ HostReceivesGpadlHeader
    /\ Head(g2h).relid = e.params.relid /\ Head(g2h).gpadl = e.params.gpadl
    /\ PostOk(e)

IsHostReceivesGpadlBody(e) ==
    /\ HostReceivesGpadlBody
    /\ Head(g2h).gpadl = e.params.gpadl
    /\ PostOk(e)

IsHostSendsGpadlCreated(e) ==
    /\ HostSendsGpadlCreated
    /\ LastH2G.type = "GpadlCreated"
    /\ LastH2G.relid = e.params.relid /\ LastH2G.gpadl = e.params.gpadl /\ LastH2G.ok = e.params.ok
    /\ PostOk(e)

IsHostSendsOpenChannelResult(e) ==
    /\ HostSendsOpenChannelResult
    /\ Head(g2h).relid = e.params.relid /\ LastH2G.ok = e.params.ok
    /\ PostOk(e)

IsHostIgnoresOpenChannel(e) == HostIgnoresOpenChannel /\ Head(g2h).relid = e.params.relid

IsHostReceivesCloseChannel(e) ==
    /\ HostReceivesCloseChannel
    /\ Head(g2h).relid = e.params.relid
    /\ PostOk(e)

IsHostSendsGpadlTorndown(e) ==
    /\ HostSendsGpadlTorndown
    /\ Head(g2h).gpadl = e.params.gpadl
    /\ PostOk(e)

IsHostReceivesRelidReleased(e) ==
    /\ HostReceivesRelidReleased
    /\ Head(g2h).relid = e.params.relid
    /\ PostOk(e)

IsHostSendsUnloadResponse(e) == HostSendsUnloadResponse /\ PostOk(e)

IsHostRestarts(e) == hRestarts < MaxRestarts /\ HostRestarts /\ PostOk(e)

IsHostRescindsOffer(e) == HostRescindsOffer(e.params.relid) /\ PostOk(e)

IsHostSendsDuplicateRescind(e) == HostSendsDuplicateRescind(e.params.relid)

IsHostCompletesSubChannelRequest(e) == HostCompletesSubChannelRequest(e.params.device)

-----------------------------------------------------------------------------

\* Complete logging: no silent actions.  For Quiescent events, a party is
\* blocked when none of its actions can step.  GuestTimesOut and the
\* GuestTimesOutWaitingFor* steps are no party's: a timeout is time passing,
\* not a step the state enables, and a stalled deterministic run claims its
\* quiescence before virtual time moves on.
TraceParties ==
    [guest |-> {"GuestSendsInitiateContact", "GuestWakesFromVersionResponse", "GuestSendsRequestOffers",
                "GuestFallsBackAfterRejectedPost",
                "GuestSendsUnload", "GuestReceivesVersionResponse", "GuestReceivesAllOffersDelivered",
                "GuestReceivesOffer", "GuestReceivesRescind", "GuestReceivesGpadlCreated",
                "GuestReceivesOpenChannelResult", "GuestReceivesGpadlTorndown", "GuestReceivesUnloadResponse",
                "GuestDiscardsMessage", "GuestSendsGpadlHeader", "GuestSendsGpadlBody",
                "GuestWakesFromGpadlCreated", "GuestSendsOpenChannel", "GuestWakesFromOpenChannelResult",
                "GuestSendsCloseChannel", "GuestSendsGpadlTeardown", "GuestWakesFromGpadlTorndown",
                "GuestRequestsSubChannels", "GuestWakesFromSubChannelRequest", "GuestUnmapsChannel",
                "GuestSendsRelidReleased", "GuestKexecs"},
     host |-> {"HostSendsVersionResponse", "HostRejectsPostOnConnection4", "HostReceivesRequestOffers",
               "HostSendsOffer",
               "HostSendsAllOffersDelivered", "HostReceivesGpadlHeader", "HostReceivesGpadlBody",
               "HostSendsGpadlCreated", "HostSendsOpenChannelResult", "HostIgnoresOpenChannel",
               "HostReceivesCloseChannel", "HostSendsGpadlTorndown", "HostReceivesRelidReleased",
               "HostSendsUnloadResponse", "HostRescindsOffer", "HostSendsDuplicateRescind",
               "HostCompletesSubChannelRequest", "HostRestarts"}]

DriverTimeouts == {"GuestTimesOutWaitingForGpadlCreated", "GuestTimesOutWaitingForOpenChannelResult",
                   "GuestTimesOutWaitingForGpadlTorndown"}

\* Who takes each logged action: the guest's three execution contexts
\* (ChannelManager.BUS, DISPATCH; ChannelDriver.DRIVER) and the host.
GuestBusActions == {"GuestSendsInitiateContact", "GuestWakesFromVersionResponse", "GuestSendsRequestOffers",
                    "GuestFallsBackAfterRejectedPost",
                    "GuestSendsUnload", "GuestKexecs", "GuestTimesOut", "GuestTimesOutWaitingForUnloadResponse"}
GuestDispatchActions == {"GuestReceivesVersionResponse", "GuestReceivesAllOffersDelivered", "GuestReceivesOffer",
                         "GuestReceivesRescind", "GuestReceivesGpadlCreated", "GuestReceivesOpenChannelResult",
                         "GuestReceivesGpadlTorndown", "GuestReceivesUnloadResponse", "GuestDiscardsMessage"}
TraceActors ==
    [c \in {"guest-bus", "guest-dispatch", "guest-driver", "host"} |->
        CASE c = "guest-bus" -> GuestBusActions
          [] c = "guest-dispatch" -> GuestDispatchActions
          [] c = "guest-driver" -> (TraceParties.guest \ (GuestBusActions \cup GuestDispatchActions))
                                      \cup {"GuestTimesOut"} \cup DriverTimeouts
          [] OTHER -> TraceParties.host]

\* What a Quiescent event may say the guest waits for (ScenarioRunner).
TraceWaitingFor == [guest |-> {"message"}]
=============================================================================
