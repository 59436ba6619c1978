------------------------ MODULE TraceStorvscHandshake ------------------------
(***************************************************************************)
(* Trace validation of the storvsc handshake                               *)
(* (specs/devices/StorvscHandshake.tla) against traces of the Java guest   *)
(* and simulated host (reference-impl dev.enlightened.storvsc;             *)
(* `enlightened run storvsc`).                                             *)
(*                                                                         *)
(* Mapping: spec variable <-> trace field <-> Java field.                  *)
(*   guestPc          post.guestPc    StorvscGuest.pc (GuestPc.specName)   *)
(*   verIdx           post.verIdx     StorvscGuest.verIdx                  *)
(*   version          post.version    StorvscGuest.version                 *)
(*   requested        post.requested  StorvscGuest.requested               *)
(*   nextTid          post.nextTid    StorvscGuest.nextTid (trans_id)      *)
(*   pendingOpens     post.pending    StorvscGuest.pendingOpens, its size  *)
(*   scList           post.listed     StorvscGuest.scList, its size        *)
(*   opens[i]         post.opened     StorvscGuest.opens, of params.index  *)
(*   hostState        post.hostState  StorvscHost.state                    *)
(*   hostVersion      post.hostVersion StorvscHost.version                 *)
(*   offerQ           post.offers     the offer queue's length             *)
(*   Head(toHost)     params tid, op, arg of HostReceivesRequest: the      *)
(*                    decoded vstor_packet and its ring trans_id           *)
(*   Head(toGuest)    params tid, status, maxSub, multi of                 *)
(*                    GuestReceivesCompletion: the decoded COMPLETE_IO     *)
(*                                                                         *)
(* Constants from the trace header: GuestVersionSet (a header array is a  *)
(* set; the guest proposes newest first, so GuestVersions is it sorted    *)
(* downwards), HostVersionSet (the one host configuration of the run),    *)
(* MultiChannelVersion, HostMaxSubChannels, GuestWantedSubChannels.       *)
(* ProbePathOpens stays FALSE in the .cfg: traces are checked against the *)
(* correct protocol, so a run with --fault H10 must be rejected.           *)
(* GuestMayTimeOut is TRUE in the .cfg (the Java guest's waits run on a    *)
(* clock, StorvscGuest.timeOut), TimeoutRetries FALSE.                     *)
(*                                                                         *)
(* Deliberate differences, each in one place:                             *)
(*  - Terminating (the spec's final stutter) has no event.                *)
(*  - Packets the untrusted host sends malformed (wrong trans_id, type,   *)
(*    truncated) have no spec action; only the hostile-host unit tests   *)
(*    produce them, untraced.                                              *)
(***************************************************************************)
EXTENDS StorvscHandshake, TraceSupport

CONSTANTS
    GuestVersionSet,   \* versions the guest proposes (order: newest first)
    HostVersionSet     \* versions this run's host accepts

RECURSIVE SortDown(_)
SortDown(S) ==
    IF S = {} THEN <<>>
    ELSE LET m == CHOOSE x \in S : \A y \in S : x >= y IN <<m>> \o SortDown(S \ {m})

TraceGuestVersions == SortDown(GuestVersionSet)
TraceHostVersionSets == {HostVersionSet}

-----------------------------------------------------------------------------
(* What post fields mean *)

TraceView ==
    [guestPc |-> guestPc, verIdx |-> verIdx, version |-> version, requested |-> requested,
     nextTid |-> nextTid, pending |-> Cardinality(pendingOpens), listed |-> Cardinality(scList),
     opened |-> opens, hostState |-> hostState, hostVersion |-> hostVersion, offers |-> Len(offerQ)]

\* Every logged post field agrees with the next state; opened is read at the
\* event's sub-channel (params.index).
PostOk(e) ==
    \A f \in DOMAIN e.post :
        IF f = "opened"
        THEN e.params.index \in SubIdx /\ e.post.opened = opens'[e.params.index]
        ELSE f \in DOMAIN TraceView /\ e.post[f] = TraceView'[f]

-----------------------------------------------------------------------------
(* Guest *)

IsGuestSendsBeginInitialization(e) ==
    /\ GuestSendsBeginInitialization
    /\ e.params.tid = nextTid
    /\ PostOk(e)

\* The completion read is the head of the host-to-guest ring.
IsGuestReceivesCompletion(e) ==
    /\ toGuest # <<>>
    /\ Head(toGuest).tid = e.params.tid
    /\ Head(toGuest).status = e.params.status
    /\ Head(toGuest).maxSub = e.params.maxSub
    /\ Head(toGuest).multi = e.params.multi
    /\ GuestReceivesCompletion
    /\ PostOk(e)

IsGuestProcessesOffer(e) ==
    /\ offerQ # <<>>
    /\ Head(offerQ) = e.params.index
    /\ GuestProcessesOffer
    /\ PostOk(e)

\* The open of the logged work item <<path, index>>.
IsGuestOpensSubChannel(e) ==
    /\ <<e.params.path, e.params.index>> \in pendingOpens
    /\ GuestOpensSubChannel
    /\ pendingOpens' = pendingOpens \ {<<e.params.path, e.params.index>>}
    /\ PostOk(e)

\* A wait that ends in its timeout (StorvscGuest.timeOut, issue 12): the
\* event names the wait, params.tid its request (the one outstanding).
\* A timeout after the completion reached the guest is no spec step.  (Not
\* named Is...: that prefix marks an event matcher, which coverage counts.)
TimedOutRequestIs(e) == e.params.tid = nextTid - 1 /\ PostOk(e)
IsGuestTimesOutWaitingForBeginInitialization(e) ==
    GuestTimesOutWaitingForBeginInitialization /\ TimedOutRequestIs(e)
IsGuestTimesOutWaitingForProtocolVersion(e) ==
    GuestTimesOutWaitingForProtocolVersion /\ TimedOutRequestIs(e)
IsGuestTimesOutWaitingForProperties(e) ==
    GuestTimesOutWaitingForProperties /\ TimedOutRequestIs(e)
IsGuestTimesOutWaitingForEndInitialization(e) ==
    GuestTimesOutWaitingForEndInitialization /\ TimedOutRequestIs(e)
IsGuestTimesOutWaitingForSubChannels(e) ==
    GuestTimesOutWaitingForSubChannels /\ TimedOutRequestIs(e)

-----------------------------------------------------------------------------
(* Host *)

\* The request read is the head of the guest-to-host ring; the status is
\* that of the completion the host appended.
IsHostReceivesRequest(e) ==
    /\ toHost # <<>>
    /\ Head(toHost).tid = e.params.tid
    /\ Head(toHost).op = e.params.op
    /\ Head(toHost).arg = e.params.arg
    /\ HostReceivesRequest
    /\ toGuest'[Len(toGuest')].status = e.params.status
    /\ PostOk(e)

-----------------------------------------------------------------------------

\* Complete logging: no silent actions.  For Quiescent events, a party is
\* blocked when none of its actions can step.  The GuestTimesOutWaitingFor*
\* steps are no party's: a timeout is time passing, not a step the state
\* enables (as in TraceVMBusChannels).
TraceParties ==
    [guest |-> {"GuestSendsBeginInitialization", "GuestReceivesCompletion", "GuestProcessesOffer",
                "GuestOpensSubChannel"},
     host |-> {"HostReceivesRequest"}]

\* What a Quiescent event may say the guest waits for (StorvscRunner).
\* Who takes each logged action: the parties' actions, and the guest's
\* timeouts (no party's, for Quiescent events, but the guest's).
HandshakeTimeouts == {"GuestTimesOutWaitingForBeginInitialization", "GuestTimesOutWaitingForProtocolVersion",
                      "GuestTimesOutWaitingForProperties", "GuestTimesOutWaitingForEndInitialization",
                      "GuestTimesOutWaitingForSubChannels"}
TraceActors == [guest |-> TraceParties.guest \cup HandshakeTimeouts, host |-> TraceParties.host]

TraceWaitingFor == [guest |-> {"completion"}]
=============================================================================
