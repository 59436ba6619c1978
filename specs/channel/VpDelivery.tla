----------------------------- MODULE VpDelivery -----------------------------
(***************************************************************************)
(* Per-VP delivery: each virtual processor (VP) has its own SynIC message  *)
(* slot for SINT 2 and its own event-flags page; messages and channel      *)
(* interrupts have a target VP; CPUs go offline and online; a channel is   *)
(* retargeted with MODIFYCHANNEL; the panic path waits for UNLOAD_RESPONSE *)
(* by polling message slots (vmbus-protocol.md 1.7, 1.8).                  *)
(*                                                                         *)
(* Sources.  Linux drivers/hv: hv.c `hv_synic_cleanup` (refuses to take    *)
(* offline the connect CPU or a CPU some channel targets, and since        *)
(* b635ccc1ec26 a CPU whose event page still has a channel bit set:        *)
(* `hv_synic_event_pending`); vmbus_drv.c `target_cpu_store` and           *)
(* channel.c `vmbus_send_modifychannel` (from protocol 5.3, 1df53d212c80,  *)
(* 870ced0548c8, the guest waits for MODIFYCHANNEL_RESPONSE before it      *)
(* updates target_cpu; before 5.3 it updates target_cpu at once and cannot *)
(* know when the host switches); vmbus_drv.c `vmbus_chan_sched` (a VP      *)
(* handles the channel bits of its own event page); channel_mgmt.c         *)
(* `vmbus_wait_for_unload` (polls the message slot of every present CPU    *)
(* since 320805ab61e5; of every online CPU before it) and                  *)
(* `vmbus_initiate_unload(crash = true)`.  openvmm vmbus_server            *)
(* channels.rs `handle_modify_channel` (answers ModifyChannelResponse from *)
(* 5.3) and `target_vp` of OpenChannel / INITIATE_CONTACT (`target_info`). *)
(*                                                                         *)
(* Abstractions.  One channel whose ring is a counter of unread packets    *)
(* (RingBuffer.tla checks the ring); the host signals the channel only on  *)
(* the empty -> non-empty transition (hv_signal_on_write's rule), so a     *)
(* lost event is a lost wakeup.  A message slot is refined by              *)
(* SynicMessageSlot.tla (FIFO, EOM folded in): here a slot is empty or     *)
(* holds one message and the hypervisor queues the rest per VP.  All       *)
(* control messages go to ConnectVp (INITIATE_CONTACT's target_vcpu,       *)
(* Linux VMBUS_CONNECT_CPU).  The unload loop's 100 s timeout is not       *)
(* modelled: it guards against a host that never answers, and our host     *)
(* answers; a wait that only the timeout could end is a failure here.      *)
(*                                                                         *)
(* Actions (actor, Linux / openvmm):                                       *)
(*  HostSendsPacket            host   hv_ringbuffer_write + signal (host)  *)
(*  HostQueuesControlMessage   host   any h2g message to ConnectVp         *)
(*  HostDeliversMessage        hyp    SynIC slot write (SynicMessageSlot)  *)
(*  HostAppliesModifyChannel   host   handle_modify_channel               *)
(*  HostSendsUnloadResponse    host   handle_unload -> UnloadComplete      *)
(*  GuestHandlesEvent          guest  vmbus_isr -> vmbus_chan_sched on v   *)
(*  GuestHandlesMessage        guest  vmbus_on_msg_dpc on v (EOM)          *)
(*  GuestSendsModifyChannel    guest  target_cpu_store (cpus_read_lock)    *)
(*  GuestReceivesModifyResponse guest vmbus_onmodifychannel_response      *)
(*  GuestOfflinesVp            guest  hv_synic_cleanup succeeds            *)
(*  GuestOnlinesVp             guest  hv_synic_init                        *)
(*  GuestPanics                guest  panic: vmbus_initiate_unload(true),  *)
(*                                    other CPUs stopped (offline)         *)
(*  GuestPollsSlot             guest  vmbus_wait_for_unload, first loop    *)
(*  GuestClearsSlots           guest  vmbus_wait_for_unload, second loop   *)
(***************************************************************************)
EXTENDS Naturals, Sequences

CONSTANTS
    VPs,            \* the guest's virtual processors (present CPUs)
    ConnectVp,      \* INITIATE_CONTACT's target_vcpu: all control messages go there
    Version53,      \* protocol >= 5.3: MODIFYCHANNEL is answered
    MaxPackets,     \* bound: packets the host sends
    MaxRetargets,   \* bound: MODIFYCHANNEL requests
    MaxOfflines,    \* bound: CPU offline operations
    MaxControl,     \* bound: other control messages queued before a panic
    \* Variants (the correct guest is TRUE, FALSE):
    OfflineChecksEventPending,  \* FALSE: Linux before b635ccc1ec26
    UnloadPollsOnlineOnly       \* TRUE: Linux before 320805ab61e5

ASSUME ConstantsOK ==
    /\ ConnectVp \in VPs
    /\ \A n \in {MaxPackets, MaxRetargets, MaxOfflines, MaxControl} : n \in Nat
    /\ \A b \in {Version53, OfflineChecksEventPending, UnloadPollsOnlineOnly} : b \in BOOLEAN

Msgs == {"None", "Control", "UnloadResponse"}

VARIABLES
    online,     \* online[v]: CPU v is online (its SynIC enabled)
    slot,       \* slot[v]: the message in v's SINT 2 message slot, or "None"
    hostQ,      \* hostQ[v]: messages the hypervisor holds for v's slot
    evt,        \* evt[v]: the channel's bit in v's event-flags page
    ring,       \* packets in the channel's host-to-guest ring
    sent,       \* packets sent so far
    control,    \* control messages queued so far
    chTarget,   \* the VP the host signals for the channel
    gTarget,    \* the guest's channel->target_cpu
    modState,   \* MODIFYCHANNEL: "Idle" | "Sent" | "Responded"
    modNew,     \* the VP that MODIFYCHANNEL asks for
    retargets,  \* MODIFYCHANNEL requests so far
    offlines,   \* CPU offline operations so far
    unload,     \* "Running" | "Waiting" (panic: UNLOAD sent) | "Answered" | "Cleared"
    hostUnload  \* the host has answered UNLOAD

vars == <<online, slot, hostQ, evt, ring, sent, control, chTarget, gTarget,
          modState, modNew, retargets, offlines, unload, hostUnload>>

TypeOK ==
    /\ online \in [VPs -> BOOLEAN]
    /\ slot \in [VPs -> Msgs]
    /\ \A v \in VPs : hostQ[v] \in Seq(Msgs \ {"None"})
    /\ evt \in [VPs -> BOOLEAN]
    /\ ring \in 0..MaxPackets /\ sent \in 0..MaxPackets /\ control \in 0..MaxControl
    /\ chTarget \in VPs /\ gTarget \in VPs /\ modNew \in VPs
    /\ modState \in {"Idle", "Sent", "Responded"}
    /\ retargets \in 0..MaxRetargets /\ offlines \in 0..MaxOfflines
    /\ unload \in {"Running", "Waiting", "Answered", "Cleared"}
    /\ hostUnload \in BOOLEAN

\* The channel is open on the connect CPU (OPENCHANNEL target_vp).
Init ==
    /\ online = [v \in VPs |-> TRUE]
    /\ slot = [v \in VPs |-> "None"] /\ hostQ = [v \in VPs |-> <<>>]
    /\ evt = [v \in VPs |-> FALSE]
    /\ ring = 0 /\ sent = 0 /\ control = 0
    /\ chTarget = ConnectVp /\ gTarget = ConnectVp /\ modNew = ConnectVp
    /\ modState = "Idle" /\ retargets = 0 /\ offlines = 0
    /\ unload = "Running" /\ hostUnload = FALSE

Running == unload = "Running"

-----------------------------------------------------------------------------
(* Host and hypervisor *)

\* A packet on the empty ring sets the channel's bit on the VP the host
\* targets now (an interrupt on an offline VP's page is not handled).
HostSendsPacket ==
    /\ Running /\ sent < MaxPackets
    /\ sent' = sent + 1 /\ ring' = ring + 1
    /\ evt' = IF ring = 0 THEN [evt EXCEPT ![chTarget] = TRUE] ELSE evt
    /\ UNCHANGED <<online, slot, hostQ, control, chTarget, gTarget, modState, modNew,
                   retargets, offlines, unload, hostUnload>>

\* Some other channel-management message (an offer, a rescind) for the guest.
HostQueuesControlMessage ==
    /\ Running /\ control < MaxControl
    /\ control' = control + 1
    /\ hostQ' = [hostQ EXCEPT ![ConnectVp] = Append(@, "Control")]
    /\ UNCHANGED <<online, slot, evt, ring, sent, chTarget, gTarget, modState, modNew,
                   retargets, offlines, unload, hostUnload>>

\* The hypervisor puts the head of v's queue into v's empty slot.  It does
\* so whether v is online or not: the slot is guest memory.
HostDeliversMessage(v) ==
    /\ hostQ[v] # <<>> /\ slot[v] = "None"
    /\ slot' = [slot EXCEPT ![v] = Head(hostQ[v])]
    /\ hostQ' = [hostQ EXCEPT ![v] = Tail(@)]
    /\ UNCHANGED <<online, evt, ring, sent, control, chTarget, gTarget, modState, modNew,
                   retargets, offlines, unload, hostUnload>>

\* The host switches the channel's interrupts to the new VP; from 5.3 it
\* answers (openvmm handle_modify_channel: ModifyChannelResponse).
HostAppliesModifyChannel ==
    /\ modState = "Sent"
    /\ chTarget' = modNew
    /\ modState' = IF Version53 THEN "Responded" ELSE "Idle"
    /\ UNCHANGED <<online, slot, hostQ, evt, ring, sent, control, gTarget, modNew,
                   retargets, offlines, unload, hostUnload>>

\* UNLOAD_RESPONSE goes to the connect CPU's slot (vmbus_wait_for_unload:
\* "always delivered to the CPU which was used for initial contact").
HostSendsUnloadResponse ==
    /\ unload = "Waiting" /\ ~hostUnload
    /\ hostUnload' = TRUE
    /\ hostQ' = [hostQ EXCEPT ![ConnectVp] = Append(@, "UnloadResponse")]
    /\ UNCHANGED <<online, slot, evt, ring, sent, control, chTarget, gTarget, modState,
                   modNew, retargets, offlines, unload>>

-----------------------------------------------------------------------------
(* Guest *)

\* VP v takes the SINT interrupt and handles the channel bit of its own page:
\* the callback drains the ring.
GuestHandlesEvent(v) ==
    /\ Running /\ online[v] /\ evt[v]
    /\ evt' = [evt EXCEPT ![v] = FALSE]
    /\ ring' = 0
    /\ UNCHANGED <<online, slot, hostQ, sent, control, chTarget, gTarget, modState, modNew,
                   retargets, offlines, unload, hostUnload>>

\* vmbus_on_msg_dpc on v: handle the message, clear the slot, EOM.
GuestHandlesMessage(v) ==
    /\ Running /\ online[v] /\ slot[v] # "None"
    /\ slot' = [slot EXCEPT ![v] = "None"]
    /\ UNCHANGED <<online, hostQ, evt, ring, sent, control, chTarget, gTarget, modState,
                   modNew, retargets, offlines, unload, hostUnload>>

\* target_cpu_store: MODIFYCHANNEL to an online VP.  Before 5.3 the guest
\* updates target_cpu at once; from 5.3 after the response.
GuestSendsModifyChannel(n) ==
    /\ Running /\ modState = "Idle" /\ retargets < MaxRetargets
    /\ n # gTarget /\ online[n]
    /\ modState' = "Sent" /\ modNew' = n /\ retargets' = retargets + 1
    /\ gTarget' = IF Version53 THEN gTarget ELSE n
    /\ UNCHANGED <<online, slot, hostQ, evt, ring, sent, control, chTarget, offlines,
                   unload, hostUnload>>

GuestReceivesModifyResponse ==
    /\ modState = "Responded"
    /\ gTarget' = modNew /\ modState' = "Idle"
    /\ UNCHANGED <<online, slot, hostQ, evt, ring, sent, control, chTarget, modNew,
                   retargets, offlines, unload, hostUnload>>

\* target_cpu_store holds cpus_read_lock() from the MODIFYCHANNEL until it
\* returns (from 5.3: after the response), so no CPU goes offline or online
\* meanwhile.  Before 5.3 it returns at once and the host applies later.
HotplugLocked == Version53 /\ modState # "Idle"

\* hv_synic_cleanup lets v go offline: not the connect CPU, not the
\* channel's target_cpu, and (b635ccc1ec26) no channel bit pending on v.
GuestOfflinesVp(v) ==
    /\ Running /\ online[v] /\ offlines < MaxOfflines /\ ~HotplugLocked
    /\ v # ConnectVp /\ v # gTarget
    /\ OfflineChecksEventPending => ~evt[v]
    /\ online' = [online EXCEPT ![v] = FALSE] /\ offlines' = offlines + 1
    /\ UNCHANGED <<slot, hostQ, evt, ring, sent, control, chTarget, gTarget, modState, modNew,
                   retargets, unload, hostUnload>>

\* hv_synic_init: the SynIC is enabled again; a bit left on its page is
\* seen at its next interrupt (optimistic: GuestHandlesEvent is enabled).
GuestOnlinesVp(v) ==
    /\ Running /\ ~online[v] /\ ~HotplugLocked
    /\ online' = [online EXCEPT ![v] = TRUE]
    /\ UNCHANGED <<slot, hostQ, evt, ring, sent, control, chTarget, gTarget, modState, modNew,
                   retargets, offlines, unload, hostUnload>>

\* Panic on VP p: the other CPUs are stopped (and leave the online mask),
\* the panicking CPU posts UNLOAD and polls for the response.
GuestPanics(p) ==
    /\ Running /\ online[p]
    /\ unload' = "Waiting"
    /\ online' = [v \in VPs |-> v = p]
    /\ UNCHANGED <<slot, hostQ, evt, ring, sent, control, chTarget, gTarget, modState, modNew,
                   retargets, offlines, hostUnload>>

\* The CPUs whose message slots vmbus_wait_for_unload reads.
Polled == IF UnloadPollsOnlineOnly THEN {v \in VPs : online[v]} ELSE VPs

\* First loop: read a polled slot; UNLOAD_RESPONSE completes the wait, any
\* message is EOMed (vmbus_signal_eom).
GuestPollsSlot(v) ==
    /\ unload = "Waiting" /\ v \in Polled /\ slot[v] # "None"
    /\ unload' = IF slot[v] = "UnloadResponse" THEN "Answered" ELSE unload
    /\ slot' = [slot EXCEPT ![v] = "None"]
    /\ UNCHANGED <<online, hostQ, evt, ring, sent, control, chTarget, gTarget, modState,
                   modNew, retargets, offlines, hostUnload>>

\* Second loop: clear the polled slots so that the kdump kernel can receive.
GuestClearsSlots ==
    /\ unload = "Answered"
    /\ unload' = "Cleared"
    /\ slot' = [v \in VPs |-> IF v \in Polled THEN "None" ELSE slot[v]]
    /\ UNCHANGED <<online, hostQ, evt, ring, sent, control, chTarget, gTarget, modState,
                   modNew, retargets, offlines, hostUnload>>

-----------------------------------------------------------------------------

HostNext ==
    \/ HostSendsPacket \/ HostQueuesControlMessage
    \/ \E v \in VPs : HostDeliversMessage(v)
    \/ HostAppliesModifyChannel \/ HostSendsUnloadResponse

GuestNext ==
    \/ \E v \in VPs : GuestHandlesEvent(v) \/ GuestHandlesMessage(v)
    \/ \E n \in VPs : GuestSendsModifyChannel(n)
    \/ GuestReceivesModifyResponse
    \/ \E v \in VPs : GuestOfflinesVp(v) \/ GuestOnlinesVp(v) \/ GuestPanics(v)
    \/ \E v \in VPs : GuestPollsSlot(v)
    \/ GuestClearsSlots

\* Nothing to do (bounds reached or the next kernel is ready): not a deadlock.
Terminating ==
    /\ \A v \in VPs : ~ENABLED (GuestHandlesEvent(v) \/ GuestHandlesMessage(v)
                                \/ HostDeliversMessage(v) \/ GuestPollsSlot(v))
    /\ UNCHANGED vars

Next == HostNext \/ GuestNext \/ Terminating

Spec == Init /\ [][Next]_vars

\* The hypervisor delivers, the host answers, and every guest context that
\* has work does it; offlining, onlining, retargeting and panicking are free
\* choices.
LiveSpec ==
    /\ Spec
    /\ \A v \in VPs : WF_vars(HostDeliversMessage(v))
    /\ WF_vars(HostAppliesModifyChannel) /\ WF_vars(HostSendsUnloadResponse)
    /\ \A v \in VPs : WF_vars(GuestHandlesEvent(v)) /\ WF_vars(GuestHandlesMessage(v))
                      /\ WF_vars(GuestPollsSlot(v))
    /\ WF_vars(GuestReceivesModifyResponse) /\ WF_vars(GuestClearsSlots)

-----------------------------------------------------------------------------
(* Properties *)

\* No interrupt is stranded: while the guest runs normally, a channel bit is
\* pending only on an online VP.
NoEventOnOfflineVpInv == Running => \A v \in VPs : evt[v] => online[v]

\* The kdump kernel can connect: once the panic path is done, no message
\* slot holds a message and the hypervisor holds none back.
SlotsClearAfterUnloadInv ==
    unload = "Cleared" => \A v \in VPs : slot[v] = "None" /\ hostQ[v] = <<>>

\* No lost wakeup: a packet in the ring is read while the guest runs.
RingDrainedProp == (ring > 0 /\ Running) ~> (ring = 0 \/ ~Running)

\* Every wait ends: the panic path's wait for UNLOAD_RESPONSE ends with the
\* response, and the slots are cleared for the next kernel.
UnloadWaitEndsProp == unload = "Waiting" ~> unload = "Cleared"

\* From 5.3 the guest's MODIFYCHANNEL wait ends.
ModifyWaitEndsProp == modState # "Idle" ~> modState = "Idle"
=============================================================================
