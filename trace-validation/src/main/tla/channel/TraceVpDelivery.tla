--------------------------- MODULE TraceVpDelivery ---------------------------
(***************************************************************************)
(* Trace validation of per-VP delivery (specs/channel/VpDelivery.tla) by   *)
(* the trace-checking engine (docs/trace-format.md).                       *)
(*                                                                         *)
(* Mapping: spec variable <-> trace field <-> Java.  The Java side is      *)
(* reference-impl dev.enlightened.vp: VpRunner.view writes the post-state, *)
(* VpGuest, VpHost and VpSynic the events.                                 *)
(*                                                                         *)
(*   spec variable  trace field      Java                                 *)
(*   ring           post.ring        ChannelRing.unread                    *)
(*   sent           post.sent        VpHost.sent                           *)
(*   control        post.control     VpHost.controls                       *)
(*   chTarget       post.chTarget    VpHost.target (the VP it signals)     *)
(*   gTarget        post.gTarget     VpGuest.targetCpu (target_cpu)        *)
(*   modState       post.modState    "Sent" while the MODIFYCHANNEL is in  *)
(*                                   the host's inbound queue, then        *)
(*                                   "Responded" until target_cpu_store    *)
(*                                   returns (5.3), else "Idle"            *)
(*   retargets      post.retargets   VpGuest.retargets                     *)
(*   offlines       post.offlines    VpGuest.offlines                      *)
(*   unload         post.unload      VpGuest.unload (the panic path)       *)
(*   online, evt    params.vp        the VP of the event; its page and     *)
(*   slot, hostQ    params.msg       its SynicMessageSlot; VpSynic.held    *)
(*   modNew         params.vp        MODIFYCHANNEL's target_vp             *)
(*                                                                         *)
(* Actors: host (VpHost), hypervisor (VpSynic.deliver), guest-vp (a        *)
(* VP's interrupt handling), guest-admin (sysfs target_cpu, hotplug).      *)
(*                                                                         *)
(* Deliberate differences, each in one place:                              *)
(*  - MODIFYCHANNEL_RESPONSE travels through the connect CPU's slot in     *)
(*    Java, unlogged: the spec folds it into HostAppliesModifyChannel and  *)
(*    GuestReceivesModifyResponse.  While it occupies the slot, the Java   *)
(*    hypervisor holds back the next message, a delay the spec allows.     *)
(*  - Terminating (the spec's explicit final stutter) has no event.        *)
(***************************************************************************)
EXTENDS VpDelivery, TraceSupport

TraceView ==
    [ring |-> ring, sent |-> sent, control |-> control, chTarget |-> chTarget, gTarget |-> gTarget,
     modState |-> modState, retargets |-> retargets, offlines |-> offlines, unload |-> unload]

\* The event's VP: its "vp" parameter, which the matchers below require.
Vp(e) == e.params.vp
HasVp(e) == "vp" \in DOMAIN e.params /\ e.params.vp \in VPs

IsHostSendsPacket(e) ==
    /\ ParamsAmong(e, {})
    /\ HostSendsPacket
    /\ PostMatches(e, TraceView')

IsHostQueuesControlMessage(e) ==
    /\ ParamsAmong(e, {})
    /\ HostQueuesControlMessage
    /\ PostMatches(e, TraceView')

IsHostDeliversMessage(e) ==
    /\ ParamsAmong(e, {"vp", "msg"}) /\ HasVp(e)
    /\ hostQ[Vp(e)] # <<>> /\ ParamIs(e, "msg", Head(hostQ[Vp(e)]))
    /\ HostDeliversMessage(Vp(e))
    /\ PostMatches(e, TraceView')

\* "vp": the VP the host now signals for the channel.
IsHostAppliesModifyChannel(e) ==
    /\ ParamsAmong(e, {"vp"}) /\ ParamIs(e, "vp", modNew)
    /\ HostAppliesModifyChannel
    /\ PostMatches(e, TraceView')

IsHostSendsUnloadResponse(e) ==
    /\ ParamsAmong(e, {})
    /\ HostSendsUnloadResponse
    /\ PostMatches(e, TraceView')

IsGuestHandlesEvent(e) ==
    /\ ParamsAmong(e, {"vp"}) /\ HasVp(e)
    /\ GuestHandlesEvent(Vp(e))
    /\ PostMatches(e, TraceView')

IsGuestHandlesMessage(e) ==
    /\ ParamsAmong(e, {"vp"}) /\ HasVp(e)
    /\ GuestHandlesMessage(Vp(e))
    /\ PostMatches(e, TraceView')

IsGuestSendsModifyChannel(e) ==
    /\ ParamsAmong(e, {"vp"}) /\ HasVp(e)
    /\ GuestSendsModifyChannel(Vp(e))
    /\ PostMatches(e, TraceView')

IsGuestReceivesModifyResponse(e) ==
    /\ ParamsAmong(e, {})
    /\ GuestReceivesModifyResponse
    /\ PostMatches(e, TraceView')

IsGuestOfflinesVp(e) ==
    /\ ParamsAmong(e, {"vp"}) /\ HasVp(e)
    /\ GuestOfflinesVp(Vp(e))
    /\ PostMatches(e, TraceView')

IsGuestOnlinesVp(e) ==
    /\ ParamsAmong(e, {"vp"}) /\ HasVp(e)
    /\ GuestOnlinesVp(Vp(e))
    /\ PostMatches(e, TraceView')

IsGuestPanics(e) ==
    /\ ParamsAmong(e, {"vp"}) /\ HasVp(e)
    /\ GuestPanics(Vp(e))
    /\ PostMatches(e, TraceView')

IsGuestPollsSlot(e) ==
    /\ ParamsAmong(e, {"vp"}) /\ HasVp(e)
    /\ GuestPollsSlot(Vp(e))
    /\ PostMatches(e, TraceView')

IsGuestClearsSlots(e) ==
    /\ ParamsAmong(e, {})
    /\ GuestClearsSlots
    /\ PostMatches(e, TraceView')

GuestVpActions == {"GuestHandlesEvent", "GuestHandlesMessage", "GuestPollsSlot", "GuestClearsSlots"}
GuestAdminActions == {"GuestSendsModifyChannel", "GuestReceivesModifyResponse", "GuestOfflinesVp",
                      "GuestOnlinesVp", "GuestPanics"}

TraceParties ==
    [guest |-> GuestVpActions \cup GuestAdminActions,
     host |-> {"HostSendsPacket", "HostQueuesControlMessage", "HostDeliversMessage", "HostAppliesModifyChannel",
               "HostSendsUnloadResponse"}]

TraceActors ==
    [c \in {"guest-vp", "guest-admin", "host", "hypervisor"} |->
        CASE c = "guest-vp" -> GuestVpActions
          [] c = "guest-admin" -> GuestAdminActions
          [] c = "hypervisor" -> {"HostDeliversMessage"}
          [] OTHER -> TraceParties.host \ {"HostDeliversMessage"}]

\* What a Quiescent event may say the guest waits for (VpRunner: target_cpu_store's wait).
TraceWaitingFor == [guest |-> {"modify response", "unload response"}]
=============================================================================
