------------------------- MODULE NetvscSubchannels -------------------------
(***************************************************************************)
(* netvsc sub-channel allocation (NVSP v5), after the primary channel and  *)
(* RNDIS are up.                                                           *)
(*                                                                         *)
(* Guest (Linux drivers/net/hyperv/rndis_filter.c `rndis_set_subchannel`,  *)
(* `netvsc_sc_open`): it registers sc_creation_callback, sends             *)
(* NVSP_MSG5_TYPE_SUBCHANNEL {op ALLOCATE, num_subchannels n} with         *)
(* COMPLETION_REQUESTED, waits for the completion (channel_init_wait),     *)
(* rejects a bad status or a count above n, sets num_chn = 1 + m from the  *)
(* completion, and then waits until open_chn == num_chn (subchan_open).    *)
(* Each sub-channel offer it processes queues netvsc_sc_open, which opens  *)
(* the sub-channel and increments open_chn.  Only then does it program     *)
(* RSS and the queue counts for num_chn channels.                          *)
(*                                                                         *)
(* Host: it may grant fewer sub-channels than asked (m <= n), answers on   *)
(* the primary ring and sends m offers as SynIC channel messages, so the   *)
(* completion and the offers arrive in either order (protocol digest 1.9). *)
(*                                                                         *)
(* Bug H11 (Linux 732e49850c5e): the guest "thought it was waiting for sub *)
(* channels but really the init response did the wakeup", then set up     *)
(* NAPI for channels not yet open.  GuestWaitsFor = "Completion" is that   *)
(* guest; "Requested" is a guest that counts to n instead of the granted m *)
(* (the commit also notes that the host may return fewer sub-channels than *)
(* requested), which hangs when m < n.                                     *)
(*                                                                         *)
(* Abstraction: open_chn counts sub-channels only (Linux starts it at 1    *)
(* for the primary and compares with 1 + m); the transports are reliable   *)
(* FIFOs; a sub-channel open is one guest event (vmbus_open is synchronous *)
(* in netvsc_sc_open); wait_event is a guard, since every netvsc_sc_open   *)
(* wakes subchan_open and the waiter re-checks its condition.  A failed    *)
(* allocation (status FAILURE or m > n) leaves the device on its primary   *)
(* channel only (netvsc_subchan_work sets num_chn = 1).                    *)
(***************************************************************************)
EXTENDS Naturals, Sequences, FiniteSets

CONSTANTS
    \* n: the sub-channels the guest asks for (num_chn - 1).
    Requested,
    \* What the guest waits for after the completion: "Granted" (open_chn
    \* reaches 1 + m, Linux since 732e49850c5e), "Completion" (variant H11:
    \* the completion itself), "Requested" (variant: open_chn reaches 1 + n).
    GuestWaitsFor

ASSUME RequestedIsPositive == Requested \in Nat \ {0}
ASSUME WaitIsKnown == GuestWaitsFor \in {"Granted", "Completion", "Requested"}

SubIdx == 1..Requested
\* NVSP status: 1 SUCCESS, 2 FAILURE.
Statuses == {"Success", "Failure"}
\* The one request (tid 1) and its completion; num is m.
Requests == [tid : {1}, op : {"SubchannelAllocate"}, num : SubIdx]
Completions == [tid : {1}, status : Statuses, num : 0..Requested]

GuestPcs == {"Start",            \* about to send SUBCHANNEL(ALLOCATE, n)
             "AwaitCompletion",  \* wait_for_completion(channel_init_wait)
             "AwaitOpens",       \* wait_event(subchan_open, open_chn == num_chn)
             "Proceeded"}        \* programs RSS and queues for num_chn

VARIABLES
    toHost,       \* primary ring, guest -> host
    toGuest,      \* primary ring, host -> guest
    offerQ,       \* SynIC channel messages: sub-channel offers, by index
    answers,      \* completions the host sent for tid 1
    guestPc,      \* the guest's step
    granted,      \* m as the guest accepted it (0 until then, or on failure)
    pendingOpens, \* offers processed whose netvsc_sc_open has not run
    opened,       \* sub-channels netvsc_sc_open has opened
    openChn       \* open_chn, minus the primary

transportVars == <<toHost, toGuest, offerQ>>
guestVars == <<guestPc, granted>>
subVars == <<pendingOpens, opened, openChn>>
vars == <<transportVars, answers, guestVars, subVars>>

TypeOK ==
    /\ toHost \in Seq(Requests)
    /\ toGuest \in Seq(Completions)
    /\ offerQ \in Seq(SubIdx)
    /\ answers \in Nat
    /\ guestPc \in GuestPcs
    /\ granted \in 0..Requested
    /\ pendingOpens \subseteq SubIdx
    /\ opened \subseteq SubIdx
    /\ openChn \in Nat

Init ==
    /\ toHost = <<>> /\ toGuest = <<>> /\ offerQ = <<>>
    /\ answers = 0
    /\ guestPc = "Start" /\ granted = 0
    /\ pendingOpens = {} /\ opened = {} /\ openChn = 0

-----------------------------------------------------------------------------
(* Guest: rndis_set_subchannel, netvsc_sc_open                            *)

GuestSendsAllocate ==
    /\ guestPc = "Start"
    /\ toHost' = <<[tid |-> 1, op |-> "SubchannelAllocate", num |-> Requested]>>
    /\ guestPc' = "AwaitCompletion"
    /\ UNCHANGED <<toGuest, offerQ, answers, granted, subVars>>

\* The count the guest waits for once it has accepted m.
Target == IF GuestWaitsFor = "Requested" THEN Requested ELSE granted

\* The completion wakes channel_init_wait.  The guest treats the host as
\* untrusted: a failure or m > n leaves it on the primary channel only.
GuestReceivesCompletion ==
    /\ guestPc = "AwaitCompletion"
    /\ toGuest # <<>>
    /\ toGuest' = Tail(toGuest)
    /\ LET c == Head(toGuest) IN
        IF c.status = "Success" /\ c.num <= Requested
        THEN /\ granted' = c.num
             /\ guestPc' = IF GuestWaitsFor = "Completion" THEN "Proceeded" ELSE "AwaitOpens"
        ELSE guestPc' = "Proceeded" /\ UNCHANGED granted
    /\ UNCHANGED <<toHost, offerQ, answers, subVars>>

\* vmbus_onoffer for a sub-channel: sc_creation_callback queues its open.
GuestProcessesOffer ==
    /\ offerQ # <<>>
    /\ pendingOpens' = pendingOpens \cup {Head(offerQ)}
    /\ offerQ' = Tail(offerQ)
    /\ UNCHANGED <<toHost, toGuest, answers, guestVars, opened, openChn>>

\* netvsc_sc_open: vmbus_open, atomic_inc(open_chn), wake subchan_open.
GuestOpensSubChannel ==
    /\ \E i \in pendingOpens :
        /\ pendingOpens' = pendingOpens \ {i}
        /\ opened' = opened \cup {i}
    /\ openChn' = openChn + 1
    /\ UNCHANGED <<transportVars, answers, guestVars>>

\* wait_event(subchan_open, open_chn == num_chn) returns.
GuestSeesSubChannelsOpen ==
    /\ guestPc = "AwaitOpens"
    /\ openChn = Target
    /\ guestPc' = "Proceeded"
    /\ UNCHANGED <<transportVars, answers, granted, subVars>>

GuestNext ==
    \/ GuestSendsAllocate
    \/ GuestReceivesCompletion
    \/ GuestProcessesOffer
    \/ GuestOpensSubChannel
    \/ GuestSeesSubChannelsOpen

-----------------------------------------------------------------------------
(* Host: NVSP_MSG5_TYPE_SUBCHANNEL handler                                *)

\* The host grants any m <= n, answers on the ring and offers m
\* sub-channels on the message transport; or it refuses with FAILURE.
HostAllocatesSubChannels ==
    /\ toHost # <<>>
    /\ toHost' = Tail(toHost)
    /\ answers' = answers + 1
    /\ \/ \E m \in 0..Head(toHost).num :
            /\ toGuest' = Append(toGuest, [tid |-> 1, status |-> "Success", num |-> m])
            /\ offerQ' = offerQ \o [i \in 1..m |-> i]
       \/ /\ toGuest' = Append(toGuest, [tid |-> 1, status |-> "Failure", num |-> 0])
          /\ UNCHANGED offerQ
    /\ UNCHANGED <<guestVars, subVars>>

HostNext == HostAllocatesSubChannels

-----------------------------------------------------------------------------

\* Nothing in flight, no open queued, and the guest has moved on.
Settled ==
    /\ guestPc = "Proceeded"
    /\ toHost = <<>> /\ toGuest = <<>> /\ offerQ = <<>>
    /\ pendingOpens = {}

\* Explicit final stuttering, so that any other dead end is a deadlock.
Terminating == Settled /\ UNCHANGED vars

Next == GuestNext \/ HostNext \/ Terminating

Spec == Init /\ [][Next]_vars

LiveSpec == Spec /\ WF_vars(GuestNext) /\ WF_vars(HostNext)
            /\ WF_vars(GuestOpensSubChannel)

-----------------------------------------------------------------------------

\* The request is answered at most once, and only after it was sent.
AnsweredOnceInv == answers <= IF guestPc = "Start" THEN 0 ELSE 1

\* open_chn counts distinct opened sub-channels, each one granted: no
\* sub-channel is opened twice and none beyond the offers.
OpenCountInv == openChn = Cardinality(opened)

\* The guest proceeds only after every sub-channel it was granted is open
\* (RSS and the queue count then cover open channels only).
ProceedsAfterAllOpenInv == guestPc = "Proceeded" => opened = 1..granted

\* The request is eventually answered.
EveryRequestAnsweredProp == (guestPc # "Start") ~> (answers = 1)

\* The guest eventually proceeds with every granted sub-channel open.
GuestProceedsProp == <>[](Settled /\ opened = 1..granted)

=============================================================================
