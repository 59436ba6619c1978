------------------------- MODULE NetvscSubchannels -------------------------
(***************************************************************************)
(* netvsc NVSP initialisation and sub-channel allocation (NVSP v5), after *)
(* the primary channel is open.                                            *)
(*                                                                         *)
(* NVSP init (Linux drivers/net/hyperv/netvsc.c netvsc_connect_vsp, host   *)
(* openvmm vm/devices/net/netvsp): the guest sends NVSP_MSG_TYPE_INIT and  *)
(* waits for INIT_COMPLETE (negotiate_nvsp_ver); then, without waiting,    *)
(* SEND_NDIS_CONFIG (NVSP v2+) and SEND_NDIS_VER, then SEND_RECV_BUF       *)
(* (netvsc_init_buf), waiting for RECV_BUF_COMPLETE, then SEND_SEND_BUF,   *)
(* waiting for SEND_BUF_COMPLETE.  The host answers INIT, RECV_BUF and     *)
(* SEND_BUF on the primary ring and nothing else.  Abstraction: the host   *)
(* accepts the guest's first version (Linux walks its version list on a    *)
(* failed INIT; the simulated VSP always accepts it), so one INIT.        *)
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
(*                                                                         *)
(* Timeouts (issue 12).  With GuestMayTimeOut each setup wait may end in  *)
(* its timeout, one action per wait, enabled only while it is outstanding: *)
(* INIT_COMPLETE, RECV_BUF_COMPLETE, SEND_BUF_COMPLETE and the SUBCHANNEL  *)
(* completion.  Each fails the device (nvspPc or guestPc "Failed"), as the *)
(* Java guest does (NetvscError.Timeout after 5 s).  Linux in earlier     *)
(* releases: negotiate_nvsp_ver wait_for_completion_timeout(5*HZ) and      *)
(* -ETIMEDOUT; netvsc_init_buf the same 5*HZ with BUG_ON(t == 0); the      *)
(* SUBCHANNEL request (rndis_filter_device_add) 5*HZ and -ETIMEDOUT; today *)
(* wait_for_completion without a bound.  What it leaves behind:            *)
(* the host may still answer; the late completion has no waiter (Settled  *)
(* allows it), and a failed device sends nothing more (FailedSendsNothingInv).*)
(* The sub-channel opens' wait (subchan_open) may time out too           *)
(* (GuestTimesOutWaitingForSubChannelOpens): the guest then proceeds and  *)
(* programs the sub-channels open then (programmed; opens run in any      *)
(* order, so the set may have holes), as the Java guest does; late opens  *)
(* still run but are none of the device's queues.                         *)
(***************************************************************************)
EXTENDS Naturals, Sequences, FiniteSets

CONSTANTS
    \* n: the sub-channels the guest asks for (num_chn - 1).
    Requested,
    \* What the guest waits for after the completion: "Granted" (open_chn
    \* reaches 1 + m, Linux since 732e49850c5e), "Completion" (variant H11:
    \* the completion itself), "Requested" (variant: open_chn reaches 1 + n).
    GuestWaitsFor,
    \* A setup wait may end in its timeout (FALSE in the models whose host
    \* always answers and whose liveness counts on it).
    GuestMayTimeOut

ASSUME RequestedIsPositive == Requested \in Nat \ {0}
ASSUME WaitIsKnown == GuestWaitsFor \in {"Granted", "Completion", "Requested"}
ASSUME TimeoutIsBoolean == GuestMayTimeOut \in BOOLEAN

SubIdx == 1..Requested
\* NVSP status: 1 SUCCESS, 2 FAILURE.
Statuses == {"Success", "Failure"}
\* The one request (tid 1) and its completion; num is m.
Requests == [tid : {1}, op : {"SubchannelAllocate"}, num : SubIdx]
Completions == [tid : {1}, status : Statuses, num : 0..Requested]

\* NVSP init messages, by their Linux names.
MsgInit == "NVSP_MSG_TYPE_INIT"
InitComplete == "NVSP_MSG_TYPE_INIT_COMPLETE"
NdisConfig == "NVSP_MSG2_TYPE_SEND_NDIS_CONFIG"
NdisVer == "NVSP_MSG1_TYPE_SEND_NDIS_VER"
RecvBuf == "NVSP_MSG1_TYPE_SEND_RECV_BUF"
RecvBufComplete == "NVSP_MSG1_TYPE_SEND_RECV_BUF_COMPLETE"
SendBuf == "NVSP_MSG1_TYPE_SEND_SEND_BUF"
SendBufComplete == "NVSP_MSG1_TYPE_SEND_SEND_BUF_COMPLETE"
NvspMessages == {MsgInit, InitComplete, NdisConfig, NdisVer, RecvBuf, RecvBufComplete, SendBuf, SendBufComplete}
\* The host's answer to each guest message ("" : none).
HostReply(m) == CASE m = MsgInit -> InitComplete [] m = RecvBuf -> RecvBufComplete
                  [] m = SendBuf -> SendBufComplete [] OTHER -> ""

\* The guest's init steps: at pc, having received recv ("" : nothing to
\* wait for), it sends the messages send and moves to next.
NvspSteps ==
    {[pc |-> "Init", recv |-> "", send |-> <<MsgInit>>, next |-> "AwaitInitComplete"],
     [pc |-> "AwaitInitComplete", recv |-> InitComplete, send |-> <<NdisConfig, NdisVer, RecvBuf>>,
      next |-> "AwaitRecvBuf"],
     [pc |-> "AwaitRecvBuf", recv |-> RecvBufComplete, send |-> <<SendBuf>>, next |-> "AwaitSendBuf"],
     [pc |-> "AwaitSendBuf", recv |-> SendBufComplete, send |-> <<>>, next |-> "Done"]}
NvspPcs == {"Init", "AwaitInitComplete", "AwaitRecvBuf", "AwaitSendBuf", "Done", "Failed"}

GuestPcs == {"Start",            \* about to send SUBCHANNEL(ALLOCATE, n)
             "AwaitCompletion",  \* wait_for_completion(channel_init_wait)
             "AwaitOpens",       \* wait_event(subchan_open, open_chn == num_chn)
             "Proceeded",        \* programs RSS and queues for num_chn
             "Failed"}           \* the SUBCHANNEL completion's wait timed out

VARIABLES
    nvspPc,       \* the guest's NVSP init step (netvsc_connect_vsp)
    nvspUp,       \* NVSP init messages on the primary ring, guest -> host
    nvspDown,     \* NVSP init completions on the primary ring, host -> guest
    toHost,       \* primary ring, guest -> host
    toGuest,      \* primary ring, host -> guest
    offerQ,       \* SynIC channel messages: sub-channel offers, by index
    answers,      \* completions the host sent for tid 1
    guestPc,      \* the guest's step
    granted,      \* m as the guest accepted it (0 until then, or on failure)
    programmed,   \* sub-channels the guest programs RSS and queues for
    pendingOpens, \* offers processed whose netvsc_sc_open has not run
    opened,       \* sub-channels netvsc_sc_open has opened
    openChn       \* open_chn, minus the primary

nvspVars == <<nvspPc, nvspUp, nvspDown>>
transportVars == <<toHost, toGuest, offerQ>>
guestVars == <<guestPc, granted, programmed>>
subVars == <<pendingOpens, opened, openChn>>
vars == <<nvspVars, transportVars, answers, guestVars, subVars>>

TypeOK ==
    /\ nvspPc \in NvspPcs
    /\ nvspUp \in Seq(NvspMessages)
    /\ nvspDown \in Seq(NvspMessages)
    /\ toHost \in Seq(Requests)
    /\ toGuest \in Seq(Completions)
    /\ offerQ \in Seq(SubIdx)
    /\ answers \in Nat
    /\ guestPc \in GuestPcs
    /\ granted \in 0..Requested
    /\ programmed \subseteq SubIdx
    /\ pendingOpens \subseteq SubIdx
    /\ opened \subseteq SubIdx
    /\ openChn \in Nat

Init ==
    /\ nvspPc = "Init" /\ nvspUp = <<>> /\ nvspDown = <<>>
    /\ toHost = <<>> /\ toGuest = <<>> /\ offerQ = <<>>
    /\ answers = 0
    /\ guestPc = "Start" /\ granted = 0 /\ programmed = {}
    /\ pendingOpens = {} /\ opened = {} /\ openChn = 0

-----------------------------------------------------------------------------
(* Guest: netvsc_connect_vsp, rndis_set_subchannel, netvsc_sc_open        *)

\* One step of NVSP init: consume the completion it waited for, if any,
\* and send the next messages (negotiate_nvsp_ver, netvsc_init_buf).
GuestNegotiatesNvsp(st) ==
    /\ nvspPc = st.pc
    /\ IF st.recv = ""
       THEN UNCHANGED nvspDown
       ELSE nvspDown # <<>> /\ Head(nvspDown) = st.recv /\ nvspDown' = Tail(nvspDown)
    /\ nvspUp' = nvspUp \o st.send
    /\ nvspPc' = st.next
    /\ UNCHANGED <<transportVars, answers, guestVars, subVars>>

GuestSendsAllocate ==
    /\ nvspPc = "Done"
    /\ guestPc = "Start"
    /\ toHost' = <<[tid |-> 1, op |-> "SubchannelAllocate", num |-> Requested]>>
    /\ guestPc' = "AwaitCompletion"
    /\ UNCHANGED <<nvspVars, toGuest, offerQ, answers, granted, programmed, subVars>>

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
             /\ programmed' = IF GuestWaitsFor = "Completion" THEN 1..c.num ELSE programmed
        ELSE guestPc' = "Proceeded" /\ UNCHANGED <<granted, programmed>>
    /\ UNCHANGED <<nvspVars, toHost, offerQ, answers, subVars>>

\* vmbus_onoffer for a sub-channel: sc_creation_callback queues its open.
GuestProcessesOffer ==
    /\ offerQ # <<>>
    /\ pendingOpens' = pendingOpens \cup {Head(offerQ)}
    /\ offerQ' = Tail(offerQ)
    /\ UNCHANGED <<nvspVars, toHost, toGuest, answers, guestVars, opened, openChn>>

\* netvsc_sc_open: vmbus_open, atomic_inc(open_chn), wake subchan_open.
GuestOpensSubChannel ==
    /\ \E i \in pendingOpens :
        /\ pendingOpens' = pendingOpens \ {i}
        /\ opened' = opened \cup {i}
    /\ openChn' = openChn + 1
    /\ UNCHANGED <<nvspVars, transportVars, answers, guestVars>>

\* wait_event(subchan_open, open_chn == num_chn) returns.
GuestSeesSubChannelsOpen ==
    /\ guestPc = "AwaitOpens"
    /\ openChn = Target
    /\ guestPc' = "Proceeded"
    /\ programmed' = 1..granted
    /\ UNCHANGED <<nvspVars, transportVars, answers, granted, subVars>>

\* A setup wait ends in its timeout (only while outstanding: the guest has
\* not taken its completion off the ring).  The device fails.
GuestTimesOutInNvsp(pc) ==
    /\ GuestMayTimeOut
    /\ nvspPc = pc
    /\ nvspPc' = "Failed"
    /\ UNCHANGED <<nvspUp, nvspDown, transportVars, answers, guestVars, subVars>>

\* netvsc_connect_vsp -> negotiate_nvsp_ver: INIT_COMPLETE.
GuestTimesOutWaitingForInitComplete == GuestTimesOutInNvsp("AwaitInitComplete")
\* netvsc_init_buf: RECV_BUF_COMPLETE, then SEND_BUF_COMPLETE.
GuestTimesOutWaitingForRecvBuf == GuestTimesOutInNvsp("AwaitRecvBuf")
GuestTimesOutWaitingForSendBuf == GuestTimesOutInNvsp("AwaitSendBuf")

\* rndis_set_subchannel: wait_for_completion(&nvscdev->channel_init_wait).
GuestTimesOutWaitingForSubChannelCompletion ==
    /\ GuestMayTimeOut
    /\ guestPc = "AwaitCompletion"
    /\ guestPc' = "Failed"
    /\ UNCHANGED <<nvspVars, transportVars, answers, granted, programmed, subVars>>

\* rndis_set_subchannel: wait_event(subchan_open, ...) given a timeout, as
\* the Java guest's (Linux waits without one): the guest proceeds with the
\* sub-channels open by then, by their indices.  Only while some granted
\* one is still missing (else the wait is over).
GuestTimesOutWaitingForSubChannelOpens ==
    /\ GuestMayTimeOut
    /\ guestPc = "AwaitOpens"
    /\ openChn # Target
    /\ guestPc' = "Proceeded"
    /\ programmed' = opened
    /\ UNCHANGED <<nvspVars, transportVars, answers, granted, subVars>>

GuestTimeoutNext ==
    \/ GuestTimesOutWaitingForInitComplete
    \/ GuestTimesOutWaitingForRecvBuf
    \/ GuestTimesOutWaitingForSendBuf
    \/ GuestTimesOutWaitingForSubChannelCompletion
    \/ GuestTimesOutWaitingForSubChannelOpens

GuestNext ==
    \/ \E st \in NvspSteps : GuestNegotiatesNvsp(st)
    \/ GuestSendsAllocate
    \/ GuestReceivesCompletion
    \/ GuestProcessesOffer
    \/ GuestOpensSubChannel
    \/ GuestSeesSubChannelsOpen

-----------------------------------------------------------------------------
(* Host: NVSP init handlers and NVSP_MSG5_TYPE_SUBCHANNEL handler        *)

\* The VSP takes the next init message and answers it if it needs an answer.
HostAnswersNvsp ==
    /\ nvspUp # <<>>
    /\ nvspUp' = Tail(nvspUp)
    /\ nvspDown' = IF HostReply(Head(nvspUp)) = "" THEN nvspDown ELSE Append(nvspDown, HostReply(Head(nvspUp)))
    /\ UNCHANGED <<nvspPc, transportVars, answers, guestVars, subVars>>

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
    /\ UNCHANGED <<nvspVars, guestVars, subVars>>

HostNext == HostAnswersNvsp \/ HostAllocatesSubChannels

-----------------------------------------------------------------------------

\* Nothing in flight, no open queued, and the guest has moved on (or its
\* device failed at a timeout: then a late completion may stay unread).
Settled ==
    /\ guestPc \in {"Proceeded", "Failed"} \/ nvspPc = "Failed"
    /\ nvspUp = <<>> /\ toHost = <<>> /\ offerQ = <<>>
    /\ nvspDown = <<>> \/ GuestMayTimeOut
    /\ toGuest = <<>> \/ GuestMayTimeOut
    /\ pendingOpens = {}

\* Explicit final stuttering, so that any other dead end is a deadlock.
Terminating == Settled /\ UNCHANGED vars

Next == GuestNext \/ GuestTimeoutNext \/ HostNext \/ Terminating

Spec == Init /\ [][Next]_vars

LiveSpec == Spec /\ WF_vars(GuestNext) /\ WF_vars(HostNext)
            /\ WF_vars(GuestOpensSubChannel)

-----------------------------------------------------------------------------

\* The sub-channels are requested only once NVSP is up (both buffers
\* granted), and no init message is left unanswered by then.
NvspFirstInv == guestPc # "Start" => nvspPc = "Done" /\ nvspUp = <<>> /\ nvspDown = <<>>

\* The request is answered at most once, and only after it was sent.
AnsweredOnceInv == answers <= IF guestPc = "Start" THEN 0 ELSE 1

\* open_chn counts distinct opened sub-channels, each one granted: no
\* sub-channel is opened twice and none beyond the offers.
OpenCountInv == openChn = Cardinality(opened)

\* The guest proceeds only after every sub-channel it programs is open (RSS
\* and the queue count then cover open channels only).  Without a timeout
\* it programs every granted one (1..granted); after the opens' timeout,
\* those open then.
ProceedsAfterAllOpenInv == guestPc = "Proceeded" => programmed \subseteq opened /\ programmed \subseteq 1..granted

\* A device that failed at a timeout sends nothing more: no SUBCHANNEL
\* request after an NVSP setup timeout, no second one after its own.
FailedSendsNothingInv ==
    /\ nvspPc = "Failed" => guestPc = "Start" /\ toHost = <<>> /\ answers = 0
    /\ guestPc = "Failed" => answers + Len(toHost) = 1

\* The guest eventually rests: proceeded, or failed at a timeout.
GuestEndsProp == <>[]Settled

\* The request is eventually answered.
EveryRequestAnsweredProp == (guestPc # "Start") ~> (answers = 1)

\* The guest eventually proceeds with every granted sub-channel open.
GuestProceedsProp == <>[](Settled /\ opened = 1..granted)

=============================================================================
