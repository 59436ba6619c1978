---------------------------- MODULE VMBusChannels ----------------------------
(***************************************************************************)
(* VMBus channel management: the control-plane protocol between a guest    *)
(* and the host (vmbus-protocol.md section 1).                             *)
(*                                                                         *)
(* Transport.  Host-to-guest messages travel through the SynIC message     *)
(* slot of SINT 2; guest-to-host messages are posted (HvPostMessage) in    *)
(* order.  Both directions are modelled as reliable FIFO queues (h2g,      *)
(* g2h).  This is sound for h2g because SynicMessageSlot.tla refines       *)
(* MessageQueue.tla (a FIFO: nothing lost, duplicated or reordered; the    *)
(* refinement is checked on branch synic), and for g2h because the guest   *)
(* posts from one connection and vmbus_post_msg retries until accepted.    *)
(* One post fails for good, synchronously: INITIATE_CONTACT on connection  *)
(* 4 to a host with no port there (HostRejectsPostOnConnection4); it never *)
(* enters g2h, and the guest tries the next version at once.               *)
(* A FIFO that delivers whenever it likes is the slot with the guest's     *)
(* EOM handling folded in; the slot can only remove interleavings.         *)
(*                                                                         *)
(* Guest concurrency (Linux drivers/hv, L-mgmt/L-chan): the message        *)
(* dispatch context (the SynIC message tasklet) handles one h2g message    *)
(* per step and never blocks; each channel has a driver context (probe,    *)
(* open, close, removal) that blocks on replies: GPADL_CREATED,            *)
(* OPENCHANNEL_RESULT, GPADL_TORNDOWN, the sub-channel completion; the bus *)
(* context negotiates the version and unloads.  A wait is a pair of steps: *)
(* the dispatcher records the reply (Linux complete()), the waiter wakes   *)
(* (wait_for_completion returns).                                          *)
(*                                                                         *)
(* Channel identity.  Each OFFERCHANNEL creates a new channel object (a    *)
(* struct vmbus_channel); Inst numbers those objects (ghost: it is the     *)
(* object, never on the wire except as the GPADL handle, which the guest   *)
(* picks and which we take equal to the object so handles are unique).    *)
(* Relids are what the wire carries; the guest maps relid -> object.       *)
(*                                                                         *)
(* Actions (trace event names), actor, parameters:                         *)
(*   GuestSendsInitiateContact        guest bus   version                  *)
(*   HostRejectsPostOnConnection4     host        version, connectionId   *)
(*   GuestFallsBackAfterRejectedPost  guest bus   -                        *)
(*   HostSendsVersionResponse         host        version, supported       *)
(*   GuestReceivesVersionResponse     guest disp  supported                *)
(*   GuestWakesFromVersionResponse    guest bus   supported                *)
(*   GuestTimesOut                    guest bus   wait (GuestMayTimeOut)   *)
(*   GuestTimesOutWaitingForUnloadResponse    guest bus (GuestMayTimeOut)      *)
(*   GuestSendsRequestOffers          guest bus   -                        *)
(*   HostReceivesRequestOffers        host        -                        *)
(*   HostSendsOffer                   host        key, relid, inst         *)
(*   HostSendsAllOffersDelivered      host        -                        *)
(*   GuestReceivesAllOffersDelivered  guest disp  -                        *)
(*   GuestQueuesWork                  guest disp  msg (H5 variant only)    *)
(*   GuestReceivesOffer               guest disp  key, relid, inst         *)
(*   GuestSendsGpadlHeader            guest drv   inst, relid, gpadl       *)
(*   GuestSendsGpadlBody              guest drv   inst, gpadl              *)
(*   HostReceivesGpadlHeader          host        relid, gpadl             *)
(*   HostReceivesGpadlBody            host        gpadl                    *)
(*   HostSendsGpadlCreated            host        relid, gpadl, ok         *)
(*   GuestReceivesGpadlCreated        guest disp  relid, gpadl, ok         *)
(*   GuestWakesFromGpadlCreated       guest drv   inst, ok                 *)
(*   GuestSendsOpenChannel            guest drv   inst, relid              *)
(*   HostSendsOpenChannelResult       host        relid, ok                *)
(*   HostIgnoresOpenChannel           host        relid (revoked)          *)
(*   GuestReceivesOpenChannelResult   guest disp  relid, ok                *)
(*   GuestWakesFromOpenChannelResult  guest drv   inst, result             *)
(*   GuestSendsCloseChannel           guest drv   inst, relid              *)
(*   HostReceivesCloseChannel         host        relid                    *)
(*   GuestSendsGpadlTeardown          guest drv   inst, relid, gpadl       *)
(*   HostSendsGpadlTorndown           host        gpadl                    *)
(*   GuestReceivesGpadlTorndown       guest disp  gpadl                    *)
(*   GuestWakesFromGpadlTorndown      guest drv   inst                     *)
(*   GuestRequestsSubChannels         guest drv   inst (device message)    *)
(*   HostCompletesSubChannelRequest   host        device                   *)
(*   GuestWakesFromSubChannelRequest  guest drv   inst, result             *)
(*   GuestTimesOutOnSubChannels       guest drv   inst (GuestMayTimeOut)   *)
(*   GuestTimesOutWaitingForGpadlCreated      guest drv inst (GuestMayTimeOut) *)
(*   GuestTimesOutWaitingForOpenChannelResult guest drv inst (GuestMayTimeOut) *)
(*   GuestTimesOutWaitingForGpadlTorndown     guest drv inst (GuestMayTimeOut) *)
(*   HostRescindsOffer                host        relid                    *)
(*   HostSendsDuplicateRescind        host        relid (untrusted host)   *)
(*   GuestReceivesRescind             guest disp  relid                    *)
(*   GuestUnmapsChannel               guest drv   inst, relid              *)
(*   GuestSendsRelidReleased          guest drv   inst, relid              *)
(*   HostReceivesRelidReleased        host        relid                    *)
(*   GuestSendsUnload                 guest bus   -                        *)
(*   HostSendsUnloadResponse          host        -                        *)
(*   GuestReceivesUnloadResponse      guest disp  -                        *)
(*   GuestDiscardsMessage             guest disp  msg (stale/unexpected)   *)
(*   GuestWorkerFinishesProbe         guest work  inst (H5 variant only)   *)
(***************************************************************************)
EXTENDS Naturals, Sequences, FiniteSets

CONSTANTS
    Devices,        \* devices the host can offer (each has a primary channel)
    MaxSub,         \* sub-channels per device (sub_channel_index 1..MaxSub)
    BootDevices,    \* devices offered between REQUESTOFFERS and ALLOFFERS_DELIVERED
    Relids,         \* child relids the host may assign
    NoRelid,        \* a value that is no relid
    NoKey,          \* a value that is no channel key
    GuestVersions,  \* versions the guest proposes, newest first (L-conn vmbus_connect)
    HostVersions,   \* versions the host accepts (O-server)
    GpadlBodies,    \* GPADL_BODY messages after each GPADL_HEADER (k)
    MaxOffers,      \* bound: OFFERCHANNEL messages over the whole run
    MaxOpens,       \* bound: open attempts per channel object
    MaxUnloads,     \* bound: UNLOAD + reconnect cycles
    HostDuplicatesRescind,   \* the untrusted host may send a second RESCIND
    HostListensOn4, \* the host has a message port on connection 4 (see HostPorts)
    \* Variants; the correct protocol is FALSE, TRUE, TRUE, FALSE, TRUE.
    RescindOnOfferWorker,    \* H5: offers, rescinds and probe share one worker
    WakeOnRescind,           \* FALSE is H6: rescind does not wake the opener
    DedupRescind,            \* FALSE is H7: a duplicate RESCIND is handled again
    ReleaseBeforeUnmap,      \* H8: RELID_RELEASED sent before the relid is unmapped
    HostAnswersGpadlOnRevoked \* FALSE is H9: GPADL_HEADER after rescind dropped

ASSUME ConstantsOK ==
    /\ BootDevices \subseteq Devices
    /\ MaxSub \in Nat /\ GpadlBodies \in Nat
    /\ MaxOffers \in Nat /\ MaxOpens \in Nat /\ MaxUnloads \in Nat
    /\ GuestVersions \in Seq(Nat) /\ Len(GuestVersions) > 0
    /\ HostVersions \subseteq Nat
    /\ NoRelid \notin Relids
    /\ \A b \in {HostDuplicatesRescind, HostListensOn4, RescindOnOfferWorker, WakeOnRescind,
                  DedupRescind, ReleaseBeforeUnmap, HostAnswersGpadlOnRevoked} : b \in BOOLEAN

\* The guest's flavour where implementations diverge (a definition, so that a
\* cfg can override it: GpadlRescindFlavour <- MCLinuxFlavour).  A RESCIND that
\* meets a waiter for GPADL_CREATED or GPADL_TORNDOWN:
\*  "Openvmm": the waiter keeps waiting for the host's answer and the channel is
\*             released only after it (openvmm vmbus_client handle_rescind fails
\*             only an Opening request; revoked_channel_with_pending_request,
\*             9171c3f38).  It relies on the host answering every GPADL message
\*             after a revoke (openvmm 822d4d4b2; H9 is the host that does not).
\*  "Linux":   vmbus_rescind_cleanup completes every waiter of the channel, the
\*             GPADL ones included: vmbus_establish_gpadl returns -ENODEV and
\*             forgets the handle, vmbus_teardown_gpadl returns 0 ("so we don't
\*             leak memory"); late answers are discarded and the host drops the
\*             channel's GPADLs when the relid is released.
GpadlRescindFlavour == "Openvmm"
RescindWakes ==
    {"WaitOpen", "WaitSubs"} \cup
        (IF GpadlRescindFlavour = "Linux" THEN {"SendBodies", "WaitGpadl", "WaitTorndown"} ELSE {})

\* What the last field of VERSION_RESPONSE means before 5.0, where the two
\* implementations diverge (a definition; both flavours are checked):
\*  "Linux":   msg_conn_id, valid only from 5.0 (hyperv.h struct
\*             vmbus_channel_version_response: "On old hosts, we should always
\*             use VMBUS_MESSAGE_CONNECTION_ID"); an old host may leave 0 or 1.
\*  "Openvmm": selected_version_or_connection_id: the selected version before
\*             Win10Rs3_1 = 5.0, the connection id from it (vmbus_server
\*             channels.rs send_version_response).
\* From 5.0 both read it as the connection id for every later message.
VersionResponseFlavour == "Openvmm"
ModernVersion == 327680     \* VERSION_WIN10_V5 ((5 << 16) | 0): the field is a connection id
LegacyConnId == 1           \* VMBUS_MESSAGE_CONNECTION_ID, used before 5.0
ModernConnId == 4           \* the host's message connection id from 5.0 (VMBUS_MESSAGE_CONNECTION_ID_4)
IsModern(v) == v >= ModernVersion
\* The field a host writes for agreed version v.
VersionResponseConnIds(v) ==
    IF IsModern(v) THEN {ModernConnId}
    ELSE IF VersionResponseFlavour = "Openvmm" THEN {v} ELSE {0, LegacyConnId}
\* The connection id a host listens on after agreeing v.
HostConnIdFor(v) == IF IsModern(v) THEN ModernConnId ELSE LegacyConnId
\* TRUE: the guest adopts the field only from 5.0 and uses
\* VMBUS_MESSAGE_CONNECTION_ID before (Linux vmbus_negotiate_version, openvmm
\* vmbus_client's VMBUS_CONNECTION_ID_LEGACY); FALSE: a guest that adopts the
\* field whatever the version (a variant: correct against "Linux" hosts that
\* happen to write 1, wrong against "Openvmm").
GuestConnIdFromVersion == TRUE

\* Where INITIATE_CONTACT is posted: VMBUS_MESSAGE_CONNECTION_ID_4 from 5.0,
\* VMBUS_MESSAGE_CONNECTION_ID before (Linux vmbus_negotiate_version).
ContactConnId4 == 4
ContactConnId(v) == IF IsModern(v) THEN ContactConnId4 ELSE LegacyConnId
\* The host's message ports.  HostListensOn4 (a constant: the environment, set
\* by a trace's header) TRUE: openvmm's VTL0 vmbus_server registers
\* MULTICLIENT_MESSAGE_CONNECTION_ID (4) beside MESSAGE_CONNECTION_ID whatever
\* versions it accepts (vmbus_server lib.rs VmbusServerBuilder::build), and so
\* does a 5.0+ Hyper-V.  FALSE: a host older than 5.0, which accepts no
\* modern version: a pre-5.0 Hyper-V (Linux vmbus_post_msg: "on old hosts
\* that only support VMBus protocol 4.0 or lower, here we get
\* HV_STATUS_INVALID_CONNECTION_ID"), or QEMU, whose vmbus registers only
\* VMBUS_MESSAGE_CONNECTION_ID (hw/hyperv/vmbus.c vmbus_realize) and accepts
\* up to VMBUS_VERSION_WIN10 = 4.0; its hyperv_hcall_post_message returns
\* HV_STATUS_INVALID_CONNECTION_ID for a connection without a handler.
HostPorts == IF HostListensOn4 THEN {LegacyConnId, ContactConnId4} ELSE {LegacyConnId}

\* What the guest does when the post of INITIATE_CONTACT fails synchronously
\* (a definition; "NextVersion" is correct).  "NextVersion": Linux
\* vmbus_post_msg returns -EINVAL at once for INITIATE_CONTACT on
\* HV_STATUS_INVALID_CONNECTION_ID (any other message retries it as -EAGAIN),
\* vmbus_negotiate_version returns it, and vmbus_connect tries the next
\* version of vmbus_versions[] (only -ETIMEDOUT ends the loop; past the last
\* version, -EDOM).  "Fail": a guest that takes the failed post as fatal
\* (the connection fails although an older common version exists).  "Wait":
\* a guest that ignores the hypercall's status and waits for a VERSION_RESPONSE
\* that cannot come, since the message never reached the host.  Neither
\* variant is a known release of a guest we have the source of; they state
\* the two ways a post status can be mishandled.
GuestOnRejectedPost == "NextVersion"

\* The guest may reconnect without UNLOAD (a definition; FALSE in the models
\* that predate it): a kexec'd or kdump kernel, or firmware handing over to
\* an OS, sends INITIATE_CONTACT to a host that is still connected (openvmm
\* handle_initiate_contact: reset every channel, then reconnect).  Counted
\* with the UNLOADs in gUnloads (bound MaxUnloads).
KexecReconnects == FALSE

\* A guest wait may end in its timeout (a definition: FALSE in the models,
\* whose host always answers and whose liveness counts on it; TRUE for traces
\* of real-thread runs, whose waits run in real time).  Linux
\* vmbus_negotiate_version waited 5 s for VERSION_RESPONSE
\* (wait_for_completion_timeout); -ETIMEDOUT ends vmbus_connect.
GuestMayTimeOut == FALSE

\* What the guest does with the ring GPADL's memory when a driver wait times
\* out (a definition; FALSE is correct).  The host may still create, use or
\* hold the GPADL (its answer may only be late), so the guest keeps the pages
\* out of use: it leaks them, as Linux vmbus_close_internal does when
\* vmbus_teardown_gpadl fails ("it is perhaps better to leak memory"), and
\* after an OPENCHANNEL timeout it closes the channel and tears the GPADL
\* down.  TRUE is the bug: the memory is freed at once, as Linux vmbus_open
\* did in 3.x when its wait_for_completion_timeout(&open_info->waitevent,
\* 5*HZ) ran out (-ETIMEDOUT, error0: free_pages of the ring, no CLOSECHANNEL
\* and no GPADL_TEARDOWN), while the OPENCHANNEL was still queued for the host.
TimeoutFreesGpadl == FALSE
\* What a wait's timeout leaves of a GPADL the host may hold: leaked (kept out of
\* use for good), or, in the TimeoutFreesGpadl variant, freed.
TimedOutGpadl == IF TimeoutFreesGpadl THEN "None" ELSE "Leaked"

Keys == Devices \X (0..MaxSub)          \* <<device, sub_channel_index>>
IsPrimary(k) == k[2] = 0
PrimaryKey(d) == <<d, 0>>
Inst == 1..MaxOffers                     \* channel objects, one per offer

VARIABLES
    \* transport
    h2g,        \* host -> guest messages (SynIC slot, abstracted to a FIFO)
    g2h,        \* guest -> host messages (posted in order)
    \* guest
    gConn,      \* bus state: Disconnected | Contacting | Connected | Unloading | Failed
    gVerIdx,    \* index in GuestVersions of the version being proposed
    gBusReply,  \* reply recorded for the bus waiter: None | Yes | No | Rejected (the post failed)
    gReqSent,   \* REQUESTOFFERS sent on this connection
    gAllOffers, \* ALLOFFERS_DELIVERED received on this connection
    gUnloads,   \* UNLOADs sent (and, with KexecReconnects, reconnects without UNLOAD) so far
    gConnId,    \* the message connection id the guest posts on after VERSION_RESPONSE
    gCh,        \* gCh[i]: guest channel object i (see NoChannel)
    gWork,      \* H5 only: the serialized offer/rescind worker's queue
    gWorker,    \* H5 only: the object whose probe holds the worker (0: idle)
    \* host
    hConn,      \* Disconnected | Connected | Offering | Ready
    hBoot,      \* boot devices not yet offered on this connection
    hRel,       \* hRel[r]: the host's record of relid r
    hGpadl,     \* hGpadl[i]: the host's view of GPADL handle i: None | Partial | Created
    hGpadlLeft, \* bodies still expected for a Partial GPADL
    hSubReq,    \* hSubReq[d]: sub-channel request on d's ring: None | Requested | Completed
    hNextInst,  \* channel objects offered so far
    hRestarts   \* the VMM's save/restart/restore cycles so far (HostRestarts; never in Next)

transportVars == <<h2g, g2h>>
guestVars == <<gConn, gVerIdx, gBusReply, gReqSent, gAllOffers, gUnloads, gConnId, gCh, gWork, gWorker>>
hostVars == <<hConn, hBoot, hRel, hGpadl, hGpadlLeft, hSubReq, hNextInst, hRestarts>>
vars == <<transportVars, guestVars, hostVars>>

\* A guest channel object.  st: None (never offered) | Closed (offer processed, openable;
\* Linux CHANNEL_OPEN_STATE) | Opening | Opened | Free (released or wiped).
\* op: the driver context's program counter.  woken: the reply recorded for the waiter.
\* remove: removal work items queued for the object (device unregister).
NoChannel ==
    [st |-> "None", relid |-> NoRelid, key |-> NoKey, mapped |-> FALSE, rescind |-> FALSE,
     gpadl |-> "None", bodies |-> 0, op |-> "Idle", woken |-> "No", opens |-> 0,
     opened |-> FALSE, remove |-> 0, subReq |-> FALSE]

Ops == {"Idle", "SendBodies", "WaitGpadl", "SendOpen", "WaitOpen", "Teardown",
        "WaitTorndown", "WaitSubs", "Release", "Unmap"}
Waits == {"WaitGpadl", "WaitOpen", "WaitTorndown", "WaitSubs"}

HostFree == [st |-> "Free", key |-> NoKey, inst |-> 0, dup |-> FALSE]

Msg(t) == [type |-> t]
G2HMsgs ==
    [type : {"InitiateContact"}, version : Nat] \cup
    [type : {"RequestOffers", "Unload"}] \cup
    [type : {"GpadlHeader"}, relid : Relids, gpadl : Inst, bodies : Nat] \cup
    [type : {"GpadlBody"}, gpadl : Inst] \cup
    [type : {"OpenChannel", "CloseChannel", "RelidReleased"}, relid : Relids] \cup
    [type : {"GpadlTeardown"}, relid : Relids, gpadl : Inst]
H2GMsgs ==
    [type : {"VersionResponse"}, supported : BOOLEAN, connId : Nat] \cup
    [type : {"AllOffersDelivered", "UnloadResponse"}] \cup
    [type : {"OfferChannel"}, key : Keys, relid : Relids, inst : Inst] \cup
    [type : {"GpadlCreated"}, relid : Relids, gpadl : Inst, ok : BOOLEAN] \cup
    [type : {"OpenChannelResult"}, relid : Relids, ok : BOOLEAN] \cup
    [type : {"GpadlTorndown"}, gpadl : Inst] \cup
    [type : {"RescindChannelOffer"}, relid : Relids]

TypeOK ==
    /\ h2g \in Seq(H2GMsgs)
    /\ g2h \in Seq(G2HMsgs)
    /\ gConn \in {"Disconnected", "Contacting", "Connected", "Unloading", "Failed"}
    /\ gVerIdx \in 1..Len(GuestVersions)
    /\ gBusReply \in {"None", "Yes", "No", "Rejected"}
    /\ gReqSent \in BOOLEAN /\ gAllOffers \in BOOLEAN
    /\ gUnloads \in 0..MaxUnloads /\ gConnId \in Nat
    /\ \A i \in Inst :
        /\ gCh[i].st \in {"None", "Closed", "Opening", "Opened", "Free"}
        /\ gCh[i].relid \in Relids \cup {NoRelid} /\ gCh[i].key \in Keys \cup {NoKey}
        /\ gCh[i].mapped \in BOOLEAN /\ gCh[i].rescind \in BOOLEAN
        /\ gCh[i].gpadl \in {"None", "Creating", "Created", "TearingDown", "Leaked"}
        /\ gCh[i].bodies \in 0..GpadlBodies /\ gCh[i].op \in Ops
        /\ gCh[i].woken \in {"No", "Ok", "Fail", "Rescind"}
        /\ gCh[i].opens \in 0..MaxOpens /\ gCh[i].opened \in BOOLEAN
        /\ gCh[i].remove \in Nat /\ gCh[i].subReq \in BOOLEAN
    /\ DOMAIN gCh = Inst
    /\ gWork \in Seq(H2GMsgs)
    /\ gWorker \in 0..MaxOffers
    /\ hConn \in {"Disconnected", "Connected", "Offering", "Ready"}
    /\ hBoot \subseteq BootDevices
    /\ hRel \in [Relids -> [st : {"Free", "Offered", "Open", "Revoked"},
                            key : Keys \cup {NoKey}, inst : 0..MaxOffers, dup : BOOLEAN]]
    /\ hGpadl \in [Inst -> {"None", "Partial", "Created"}]
    /\ hGpadlLeft \in [Inst -> 0..GpadlBodies]
    /\ hSubReq \in [Devices -> {"None", "Requested", "Completed"}]
    /\ hNextInst \in 0..MaxOffers
    /\ hRestarts \in Nat

Init ==
    /\ h2g = <<>> /\ g2h = <<>>
    /\ gConn = "Disconnected" /\ gVerIdx = 1 /\ gBusReply = "None"
    /\ gReqSent = FALSE /\ gAllOffers = FALSE /\ gUnloads = 0 /\ gConnId = LegacyConnId
    /\ gCh = [i \in Inst |-> NoChannel]
    /\ gWork = <<>> /\ gWorker = 0
    /\ hConn = "Disconnected" /\ hBoot = {}
    /\ hRel = [r \in Relids |-> HostFree]
    /\ hGpadl = [i \in Inst |-> "None"] /\ hGpadlLeft = [i \in Inst |-> 0]
    /\ hSubReq = [d \in Devices |-> "None"]
    /\ hNextInst = 0
    /\ hRestarts = 0

-----------------------------------------------------------------------------
(* Helpers *)

\* A GPADL the Linux guest gave up on after a rescind (the host may still hold it).
Abandoned(i) == GpadlRescindFlavour = "Linux" /\ gCh[i].rescind
Live(i) == gCh[i].st \in {"Closed", "Opening", "Opened"}
\* The guest's relid map (Linux relid2channel): objects mapped at relid r.
MappedAt(r) == {i \in Inst : gCh[i].mapped /\ gCh[i].relid = r}
\* The live primary object of device d on the guest (a set: empty or one).
GuestPrimary(d) == {i \in Inst : Live(i) /\ gCh[i].key = PrimaryKey(d)}
GuestSubs(d) == {i \in Inst : Live(i) /\ gCh[i].key[1] = d /\ ~IsPrimary(gCh[i].key)}
\* Relid the host has bound to key k (a set: empty or one).
HostRelidOf(k) == {r \in Relids : hRel[r].st # "Free" /\ hRel[r].key = k}
HostOpenPrimary(d) == {r \in Relids : hRel[r].st = "Open" /\ hRel[r].key = PrimaryKey(d)}

SetCh(i, c) == gCh' = [gCh EXCEPT ![i] = c]
SendG2H(m) == g2h' = Append(g2h, m)
SendH2G(m) == h2g' = Append(h2g, m)

-----------------------------------------------------------------------------
(* Guest bus context: version negotiation, REQUESTOFFERS, UNLOAD (L-conn, L-mgmt) *)

GuestSendsInitiateContact ==
    /\ gConn = "Disconnected"
    /\ ContactConnId(GuestVersions[gVerIdx]) \in HostPorts    \* HvPostMessage succeeds
    /\ gConn' = "Contacting"
    /\ SendG2H([type |-> "InitiateContact", version |-> GuestVersions[gVerIdx]])
    /\ UNCHANGED <<h2g, gVerIdx, gBusReply, gReqSent, gAllOffers, gUnloads, gConnId, gCh, gWork, gWorker, hostVars>>

\* The negotiation waiter wakes: adopt the version or try the next older one.
GuestWakesFromVersionResponse ==
    /\ gConn = "Contacting" /\ gBusReply \in {"Yes", "No"}
    /\ gBusReply' = "None"
    /\ IF gBusReply = "Yes"
         THEN gConn' = "Connected" /\ UNCHANGED gVerIdx
         ELSE IF gVerIdx < Len(GuestVersions)
                THEN gConn' = "Disconnected" /\ gVerIdx' = gVerIdx + 1
                ELSE gConn' = "Failed" /\ UNCHANGED gVerIdx
    /\ UNCHANGED <<transportVars, gReqSent, gAllOffers, gUnloads, gConnId, gCh, gWork, gWorker, hostVars>>

\* The guest's post of a 5.0+ INITIATE_CONTACT on connection 4 fails: the
\* host has no port there, so the hypercall returns
\* HV_STATUS_INVALID_CONNECTION_ID to the guest in the same step and the
\* message never reaches the host (g2h unchanged).  The guest is inside its
\* negotiation (Contacting) with the post's status recorded; with the "Wait"
\* variant it drops the status and waits for a VERSION_RESPONSE.
HostRejectsPostOnConnection4 ==
    /\ gConn = "Disconnected"
    /\ ContactConnId(GuestVersions[gVerIdx]) = ContactConnId4
    /\ ContactConnId4 \notin HostPorts
    /\ gConn' = "Contacting"
    /\ gBusReply' = IF GuestOnRejectedPost = "Wait" THEN "None" ELSE "Rejected"
    /\ UNCHANGED <<transportVars, gVerIdx, gReqSent, gAllOffers, gUnloads, gConnId, gCh, gWork, gWorker, hostVars>>

\* vmbus_negotiate_version returns the post's error and vmbus_connect tries
\* the next older version, or fails past the last one.  Nothing is waited
\* for: no VERSION_RESPONSE will come for a message the host never got.
GuestFallsBackAfterRejectedPost ==
    /\ gConn = "Contacting" /\ gBusReply = "Rejected"
    /\ gBusReply' = "None"
    /\ IF GuestOnRejectedPost = "NextVersion" /\ gVerIdx < Len(GuestVersions)
         THEN gConn' = "Disconnected" /\ gVerIdx' = gVerIdx + 1
         ELSE gConn' = "Failed" /\ UNCHANGED gVerIdx
    /\ UNCHANGED <<transportVars, gReqSent, gAllOffers, gUnloads, gConnId, gCh, gWork, gWorker, hostVars>>

\* The negotiation waiter's timeout ends its wait while it is outstanding:
\* Contacting and no reply recorded for it (once the dispatcher has recorded
\* the VERSION_RESPONSE, the waiter wakes with it instead).  The connection
\* fails and no older version is tried (vmbus_connect: -ETIMEDOUT goes to
\* cleanup); a VERSION_RESPONSE that comes later is not Expected and is
\* discarded (GuestDiscardsMessage).  A host that answers late or never is
\* one a guest must survive, not a protocol error of the guest.
GuestTimesOut ==
    /\ GuestMayTimeOut
    /\ gConn = "Contacting" /\ gBusReply = "None"
    /\ gConn' = "Failed"
    /\ UNCHANGED <<transportVars, gVerIdx, gBusReply, gReqSent, gAllOffers, gUnloads, gConnId, gCh, gWork, gWorker,
                   hostVars>>

\* The UNLOAD_RESPONSE wait's timeout ends it while it is outstanding
\* (Unloading: the response has not been taken).  Linux vmbus_wait_for_unload
\* polls for it up to 100 s, then the kexec or shutdown goes on
\* (vmbus_initiate_unload).  The guest forgets the connection, but the host
\* may not have handled the UNLOAD yet and may still hold, and write, every
\* GPADL of it: the pages of every GPADL the guest had (or gave up at a rescind)
\* are withheld (TimedOutGpadl); a late UNLOAD_RESPONSE is discarded, and a
\* reconnect's INITIATE_CONTACT is queued behind the UNLOAD, which the host
\* handles first.
LeakedChannels ==
    [i \in Inst |-> IF gCh[i].st = "None" THEN gCh[i]
                   ELSE [NoChannel EXCEPT !.st = "Free", !.key = gCh[i].key, !.relid = gCh[i].relid,
                            !.gpadl = IF gCh[i].gpadl = "None" /\ ~Abandoned(i) THEN "None" ELSE TimedOutGpadl]]
GuestTimesOutWaitingForUnloadResponse ==
    /\ GuestMayTimeOut /\ gConn = "Unloading"
    /\ gConn' = "Disconnected" /\ gVerIdx' = 1
    /\ gReqSent' = FALSE /\ gAllOffers' = FALSE
    /\ gCh' = LeakedChannels /\ gWork' = <<>> /\ gWorker' = 0
    /\ UNCHANGED <<transportVars, gBusReply, gUnloads, gConnId, hostVars>>

\* vmbus_bus_init: once per connection (1.12.1).
GuestSendsRequestOffers ==
    /\ gConn = "Connected" /\ ~gReqSent
    /\ gReqSent' = TRUE
    /\ SendG2H(Msg("RequestOffers"))
    /\ UNCHANGED <<h2g, gConn, gVerIdx, gBusReply, gAllOffers, gUnloads, gConnId, gCh, gWork, gWorker, hostVars>>

\* vmbus_initiate_unload: may happen at any moment (kexec, crash); driver contexts stop.
GuestSendsUnload ==
    /\ gConn = "Connected" /\ gUnloads < MaxUnloads
    /\ gConn' = "Unloading" /\ gUnloads' = gUnloads + 1
    /\ SendG2H(Msg("Unload"))
    /\ UNCHANGED <<h2g, gVerIdx, gBusReply, gReqSent, gAllOffers, gConnId, gCh, gWork, gWorker, hostVars>>

\* A kexec'd or kdump kernel (or an OS after firmware) reconnects without
\* UNLOAD: it starts with no channel state and a fresh SynIC message page, so
\* messages queued for the old kernel are gone; what the old kernel posted
\* still reaches the host, which resets when the new INITIATE_CONTACT arrives
\* (HostSendsVersionResponse).  Linux: a kernel booted by kexec or kdump runs
\* vmbus_connect again (vmbus_bus_init); the panic path may skip or time out
\* its UNLOAD (vmbus_initiate_unload, vmbus_wait_for_unload).
\* Only from a connected state: a kernel replaced while Contacting leaves its
\* INITIATE_CONTACT queued, and the new kernel takes the answer to it for the
\* answer to its own (VERSION_RESPONSE names no version from 5.0), which TLC
\* shows breaks VersionFirstInv in 13 steps: the protocol has no defence
\* there, so the model leaves that window out (docs/specs/environment.md).
FreedChannels ==
    [i \in Inst |-> IF gCh[i].st = "None" THEN gCh[i]
                   ELSE [NoChannel EXCEPT !.st = "Free", !.key = gCh[i].key, !.relid = gCh[i].relid]]
GuestKexecs ==
    /\ KexecReconnects /\ gConn = "Connected" /\ gUnloads < MaxUnloads
    /\ gConn' = "Disconnected" /\ gVerIdx' = 1 /\ gBusReply' = "None" /\ gUnloads' = gUnloads + 1
    /\ gReqSent' = FALSE /\ gAllOffers' = FALSE
    /\ gCh' = FreedChannels /\ gWork' = <<>> /\ gWorker' = 0
    /\ h2g' = <<>>
    /\ UNCHANGED <<g2h, gConnId, hostVars>>

-----------------------------------------------------------------------------
(* Guest dispatch context: one h2g message per step, never blocks (L-drv vmbus_on_msg_dpc) *)

NewChannel(m) ==
    [NoChannel EXCEPT !.st = "Closed", !.relid = m.relid, !.key = m.key, !.mapped = TRUE]

\* vmbus_onoffer_rescind + vmbus_rescind_cleanup: mark, wake the opener, queue removal.
\* With DedupRescind (rescind_ref, Linux e4d221b42354) a second RESCIND is ignored.
HandleRescind(r) ==
    IF MappedAt(r) = {} THEN UNCHANGED gCh    \* already released: nothing to do
    ELSE LET i == CHOOSE j \in MappedAt(r) : TRUE
             c == gCh[i]
         IN IF c.rescind /\ DedupRescind THEN UNCHANGED gCh
            ELSE SetCh(i, [c EXCEPT !.rescind = TRUE, !.remove = c.remove + 1,
                            !.woken = IF WakeOnRescind /\ c.op \in RescindWakes
                                         /\ c.woken = "No" THEN "Rescind" ELSE c.woken])

DispatchFrame == UNCHANGED <<g2h, gVerIdx, gReqSent, gUnloads, gConnId, hostVars>>

GuestReceivesVersionResponse ==
    /\ h2g # <<>> /\ Head(h2g).type = "VersionResponse" /\ gConn = "Contacting"
    /\ gBusReply' = IF Head(h2g).supported THEN "Yes" ELSE "No"
    \* msg_conn_id from 5.0; VMBUS_MESSAGE_CONNECTION_ID before (GuestConnIdFromVersion)
    /\ gConnId' = IF ~Head(h2g).supported THEN gConnId
                  ELSE IF IsModern(GuestVersions[gVerIdx]) \/ ~GuestConnIdFromVersion THEN Head(h2g).connId
                  ELSE LegacyConnId
    /\ h2g' = Tail(h2g)
    /\ UNCHANGED <<g2h, gVerIdx, gReqSent, gUnloads, hostVars>>
    /\ UNCHANGED <<gConn, gAllOffers, gCh, gWork, gWorker>>

GuestReceivesAllOffersDelivered ==
    /\ h2g # <<>> /\ Head(h2g).type = "AllOffersDelivered" /\ gConn = "Connected"
    /\ gReqSent /\ ~gAllOffers  \* the answer to our REQUESTOFFERS, once per connection
    /\ gAllOffers' = TRUE
    /\ h2g' = Tail(h2g)
    /\ DispatchFrame /\ UNCHANGED <<gConn, gBusReply, gCh, gWork, gWorker>>

\* vmbus_onoffer/vmbus_process_offer: new object, relid mapped, ready for probe.
\* In the H5 variant the worker does this and the probe's open runs on the worker.
GuestReceivesOffer ==
    \/ /\ ~RescindOnOfferWorker
       /\ h2g # <<>> /\ Head(h2g).type = "OfferChannel" /\ gConn = "Connected"
       /\ SetCh(Head(h2g).inst, NewChannel(Head(h2g)))
       /\ h2g' = Tail(h2g)
       /\ UNCHANGED <<gWork, gWorker>>
    \/ /\ RescindOnOfferWorker
       /\ gWork # <<>> /\ Head(gWork).type = "OfferChannel" /\ gWorker = 0 /\ gConn = "Connected"
       /\ SetCh(Head(gWork).inst, NewChannel(Head(gWork)))
       /\ gWork' = Tail(gWork) /\ gWorker' = Head(gWork).inst
       /\ UNCHANGED h2g
    /\ DispatchFrame /\ UNCHANGED <<gConn, gBusReply, gAllOffers>>

GuestReceivesRescind ==
    \/ /\ ~RescindOnOfferWorker
       /\ h2g # <<>> /\ Head(h2g).type = "RescindChannelOffer" /\ gConn = "Connected"
       /\ HandleRescind(Head(h2g).relid)
       /\ h2g' = Tail(h2g)
       /\ UNCHANGED <<gWork, gWorker>>
    \/ /\ RescindOnOfferWorker
       /\ gWork # <<>> /\ Head(gWork).type = "RescindChannelOffer" /\ gWorker = 0
       /\ gConn = "Connected"
       /\ HandleRescind(Head(gWork).relid)
       /\ gWork' = Tail(gWork)
       /\ UNCHANGED <<h2g, gWorker>>
    /\ DispatchFrame /\ UNCHANGED <<gConn, gBusReply, gAllOffers>>

\* H5: the dispatcher hands offers and rescinds to one ordered worker (pre-2017 Linux).
GuestQueuesWork ==
    /\ RescindOnOfferWorker
    /\ h2g # <<>> /\ Head(h2g).type \in {"OfferChannel", "RescindChannelOffer"}
    /\ gConn = "Connected"
    /\ gWork' = Append(gWork, Head(h2g))
    /\ h2g' = Tail(h2g)
    /\ DispatchFrame /\ UNCHANGED <<gConn, gBusReply, gAllOffers, gCh, gWorker>>

\* Replies are matched like chn_msg_list: GPADL_CREATED by (relid, gpadl).
GpadlCreatedMatches(m) ==
    /\ gCh[m.gpadl].mapped /\ gCh[m.gpadl].relid = m.relid
    /\ gCh[m.gpadl].gpadl = "Creating" /\ gCh[m.gpadl].op = "WaitGpadl"
GuestReceivesGpadlCreated ==
    /\ h2g # <<>> /\ Head(h2g).type = "GpadlCreated" /\ gConn = "Connected"
    /\ GpadlCreatedMatches(Head(h2g))
    /\ LET m == Head(h2g) c == gCh[m.gpadl] IN
        SetCh(m.gpadl, [c EXCEPT !.gpadl = IF m.ok THEN "Created" ELSE "None",
                                 !.woken = IF m.ok THEN "Ok" ELSE "Fail"])
    /\ h2g' = Tail(h2g)
    /\ DispatchFrame /\ UNCHANGED <<gConn, gBusReply, gAllOffers, gWork, gWorker>>

\* OPENCHANNEL_RESULT by (relid, openid = relid).
OpenResultTarget(m) == {i \in MappedAt(m.relid) : gCh[i].op = "WaitOpen" /\ gCh[i].woken = "No"}
GuestReceivesOpenChannelResult ==
    /\ h2g # <<>> /\ Head(h2g).type = "OpenChannelResult" /\ gConn = "Connected"
    /\ OpenResultTarget(Head(h2g)) # {}
    /\ LET m == Head(h2g) i == CHOOSE j \in OpenResultTarget(m) : TRUE IN
        SetCh(i, [gCh[i] EXCEPT !.woken = IF m.ok THEN "Ok" ELSE "Fail"])
    /\ h2g' = Tail(h2g)
    /\ DispatchFrame /\ UNCHANGED <<gConn, gBusReply, gAllOffers, gWork, gWorker>>

\* GPADL_TORNDOWN by gpadl only.
GuestReceivesGpadlTorndown ==
    /\ h2g # <<>> /\ Head(h2g).type = "GpadlTorndown" /\ gConn = "Connected"
    /\ gCh[Head(h2g).gpadl].gpadl = "TearingDown"
    /\ LET i == Head(h2g).gpadl IN SetCh(i, [gCh[i] EXCEPT !.gpadl = "None", !.woken = "Ok"])
    /\ h2g' = Tail(h2g)
    /\ DispatchFrame /\ UNCHANGED <<gConn, gBusReply, gAllOffers, gWork, gWorker>>

\* After UNLOAD_RESPONSE nothing of the connection survives (1.7, 1.12.9).
GuestReceivesUnloadResponse ==
    /\ h2g # <<>> /\ Head(h2g).type = "UnloadResponse" /\ gConn = "Unloading"
    /\ gConn' = "Disconnected" /\ gVerIdx' = 1
    /\ gReqSent' = FALSE /\ gAllOffers' = FALSE
    /\ gCh' = FreedChannels
    /\ gWork' = <<>> /\ gWorker' = 0
    /\ h2g' = Tail(h2g)
    /\ UNCHANGED <<g2h, gBusReply, gUnloads, gConnId, hostVars>>

\* A reply nobody waits for (late, after rescind, or while unloading) is dropped,
\* as Linux does when no msginfo matches; the host is untrusted.
Expected(m) ==
    CASE m.type = "VersionResponse" -> gConn = "Contacting"
      [] m.type = "UnloadResponse" -> gConn = "Unloading"
      [] m.type = "AllOffersDelivered" -> gConn = "Connected" /\ gReqSent /\ ~gAllOffers
      [] m.type \in {"OfferChannel", "RescindChannelOffer"} -> gConn = "Connected"
      [] m.type = "GpadlCreated" -> gConn = "Connected" /\ GpadlCreatedMatches(m)
      [] m.type = "OpenChannelResult" -> gConn = "Connected" /\ OpenResultTarget(m) # {}
      [] m.type = "GpadlTorndown" -> gConn = "Connected" /\ gCh[m.gpadl].gpadl = "TearingDown"
GuestDiscardsMessage ==
    /\ h2g # <<>> /\ ~Expected(Head(h2g))
    /\ h2g' = Tail(h2g)
    /\ DispatchFrame /\ UNCHANGED <<gConn, gBusReply, gAllOffers, gCh, gWork, gWorker>>

-----------------------------------------------------------------------------
(* Guest driver context of channel object i: open (__vmbus_open), close            *)
(* (vmbus_close_internal), sub-channel request, removal (hv_process_channel_removal). *)

DriverFrame == UNCHANGED <<h2g, gConn, gVerIdx, gBusReply, gReqSent, gAllOffers, gUnloads, gConnId, gWork, hostVars>>

\* A sub-channel may be opened only while its primary is open (sc_creation_callback).
PrimaryUsable(i) ==
    IsPrimary(gCh[i].key) \/
    \E p \in GuestPrimary(gCh[i].key[1]) : gCh[p].st = "Opened" /\ ~gCh[p].rescind

\* Open starts with the ring GPADL: the header, then k bodies back to back.
GuestSendsGpadlHeader(i) ==
    LET c == gCh[i] IN
    /\ gConn = "Connected" /\ c.st = "Closed" /\ c.op = "Idle" /\ c.gpadl = "None"
    /\ ~c.rescind /\ c.opens < MaxOpens /\ PrimaryUsable(i)
    /\ SetCh(i, [c EXCEPT !.st = "Opening", !.gpadl = "Creating", !.opens = c.opens + 1,
                         !.bodies = GpadlBodies,
                         !.op = IF GpadlBodies > 0 THEN "SendBodies" ELSE "WaitGpadl"])
    /\ SendG2H([type |-> "GpadlHeader", relid |-> c.relid, gpadl |-> i, bodies |-> GpadlBodies])
    /\ DriverFrame /\ UNCHANGED gWorker

GuestSendsGpadlBody(i) ==
    LET c == gCh[i] IN
    /\ gConn = "Connected" /\ c.op = "SendBodies"
    /\ SetCh(i, [c EXCEPT !.bodies = c.bodies - 1,
                         !.op = IF c.bodies = 1 THEN "WaitGpadl" ELSE "SendBodies"])
    /\ SendG2H([type |-> "GpadlBody", gpadl |-> i])
    /\ DriverFrame /\ UNCHANGED gWorker

\* The host answers every GPADL_HEADER, even after a rescind (1.6), so rescind does not
\* wake this waiter: the object must not be released while the GPADL is in flight (H6,
\* openvmm 9171c3f38).
GuestWakesFromGpadlCreated(i) ==
    LET c == gCh[i] IN
    /\ gConn = "Connected" /\ c.op = "WaitGpadl" /\ c.woken # "No"
    /\ SetCh(i, IF c.woken = "Ok"
                  THEN [c EXCEPT !.woken = "No", !.op = "SendOpen"]
                  ELSE [c EXCEPT !.woken = "No", !.op = "Idle", !.st = "Closed",
                                 !.gpadl = IF c.woken = "Rescind" THEN "None" ELSE c.gpadl])
    /\ UNCHANGED g2h /\ DriverFrame /\ UNCHANGED gWorker

\* __vmbus_open checks channel->rescind before posting; a rescinded open tears down.
GuestSendsOpenChannel(i) ==
    LET c == gCh[i] IN
    /\ gConn = "Connected" /\ c.op = "SendOpen" /\ ~c.rescind
    /\ SetCh(i, [c EXCEPT !.op = "WaitOpen"])
    /\ SendG2H([type |-> "OpenChannel", relid |-> c.relid])
    /\ DriverFrame /\ UNCHANGED gWorker

\* Woken by the result or by the rescind.  Success needs status 0 and no rescind.
GuestWakesFromOpenChannelResult(i) ==
    LET c == gCh[i] IN
    /\ gConn = "Connected" /\ c.op = "WaitOpen" /\ c.woken # "No"
    /\ SetCh(i, IF c.woken = "Ok" /\ ~c.rescind
                  THEN [c EXCEPT !.woken = "No", !.op = "Idle", !.st = "Opened", !.opened = TRUE]
                  ELSE [c EXCEPT !.woken = "No", !.op = "Teardown", !.st = "Closed"])
    /\ UNCHANGED g2h /\ DriverFrame /\ UNCHANGED gWorker

\* vmbus_close_internal: no reply exists; sub-channels are closed before the primary (1.12.8).
GuestSendsCloseChannel(i) ==
    LET c == gCh[i] IN
    /\ gConn = "Connected" /\ c.st = "Opened" /\ c.op = "Idle"
    /\ IsPrimary(c.key) => \A s \in GuestSubs(c.key[1]) : gCh[s].st \notin {"Opening", "Opened"}
    /\ SetCh(i, [c EXCEPT !.st = "Closed", !.op = "Teardown"])
    /\ SendG2H([type |-> "CloseChannel", relid |-> c.relid])
    /\ DriverFrame /\ UNCHANGED gWorker

\* The ring GPADL goes after the close (1.12.7), also when the open failed or was
\* rescinded before OPENCHANNEL was posted.
GuestSendsGpadlTeardown(i) ==
    LET c == gCh[i] IN
    /\ gConn = "Connected"
    /\ c.op = "Teardown" \/ (c.op = "SendOpen" /\ c.rescind)
    /\ c.gpadl = "Created"
    /\ SetCh(i, [c EXCEPT !.gpadl = "TearingDown", !.op = "WaitTorndown", !.st = "Closed"])
    /\ SendG2H([type |-> "GpadlTeardown", relid |-> c.relid, gpadl |-> i])
    /\ DriverFrame /\ UNCHANGED gWorker

GuestWakesFromGpadlTorndown(i) ==
    LET c == gCh[i] IN
    /\ gConn = "Connected" /\ c.op = "WaitTorndown" /\ c.woken # "No"
    /\ SetCh(i, [c EXCEPT !.woken = "No", !.op = "Idle",
                         !.gpadl = IF c.woken = "Rescind" THEN "None" ELSE c.gpadl])
    /\ UNCHANGED g2h /\ DriverFrame /\ UNCHANGED gWorker

\* A device message on the primary's ring (storvsc CREATE_SUB_CHANNELS, netvsc
\* SUBCHANNEL); the ring is a FIFO proven elsewhere, so it is delivered in one step.
GuestRequestsSubChannels(i) ==
    LET c == gCh[i] IN
    /\ gConn = "Connected" /\ MaxSub > 0 /\ c.st = "Opened" /\ IsPrimary(c.key)
    /\ c.op = "Idle" /\ ~c.subReq /\ ~c.rescind
    /\ SetCh(i, [c EXCEPT !.op = "WaitSubs", !.subReq = TRUE])
    /\ hSubReq' = [hSubReq EXCEPT ![c.key[1]] = "Requested"]
    /\ UNCHANGED <<transportVars, gConn, gVerIdx, gBusReply, gReqSent, gAllOffers, gUnloads, gConnId,
                   gWork, gWorker, hConn, hBoot, hRel, hGpadl, hGpadlLeft, hNextInst, hRestarts>>

\* Woken by the completion in the primary's ring, or by the rescind.  The offers of the
\* sub-channels are independent of it and may come before or after (1.9).
GuestWakesFromSubChannelRequest(i) ==
    LET c == gCh[i] IN
    /\ gConn = "Connected" /\ c.op = "WaitSubs"
    /\ hSubReq[c.key[1]] = "Completed" \/ c.woken = "Rescind"
    /\ SetCh(i, [c EXCEPT !.woken = "No", !.op = "Idle"])
    /\ UNCHANGED g2h /\ DriverFrame /\ UNCHANGED gWorker

\* The sub-channel wait's timeout ends it while it is outstanding: no
\* completion on the primary's ring and no rescind woke it (storvsc
\* handle_multichannel_storage waits 10 s, then goes on with the primary;
\* netvsc goes on with the channels it has).  The request stays made
\* (subReq), so a completion that comes later has no waiter; the offers of
\* the sub-channels are independent of it and may still come (1.9).
GuestTimesOutOnSubChannels(i) ==
    LET c == gCh[i] IN
    /\ GuestMayTimeOut
    /\ gConn = "Connected" /\ c.op = "WaitSubs"
    /\ hSubReq[c.key[1]] # "Completed" /\ c.woken # "Rescind"
    /\ SetCh(i, [c EXCEPT !.op = "Idle"])
    /\ UNCHANGED g2h /\ DriverFrame /\ UNCHANGED gWorker

\* The GPADL_CREATED wait's timeout ends it while it is outstanding (no answer
\* and no rescind recorded for the waiter).  The open fails; the GPADL_HEADER
\* may still be queued for the host, which then creates the GPADL, so the
\* pages stay withheld (TimedOutGpadl) and the object is never reopened
\* (GuestSendsGpadlHeader needs no GPADL); a late GPADL_CREATED is discarded.
\* Linux vmbus_establish_gpadl waits without a bound (wait_for_completion);
\* the Java guest bounds it (GuestTimeouts.gpadlNanos).
GuestTimesOutWaitingForGpadlCreated(i) ==
    LET c == gCh[i] IN
    /\ GuestMayTimeOut
    /\ gConn = "Connected" /\ c.op = "WaitGpadl" /\ c.woken = "No"
    /\ SetCh(i, [c EXCEPT !.op = "Idle", !.st = "Closed", !.gpadl = TimedOutGpadl])
    /\ UNCHANGED g2h /\ DriverFrame /\ UNCHANGED gWorker

\* The OPENCHANNEL_RESULT wait's timeout ends it while it is outstanding.  The
\* OPENCHANNEL may still be queued, so the host may yet open the channel on
\* the ring GPADL: the guest closes it (CLOSECHANNEL, handled after the
\* OPENCHANNEL in posting order) and then tears the GPADL down (Teardown), as
\* vmbus_close_internal does for an open channel; a late OPENCHANNEL_RESULT is
\* discarded.  Linux vmbus_open bounded this wait by 5 s in 3.x and freed the
\* ring on -ETIMEDOUT without either message (TimeoutFreesGpadl).
GuestTimesOutWaitingForOpenChannelResult(i) ==
    LET c == gCh[i] IN
    /\ GuestMayTimeOut
    /\ gConn = "Connected" /\ c.op = "WaitOpen" /\ c.woken = "No"
    /\ IF TimeoutFreesGpadl
         THEN /\ SetCh(i, [c EXCEPT !.op = "Idle", !.st = "Closed", !.gpadl = "None"])
              /\ UNCHANGED g2h
         ELSE /\ SetCh(i, [c EXCEPT !.op = "Teardown", !.st = "Closed"])
              /\ SendG2H([type |-> "CloseChannel", relid |-> c.relid])
    /\ DriverFrame /\ UNCHANGED gWorker

\* The GPADL_TORNDOWN wait's timeout ends it while it is outstanding.  The host
\* may still hold (and write) the GPADL, so its pages are leaked
\* (TimedOutGpadl), as vmbus_close_internal leaks them when
\* vmbus_teardown_gpadl fails; a late GPADL_TORNDOWN is discarded.
GuestTimesOutWaitingForGpadlTorndown(i) ==
    LET c == gCh[i] IN
    /\ GuestMayTimeOut
    /\ gConn = "Connected" /\ c.op = "WaitTorndown" /\ c.woken = "No"
    /\ SetCh(i, [c EXCEPT !.op = "Idle", !.gpadl = TimedOutGpadl])
    /\ UNCHANGED g2h /\ DriverFrame /\ UNCHANGED gWorker

\* Removal of a rescinded channel once it is closed and owns no GPADL (or only
\* one it leaked: the host drops it with the relid, the guest never reuses it).
Removable(c) ==
    /\ c.rescind /\ c.remove > 0 /\ c.mapped
    /\ c.st = "Closed" /\ c.op = "Idle" /\ c.gpadl \in {"None", "Leaked"}

\* hv_process_channel_removal: unmap the relid, then RELID_RELEASED last (1.6, fix of H8).
GuestUnmapsChannel(i) ==
    LET c == gCh[i] IN
    /\ gConn = "Connected"
    /\ \/ ~ReleaseBeforeUnmap /\ Removable(c)
          /\ SetCh(i, [c EXCEPT !.mapped = FALSE, !.remove = c.remove - 1, !.op = "Release"])
       \/ ReleaseBeforeUnmap /\ c.op = "Unmap"
          /\ SetCh(i, [c EXCEPT !.mapped = FALSE, !.st = "Free", !.op = "Idle"])
    /\ UNCHANGED g2h /\ DriverFrame /\ UNCHANGED gWorker

GuestSendsRelidReleased(i) ==
    LET c == gCh[i] IN
    /\ gConn = "Connected"
    /\ \/ ~ReleaseBeforeUnmap /\ c.op = "Release"
          /\ SetCh(i, [c EXCEPT !.st = "Free", !.op = "Idle"])
       \/ ReleaseBeforeUnmap /\ Removable(c)
          /\ SetCh(i, [c EXCEPT !.remove = c.remove - 1, !.op = "Unmap"])
    /\ SendG2H([type |-> "RelidReleased", relid |-> c.relid])
    /\ DriverFrame /\ UNCHANGED gWorker

\* H5: the offer's work item returns only when the probe's open has finished.
GuestWorkerFinishesProbe ==
    /\ RescindOnOfferWorker /\ gWorker # 0
    /\ gCh[gWorker].op = "Idle" /\ gCh[gWorker].st # "Opening"
    /\ gCh[gWorker].opens > 0 \/ gCh[gWorker].rescind
    /\ gWorker' = 0
    /\ UNCHANGED <<transportVars, gConn, gVerIdx, gBusReply, gReqSent, gAllOffers, gUnloads, gConnId,
                   gCh, gWork, hostVars>>

-----------------------------------------------------------------------------
(* Host (O-server channels.rs): handles g2h in order; offers and rescinds at will. *)

HostFrame == UNCHANGED <<guestVars, hRestarts>>

\* On a connected host (a guest that reconnects without UNLOAD) INITIATE_CONTACT
\* is a reset plus a reconnect: every channel and GPADL of the old connection
\* goes (openvmm handle_initiate_contact, ConnectionAction::Reconnect).  On a
\* disconnected host the tables are already empty (UnloadClearsInv).
HostSendsVersionResponse ==
    /\ g2h # <<>> /\ Head(g2h).type = "InitiateContact"
    /\ hConn = "Disconnected" \/ KexecReconnects
    /\ LET v == Head(g2h).version
           ok == v \in HostVersions
       IN  /\ \E id \in (IF ok THEN VersionResponseConnIds(v) ELSE {0}) :
                 SendH2G([type |-> "VersionResponse", supported |-> ok, connId |-> id])
           /\ hConn' = IF ok THEN "Connected" ELSE "Disconnected"
    /\ hBoot' = {} /\ hRel' = [r \in Relids |-> HostFree]
    /\ hGpadl' = [i \in Inst |-> "None"] /\ hGpadlLeft' = [i \in Inst |-> 0]
    /\ hSubReq' = [d \in Devices |-> "None"]
    /\ g2h' = Tail(g2h)
    /\ HostFrame /\ UNCHANGED hNextInst

\* The host (VMM) saves, restarts and restores at any point: openvmm `save`
\* keeps the connection (version, offers_sent), every channel that is not
\* ClientReleased with its relid and state (revoked ones included), the GPADLs
\* (also those still collecting bodies) and the pending outgoing messages
\* (vmbus_server channels/saved_state.rs); the SynIC slots and the rings are
\* guest memory.  So a correct restart changes nothing else this module
\* models: it only counts itself (hRestarts, so that a trace module can bound
\* the restarts of a run), and it is not part of Next (it would add no protocol
\* state and would hide deadlocks).  Trace validation matches the Java host's
\* restart to it, so the restored host must go on from the very state it
\* saved.  What a restart does change, offers_sent and the channels released
\* at the save, is checked in SaveRestore.tla (variant: openvmm before
\* e7619ae5d).
HostRestarts ==
    /\ hRestarts' = hRestarts + 1
    /\ UNCHANGED <<transportVars, guestVars, hConn, hBoot, hRel, hGpadl, hGpadlLeft, hSubReq, hNextInst>>

\* REQUESTOFFERS once per connection (O-server OffersAlreadySent).
HostReceivesRequestOffers ==
    /\ g2h # <<>> /\ Head(g2h).type = "RequestOffers" /\ hConn = "Connected"
    /\ hConn' = "Offering" /\ hBoot' = BootDevices
    /\ g2h' = Tail(g2h)
    /\ HostFrame /\ UNCHANGED <<h2g, hRel, hGpadl, hGpadlLeft, hSubReq, hNextInst>>

\* One OFFERCHANNEL: a boot device before ALLOFFERS_DELIVERED, a hot-add (or re-offer
\* of a removed device) after it, or a sub-channel of an open, requesting primary.
\* A relid is reused only once it is Free, i.e. after RELID_RELEASED (1.12.3).
HostSendsOffer(k, r) ==
    /\ hNextInst < MaxOffers
    /\ hRel[r].st = "Free" /\ HostRelidOf(k) = {}
    /\ IF IsPrimary(k)
         THEN \/ hConn = "Offering" /\ k[1] \in hBoot
              \/ hConn = "Ready"
         ELSE /\ hConn \in {"Offering", "Ready"}
              /\ HostOpenPrimary(k[1]) # {} /\ hSubReq[k[1]] # "None"
    /\ hBoot' = hBoot \ {k[1]}
    /\ hRel' = [hRel EXCEPT ![r] = [st |-> "Offered", key |-> k, inst |-> hNextInst + 1, dup |-> FALSE]]
    /\ hNextInst' = hNextInst + 1
    /\ SendH2G([type |-> "OfferChannel", key |-> k, relid |-> r, inst |-> hNextInst + 1])
    /\ HostFrame /\ UNCHANGED <<g2h, hConn, hGpadl, hGpadlLeft, hSubReq>>

HostSendsAllOffersDelivered ==
    /\ hConn = "Offering" /\ hBoot = {}
    /\ hConn' = "Ready"
    /\ SendH2G(Msg("AllOffersDelivered"))
    /\ HostFrame /\ UNCHANGED <<g2h, hBoot, hRel, hGpadl, hGpadlLeft, hSubReq, hNextInst>>

\* Complete a GPADL: success or failure (out of resources).
CompleteGpadl(r, g) ==
    \E ok \in BOOLEAN :
        /\ hGpadl' = [hGpadl EXCEPT ![g] = IF ok THEN "Created" ELSE "None"]
        /\ SendH2G([type |-> "GpadlCreated", relid |-> r, gpadl |-> g, ok |-> ok])

\* A GPADL for a revoked channel is still created (openvmm 822d4d4b2, "matches Hyper-V");
\* H9 drops it.
GpadlAccepted(m) ==
    /\ hRel[m.relid].inst = m.gpadl
    /\ hRel[m.relid].st \in {"Offered", "Open"} \/ (hRel[m.relid].st = "Revoked" /\ HostAnswersGpadlOnRevoked)
    /\ hGpadl[m.gpadl] = "None"

\* With bodies to come; the last body completes it (Gpadl::append).
HostReceivesGpadlHeader ==
    /\ g2h # <<>> /\ Head(g2h).type = "GpadlHeader" /\ hConn \in {"Offering", "Ready"}
    /\ LET m == Head(g2h) IN
        IF GpadlAccepted(m) /\ m.bodies > 0
          THEN /\ hGpadl' = [hGpadl EXCEPT ![m.gpadl] = "Partial"]
               /\ hGpadlLeft' = [hGpadlLeft EXCEPT ![m.gpadl] = m.bodies]
          ELSE /\ ~GpadlAccepted(m)    \* dropped (H9 on a revoked channel)
               /\ UNCHANGED <<hGpadl, hGpadlLeft>>
    /\ g2h' = Tail(g2h)
    /\ HostFrame /\ UNCHANGED <<h2g, hConn, hBoot, hRel, hSubReq, hNextInst>>

HostReceivesGpadlBody ==
    /\ g2h # <<>> /\ Head(g2h).type = "GpadlBody" /\ hConn \in {"Offering", "Ready"}
    /\ LET g == Head(g2h).gpadl IN
        \/ hGpadl[g] # "Partial" /\ UNCHANGED <<hGpadl, hGpadlLeft>>  \* unknown gpadl: dropped
        \/ hGpadl[g] = "Partial" /\ hGpadlLeft[g] > 1
           /\ hGpadlLeft' = [hGpadlLeft EXCEPT ![g] = @ - 1] /\ UNCHANGED hGpadl
    /\ g2h' = Tail(g2h)
    /\ HostFrame /\ UNCHANGED <<h2g, hConn, hBoot, hRel, hSubReq, hNextInst>>

\* The header without bodies, or the last body, completes the GPADL.
HostSendsGpadlCreated ==
    /\ g2h # <<>> /\ hConn \in {"Offering", "Ready"}
    /\ LET m == Head(g2h) IN
        \/ /\ m.type = "GpadlHeader" /\ m.bodies = 0 /\ GpadlAccepted(m)
           /\ CompleteGpadl(m.relid, m.gpadl)
           /\ UNCHANGED hGpadlLeft
        \/ /\ m.type = "GpadlBody" /\ hGpadl[m.gpadl] = "Partial" /\ hGpadlLeft[m.gpadl] = 1
           /\ hGpadlLeft' = [hGpadlLeft EXCEPT ![m.gpadl] = 0]
           /\ \E r \in Relids : hRel[r].inst = m.gpadl /\ CompleteGpadl(r, m.gpadl)
    /\ g2h' = Tail(g2h)
    /\ HostFrame /\ UNCHANGED <<hConn, hBoot, hRel, hSubReq, hNextInst>>

\* OPENCHANNEL on an offered channel: the device accepts (needs its ring GPADL) or fails.
HostSendsOpenChannelResult ==
    /\ g2h # <<>> /\ Head(g2h).type = "OpenChannel" /\ hConn \in {"Offering", "Ready"}
    /\ LET r == Head(g2h).relid IN
        /\ hRel[r].st = "Offered"
        /\ \E ok \in BOOLEAN :
            /\ ok => hGpadl[hRel[r].inst] = "Created"
            /\ hRel' = [hRel EXCEPT ![r].st = IF ok THEN "Open" ELSE "Offered"]
            /\ SendH2G([type |-> "OpenChannelResult", relid |-> r, ok |-> ok])
    /\ g2h' = Tail(g2h)
    /\ HostFrame /\ UNCHANGED <<hConn, hBoot, hGpadl, hGpadlLeft, hSubReq, hNextInst>>

\* After a rescind the host never answers OPENCHANNEL (O-server handle_open_channel).
HostIgnoresOpenChannel ==
    /\ g2h # <<>> /\ Head(g2h).type = "OpenChannel" /\ hConn \in {"Offering", "Ready"}
    /\ hRel[Head(g2h).relid].st # "Offered"
    /\ g2h' = Tail(g2h)
    /\ HostFrame /\ UNCHANGED <<h2g, hostVars>>

HostReceivesCloseChannel ==
    /\ g2h # <<>> /\ Head(g2h).type = "CloseChannel" /\ hConn \in {"Offering", "Ready"}
    /\ LET r == Head(g2h).relid IN
        /\ hRel' = IF hRel[r].st = "Open" THEN [hRel EXCEPT ![r].st = "Offered"] ELSE hRel
        /\ hSubReq' = IF hRel[r].st = "Open" /\ IsPrimary(hRel[r].key)
                        THEN [hSubReq EXCEPT ![hRel[r].key[1]] = "None"] ELSE hSubReq
    /\ g2h' = Tail(g2h)
    /\ HostFrame /\ UNCHANGED <<h2g, hConn, hBoot, hGpadl, hGpadlLeft, hNextInst>>

\* Answered even after a rescind (1.6); only a created GPADL can be torn down (1.12.7).
HostSendsGpadlTorndown ==
    /\ g2h # <<>> /\ Head(g2h).type = "GpadlTeardown" /\ hConn \in {"Offering", "Ready"}
    /\ LET g == Head(g2h).gpadl IN
        IF hGpadl[g] = "Created"
          THEN /\ hGpadl' = [hGpadl EXCEPT ![g] = "None"]
               /\ SendH2G([type |-> "GpadlTorndown", gpadl |-> g])
          ELSE UNCHANGED <<h2g, hGpadl>>
    /\ g2h' = Tail(g2h)
    /\ HostFrame /\ UNCHANGED <<hConn, hBoot, hRel, hGpadlLeft, hSubReq, hNextInst>>

\* The relid becomes reusable (handle_rel_id_released: legal only when revoked).
HostReceivesRelidReleased ==
    /\ g2h # <<>> /\ Head(g2h).type = "RelidReleased" /\ hConn \in {"Offering", "Ready"}
    /\ LET r == Head(g2h).relid
           gone == hRel[r].st = "Revoked"
       IN  /\ hRel' = IF gone THEN [hRel EXCEPT ![r] = HostFree] ELSE hRel
           \* the channel's GPADLs go with it (openvmm client_release_channel);
           \* only a Linux guest that gave one up leaves any behind
           /\ hGpadl' = IF gone THEN [hGpadl EXCEPT ![hRel[r].inst] = "None"] ELSE hGpadl
           /\ hGpadlLeft' = IF gone THEN [hGpadlLeft EXCEPT ![hRel[r].inst] = 0] ELSE hGpadlLeft
    /\ g2h' = Tail(g2h)
    /\ HostFrame /\ UNCHANGED <<h2g, hConn, hBoot, hSubReq, hNextInst>>

\* handle_unload: every channel and GPADL of the connection goes, then UnloadComplete.
HostSendsUnloadResponse ==
    /\ g2h # <<>> /\ Head(g2h).type = "Unload"
    /\ hConn' = "Disconnected" /\ hBoot' = {}
    /\ hRel' = [r \in Relids |-> HostFree]
    /\ hGpadl' = [i \in Inst |-> "None"] /\ hGpadlLeft' = [i \in Inst |-> 0]
    /\ hSubReq' = [d \in Devices |-> "None"]
    /\ SendH2G(Msg("UnloadResponse"))
    /\ g2h' = Tail(g2h)
    /\ HostFrame /\ UNCHANGED hNextInst

\* Rescind at any moment; sub-channels are rescinded before their primary (1.12.8).
HostRescindsOffer(r) ==
    /\ hConn \in {"Offering", "Ready"}
    /\ hRel[r].st \in {"Offered", "Open"}
    /\ IsPrimary(hRel[r].key) =>
         \A q \in Relids : hRel[q].st \in {"Offered", "Open"} =>
             ~(hRel[q].key # NoKey /\ hRel[q].key[1] = hRel[r].key[1] /\ ~IsPrimary(hRel[q].key))
    /\ hRel' = [hRel EXCEPT ![r].st = "Revoked"]
    /\ hSubReq' = IF IsPrimary(hRel[r].key) THEN [hSubReq EXCEPT ![hRel[r].key[1]] = "None"] ELSE hSubReq
    /\ SendH2G([type |-> "RescindChannelOffer", relid |-> r])
    /\ HostFrame /\ UNCHANGED <<g2h, hConn, hBoot, hGpadl, hGpadlLeft, hNextInst>>

\* The untrusted host repeats a RESCIND (H7 trigger).
HostSendsDuplicateRescind(r) ==
    /\ HostDuplicatesRescind /\ hConn \in {"Offering", "Ready"}
    /\ hRel[r].st = "Revoked" /\ ~hRel[r].dup
    /\ hRel' = [hRel EXCEPT ![r].dup = TRUE]
    /\ SendH2G([type |-> "RescindChannelOffer", relid |-> r])
    /\ HostFrame /\ UNCHANGED <<g2h, hConn, hBoot, hGpadl, hGpadlLeft, hSubReq, hNextInst>>

\* The device completes the sub-channel request on the primary's ring.
HostCompletesSubChannelRequest(d) ==
    /\ hSubReq[d] = "Requested" /\ HostOpenPrimary(d) # {}
    /\ hSubReq' = [hSubReq EXCEPT ![d] = "Completed"]
    /\ UNCHANGED <<transportVars, guestVars, hConn, hBoot, hRel, hGpadl, hGpadlLeft, hNextInst, hRestarts>>

-----------------------------------------------------------------------------

\* Nothing left to do: no message in flight, nobody waiting.  Bounds exhausted here
\* are not deadlocks; any other state without a successor is.
Quiescent ==
    /\ h2g = <<>> /\ g2h = <<>> /\ gWork = <<>>
    /\ gConn \notin {"Contacting", "Unloading"}
    /\ \A i \in Inst : gCh[i].op = "Idle"

Terminating == Quiescent /\ UNCHANGED vars

GuestBus ==
    \/ GuestSendsInitiateContact \/ GuestWakesFromVersionResponse \/ GuestFallsBackAfterRejectedPost
    \/ GuestSendsRequestOffers \/ GuestSendsUnload \/ GuestKexecs \/ GuestTimesOut
    \/ GuestTimesOutWaitingForUnloadResponse

GuestDispatch ==
    \/ GuestReceivesVersionResponse \/ GuestReceivesAllOffersDelivered
    \/ GuestReceivesOffer \/ GuestReceivesRescind \/ GuestQueuesWork
    \/ GuestReceivesGpadlCreated \/ GuestReceivesOpenChannelResult
    \/ GuestReceivesGpadlTorndown \/ GuestReceivesUnloadResponse \/ GuestDiscardsMessage

\* Steps a driver context takes on its own once started (waking, sending the next
\* message of a sequence, closing and releasing a rescinded channel).
GuestDriverProgress(i) ==
    \/ GuestSendsGpadlBody(i) \/ GuestWakesFromGpadlCreated(i) \/ GuestSendsOpenChannel(i)
    \/ GuestWakesFromOpenChannelResult(i) \/ GuestSendsGpadlTeardown(i)
    \/ GuestWakesFromGpadlTorndown(i) \/ GuestWakesFromSubChannelRequest(i)
    \/ GuestUnmapsChannel(i) \/ GuestSendsRelidReleased(i)
    \/ gCh[i].rescind /\ GuestSendsCloseChannel(i)
    \/ gWorker = i /\ GuestSendsGpadlHeader(i)    \* H5: the probe opens

\* The other driver steps (GuestSendsGpadlHeader, GuestSendsCloseChannel,
\* GuestRequestsSubChannels) are the driver's free choice, so they are not fair.

\* The host's replies to g2h messages.
HostHandles ==
    \/ HostSendsVersionResponse \/ HostRejectsPostOnConnection4 \/ HostReceivesRequestOffers
    \/ HostReceivesGpadlHeader \/ HostReceivesGpadlBody \/ HostSendsGpadlCreated
    \/ HostSendsOpenChannelResult \/ HostIgnoresOpenChannel \/ HostReceivesCloseChannel
    \/ HostSendsGpadlTorndown \/ HostReceivesRelidReleased \/ HostSendsUnloadResponse

HostSpontaneous ==
    \/ \E k \in Keys, r \in Relids : HostSendsOffer(k, r)
    \/ HostSendsAllOffersDelivered
    \/ \E r \in Relids : HostRescindsOffer(r) \/ HostSendsDuplicateRescind(r)
    \/ \E d \in Devices : HostCompletesSubChannelRequest(d)

\* Every step of driver context i (a plain disjunction, so TLC names each action).
GuestDriver(i) ==
    \/ GuestSendsGpadlHeader(i) \/ GuestSendsGpadlBody(i) \/ GuestWakesFromGpadlCreated(i)
    \/ GuestSendsOpenChannel(i) \/ GuestWakesFromOpenChannelResult(i) \/ GuestSendsCloseChannel(i)
    \/ GuestSendsGpadlTeardown(i) \/ GuestWakesFromGpadlTorndown(i) \/ GuestRequestsSubChannels(i)
    \/ GuestWakesFromSubChannelRequest(i) \/ GuestUnmapsChannel(i) \/ GuestSendsRelidReleased(i)
    \/ GuestTimesOutOnSubChannels(i) \/ GuestTimesOutWaitingForGpadlCreated(i)
    \/ GuestTimesOutWaitingForOpenChannelResult(i) \/ GuestTimesOutWaitingForGpadlTorndown(i)

Next ==
    \/ GuestBus \/ GuestDispatch \/ GuestWorkerFinishesProbe
    \/ \E i \in Inst : GuestDriver(i)
    \/ HostHandles \/ HostSpontaneous
    \/ Terminating

Spec == Init /\ [][Next]_vars

\* Fairness: every context that has something to do that does not depend on a choice
\* eventually does it; the host eventually handles each message it is sent and completes
\* device requests.  Offers, rescinds, opens, closes and unloads stay free choices.
LiveSpec ==
    /\ Spec
    /\ WF_vars(GuestDispatch) /\ WF_vars(GuestWorkerFinishesProbe)
    /\ WF_vars(GuestSendsInitiateContact \/ GuestWakesFromVersionResponse \/ GuestFallsBackAfterRejectedPost
               \/ GuestSendsRequestOffers)
    /\ \A i \in Inst : WF_vars(GuestDriverProgress(i))
    /\ WF_vars(HostHandles)
    /\ \A d \in Devices : WF_vars(HostCompletesSubChannelRequest(d))

-----------------------------------------------------------------------------
(* Invariants *)

Connected == gConn = "Connected"
\* After a reconnect without UNLOAD and before the host has handled the new
\* INITIATE_CONTACT, the host still holds the old kernel's channels.
HostResetPending == KexecReconnects /\ gConn \in {"Disconnected", "Contacting"} /\ hConn # "Disconnected"

\* 1.12.1: nothing but INITIATE_CONTACT reaches a host that has no version agreed;
\* REQUESTOFFERS at most once per connection.
\* A guest that reconnects without UNLOAD may leave its old kernel's messages
\* queued ahead of the new INITIATE_CONTACT: the rules hold per connection,
\* i.e. between INITIATE_CONTACTs.
ContactAt(j) == g2h[j].type = "InitiateContact"
\* A message at or before an UNLOAD whose wait timed out: still queued for the host.
UnloadGivenUpAt(j) == GuestMayTimeOut /\ \E k \in j..Len(g2h) : g2h[k].type = "Unload"
VersionFirstInv ==
    /\ hConn = "Disconnected" => \A j \in DOMAIN g2h : ContactAt(j)
    /\ gConn \in {"Disconnected", "Contacting", "Failed"} =>
         \A j, k \in DOMAIN g2h : j < k /\ ContactAt(j) => ContactAt(k)
    /\ gConn \in {"Disconnected", "Contacting", "Failed"} /\ ~KexecReconnects =>
         \A j \in DOMAIN g2h : ContactAt(j) \/ UnloadGivenUpAt(j)
RequestOffersOnceInv ==
    /\ \A j, k \in DOMAIN g2h :
         j < k /\ g2h[j].type = "RequestOffers" /\ g2h[k].type = "RequestOffers" =>
             \E c \in j..k : ContactAt(c)
    /\ hConn \in {"Offering", "Ready"} =>
         \A k \in DOMAIN g2h : g2h[k].type = "RequestOffers" => \E c \in 1..k : ContactAt(c)

\* The guest posts on the message connection id the host listens on for the
\* agreed version (1.2: VMBUS_MESSAGE_CONNECTION_ID before 5.0, the host's
\* msg_conn_id from 5.0); a message on another id fails with
\* HV_STATUS_INVALID_CONNECTION_ID and vmbus_post_msg retries it for ever.
MsgConnIdInv == gConn = "Connected" => gConnId = HostConnIdFor(GuestVersions[gVerIdx])

\* Negotiation ends in a version both support, the newest of the guest's list
\* the host accepts (every newer one was refused or could not be posted), or
\* fails only when there is none: a failed post is a refusal, not an end.  A
\* wait that timed out (GuestMayTimeOut) may fail a connection that a
\* slower answer would have made, so the second conjunct leaves it out.
CommonVersions == {GuestVersions[j] : j \in DOMAIN GuestVersions} \cap HostVersions
NewestCommonVersionInv ==
    /\ gConn = "Connected" =>
         /\ GuestVersions[gVerIdx] \in HostVersions
         /\ \A j \in 1..(gVerIdx - 1) : GuestVersions[j] \notin HostVersions
    /\ gConn = "Failed" /\ ~GuestMayTimeOut => CommonVersions = {}

\* 1.12.3: a relid is bound to at most one live channel on each side: the guest maps
\* it to one object, and while the guest maps it the host binds it to that same object
\* (or to nothing).  The host's table is a function of the relid.
RelidBindingInv ==
    /\ \A i, j \in Inst : i # j /\ gCh[i].mapped /\ gCh[j].mapped => gCh[i].relid # gCh[j].relid
    /\ Connected => \A i \in Inst : gCh[i].mapped =>
            hRel[gCh[i].relid].st = "Free" \/ hRel[gCh[i].relid].inst = i
    /\ \A k \in Keys : Cardinality(HostRelidOf(k)) <= 1

\* No GPADL outlives its channel on the host (close, rescind, unload), and the guest holds
\* a ring GPADL only while opening, open, or tearing it down.
NoGpadlLeakInv ==
    /\ \A g \in Inst : hGpadl[g] # "None" =>
         \E r \in Relids : hRel[r].st # "Free" /\ hRel[r].inst = g
    /\ \A i \in Inst : gCh[i].st \in {"None", "Free"} =>
         \/ gCh[i].gpadl = "None" /\ (hGpadl[i] = "None" \/ Abandoned(i) \/ HostResetPending)
         \/ gCh[i].gpadl = "Leaked"
    /\ \A i \in Inst : gCh[i].st = "Closed" /\ gCh[i].op = "Idle" => gCh[i].gpadl \in {"None", "Leaked"}

\* 1.12.7: an open channel's ring GPADL exists on the host.
RingGpadlWhileOpenInv ==
    \A r \in Relids : hRel[r].st = "Open" => hGpadl[hRel[r].inst] = "Created"

\* 1.12.4 (safety half): at most one reply in flight per request, and none unasked.
ReplyMatchesRequestInv ==
    /\ \A g \in Inst : Cardinality({j \in DOMAIN h2g : h2g[j].type \in {"GpadlCreated", "GpadlTorndown"}
                                                       /\ h2g[j].gpadl = g}) <= 1
    /\ \A r \in Relids : Cardinality({j \in DOMAIN h2g : h2g[j].type = "OpenChannelResult"
                                                        /\ h2g[j].relid = r}) <= 1
    /\ Connected => \A j \in DOMAIN h2g :
         /\ h2g[j].type = "GpadlCreated" =>
              gCh[h2g[j].gpadl].gpadl \in {"Creating", "Leaked"} \/ Abandoned(h2g[j].gpadl)
         /\ h2g[j].type = "GpadlTorndown" =>
              gCh[h2g[j].gpadl].gpadl \in {"TearingDown", "Leaked"} \/ Abandoned(h2g[j].gpadl)

\* 1.12.8: a sub-channel is open only while its primary is; the host rescinds a
\* primary only after its sub-channels.
SubChannelOrderInv ==
    /\ \A i \in Inst : Live(i) /\ ~IsPrimary(gCh[i].key) /\ gCh[i].st = "Opened" =>
         \E p \in GuestPrimary(gCh[i].key[1]) : gCh[p].st = "Opened"
    /\ \A r, q \in Relids :
         /\ hRel[r].st = "Revoked" /\ hRel[r].key # NoKey /\ IsPrimary(hRel[r].key)
         /\ hRel[q].st \in {"Offered", "Open"} /\ hRel[q].key # NoKey
         => hRel[q].key[1] # hRel[r].key[1]

\* 1.12.9: after UNLOAD_RESPONSE no channel state survives on either side.
UnloadClearsInv ==
    /\ gConn \in {"Disconnected", "Contacting", "Failed"} =>
         \A i \in Inst : ~Live(i) /\ ~gCh[i].mapped /\ gCh[i].op = "Idle"
    /\ hConn = "Disconnected" =>
         \A r \in Relids : hRel[r].st = "Free" /\ \A g \in Inst : hGpadl[g] = "None"

\* The guest frees a GPADL's memory (gpadl None on an object that was offered)
\* only once the host can no longer reference it: the host holds no GPADL of
\* that handle and none is on its way to it.  The exceptions are the two in
\* which the host has promised not to touch it: the Linux guest's GPADL given
\* up at a rescind (Abandoned) and a host about to reset on a reconnect.  A
\* wait that timed out is where this bites (TimeoutFreesGpadl): the host's
\* answer was only late.
HostMayReference(g) ==
    \/ hGpadl[g] # "None"
    \/ \E j \in DOMAIN g2h : g2h[j].type \in {"GpadlHeader", "GpadlBody"} /\ g2h[j].gpadl = g
NoGpadlFreedWhileReferencedInv ==
    \A i \in Inst : gCh[i].st # "None" /\ gCh[i].gpadl = "None" /\ HostMayReference(i) =>
        Abandoned(i) \/ HostResetPending

\* No work item refers to a channel object after it is freed (H7: use-after-free).
NoUseAfterFreeInv ==
    \A i \in Inst : gCh[i].st = "Free" => gCh[i].remove = 0 /\ ~gCh[i].mapped

\* The guest never sends a message about a channel it has already released.
NoMessageAfterReleaseInv ==
    \A j \in DOMAIN g2h : g2h[j].type \in {"GpadlHeader", "OpenChannel", "CloseChannel", "GpadlTeardown"}
        => hRel[g2h[j].relid].st # "Free"

-----------------------------------------------------------------------------
(* Properties (under LiveSpec) *)

\* 1.12.5: no guest wait blocks forever.
Waiting(i) == gCh[i].op \in Waits
GuestWaitEndsProp ==
    /\ \A i \in Inst : Waiting(i) ~> ~Waiting(i)
    /\ gConn = "Contacting" ~> gConn # "Contacting"
    /\ gConn = "Unloading" ~> gConn # "Unloading"

\* Negotiation ends: from Disconnected or Contacting the guest gets to Connected
\* or Failed (no wait for an answer that cannot come).
NegotiationEndsProp ==
    gConn \in {"Disconnected", "Contacting"} ~> gConn \in {"Connected", "Failed"}

\* 1.12.4: every GPADL_HEADER gets GPADL_CREATED and every GPADL_TEARDOWN gets
\* GPADL_TORNDOWN, even after a rescind; every OPENCHANNEL gets its result unless
\* the channel was rescinded (or the connection unloaded).
RequestsAnsweredProp ==
    \A i \in Inst :
        /\ gCh[i].gpadl = "Creating" ~> gCh[i].gpadl # "Creating"
        /\ gCh[i].gpadl = "TearingDown" ~> gCh[i].gpadl # "TearingDown"
        /\ (gCh[i].op = "WaitOpen" /\ gCh[i].woken = "No")
             ~> (gCh[i].woken # "No" \/ gCh[i].rescind \/ gCh[i].op # "WaitOpen")

-----------------------------------------------------------------------------
(* Refinement to the abstract device lifecycle *)

AbsState(k) ==
    LET L == {i \in Inst : gCh[i].key = k /\ Live(i)} IN
    IF L = {}
      THEN IF \E i \in Inst : gCh[i].key = k /\ gCh[i].st = "Free" THEN "removed" ELSE "absent"
      ELSE LET c == gCh[CHOOSE i \in L : TRUE] IN
           IF c.rescind THEN "removed"
           ELSE IF c.st = "Opened" THEN "open"
           ELSE IF c.opened THEN "closed" ELSE "offered"

lcBar == [k \in Keys |-> AbsState(k)]

Lifecycle == INSTANCE DeviceLifecycle WITH lc <- lcBar

LifecycleRefinementProp == Lifecycle!Spec
=============================================================================
