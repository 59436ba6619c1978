------------------------- MODULE TraceNetvscDevice -------------------------
(***************************************************************************)
(* Trace validation of one netvsc device through every phase a run        *)
(* performs (`enlightened run network`): NVSP init, receive and send      *)
(* buffers and sub-channel allocation (specs/devices/NetvscSubchannels),  *)
(* the RNDIS bring-up INITIALIZE / QUERY / SET and, at close, HALT        *)
(* (specs/devices/NetvscRndis), and the data path between them            *)
(* (specs/devices/NetvscDataPath; events in NETVSC_DATAPATH_EVENTS.md).   *)
(* The three specs are composed as instances over disjoint variables;     *)
(* each action here is one of theirs, the others' variables unchanged,    *)
(* plus the rules that tie the phases together:                           *)
(*  - RNDIS requests go out only once NVSP init is done (they ride on     *)
(*    SEND_RNDIS_PKT and come back through the receive buffer);           *)
(*  - the guest transmits only once its sub-channel wait is over and      *)
(*    RNDIS is up (packet filter set: Linux netvsc_open after             *)
(*    rndis_filter_open), and only on a granted queue (q <= granted);     *)
(*  - the host delivers received frames only while its packet filter is  *)
(*    set and before HALT (openvmm netvsp drops them otherwise);          *)
(*  - the guest sets RSS only once every granted sub-channel is open      *)
(*    (Linux rndis_set_subchannel waits for open_chn == num_chn before    *)
(*    rndis_filter_set_rss_param), always when it has sub-channels, and   *)
(*    with Linux's default indirection table (rndis_filter_device_add:    *)
(*    rx_table[i] = ethtool_rxfh_indir_default(i, num_chn) = i % num_chn, *)
(*    ITAB_NUM entries), LinuxTable below;                                *)
(*  - the host delivers each received frame on the queue RSS picks: the  *)
(*    table entry its hash's low bits index (NDIS: hash & (entries - 1)), *)
(*    queue 0 for a frame without hash or while RSS is off.  The hash is  *)
(*    the Toeplitz hash the Java host computed (params.hashes, checked    *)
(*    there against Microsoft's verification vectors and by the guest    *)
(*    against its own key); this module checks the lookup.                *)
(*  - HALT goes out only with the data path drained: nothing pending, no  *)
(*    queue stopped, no stop or wake owed (netvsc_close waits for the     *)
(*    rings to empty before rndis_filter_halt_device);                    *)
(*  - nothing is sent after HALT (GuestSendsFrame needs RNDIS "Up").      *)
(*                                                                         *)
(* Mapping: spec variable <-> trace field <-> Java field.                  *)
(*   NetvscSubchannels: as TraceNetvscSubchannels (NetvscGuest, NetvscHost)*)
(*     guestPc, granted, openChn, offers: post fields of the same names;  *)
(*     Cardinality(pendingOpens): post.pending of NetvscGuest's events    *)
(*     (SetupView), also after the guest proceeded: an offer handled      *)
(*     after the opens' timeout (run netvsc --stall-opens) is one.        *)
(*     a failed NVSP setup (nvspPc "Failed") is post.guestPc "Failed", as *)
(*     in TraceNetvscSubchannels.                                          *)
(*   NetvscDataPath: as TraceNetvscDataPath (DataPathTrace);              *)
(*     pending[lastQueue]: post.pending of its events (TraceView) once     *)
(*     the guest proceeded.                                                *)
(*   NetvscRndis:                                                          *)
(*     rnGuest      post.rndis      GuestRndis.specState()                *)
(*     rnHost       post.hostRndis  HostDataPath.rndisState()             *)
(*     rnRss        the RSS SETs HostAnswersRndis reads (oid RssOff, Rss)  *)
(*                  HostDataPath.rss != null                              *)
(*     rnNextId     params.id of the GuestSendsRndis* events              *)
(*     rnToGuest head params.kind/id/status of GuestReceivesRndisCompletion*)
(*     rnToHost head  params.kind/id of HostAnswersRndis                  *)
(*     its answer   params.answer (the completion's request_id), status   *)
(*     rnTimedOut   params.id of the GuestTimesOutWaitingForRndis* events *)
(*                  (GuestRndis.timedOutIds)                              *)
(*     rnWaiting, rnQueried, rnSent, rnAnswered, rnAccepted: not logged;  *)
(*     determined by the events.                                           *)
(* The header sets the data path's constants and Requested; the bug       *)
(* switches (GuestWaitsFor, SectionFreedOn, WakeRule, HostIds, Bugs) and  *)
(* Oids stay as TraceNetvscDevice.cfg fixes them: traces of the Java      *)
(* faults must be REJECTED.                                                *)
(*                                                                         *)
(* Timeouts: GuestMayTimeOut is TRUE, so the setup waits of               *)
(* NetvscSubchannels and the RNDIS waits of NetvscRndis may each end in   *)
(* their timeout, and a late RNDIS answer is dropped: the validator, not  *)
(* the run, decides whether a timeout event is one the spec allows (one   *)
(* after its answer reached the guest is REJECTED).  They are actions of  *)
(* the guest (TraceActors) but not of TraceParties: a guest that can only *)
(* time out is still blocked for a Quiescent claim.                       *)
(*                                                                         *)
(* Deliberate differences, each in one place:                             *)
(*  - RNDIS control messages share queue 0's rings and the receive buffer *)
(*    with the data path; the composition gives them channels of their    *)
(*    own (NetvscRndis) and keeps them out of the data path's ring bytes, *)
(*    sections and completions.  That is exact for the runs it checks:    *)
(*    the bring-up settles (control rings and sections back) before the   *)
(*    first frame, and HALT has no completion.                            *)
(*  - the data path's `len` rule and TraceNext simplification as in       *)
(*    TraceNetvscDataPath (one single-range receive packet and a GPA-     *)
(*    direct send stand for all choices in quiescence checks).            *)
(*  - Terminating stutters of the three specs have no event.              *)
(***************************************************************************)
EXTENDS Naturals, Sequences, FiniteSets, TraceSupport

CONSTANTS
    NumQueues, SendSections, RecvSections, RingBytes, LowWater, HighWater, PacketBytes, RecvCompSlots,
    MaxRanges, MaxTx, MaxRx, SectionFreedOn, WakeRule,  \* NetvscDataPath
    SendSectionSize,                                    \* as TraceNetvscDataPath
    Requested, GuestWaitsFor,                           \* NetvscSubchannels
    Oids, HostIds, Bugs                                 \* NetvscRndis

VARIABLES
    \* NetvscSubchannels
    nvspPc, nvspUp, nvspDown, toHost, toGuest, offerQ, answers, guestPc, granted, programmed, pendingOpens, opened,
    openChn,
    \* NetvscRndis
    rnGuest, rnNextId, rnWaiting, rnQueried, rnToHost, rnToGuest, rnSent, rnAnswered, rnAccepted, rnHost, rnRss,
    rnTimedOut,
    \* NetvscDataPath
    sendMap, sendBuf, outRing, inRing, pending, stopped, sendPc, compPc, hostHeld, txSent, txRead,
    recvFree, recvBuf, mrc, rxSent, rxRead, lastQueue

\* The OIDs Linux rndis_filter_device_add queries, in order (the .cfg's
\* Oids: a TLC cfg has no sequence literals).
LinuxOids == <<"MAC", "MTU", "Link">>

\* The Java netvsc guest's setup and RNDIS waits run on the run's clock and
\* their timeouts are traced (see the header).
GuestMayTimeOut == TRUE
SC == INSTANCE NetvscSubchannels
RN == INSTANCE NetvscRndis
DP == INSTANCE NetvscDataPath

scVars == <<nvspPc, nvspUp, nvspDown, toHost, toGuest, offerQ, answers, guestPc, granted, programmed, pendingOpens,
            opened, openChn>>
rnVars == <<rnGuest, rnNextId, rnWaiting, rnQueried, rnToHost, rnToGuest, rnSent, rnAnswered, rnAccepted, rnHost,
            rnRss, rnTimedOut>>
dpVars == <<sendMap, sendBuf, outRing, inRing, pending, stopped, sendPc, compPc, hostHeld, txSent, txRead,
            recvFree, recvBuf, mrc, rxSent, rxRead, lastQueue>>

ASSUME SectionSizeOk == SendSectionSize \in Nat \ {0}
ASSUME RecvCompSlotsCoverSections == RecvCompSlots >= RecvSections

Init == SC!Init /\ RN!Init /\ DP!Init

TypeOK == SC!TypeOK /\ RN!TypeOK /\ DP!TypeOK

-----------------------------------------------------------------------------
(* The rules between the phases (see the header)                          *)

NvspUp == nvspPc = "Done"
\* The guest may transmit on queue q.
GuestMayTransmit(q) == guestPc = "Proceeded" /\ rnGuest = "Up" /\ q <= granted
\* Every sub-channel the host granted is open: the guest's wait is over.
SubChannelsOpen == guestPc = "Proceeded" /\ openChn = granted
\* Linux's indirection table (ITAB_NUM = 128 entries) for the device's queues.
LinuxTable == [i \in 1..128 |-> (i - 1) % NumQueues]
\* The queue RSS picks for a frame whose hash is hs (<<>>: none, <<h>>: h).
RssQueue(hs) == IF rnRss = "Off" \/ hs = <<>> THEN 0 ELSE LinuxTable[(hs[1] % 128) + 1]
\* The data path is drained on the guest's side (HALT may go out).
Drained == \A q \in DP!Queues : pending[q] = 0 /\ ~stopped[q] /\ sendPc[q] = "Idle" /\ compPc[q] = "Idle"

-----------------------------------------------------------------------------
(* The composed actions: each spec's action, the others' variables kept   *)

GuestNegotiatesNvsp(st) == SC!GuestNegotiatesNvsp(st) /\ UNCHANGED <<rnVars, dpVars>>
GuestSendsAllocate == SC!GuestSendsAllocate /\ UNCHANGED <<rnVars, dpVars>>
GuestReceivesCompletion == SC!GuestReceivesCompletion /\ UNCHANGED <<rnVars, dpVars>>
GuestProcessesOffer == SC!GuestProcessesOffer /\ UNCHANGED <<rnVars, dpVars>>
GuestOpensSubChannel == SC!GuestOpensSubChannel /\ UNCHANGED <<rnVars, dpVars>>
GuestSeesSubChannelsOpen == SC!GuestSeesSubChannelsOpen /\ UNCHANGED <<rnVars, dpVars>>
HostAnswersNvsp == SC!HostAnswersNvsp /\ UNCHANGED <<rnVars, dpVars>>
GuestTimesOutWaitingForInitComplete == SC!GuestTimesOutWaitingForInitComplete /\ UNCHANGED <<rnVars, dpVars>>
GuestTimesOutWaitingForRecvBuf == SC!GuestTimesOutWaitingForRecvBuf /\ UNCHANGED <<rnVars, dpVars>>
GuestTimesOutWaitingForSendBuf == SC!GuestTimesOutWaitingForSendBuf /\ UNCHANGED <<rnVars, dpVars>>
GuestTimesOutWaitingForSubChannelCompletion ==
    SC!GuestTimesOutWaitingForSubChannelCompletion /\ UNCHANGED <<rnVars, dpVars>>
GuestTimesOutWaitingForSubChannelOpens == SC!GuestTimesOutWaitingForSubChannelOpens /\ UNCHANGED <<rnVars, dpVars>>
HostAllocatesSubChannels == SC!HostAllocatesSubChannels /\ UNCHANGED <<rnVars, dpVars>>

GuestSendsRndisInit == NvspUp /\ RN!GuestSendsRndisInit /\ UNCHANGED <<scVars, dpVars>>
GuestSendsRndisQuery == RN!GuestSendsRndisQuery /\ UNCHANGED <<scVars, dpVars>>
GuestSendsRndisRss == SubChannelsOpen /\ granted > 0 /\ RN!GuestSendsRndisRss /\ UNCHANGED <<scVars, dpVars>>
GuestSendsRndisSet == (granted > 0 => RN!RssSets = 2) /\ RN!GuestSendsRndisSet /\ UNCHANGED <<scVars, dpVars>>
GuestSendsRndisHalt == Drained /\ RN!GuestSendsRndisHalt /\ UNCHANGED <<scVars, dpVars>>
GuestReceivesRndisCompletion == RN!GuestReceivesRndisCompletion /\ UNCHANGED <<scVars, dpVars>>
HostAnswersRndis(st) == RN!HostAnswersRndis(st) /\ UNCHANGED <<scVars, dpVars>>
GuestTimesOutWaitingForRndisInit == RN!GuestTimesOutWaitingForRndisInit /\ UNCHANGED <<scVars, dpVars>>
GuestTimesOutWaitingForRndisQuery == RN!GuestTimesOutWaitingForRndisQuery /\ UNCHANGED <<scVars, dpVars>>
GuestTimesOutWaitingForRndisSet == RN!GuestTimesOutWaitingForRndisSet /\ UNCHANGED <<scVars, dpVars>>
GuestDropsLateRndisCompletion == RN!GuestDropsLateRndisCompletion /\ UNCHANGED <<scVars, dpVars>>

GuestSendsFrame(q, s, b, f) == GuestMayTransmit(q) /\ DP!GuestSendsFrame(q, s, b, f) /\ UNCHANGED <<scVars, rnVars>>
GuestStopsTxQueue(q, r, b) ==
    (r = "lowWater" \/ GuestMayTransmit(q)) /\ DP!GuestStopsTxQueue(q, r, b) /\ UNCHANGED <<scVars, rnVars>>
GuestWakesTxQueue(q, by) == DP!GuestWakesTxQueue(q, by) /\ UNCHANGED <<scVars, rnVars>>
GuestReceivesTxCompletion(q) == DP!GuestReceivesTxCompletion(q) /\ UNCHANGED <<scVars, rnVars>>
GuestReceivesRxPacket(q) == DP!GuestReceivesRxPacket(q) /\ UNCHANGED <<scVars, rnVars>>
GuestSendsRxCompletion(q, b) == DP!GuestSendsRxCompletion(q, b) /\ UNCHANGED <<scVars, rnVars>>
HostReceivesFrame(q) == DP!HostReceivesFrame(q) /\ UNCHANGED <<scVars, rnVars>>
HostCompletesTx(q, i) == DP!HostCompletesTx(q, i) /\ UNCHANGED <<scVars, rnVars>>
HostSendsRxPacket(q, secs, fs) ==
    rnHost = "Up" /\ q <= granted /\ DP!HostSendsRxPacket(q, secs, fs) /\ UNCHANGED <<scVars, rnVars>>
HostReceivesRxCompletion(q) == DP!HostReceivesRxCompletion(q) /\ UNCHANGED <<scVars, rnVars>>

\* Next for quiescence claims and diagnoses (data path as TraceNetvscDataPath).
TraceNext ==
    \/ \E st \in SC!NvspSteps : GuestNegotiatesNvsp(st)
    \/ GuestSendsAllocate \/ GuestReceivesCompletion \/ GuestProcessesOffer \/ GuestOpensSubChannel
    \/ GuestSeesSubChannelsOpen \/ HostAnswersNvsp \/ HostAllocatesSubChannels
    \/ GuestSendsRndisInit \/ GuestSendsRndisQuery \/ GuestSendsRndisRss \/ GuestSendsRndisSet
    \/ GuestSendsRndisHalt
    \/ GuestReceivesRndisCompletion \/ GuestDropsLateRndisCompletion
    \/ \E st \in RN!Statuses : HostAnswersRndis(st)
    \/ GuestTimesOutWaitingForInitComplete \/ GuestTimesOutWaitingForRecvBuf \/ GuestTimesOutWaitingForSendBuf
    \/ GuestTimesOutWaitingForSubChannelCompletion \/ GuestTimesOutWaitingForSubChannelOpens
    \/ GuestTimesOutWaitingForRndisInit \/ GuestTimesOutWaitingForRndisQuery \/ GuestTimesOutWaitingForRndisSet
    \/ \E q \in DP!Queues :
        \/ \E b \in PacketBytes : GuestSendsFrame(q, DP!NoSection, b, 0)
        \/ GuestStopsTxQueue(q, "lowWater", 0)
        \/ \E b \in PacketBytes : GuestStopsTxQueue(q, "ringFull", b)
        \/ GuestWakesTxQueue(q, "sender")
        \/ GuestWakesTxQueue(q, "completion")
        \/ GuestReceivesTxCompletion(q)
        \/ GuestReceivesRxPacket(q)
        \/ \E b \in PacketBytes : GuestSendsRxCompletion(q, b)
        \/ HostReceivesFrame(q)
        \/ \E i \in DOMAIN hostHeld[q] : HostCompletesTx(q, i)
        \/ \E s \in recvFree : HostSendsRxPacket(q, <<s>>, <<0>>)
        \/ HostReceivesRxCompletion(q)

-----------------------------------------------------------------------------
(* The invariants checked in every matched state (see the .cfg)           *)

NvspFirstInv == SC!NvspFirstInv
AnsweredOnceInv == SC!AnsweredOnceInv /\ RN!AnsweredOnceInv
OpenCountInv == SC!OpenCountInv
ProceedsAfterAllOpenInv == SC!ProceedsAfterAllOpenInv
RndisRequestsInv ==
    /\ RN!CompletionAnswersRequestInv /\ RN!OneOutstandingInv /\ RN!InitFirstInv
    /\ RN!NothingAfterHaltInv /\ RN!UpAfterAllAnsweredInv /\ RN!NoIdReuseInv /\ RN!NoLateAcceptInv
DataPathInv ==
    /\ DP!SendSectionExclusiveInv /\ DP!TxDataIntactInv /\ DP!TxCountInv /\ DP!PendingInv
    /\ DP!RxDataIntactInv /\ DP!RxCountInv /\ DP!RecvSectionsAccountedInv /\ DP!StoppedHasWakerInv
\* No frame goes out before the device is up, and none after HALT.
DataWhileUpInv == txSent > 0 => guestPc = "Proceeded" /\ rnHost \in {"Up", "Halted"}

-----------------------------------------------------------------------------
(* Post fields                                                             *)

TraceView ==
    [guestPc |-> IF nvspPc = "Failed" THEN "Failed" ELSE guestPc, granted |-> granted, openChn |-> openChn,
     offers |-> Len(offerQ),
     pending |-> IF guestPc = "Proceeded" THEN pending[lastQueue] ELSE Cardinality(pendingOpens),
     rndis |-> rnGuest, hostRndis |-> rnHost,
     ringFree |-> DP!Free(lastQueue), stopped |-> stopped[lastQueue],
     sendInUse |-> Cardinality({s \in DP!SendIdx : sendMap[s]}), recvFree |-> Cardinality(recvFree),
     rxCompQueued |-> Len(mrc[lastQueue])]

\* The view of the NetvscSubchannels events (NetvscGuest logs the pending
\* opens as post.pending in every state, the data path its pending sends).
SetupView == [TraceView EXCEPT !.pending = Cardinality(pendingOpens)]

Q(e) == e.params.queue
Last(s) == s[Len(s)]

-----------------------------------------------------------------------------
(* Matchers: NVSP init and sub-channels (as TraceNetvscSubchannels)       *)

IsGuestNegotiatesNvsp(e) ==
    \E st \in SC!NvspSteps :
        /\ st.recv = e.params.received /\ st.send = e.params.sent
        /\ GuestNegotiatesNvsp(st)
        /\ PostMatches(e, SetupView')

IsGuestSendsAllocate(e) == GuestSendsAllocate /\ e.params.num = Requested /\ PostMatches(e, SetupView')

IsGuestReceivesCompletion(e) ==
    /\ GuestReceivesCompletion
    /\ Head(toGuest).status = e.params.status /\ Head(toGuest).num = e.params.num
    /\ PostMatches(e, SetupView')

IsGuestProcessesOffer(e) == GuestProcessesOffer /\ Head(offerQ) = e.params.index /\ PostMatches(e, SetupView')

IsGuestOpensSubChannel(e) ==
    /\ e.params.index \in pendingOpens
    /\ GuestOpensSubChannel
    /\ e.params.index \in opened'
    /\ PostMatches(e, SetupView')

IsGuestSeesSubChannelsOpen(e) == GuestSeesSubChannelsOpen /\ PostMatches(e, SetupView')

IsHostAnswersNvsp(e) ==
    /\ nvspUp # <<>>
    /\ Head(nvspUp) = e.params.received /\ SC!HostReply(Head(nvspUp)) = e.params.sent
    /\ HostAnswersNvsp
    /\ PostMatches(e, TraceView')

IsGuestTimesOutWaitingForInitComplete(e) == GuestTimesOutWaitingForInitComplete /\ PostMatches(e, SetupView')
IsGuestTimesOutWaitingForRecvBuf(e) == GuestTimesOutWaitingForRecvBuf /\ PostMatches(e, SetupView')
IsGuestTimesOutWaitingForSendBuf(e) == GuestTimesOutWaitingForSendBuf /\ PostMatches(e, SetupView')
IsGuestTimesOutWaitingForSubChannelCompletion(e) ==
    GuestTimesOutWaitingForSubChannelCompletion /\ PostMatches(e, SetupView')
IsGuestTimesOutWaitingForSubChannelOpens(e) == GuestTimesOutWaitingForSubChannelOpens /\ PostMatches(e, SetupView')

IsHostAllocatesSubChannels(e) ==
    /\ HostAllocatesSubChannels
    /\ toGuest'[Len(toGuest')].status = e.params.status
    /\ toGuest'[Len(toGuest')].num = e.params.num
    /\ PostMatches(e, TraceView')

-----------------------------------------------------------------------------
(* Matchers: RNDIS control                                                *)

IsGuestSendsRndisInit(e) ==
    /\ e.params.id = rnNextId
    /\ GuestSendsRndisInit
    /\ PostMatches(e, TraceView')

IsGuestSendsRndisQuery(e) ==
    /\ e.params.id = rnNextId
    /\ GuestSendsRndisQuery
    /\ Last(rnToHost').oid = e.params.oid
    /\ PostMatches(e, TraceView')

\* oid: "PacketFilter", or "RssOff" / "Rss" (whose table must be Linux's).
IsGuestSendsRndisSet(e) ==
    /\ e.params.id = rnNextId
    /\ IF e.params.oid = "PacketFilter"
       THEN GuestSendsRndisSet
       ELSE /\ GuestSendsRndisRss
            /\ Last(rnToHost').oid = e.params.oid
            /\ e.params.oid = "Rss" => e.params.table = LinuxTable
    /\ PostMatches(e, TraceView')

IsGuestSendsRndisHalt(e) ==
    /\ e.params.id = rnNextId
    /\ GuestSendsRndisHalt
    /\ PostMatches(e, TraceView')

IsGuestReceivesRndisCompletion(e) ==
    /\ rnToGuest # <<>>
    /\ Head(rnToGuest) = [id |-> e.params.id, kind |-> e.params.kind, status |-> e.params.status]
    /\ GuestReceivesRndisCompletion
    /\ PostMatches(e, TraceView')

\* id: the request whose wait ended.
IsGuestTimesOutWaitingForRndisInit(e) ==
    e.params.id = rnWaiting.id /\ GuestTimesOutWaitingForRndisInit /\ PostMatches(e, TraceView')
IsGuestTimesOutWaitingForRndisQuery(e) ==
    e.params.id = rnWaiting.id /\ GuestTimesOutWaitingForRndisQuery /\ PostMatches(e, TraceView')
IsGuestTimesOutWaitingForRndisSet(e) ==
    e.params.id = rnWaiting.id /\ GuestTimesOutWaitingForRndisSet /\ PostMatches(e, TraceView')

IsGuestDropsLateRndisCompletion(e) ==
    /\ rnToGuest # <<>>
    /\ Head(rnToGuest) = [id |-> e.params.id, kind |-> e.params.kind, status |-> e.params.status]
    /\ GuestDropsLateRndisCompletion
    /\ PostMatches(e, TraceView')

\* kind, id: the request read; answer, status: its completion (not for HALT).
IsHostAnswersRndis(e) ==
    /\ rnToHost # <<>>
    /\ Head(rnToHost).kind = e.params.kind /\ Head(rnToHost).id = e.params.id
    /\ IF e.params.kind = "HALT"
       THEN ParamsAmong(e, {"kind", "id"}) /\ HostAnswersRndis("Success") /\ rnToGuest' = rnToGuest
       ELSE /\ HostAnswersRndis(e.params.status)
            /\ Last(rnToGuest') = [id |-> e.params.answer, kind |-> e.params.kind, status |-> e.params.status]
    /\ PostMatches(e, TraceView')

-----------------------------------------------------------------------------
(* Matchers: data path (as TraceNetvscDataPath)                           *)

IsGuestSendsFrame(e) ==
    /\ Q(e) \in DP!Queues
    /\ e.params.len >= 1
    /\ IF e.params.section = DP!NoSection
       THEN e.params.len > SendSectionSize \/ \A s \in DP!SendIdx : sendMap[s]
       ELSE e.params.len <= SendSectionSize
    /\ GuestSendsFrame(Q(e), e.params.section, e.params.bytes, e.params.frame)
    /\ PostMatches(e, TraceView')

IsGuestStopsTxQueue(e) ==
    /\ Q(e) \in DP!Queues
    /\ \/ /\ e.params.reason = "lowWater" /\ ParamsAmong(e, {"queue", "reason"})
          /\ GuestStopsTxQueue(Q(e), "lowWater", 0)
       \/ e.params.reason = "ringFull" /\ GuestStopsTxQueue(Q(e), "ringFull", e.params.bytes)
    /\ PostMatches(e, TraceView')

IsGuestWakesTxQueue(e) ==
    /\ Q(e) \in DP!Queues
    /\ e.params.by \in {"sender", "completion"}
    /\ GuestWakesTxQueue(Q(e), e.params.by)
    /\ PostMatches(e, TraceView')

IsGuestReceivesTxCompletion(e) ==
    /\ Q(e) \in DP!Queues
    /\ inRing[Q(e)] # <<>>
    /\ Head(inRing[Q(e)]).frame = e.params.frame
    /\ Head(inRing[Q(e)]).section = e.params.section
    /\ GuestReceivesTxCompletion(Q(e))
    /\ PostMatches(e, TraceView')

IsGuestReceivesRxPacket(e) ==
    /\ Q(e) \in DP!Queues
    /\ inRing[Q(e)] # <<>> /\ Head(inRing[Q(e)]).kind = "xfer"
    /\ Head(inRing[Q(e)]).sections = e.params.sections
    /\ DP!RxData(Head(inRing[Q(e)])) = e.params.frames
    /\ GuestReceivesRxPacket(Q(e))
    /\ PostMatches(e, TraceView')

IsGuestSendsRxCompletion(e) ==
    /\ Q(e) \in DP!Queues
    /\ mrc[Q(e)] # <<>> /\ Head(mrc[Q(e)]) = e.params.sections
    /\ GuestSendsRxCompletion(Q(e), e.params.bytes)
    /\ PostMatches(e, TraceView')

IsHostReceivesFrame(e) ==
    /\ Q(e) \in DP!Queues
    /\ outRing[Q(e)] # <<>> /\ Head(outRing[Q(e)]).kind = "tx"
    /\ Head(outRing[Q(e)]).section = e.params.section
    /\ DP!TxData(Head(outRing[Q(e)])) = e.params.frame
    /\ HostReceivesFrame(Q(e))
    /\ PostMatches(e, TraceView')

IsHostCompletesTx(e) ==
    /\ Q(e) \in DP!Queues
    /\ LET held == hostHeld[Q(e)]
           hits == {i \in DOMAIN held : held[i].frame = e.params.frame /\ held[i].section = e.params.section}
       IN /\ hits # {}
          /\ HostCompletesTx(Q(e), CHOOSE i \in hits : \A j \in hits : i <= j)
    /\ PostMatches(e, TraceView')

\* hashes: per frame <<>> (none) or <<h>>; each frame on the queue RSS picks.
IsHostSendsRxPacket(e) ==
    /\ Q(e) \in DP!Queues
    /\ Len(e.params.hashes) = Len(e.params.frames)
    /\ \A i \in DOMAIN e.params.hashes : RssQueue(e.params.hashes[i]) = Q(e)
    /\ HostSendsRxPacket(Q(e), e.params.sections, e.params.frames)
    /\ PostMatches(e, TraceView')

IsHostReceivesRxCompletion(e) ==
    /\ Q(e) \in DP!Queues
    /\ outRing[Q(e)] # <<>> /\ Head(outRing[Q(e)]).kind = "rxcomp"
    /\ Head(outRing[Q(e)]).sections = e.params.sections
    /\ HostReceivesRxCompletion(Q(e))
    /\ PostMatches(e, TraceView')

-----------------------------------------------------------------------------

\* Complete logging: no silent actions.  For Quiescent events, a party is
\* blocked when none of its actions can step.
TraceParties ==
    [guest |-> {"GuestNegotiatesNvsp", "GuestSendsAllocate", "GuestReceivesCompletion", "GuestProcessesOffer",
                "GuestOpensSubChannel", "GuestSeesSubChannelsOpen",
                "GuestSendsRndisInit", "GuestSendsRndisQuery", "GuestSendsRndisSet", "GuestSendsRndisHalt",
                "GuestReceivesRndisCompletion", "GuestDropsLateRndisCompletion",
                "GuestSendsFrame", "GuestStopsTxQueue", "GuestWakesTxQueue", "GuestReceivesTxCompletion",
                "GuestReceivesRxPacket", "GuestSendsRxCompletion"},
     host |-> {"HostAnswersNvsp", "HostAllocatesSubChannels", "HostAnswersRndis",
               "HostReceivesFrame", "HostCompletesTx", "HostSendsRxPacket", "HostReceivesRxCompletion"}]

\* The timeouts: guest actions, but not for Quiescent claims (see the header).
Timeouts == {"GuestTimesOutWaitingForInitComplete", "GuestTimesOutWaitingForRecvBuf",
             "GuestTimesOutWaitingForSendBuf", "GuestTimesOutWaitingForSubChannelCompletion",
             "GuestTimesOutWaitingForSubChannelOpens", "GuestTimesOutWaitingForRndisInit",
             "GuestTimesOutWaitingForRndisQuery", "GuestTimesOutWaitingForRndisSet"}
TraceActors == [guest |-> TraceParties.guest \cup Timeouts, host |-> TraceParties.host]

\* What a Quiescent event may say a party waits for (NetworkRunner).
TraceWaitingFor ==
    [guest |-> {"txCompletion", "txWake", "rxPacket", "rndisCompletion", "nothing"},
     host |-> {"guestPacket", "nothing"}]

=============================================================================
