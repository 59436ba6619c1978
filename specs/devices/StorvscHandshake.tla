------------------------- MODULE StorvscHandshake --------------------------
(***************************************************************************)
(* The storvsc initialization handshake over an open primary channel, and  *)
(* the opening of the sub-channels it creates.                             *)
(*                                                                         *)
(* Guest (Linux drivers/scsi/storvsc_drv.c `storvsc_channel_init`,         *)
(* `handle_multichannel_storage`, `handle_sc_creation`): each step is one  *)
(* vstor_packet with REQUEST_COMPLETION_FLAG, and the guest waits for its  *)
(* completion before the next: BEGIN_INITIALIZATION; QUERY_PROTOCOL_VERSION *)
(* for each of its versions, newest first, until one gets status 0;        *)
(* QUERY_PROPERTIES (max_channel_cnt, SUPPORTS_MULTI_CHANNEL);             *)
(* END_INITIALIZATION; then, if the host offers multi-channel, it          *)
(* registers `sc_creation_callback` and sends CREATE_SUB_CHANNELS(n) with  *)
(* n = min(ncpu - 1, max_channel_cnt).                                     *)
(*                                                                         *)
(* Host (openvmm vm/devices/storage/storvsp `InitState`): Begin ->         *)
(* QueryVersion -> QueryProperties{version} -> EndInitialization -> Ready; *)
(* an unknown version gets REVISION_MISMATCH and leaves it in            *)
(* QueryVersion; any other packet in an init state gets                    *)
(* INVALID_DEVICE_STATE.  Multi-channel is offered only from version Win8  *)
(* on.  CREATE_SUB_CHANNELS is accepted in EndInitialization or in Ready   *)
(* on the primary channel; the host then offers n sub-channels, or, when   *)
(* enable_subchannels fails, answers INVALID_PARAMETER and offers none.    *)
(*                                                                         *)
(* Two transports (protocol digest 1.9): completions come back on the      *)
(* primary ring, the sub-channel offers as SynIC channel messages, so the  *)
(* guest may see the CREATE_SUB_CHANNELS completion and the offers in      *)
(* either order.  Each offer the guest processes (vmbus_onoffer ->         *)
(* vmbus_process_offer) queues one open of that sub-channel through        *)
(* `sc_creation_callback` on the hv_sub_chan workqueue.  Before Linux      *)
(* c967590457ca (bug H10) the probe path, after the CREATE_SUB_CHANNELS    *)
(* completion, also walked the primary's sc_list (vmbus_are_subchannels_   *)
(* present -> handle_sc_creation) and opened every sub-channel it found,   *)
(* so a sub-channel whose offer came first was opened twice; the loser's   *)
(* vmbus_open freed the ring the winner used.  ProbePathOpens selects it.  *)
(*                                                                         *)
(* Abstraction: the channel is already open and the transports are         *)
(* reliable FIFOs (the ring and SynIC specs check that); a sub-channel     *)
(* open is one guest event (its OPENCHANNEL exchange belongs to the        *)
(* channel specs), and no check in vmbus_open is modelled because Linux's  *)
(* state check there is not atomic with the open across the two paths.     *)
(* Requests carry distinct transaction ids 1, 2, ... so that a lost or     *)
(* duplicated completion is visible; Linux reuses VMBUS_RQST_INIT for all  *)
(* of them, which is sound only because at most one is outstanding, a     *)
(* fact the spec checks.  The host is openvmm's; FCHBA_DATA (FC only) and  *)
(* I/O after initialization are left out.                                  *)
(*                                                                         *)
(* Timeouts (issue 12).  Each wait for a completion may end in its timeout *)
(* (GuestTimesOutWaitingFor*, one action per wait, only while the wait is  *)
(* outstanding) when GuestMayTimeOut: Linux storvsc_execute_vstor_op bounds *)
(* each init request by wait_for_completion_timeout(5*HZ) and returns      *)
(* -ETIMEDOUT, which fails storvsc_channel_init and the probe;             *)
(* handle_multichannel_storage bounds CREATE_SUB_CHANNELS by 10*HZ and goes *)
(* on with the primary.  What a timeout leaves behind: the request may     *)
(* still be on the ring or held by the host, so its completion may come    *)
(* late; nobody waits for it, and the guest sends no further init request *)
(* (so the one trans_id Linux uses, VMBUS_RQST_INIT, is never reused while *)
(* the host may still answer it: OneOutstandingInv still holds).  The bug  *)
(* TimeoutRetries resends the timed-out request instead.                  *)
(***************************************************************************)
EXTENDS Naturals, Sequences, FiniteSets

CONSTANTS
    \* The guest's protocol versions, newest first, (major << 8) | minor.
    GuestVersions,
    \* The host configurations to check: each element is one set of
    \* versions the host accepts; the host is given one of them at start.
    HostVersionSets,
    \* Oldest version with multi-channel support (Win8, 0x0501).
    MultiChannelVersion,
    \* The host's max_channel_cnt (openvmm channel_control.max_subchannels).
    HostMaxSubChannels,
    \* How many sub-channels the guest wants (Linux: online CPUs - 1).
    GuestWantedSubChannels,
    \* FALSE: only the offer handler opens a sub-channel (Linux since
    \* c967590457ca).  TRUE (variant H10): the probe path opens too.
    ProbePathOpens,
    \* A wait may end in its timeout: FALSE in the models whose host always
    \* answers and whose liveness counts on it; TRUE in the timeout models
    \* and in trace validation, whose guest's waits run on a clock.
    GuestMayTimeOut,
    \* What the guest does when an init request's wait times out.  FALSE is
    \* correct: the device fails, nothing more is sent.  TRUE is the bug: it
    \* sends the request again while the host may still answer the first
    \* (Linux would send it with the same VMBUS_RQST_INIT trans_id, so the
    \* late first completion would complete the retry).
    TimeoutRetries

ASSUME VersionsAreDistinct ==
    /\ GuestVersions \in Seq(Nat) /\ Len(GuestVersions) > 0
    /\ \A i, j \in DOMAIN GuestVersions : i < j => GuestVersions[i] > GuestVersions[j]
ASSUME HostVersionSetsAreSets == HostVersionSets \subseteq SUBSET Nat /\ HostVersionSets # {}
ASSUME MultiChannelVersionIsNumber == MultiChannelVersion \in Nat
ASSUME SubChannelBoundsAreNumbers ==
    HostMaxSubChannels \in Nat /\ GuestWantedSubChannels \in Nat
ASSUME ProbePathIsBoolean == ProbePathOpens \in BOOLEAN
ASSUME TimeoutSwitchesAreBoolean == GuestMayTimeOut \in BOOLEAN /\ TimeoutRetries \in BOOLEAN

\* Init requests: BEGIN, at most one query per version, PROPERTIES, END,
\* CREATE_SUB_CHANNELS.
MaxRequests == Len(GuestVersions) + 4
Tids == 1..MaxRequests
Min(a, b) == IF a < b THEN a ELSE b
\* The sub-channel indexes that can ever exist (sub_channel_index 1..n).
SubIdx == 1..Min(HostMaxSubChannels, GuestWantedSubChannels)

Ops == {"BeginInitialization", "QueryProtocolVersion", "QueryProperties",
        "EndInitialization", "CreateSubChannels"}
\* NTSTATUS values the host returns: 0, REVISION_MISMATCH 0xC0000059,
\* INVALID_DEVICE_STATE 0xC0000184, INVALID_PARAMETER 0xC000000D.
Statuses == {"Success", "RevisionMismatch", "InvalidDeviceState", "InvalidParameter"}

\* What vmbus_sendpacket puts on the primary ring (arg: version or n).
Requests == [tid : Tids, op : Ops, arg : Nat]
\* A COMPLETE_IO packet; maxSub and multi are meaningful for QUERY_PROPERTIES.
Completions == [tid : Tids, status : Statuses, maxSub : Nat, multi : BOOLEAN]


\* The host's init states (openvmm InitState, then ProtocolState::Ready).
HostStates == {"Begin", "QueryVersion", "QueryProperties", "EndInitialization", "Ready"}

\* The guest's steps, named after the completion it awaits.
GuestPcs == {"Start", "AwaitBegin", "AwaitVersion", "AwaitProperties", "AwaitEnd",
             "AwaitCreateSubChannels", "Ready", "Failed"}
\* Who calls the open: the offer handler (path #1) or the probe path (#2).
OpenPaths == {"OfferHandler", "ProbePath"}

VARIABLES
    toHost,       \* primary ring, guest -> host: Seq(Requests)
    toGuest,      \* primary ring, host -> guest: Seq(Completions)
    offerQ,       \* SynIC channel messages: sub-channel offers, by index
    hostAccepts,  \* the versions this host accepts (fixed at start)
    hostState,    \* the host's InitState / Ready
    hostVersion,  \* the version the host accepted (0 before)
    guestPc,      \* the guest's step
    verIdx,       \* index in GuestVersions of the version last queried
    version,      \* the version the guest negotiated (0 before)
    requested,    \* n in the guest's CREATE_SUB_CHANNELS (0 if none, or refused)
    nextTid,      \* transaction id of the guest's next request
    answers,      \* completions the host sent, per transaction id
    scList,       \* sub-channels whose offer the guest processed (sc_list)
    pendingOpens, \* queued open calls: <<path, index>> work items
    opens         \* vmbus_open calls made, per sub-channel index

transportVars == <<toHost, toGuest, offerQ>>
hostVars == <<hostAccepts, hostState, hostVersion, answers>>
guestVars == <<guestPc, verIdx, version, requested, nextTid>>
subVars == <<scList, pendingOpens, opens>>
vars == <<transportVars, hostVars, guestVars, subVars>>

\* The newest guest version the host accepts, 0 if none.
CommonVersions == {GuestVersions[i] : i \in DOMAIN GuestVersions} \cap hostAccepts
NewestCommon == IF CommonVersions = {} THEN 0
                ELSE CHOOSE v \in CommonVersions : \A w \in CommonVersions : v >= w

TypeOK ==
    /\ toHost \in Seq(Requests)
    /\ toGuest \in Seq(Completions)
    /\ offerQ \in Seq(SubIdx)
    /\ hostAccepts \in HostVersionSets
    /\ hostState \in HostStates
    /\ hostVersion \in hostAccepts \cup {0}
    /\ answers \in [Tids -> Nat]
    /\ guestPc \in GuestPcs
    /\ verIdx \in 0..Len(GuestVersions)
    /\ version \in {GuestVersions[i] : i \in DOMAIN GuestVersions} \cup {0}
    /\ requested \in 0..Cardinality(SubIdx)
    /\ nextTid \in 1..(MaxRequests + 1)
    /\ scList \subseteq SubIdx
    /\ pendingOpens \subseteq OpenPaths \X SubIdx
    /\ opens \in [SubIdx -> Nat]

Init ==
    /\ toHost = <<>> /\ toGuest = <<>> /\ offerQ = <<>>
    /\ hostAccepts \in HostVersionSets
    /\ hostState = "Begin" /\ hostVersion = 0
    /\ answers = [t \in Tids |-> 0]
    /\ guestPc = "Start" /\ verIdx = 0 /\ version = 0 /\ requested = 0
    /\ nextTid = 1
    /\ scList = {} /\ pendingOpens = {} /\ opens = [i \in SubIdx |-> 0]

-----------------------------------------------------------------------------
(* Guest: storvsc_channel_init, handle_multichannel_storage               *)

\* Send one request with COMPLETION_REQUESTED and await its completion.
GuestSends(op, arg, pc) ==
    /\ toHost' = Append(toHost, [tid |-> nextTid, op |-> op, arg |-> arg])
    /\ nextTid' = nextTid + 1
    /\ guestPc' = pc

GuestSendsBeginInitialization ==
    /\ guestPc = "Start"
    /\ GuestSends("BeginInitialization", 0, "AwaitBegin")
    /\ UNCHANGED <<toGuest, offerQ, hostVars, verIdx, version, requested, subVars>>

\* Query version i of the guest's list, or give up when none is left.
GuestTriesVersion(i) ==
    IF i <= Len(GuestVersions)
    THEN /\ GuestSends("QueryProtocolVersion", GuestVersions[i], "AwaitVersion")
         /\ verIdx' = i
    ELSE /\ guestPc' = "Failed"
         /\ UNCHANGED <<toHost, nextTid, verIdx>>

\* After QUERY_PROPERTIES: END_INITIALIZATION.  Multi-channel needs both the
\* flag and a version from Win8 on (Linux checks the version too).
GuestSendsEnd == GuestSends("EndInitialization", 0, "AwaitEnd")

SubChannelsWanted(c) ==
    IF c.multi /\ version >= MultiChannelVersion
    THEN Min(GuestWantedSubChannels, c.maxSub) ELSE 0

\* The guest's reaction to the completion c of its outstanding request.
\* Any status other than the expected one fails the device cleanly
\* (storvsc_channel_init returns an error; probe fails).
GuestHandles(c) ==
    CASE guestPc = "AwaitBegin" ->
            IF c.status = "Success"
            THEN GuestTriesVersion(1) /\ UNCHANGED <<version, requested>>
            ELSE guestPc' = "Failed" /\ UNCHANGED <<toHost, nextTid, verIdx, version, requested>>
      [] guestPc = "AwaitVersion" ->
            IF c.status = "Success"
            THEN /\ version' = GuestVersions[verIdx]
                 /\ GuestSends("QueryProperties", 0, "AwaitProperties")
                 /\ UNCHANGED <<verIdx, requested>>
            ELSE IF c.status = "RevisionMismatch"
            THEN GuestTriesVersion(verIdx + 1) /\ UNCHANGED <<version, requested>>
            ELSE guestPc' = "Failed" /\ UNCHANGED <<toHost, nextTid, verIdx, version, requested>>
      [] guestPc = "AwaitProperties" ->
            IF c.status = "Success"
            THEN /\ GuestSendsEnd
                 /\ requested' = SubChannelsWanted(c)
                 /\ UNCHANGED <<verIdx, version>>
            ELSE guestPc' = "Failed" /\ UNCHANGED <<toHost, nextTid, verIdx, version, requested>>
      [] guestPc = "AwaitEnd" ->
            IF c.status # "Success"
            THEN guestPc' = "Failed" /\ UNCHANGED <<toHost, nextTid, verIdx, version, requested>>
            ELSE IF requested > 0
            THEN /\ GuestSends("CreateSubChannels", requested, "AwaitCreateSubChannels")
                 /\ UNCHANGED <<verIdx, version, requested>>
            ELSE guestPc' = "Ready" /\ UNCHANGED <<toHost, nextTid, verIdx, version, requested>>
      [] guestPc = "AwaitCreateSubChannels" ->
            \* A refused CREATE_SUB_CHANNELS leaves the device on its primary
            \* channel (handle_multichannel_storage only logs it).
            /\ guestPc' = "Ready"
            /\ requested' = IF c.status = "Success" THEN requested ELSE 0
            /\ UNCHANGED <<toHost, nextTid, verIdx, version>>

\* The probe path after the CREATE_SUB_CHANNELS completion: with H10 it
\* opens every sub-channel already on sc_list.
ProbePathQueuesOpens ==
    IF ProbePathOpens /\ guestPc = "AwaitCreateSubChannels"
    THEN pendingOpens' = pendingOpens \cup ({"ProbePath"} \X scList)
    ELSE UNCHANGED pendingOpens

\* The guest takes the next completion off the primary ring.  It accepts
\* only the completion of its one outstanding request (the last tid).
GuestReceivesCompletion ==
    /\ toGuest # <<>>
    /\ LET c == Head(toGuest) IN
        /\ guestPc \in {"AwaitBegin", "AwaitVersion", "AwaitProperties", "AwaitEnd",
                        "AwaitCreateSubChannels"}
        /\ c.tid = nextTid - 1
        /\ toGuest' = Tail(toGuest)
        /\ GuestHandles(c)
        /\ ProbePathQueuesOpens
    /\ UNCHANGED <<offerQ, hostVars, scList, opens>>

\* vmbus_onoffer -> vmbus_process_offer for a sub-channel: it joins the
\* primary's sc_list and sc_creation_callback queues its open.
GuestProcessesOffer ==
    /\ offerQ # <<>>
    /\ scList' = scList \cup {Head(offerQ)}
    /\ pendingOpens' = pendingOpens \cup {<<"OfferHandler", Head(offerQ)>>}
    /\ offerQ' = Tail(offerQ)
    /\ UNCHANGED <<toHost, toGuest, hostVars, guestVars, opens>>

\* handle_sc_creation -> vmbus_open for one queued call.
GuestOpensSubChannel ==
    /\ \E w \in pendingOpens :
        /\ pendingOpens' = pendingOpens \ {w}
        /\ opens' = [opens EXCEPT ![w[2]] = @ + 1]
    /\ UNCHANGED <<transportVars, hostVars, guestVars, scList>>

\* The wait for the completion of the request sent in step pc ends in its
\* timeout.  Enabled only while that wait is outstanding (the guest has not
\* taken the completion off the ring; it may be on its way, as in Linux a
\* completion may race the timer).  The request stays where it is (on the
\* ring, held by the host, or its completion on the way); its completion
\* is late and nobody reads it (Settled allows it).  An init step fails the
\* device (storvsc_execute_vstor_op: -ETIMEDOUT); CREATE_SUB_CHANNELS leaves
\* it Ready on its primary, as a refusal does (handle_multichannel_storage:
\* "Failed to create sub-channel: timed out"), and the offers of
\* sub-channels the host did create are still opened when they come.
GuestTimesOut(pc) ==
    /\ GuestMayTimeOut
    /\ guestPc = pc
    /\ IF pc = "AwaitCreateSubChannels"
       THEN /\ guestPc' = "Ready" /\ requested' = 0
            /\ UNCHANGED <<toHost, nextTid, verIdx, version>>
       ELSE IF TimeoutRetries /\ nextTid <= MaxRequests
       THEN /\ GuestSends(CASE pc = "AwaitBegin" -> "BeginInitialization"
                             [] pc = "AwaitVersion" -> "QueryProtocolVersion"
                             [] pc = "AwaitProperties" -> "QueryProperties"
                             [] pc = "AwaitEnd" -> "EndInitialization",
                           IF pc = "AwaitVersion" THEN GuestVersions[verIdx] ELSE 0, pc)
            /\ UNCHANGED <<verIdx, version, requested>>
       ELSE /\ guestPc' = "Failed"
            /\ UNCHANGED <<toHost, nextTid, verIdx, version, requested>>
    /\ UNCHANGED <<toGuest, offerQ, hostVars, subVars>>

\* Linux storvsc_execute_vstor_op, wait_for_completion_timeout(5*HZ), for
\* each init request.
GuestTimesOutWaitingForBeginInitialization == GuestTimesOut("AwaitBegin")
GuestTimesOutWaitingForProtocolVersion == GuestTimesOut("AwaitVersion")
GuestTimesOutWaitingForProperties == GuestTimesOut("AwaitProperties")
GuestTimesOutWaitingForEndInitialization == GuestTimesOut("AwaitEnd")
\* Linux handle_multichannel_storage: its own vmbus_sendpacket (trans_id
\* VMBUS_RQST_INIT) and wait_for_completion_timeout(10*HZ).
GuestTimesOutWaitingForSubChannels == GuestTimesOut("AwaitCreateSubChannels")

GuestTimeoutNext ==
    \/ GuestTimesOutWaitingForBeginInitialization
    \/ GuestTimesOutWaitingForProtocolVersion
    \/ GuestTimesOutWaitingForProperties
    \/ GuestTimesOutWaitingForEndInitialization
    \/ GuestTimesOutWaitingForSubChannels

GuestNext ==
    \/ GuestSendsBeginInitialization
    \/ GuestReceivesCompletion
    \/ GuestProcessesOffer
    \/ GuestOpensSubChannel

-----------------------------------------------------------------------------
(* Host: openvmm storvsp process_primary (InitState) and process_ready    *)

Reply(r, status, maxSub, multi) ==
    /\ toGuest' = Append(toGuest, [tid |-> r.tid, status |-> status,
                                   maxSub |-> maxSub, multi |-> multi])
    /\ answers' = [answers EXCEPT ![r.tid] = @ + 1]

\* The host's answer to request r in its current state.
HostAnswers(r) ==
    LET multi == hostVersion >= MultiChannelVersion
        Invalid == Reply(r, "InvalidDeviceState", 0, FALSE)
                   /\ UNCHANGED <<hostState, hostVersion, offerQ>>
        Ok(next) == Reply(r, "Success", 0, FALSE) /\ hostState' = next
                    /\ UNCHANGED <<hostVersion, offerQ>>
    IN
    CASE hostState = "Begin" ->
            IF r.op = "BeginInitialization" THEN Ok("QueryVersion") ELSE Invalid
      [] hostState = "QueryVersion" ->
            IF r.op # "QueryProtocolVersion" THEN Invalid
            ELSE IF r.arg \in hostAccepts
            THEN /\ Reply(r, "Success", 0, FALSE)
                 /\ hostState' = "QueryProperties" /\ hostVersion' = r.arg
                 /\ UNCHANGED offerQ
            ELSE Reply(r, "RevisionMismatch", 0, FALSE)
                 /\ UNCHANGED <<hostState, hostVersion, offerQ>>
      [] hostState = "QueryProperties" ->
            IF r.op # "QueryProperties" THEN Invalid
            ELSE /\ Reply(r, "Success", IF multi THEN HostMaxSubChannels ELSE 0, multi)
                 /\ hostState' = "EndInitialization"
                 /\ UNCHANGED <<hostVersion, offerQ>>
      \* openvmm takes CREATE_SUB_CHANNELS once in EndInitialization and on
      \* channel 0 in Ready; other init packets in Ready are answered here as
      \* INVALID_DEVICE_STATE too (the guest never sends them).
      [] hostState \in {"EndInitialization", "Ready"} ->
            IF r.op = "EndInitialization" /\ hostState = "EndInitialization"
            THEN Ok("Ready")
            ELSE IF r.op = "CreateSubChannels" /\ multi /\ r.arg \in 1..HostMaxSubChannels
            \* enable_subchannels(n): the completion on the ring, n offers
            \* as channel messages; or it fails: INVALID_PARAMETER, no offers.
            THEN /\ \/ Reply(r, "Success", 0, FALSE) /\ offerQ' = offerQ \o [i \in 1..r.arg |-> i]
                    \/ Reply(r, "InvalidParameter", 0, FALSE) /\ UNCHANGED offerQ
                 /\ UNCHANGED <<hostState, hostVersion>>
            ELSE Invalid

HostReceivesRequest ==
    /\ toHost # <<>>
    /\ toHost' = Tail(toHost)
    /\ HostAnswers(Head(toHost))
    /\ UNCHANGED <<hostAccepts, guestVars, subVars>>

HostNext == HostReceivesRequest

-----------------------------------------------------------------------------

\* Handshake over: the guest is Ready or Failed, nothing in flight, every
\* queued open done.  A completion still on the ring is a late one (the
\* guest waits for nothing once Ready or Failed): after a timeout nobody
\* reads it (a Failed device's channel is closed; a Ready one's I/O path
\* drops the unknown trans_id, StorvscIo).
Settled ==
    /\ guestPc \in {"Ready", "Failed"}
    /\ toHost = <<>> /\ offerQ = <<>>
    /\ toGuest = <<>> \/ GuestMayTimeOut
    /\ pendingOpens = {}

\* Explicit final stuttering, so that any other dead end is a deadlock.
Terminating == Settled /\ UNCHANGED vars

Next == GuestNext \/ GuestTimeoutNext \/ HostNext \/ Terminating

Spec == Init /\ [][Next]_vars

\* Neither side stalls while it can act; each queued open runs (the
\* workqueue makes progress).
LiveSpec == Spec /\ WF_vars(GuestNext) /\ WF_vars(HostNext)
            /\ WF_vars(GuestOpensSubChannel)

-----------------------------------------------------------------------------

\* Every completion answers a request that was sent, and none twice.
AnsweredOnceInv == \A t \in Tids : answers[t] <= IF t < nextTid THEN 1 ELSE 0

\* At most one request is outstanding (why one trans_id suffices in Linux).
OneOutstandingInv == Len(toHost) + Len(toGuest) <= 1

\* The guest follows the host's order: it never gets INVALID_DEVICE_STATE.
NoInvalidStateInv == \A i \in DOMAIN toGuest : toGuest[i].status # "InvalidDeviceState"

\* The negotiated version is the newest one both sides support; the guest
\* fails only when there is none (or, GuestMayTimeOut, when a wait timed
\* out), and is Ready only with it.
NewestCommonVersionInv ==
    /\ version # 0 => version = NewestCommon
    /\ guestPc = "Failed" => NewestCommon = 0 \/ GuestMayTimeOut
    /\ guestPc = "Ready" => version = NewestCommon /\ version = hostVersion

\* No two paths open the same sub-channel (H10's intent), and only offered
\* sub-channels are opened.
SubChannelOpenedOnceInv == \A i \in SubIdx : opens[i] <= 1 /\ (opens[i] = 1 => i \in scList)

\* The handshake ends, in Ready or Failed, whatever the waits' timeouts did
\* (the timeout models' HandshakeCompletesProp: a timeout may fail a device
\* that has a common version).
HandshakeEndsProp == <>[]Settled

\* Every request the guest sent is eventually answered.
EveryRequestAnsweredProp == \A t \in Tids : (t < nextTid) ~> (answers[t] = 1)

\* The handshake completes: Ready with the newest common version and every
\* granted sub-channel opened, or Failed when there is no common version.
HandshakeCompletesProp ==
    <>[](/\ Settled
         /\ guestPc = IF NewestCommon = 0 THEN "Failed" ELSE "Ready"
         /\ \A i \in 1..requested : opens[i] = 1)

=============================================================================
