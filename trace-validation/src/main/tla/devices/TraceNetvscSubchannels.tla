----------------------- MODULE TraceNetvscSubchannels -----------------------
(***************************************************************************)
(* Trace validation of netvsc sub-channel allocation                      *)
(* (specs/devices/NetvscSubchannels.tla) against traces of the Java guest *)
(* driver and simulated VSP (reference-impl package netvsc;               *)
(* `enlightened run netvsc`).                                              *)
(*                                                                         *)
(* Mapping: spec variable <-> trace field <-> Java field.                  *)
(*   guestPc        post.guestPc   NetvscGuest.state.specPc()             *)
(*   granted        post.granted   NetvscGuest.granted                     *)
(*   openChn        post.openChn   NetvscGuest.opened.size()               *)
(*   pendingOpens   post.pending   NetvscGuest.pendingOpens (its size)    *)
(*   offerQ         post.offers    SubchannelOffers (its length)          *)
(*   toGuest head   params.status, params.num of GuestReceivesCompletion  *)
(*   toGuest last   params.status, params.num of HostAllocatesSubChannels *)
(*   offerQ head    params.index of GuestProcessesOffer                   *)
(*   opened         params.index of GuestOpensSubChannel                  *)
(*   toHost, answers, programmed: not logged; determined by the actions.  *)
(*   nvspDown head  params.received of GuestNegotiatesNvsp ("" : none)    *)
(*   nvspUp appended params.sent of GuestNegotiatesNvsp (NVSP names)      *)
(*   nvspUp head    params.received of HostAnswersNvsp                    *)
(*   its answer     params.sent of HostAnswersNvsp ("" : none)            *)
(*   nvspPc: not logged; follows from the init events.  A failed NVSP    *)
(*   setup (nvspPc "Failed") is post.guestPc "Failed": the Java guest has *)
(*   one state (GuestState.Failed) where the spec keeps guestPc "Start".  *)
(* Requested comes from the trace header.  Traces are checked against the *)
(* correct guest (GuestWaitsFor = "Granted" in the .cfg), so the Java     *)
(* faults H11 and wait-requested must be rejected.                         *)
(*                                                                         *)
(* Deliberate differences, each in one place:                             *)
(*  - Terminating (the spec's final stutter) has no event.                *)
(*  - GuestMayTimeOut is TRUE in the .cfg: the Java guest's setup waits   *)
(*    run on a clock and their timeouts are traced (NetvscGuest.timeOut,  *)
(*    issue 12), the sub-channel opens' included; NetvscRunner still ends *)
(*    the trace with a Quiescent event at a stall in the opens' wait      *)
(*    (its fault wait-requested shows as that hang).                      *)
(*  - Hostile-host messages (malformed, m > n, bad offers) are exercised  *)
(*    by untraced unit tests only.                                        *)
(***************************************************************************)
EXTENDS NetvscSubchannels, TraceSupport

TraceView ==
    [guestPc |-> IF nvspPc = "Failed" THEN "Failed" ELSE guestPc, granted |-> granted, openChn |-> openChn,
     pending |-> Cardinality(pendingOpens), offers |-> Len(offerQ)]

-----------------------------------------------------------------------------
(* Guest *)

\* One NVSP init step: what it received and what it sent are both checked
\* against the spec's step (netvsc_connect_vsp).
IsGuestNegotiatesNvsp(e) ==
    \E st \in NvspSteps :
        /\ st.recv = e.params.received /\ st.send = e.params.sent
        /\ GuestNegotiatesNvsp(st)
        /\ PostMatches(e, TraceView')

IsGuestSendsAllocate(e) ==
    /\ GuestSendsAllocate
    /\ e.params.num = Requested
    /\ PostMatches(e, TraceView')

IsGuestReceivesCompletion(e) ==
    /\ GuestReceivesCompletion
    /\ Head(toGuest).status = e.params.status
    /\ Head(toGuest).num = e.params.num
    /\ PostMatches(e, TraceView')

IsGuestProcessesOffer(e) ==
    /\ GuestProcessesOffer
    /\ Head(offerQ) = e.params.index
    /\ PostMatches(e, TraceView')

IsGuestOpensSubChannel(e) ==
    /\ e.params.index \in pendingOpens
    /\ GuestOpensSubChannel
    /\ e.params.index \in opened'
    /\ PostMatches(e, TraceView')

IsGuestSeesSubChannelsOpen(e) ==
    /\ GuestSeesSubChannelsOpen
    /\ PostMatches(e, TraceView')

\* A setup wait that ends in its timeout (NetvscGuest.timeOut, issue 12):
\* the event names the wait.  A timeout after the completion reached the
\* guest is no spec step (the wait is no longer outstanding).
IsGuestTimesOutWaitingForInitComplete(e) ==
    GuestTimesOutWaitingForInitComplete /\ PostMatches(e, TraceView')
IsGuestTimesOutWaitingForRecvBuf(e) ==
    GuestTimesOutWaitingForRecvBuf /\ PostMatches(e, TraceView')
IsGuestTimesOutWaitingForSendBuf(e) ==
    GuestTimesOutWaitingForSendBuf /\ PostMatches(e, TraceView')
IsGuestTimesOutWaitingForSubChannelCompletion(e) ==
    GuestTimesOutWaitingForSubChannelCompletion /\ PostMatches(e, TraceView')
IsGuestTimesOutWaitingForSubChannelOpens(e) ==
    GuestTimesOutWaitingForSubChannelOpens /\ PostMatches(e, TraceView')

-----------------------------------------------------------------------------
(* Host *)

IsHostAnswersNvsp(e) ==
    /\ nvspUp # <<>>
    /\ Head(nvspUp) = e.params.received /\ HostReply(Head(nvspUp)) = e.params.sent
    /\ HostAnswersNvsp
    /\ PostMatches(e, TraceView')

IsHostAllocatesSubChannels(e) ==
    /\ HostAllocatesSubChannels
    /\ toGuest'[Len(toGuest')].status = e.params.status
    /\ toGuest'[Len(toGuest')].num = e.params.num
    /\ PostMatches(e, TraceView')

-----------------------------------------------------------------------------

\* Complete logging: no silent actions.  For Quiescent events, a party is
\* blocked when none of its spec actions can step.  The timeouts are no
\* party's: a timeout is time passing, not a step the state enables (as in
\* TraceStorvscHandshake); TraceActors says they are the guest's.
TraceParties ==
    [guest |-> {"GuestNegotiatesNvsp", "GuestSendsAllocate", "GuestReceivesCompletion", "GuestProcessesOffer",
                "GuestOpensSubChannel", "GuestSeesSubChannelsOpen"},
     host |-> {"HostAnswersNvsp", "HostAllocatesSubChannels"}]

SetupTimeouts == {"GuestTimesOutWaitingForInitComplete", "GuestTimesOutWaitingForRecvBuf",
                  "GuestTimesOutWaitingForSendBuf", "GuestTimesOutWaitingForSubChannelCompletion",
                  "GuestTimesOutWaitingForSubChannelOpens"}
TraceActors == [guest |-> TraceParties.guest \cup SetupTimeouts, host |-> TraceParties.host]

\* What a Quiescent event may say the guest waits for (NetvscRunner): the
\* completion, or its sub-channels' opens (subchan_open in Linux).
TraceWaitingFor == [guest |-> {"completion", "subchan_open"}]

=============================================================================
