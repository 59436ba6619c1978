---------------------------- MODULE NetvscRndis ----------------------------
(***************************************************************************)
(* The netvsc RNDIS control path over NVSP, after NVSP init: the guest's   *)
(* bring-up INITIALIZE, QUERY (MAC, MTU, link status), SET (packet        *)
(* filter) and, on close, HALT; the host's answers.                       *)
(*                                                                         *)
(* Guest, Linux drivers/net/hyperv/rndis_filter.c: each request gets the  *)
(* next request id (get_rndis_request: atomic_inc_return(&dev->new_req_id)*)
(* ), goes out as an RMC_CONTROL SEND_RNDIS_PKT (rndis_filter_send_request)*)
(* and the caller waits for its completion (wait_for_completion_timeout). *)
(* rndis_filter_receive_response matches a completion to the outstanding  *)
(* request by request_id ("no rndis request found for id" otherwise: the  *)
(* request times out and rndis_filter_device_add fails).  The order is    *)
(* rndis_filter_init_device (INITIALIZE), rndis_filter_query_device_mac,  *)
(* the MTU (OID_GEN_MAXIMUM_FRAME_SIZE), rndis_filter_query_device_link_  *)
(* status; on a device with sub-channels the RSS parameters            *)
(* (rndis_filter_set_rss_param: a SET of OID_GEN_RECEIVE_SCALE_PARAMETERS  *)
(* with NDIS_RSS_PARAM_FLAG_DISABLE_RSS, "RssOff", then one that enables   *)
(* it, "Rss"; Linux sends them from rndis_set_subchannel once every sub-   *)
(* channel is open, which TraceNetvscDevice checks); then rndis_filter_   *)
(* open sets OID_GEN_CURRENT_PACKET_FILTER;                               *)
(* rndis_filter_halt_device sends HALT, which has no completion (RNDIS:   *)
(* REMOTE_NDIS_HALT_MSG is not answered).                                 *)
(* Host, openvmm vm/devices/net/netvsp (rndisprot.rs message types,        *)
(* lib.rs handle_rndis_control_message): answers INITIALIZE, QUERY and    *)
(* SET with a completion carrying the request's own request_id and a      *)
(* status (NOT_SUPPORTED for an OID it does not know); an RSS SET turns    *)
(* its RSS off or on (oid_set_rss_parameters: rss_state); HALT stops the  *)
(* device.  The answers reach the guest through the receive buffer.       *)
(*                                                                         *)
(* Abstraction: the two directions are reliable FIFOs (the NVSP packets    *)
(* and receive-buffer sections that carry them are NetvscDataPath's        *)
(* concern); the host answers a request in the step it reads it; request *)
(* ids are naturals from 1 (Linux's u32 counter does not wrap in a bring- *)
(* up).  The host may answer a QUERY with a failure status; a SET and    *)
(* INITIALIZE succeed (a refused RSS SET, which Linux ignores, is outside  *)
(* the model: the simulated host refuses only malformed parameters).      *)
(*                                                                         *)
(* Variant HostIds = "Shifted": a host that answers a QUERY with the next *)
(* request id instead of the request's own, the bug class of a completion *)
(* matched to the wrong request.                                           *)
(*                                                                         *)
(* Timeouts (GuestMayTimeOut): Linux before 4.x waited for each answer     *)
(* with wait_for_completion_timeout(&request->wait_event, 5*HZ)           *)
(* (rndis_filter_init_device, rndis_filter_query_device,                  *)
(* rndis_filter_set_packet_filter; today wait_for_completion).  A timeout *)
(* of INITIALIZE or a QUERY returned -ETIMEDOUT and put_rndis_request     *)
(* freed the request, so rndis_filter_device_add failed; a timed-out SET *)
(* request was kept ("we may still receive a send completion for it").    *)
(* Either way a late answer matches no waiter: rndis_filter_receive_      *)
(* response finds no request for its id ("no rndis request found for this*)
(* response") and drops it.  Here a timeout of INITIALIZE, a QUERY or the *)
(* packet-filter SET fails the bring-up; a timeout of an RSS SET does not *)
(* (Linux ignores rndis_filter_set_rss_param's failures: the device keeps *)
(* its channels, unsteered) and the guest goes on with its next SET, so a *)
(* late answer may arrive while the guest waits for another request.  Ids *)
(* come from one counter (atomic_inc_return(&dev->new_req_id)), so a late *)
(* answer's id is never the one awaited: GuestDropsLateRndisCompletion.   *)
(*                                                                         *)
(* Variant Bugs = {"TimeoutReusesId"}: a guest that frees a timed-out     *)
(* request's id for the next request (an id that names a request slot,   *)
(* not a counter), so the late answer to the first matches the second     *)
(* (Linux matches by request_id alone): NoIdReuseInv.                     *)
(***************************************************************************)
EXTENDS Naturals, Sequences, FiniteSets

CONSTANTS
    \* The OIDs the guest queries, in order (Linux: "MAC", "MTU", "Link").
    Oids,
    \* "Own": the host answers with the request's id (openvmm); "Shifted":
    \* the variant that answers a QUERY with the id + 1.
    HostIds,
    \* TRUE: each wait for an answer may end in its timeout (Linux 5*HZ);
    \* FALSE: the guest waits for ever (Linux today).
    GuestMayTimeOut,
    \* Guest bugs: "TimeoutReusesId" (see the header).
    Bugs

ASSUME OidsOk == Oids \in Seq(STRING) /\ Len(Oids) >= 1
ASSUME HostIdsOk == HostIds \in {"Own", "Shifted"}
ASSUME GuestMayTimeOutOk == GuestMayTimeOut \in BOOLEAN
ASSUME BugsOk == Bugs \subseteq {"TimeoutReusesId"}

\* The RNDIS requests, by their spec names (REMOTE_NDIS_*_MSG).
Kinds == {"INITIALIZE", "QUERY", "SET", "HALT"}
\* The OID of a request ("" : none); SET sets the packet filter or RSS.
RssOids == {"RssOff", "Rss"}
OidsOf == {Oids[i] : i \in DOMAIN Oids} \cup {"PacketFilter", ""} \cup RssOids
Statuses == {"Success", "Failure"}
Request == [id : Nat, kind : Kinds, oid : OidsOf]
Completion == [id : Nat, kind : Kinds \ {"HALT"}, status : Statuses]
NoRequest == [id |-> 0, kind |-> "HALT", oid |-> ""]

\* The guest's bring-up (GuestRndis.Phase): "Await*" waits for a completion.
GuestStates == {"Idle", "AwaitInit", "Query", "AwaitQuery", "Set", "AwaitSet", "Up", "Halted", "Failed"}
\* The host's device state: initialized by INITIALIZE, "Up" once the packet
\* filter is set, "Halted" after HALT.
HostStates == {"Uninitialized", "Initialized", "Up", "Halted"}

VARIABLES
    rnGuest,    \* the guest's bring-up state
    rnNextId,   \* the id the guest's next request takes
    rnWaiting,  \* the request the guest waits for (NoRequest: none)
    rnQueried,  \* OIDs the guest has had answered (a prefix length of Oids)
    rnToHost,   \* requests in flight, guest -> host
    rnToGuest,  \* completions in flight, host -> guest
    rnSent,     \* every request the guest sent
    rnAnswered, \* the ids the host answered, in order
    rnAccepted, \* the ids whose completion the guest accepted
    rnHost,     \* the host's device state
    rnRss,      \* the host's RSS: "Off" or "On" (openvmm rss_state None or Some)
    rnTimedOut  \* the ids whose wait ended in its timeout (their answers are late)

rnGuestVars == <<rnGuest, rnNextId, rnWaiting, rnQueried, rnSent, rnAccepted, rnTimedOut>>
rnNetVars == <<rnToHost, rnToGuest>>
rnHostVars == <<rnAnswered, rnHost, rnRss>>
vars == <<rnGuestVars, rnNetVars, rnHostVars>>

Range(s) == {s[i] : i \in DOMAIN s}

TypeOK ==
    /\ rnGuest \in GuestStates
    /\ rnNextId \in Nat \ {0}
    /\ rnWaiting \in Request
    /\ rnQueried \in 0..Len(Oids)
    /\ rnToHost \in Seq(Request)
    /\ rnToGuest \in Seq(Completion)
    /\ rnSent \subseteq Request
    /\ rnAnswered \in Seq(Nat)
    /\ rnAccepted \subseteq Nat
    /\ rnHost \in HostStates
    /\ rnRss \in {"Off", "On"}
    /\ rnTimedOut \subseteq Nat

Init ==
    /\ rnGuest = "Idle" /\ rnNextId = 1 /\ rnWaiting = NoRequest /\ rnQueried = 0
    /\ rnToHost = <<>> /\ rnToGuest = <<>>
    /\ rnSent = {} /\ rnAnswered = <<>> /\ rnAccepted = {}
    /\ rnHost = "Uninitialized" /\ rnRss = "Off"
    /\ rnTimedOut = {}

-----------------------------------------------------------------------------
(* Guest: rndis_filter_device_add, rndis_filter_open, rndis_filter_halt   *)

\* rndis_filter_send_request of a request of kind k (OID o) with the next
\* id; the guest then waits in state next (HALT: nothing to wait for).
GuestSends(k, o, next) ==
    LET r == [id |-> rnNextId, kind |-> k, oid |-> o] IN
    /\ rnToHost' = Append(rnToHost, r)
    /\ rnSent' = rnSent \cup {r}
    /\ rnNextId' = rnNextId + 1
    /\ rnWaiting' = IF k = "HALT" THEN NoRequest ELSE r
    /\ rnGuest' = next

\* rndis_filter_init_device.
GuestSendsRndisInit ==
    /\ rnGuest = "Idle"
    /\ GuestSends("INITIALIZE", "", "AwaitInit")
    /\ UNCHANGED <<rnQueried, rnAccepted, rnTimedOut, rnToGuest, rnHostVars>>

\* rndis_filter_query_device for the next OID (MAC, MTU, link status).
GuestSendsRndisQuery ==
    /\ rnGuest = "Query"
    /\ GuestSends("QUERY", Oids[rnQueried + 1], "AwaitQuery")
    /\ UNCHANGED <<rnQueried, rnAccepted, rnTimedOut, rnToGuest, rnHostVars>>

\* RSS SETs the guest sent so far.
RssSets == Cardinality({r \in rnSent : r.oid \in RssOids})

\* rndis_filter_set_rss_param: rndis_set_rss_param_msg with DISABLE_RSS, then
\* with flag 0.  Optional as a whole: a device without sub-channels skips it
\* (rndis_filter_device_add leaves num_chn 1 and never calls it).
GuestSendsRndisRss ==
    /\ rnGuest = "Set"
    /\ RssSets < 2
    /\ GuestSends("SET", IF RssSets = 0 THEN "RssOff" ELSE "Rss", "AwaitSet")
    /\ UNCHANGED <<rnQueried, rnAccepted, rnTimedOut, rnToGuest, rnHostVars>>

\* rndis_filter_set_packet_filter (rndis_filter_open): after both RSS SETs
\* or none.
GuestSendsRndisSet ==
    /\ rnGuest = "Set"
    /\ RssSets \in {0, 2}
    /\ GuestSends("SET", "PacketFilter", "AwaitSet")
    /\ UNCHANGED <<rnQueried, rnAccepted, rnTimedOut, rnToGuest, rnHostVars>>

\* rndis_filter_halt_device: no completion follows; nothing after it.
GuestSendsRndisHalt ==
    /\ rnGuest = "Up"
    /\ GuestSends("HALT", "", "Halted")
    /\ UNCHANGED <<rnQueried, rnAccepted, rnTimedOut, rnToGuest, rnHostVars>>

\* What the guest does next after an accepted completion of its request w.
After(w) ==
    CASE w.kind = "INITIALIZE" -> "Query"
      [] w.kind = "QUERY" -> IF rnQueried + 1 = Len(Oids) THEN "Set" ELSE "Query"
      [] w.oid \in RssOids -> "Set"
      [] OTHER -> "Up"

\* A late answer: to a request whose wait timed out, and not the one the
\* guest waits for now (rndis_filter_receive_response finds no request).
Late(c) == c.id \in rnTimedOut /\ c.id # rnWaiting.id

\* rndis_filter_receive_response: the completion is accepted only if it
\* answers the outstanding request (same id and type) with success;
\* anything else fails the bring-up (Linux: the request times out).
GuestReceivesRndisCompletion ==
    /\ rnGuest \in {"AwaitInit", "AwaitQuery", "AwaitSet"}
    /\ rnToGuest # <<>>
    /\ ~Late(Head(rnToGuest))
    /\ rnToGuest' = Tail(rnToGuest)
    /\ LET c == Head(rnToGuest) IN
        IF c.id = rnWaiting.id /\ c.kind = rnWaiting.kind /\ c.status = "Success"
        THEN /\ rnGuest' = After(rnWaiting)
             /\ rnQueried' = IF c.kind = "QUERY" THEN rnQueried + 1 ELSE rnQueried
             /\ rnAccepted' = rnAccepted \cup {c.id}
        ELSE /\ rnGuest' = "Failed"
             /\ UNCHANGED <<rnQueried, rnAccepted>>
    /\ rnWaiting' = NoRequest
    /\ UNCHANGED <<rnNextId, rnSent, rnTimedOut, rnToHost, rnHostVars>>

\* The wait for request w's answer ends in its timeout (wait_for_completion_
\* timeout returned 0): an RSS SET's is ignored and the guest goes on (as
\* with a refused one), any other fails the bring-up.  The answer may be in
\* flight already (the timer races the receive path).
GuestTimesOut(kind, state) ==
    /\ GuestMayTimeOut
    /\ rnGuest = state
    /\ rnWaiting.kind = kind
    /\ rnTimedOut' = rnTimedOut \cup {rnWaiting.id}
    /\ rnGuest' = IF rnWaiting.oid \in RssOids THEN After(rnWaiting) ELSE "Failed"
    /\ rnWaiting' = NoRequest
    /\ rnNextId' = IF "TimeoutReusesId" \in Bugs THEN rnWaiting.id ELSE rnNextId
    /\ UNCHANGED <<rnQueried, rnSent, rnAccepted, rnNetVars, rnHostVars>>

\* rndis_filter_init_device: -ETIMEDOUT, rndis_filter_device_add fails.
GuestTimesOutWaitingForRndisInit == GuestTimesOut("INITIALIZE", "AwaitInit")
\* rndis_filter_query_device: -ETIMEDOUT (MAC, MTU or link status).
GuestTimesOutWaitingForRndisQuery == GuestTimesOut("QUERY", "AwaitQuery")
\* rndis_filter_set_packet_filter or rndis_set_rss_param_msg.
GuestTimesOutWaitingForRndisSet == GuestTimesOut("SET", "AwaitSet")

\* rndis_filter_receive_response: "no rndis request found for this
\* response": the late answer is dropped, in any state of the guest.
GuestDropsLateRndisCompletion ==
    /\ rnToGuest # <<>>
    /\ Late(Head(rnToGuest))
    /\ rnToGuest' = Tail(rnToGuest)
    /\ UNCHANGED <<rnGuestVars, rnToHost, rnHostVars>>

-----------------------------------------------------------------------------
(* Host: netvsp's RNDIS control message handler                          *)

\* The id the host puts in its answer to request r.
AnswerId(r) == IF HostIds = "Shifted" /\ r.kind = "QUERY" THEN r.id + 1 ELSE r.id

\* The host reads the oldest request and answers it (HALT: no answer).
HostAnswersRndis(status) ==
    /\ rnToHost # <<>>
    /\ rnHost # "Halted"
    /\ LET r == Head(rnToHost) IN
        /\ status \in IF r.kind = "QUERY" THEN Statuses ELSE {"Success"}
        /\ rnToGuest' = IF r.kind = "HALT" THEN rnToGuest
                        ELSE Append(rnToGuest, [id |-> AnswerId(r), kind |-> r.kind, status |-> status])
        /\ rnAnswered' = IF r.kind = "HALT" THEN rnAnswered ELSE Append(rnAnswered, r.id)
        /\ rnHost' = CASE r.kind = "INITIALIZE" -> "Initialized"
                       [] r.kind = "SET" /\ r.oid = "PacketFilter" -> "Up"
                       [] r.kind = "HALT" -> "Halted"
                       [] OTHER -> rnHost
        /\ rnRss' = CASE r.oid = "Rss" -> "On"
                      [] r.oid = "RssOff" -> "Off"
                      [] OTHER -> rnRss
    /\ rnToHost' = Tail(rnToHost)
    /\ UNCHANGED rnGuestVars

-----------------------------------------------------------------------------

GuestNext ==
    \/ GuestSendsRndisInit
    \/ GuestSendsRndisQuery
    \/ GuestSendsRndisRss
    \/ GuestSendsRndisSet
    \/ GuestSendsRndisHalt
    \/ GuestReceivesRndisCompletion
    \/ GuestTimesOutWaitingForRndisInit
    \/ GuestTimesOutWaitingForRndisQuery
    \/ GuestTimesOutWaitingForRndisSet
    \/ GuestDropsLateRndisCompletion

HostNext == \E st \in Statuses : HostAnswersRndis(st)

\* The guest halted (or failed) and nothing is in flight.
Settled == rnGuest \in {"Halted", "Failed"} /\ rnToHost = <<>> /\ rnToGuest = <<>>

\* Explicit final stuttering, so that any other dead end is a deadlock.
Terminating == Settled /\ UNCHANGED vars

Next == GuestNext \/ HostNext \/ Terminating

Spec == Init /\ [][Next]_vars

LiveSpec == Spec /\ WF_vars(GuestNext) /\ WF_vars(HostNext)

-----------------------------------------------------------------------------

\* Every completion in flight answers a request the guest sent, of the same
\* type (no completion for an id never used, none of the wrong type).
CompletionAnswersRequestInv ==
    \A i \in DOMAIN rnToGuest : \E r \in rnSent : r.id = rnToGuest[i].id /\ r.kind = rnToGuest[i].kind

\* Each request is answered at most once.
AnsweredOnceInv == \A i, j \in DOMAIN rnAnswered : i # j => rnAnswered[i] # rnAnswered[j]

\* At most one request (HALT aside) is outstanding: sent, not answered and
\* not given up at its timeout.
OneOutstandingInv ==
    Cardinality({r \in rnSent : r.kind # "HALT" /\ r.id \notin Range(rnAnswered) \cup rnTimedOut}) <= 1

\* No two requests share an id, so a late answer can match no later request
\* (Linux: one counter, atomic_inc_return(&dev->new_req_id)).
NoIdReuseInv == \A r, s \in rnSent : r.id = s.id => r = s

\* The guest accepts only answers to requests it still waits for: no
\* accepted id timed out (unless a reused id made it awaited again).
NoLateAcceptInv == "TimeoutReusesId" \notin Bugs => rnAccepted \cap rnTimedOut = {}

\* QUERY, SET and HALT go out only after the guest accepted INITIALIZE's
\* completion, under an earlier id.
InitFirstInv ==
    \A r \in rnSent : r.kind # "INITIALIZE" =>
        \E i \in rnSent : i.kind = "INITIALIZE" /\ i.id < r.id /\ i.id \in rnAccepted

\* HALT is the last request, and the host answers nothing after it.
NothingAfterHaltInv ==
    \A h \in rnSent : h.kind = "HALT" =>
        /\ \A r \in rnSent : r.id <= h.id
        /\ \A i \in DOMAIN rnAnswered : rnAnswered[i] < h.id

\* The guest is up only with every request it sent answered and accepted,
\* but an RSS SET it gave up on at its timeout.
UpAfterAllAnsweredInv ==
    rnGuest = "Up" =>
        \A r \in rnSent :
            \/ r.id \in rnAccepted /\ r.id \in Range(rnAnswered)
            \/ r.id \in rnTimedOut /\ r.oid \in RssOids

\* RSS is set before the packet filter opens the data path, disabled first
\* (rndis_filter_set_rss_param), and the host's RSS is on only once the
\* guest asked for it.
RssBeforeFilterInv ==
    /\ \A r, f \in rnSent : r.oid \in RssOids /\ f.oid = "PacketFilter" => r.id < f.id
    /\ \A r \in rnSent : r.oid = "Rss" => \E o \in rnSent : o.oid = "RssOff" /\ o.id < r.id
    /\ rnRss = "On" => \E r \in rnSent : r.oid = "Rss"

\* The bring-up ends: the guest gets up (and may halt) or fails.
BringUpEndsProp == <>(rnGuest \in {"Up", "Halted", "Failed"})

\* Every request but HALT is eventually answered.
EveryRequestAnsweredProp ==
    \A id \in 1..(Len(Oids) + 4) :
        (\E r \in rnSent : r.id = id /\ r.kind # "HALT") ~> (id \in Range(rnAnswered))

=============================================================================
