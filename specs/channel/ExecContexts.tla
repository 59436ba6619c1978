---------------------------- MODULE ExecContexts ----------------------------
(***************************************************************************)
(* The guest's execution contexts for channel management, as Linux has     *)
(* them (drivers/hv vmbus_drv.c, channel_mgmt.c), for one device with a    *)
(* primary channel and one sub-channel that the host may rescind at any    *)
(* moment (vmbus-protocol.md 1.6, 1.9, 1.10).                              *)
(*                                                                         *)
(*  Tasklet   vmbus_on_msg_dpc: takes one host message per step, never     *)
(*            blocks.  OFFERCHANNEL: atomic_inc(offer_in_progress) and     *)
(*            queue to the connection work queue; RESCIND_CHANNELOFFER:    *)
(*            queue to the rescind work queue; OPENCHANNEL_RESULT:         *)
(*            complete() the opener (vmbus_onopen_result).                 *)
(*  ConWork   vmbus_connection.work_queue ("hv_vmbus_con", one thread):    *)
(*            vmbus_onoffer -> vmbus_process_offer: maps the channel, then *)
(*            (since 37c2578c0c40, 2018) queues vmbus_add_channel_work to  *)
(*            handle_primary_chan_wq or handle_sub_chan_wq, and            *)
(*            atomic_dec(offer_in_progress).  Before that commit it called *)
(*            the driver's sc_creation_callback itself, whose vmbus_open   *)
(*            blocks for OPENCHANNEL_RESULT.                               *)
(*  PrimWq    handle_primary_chan_wq: device registration, the driver's    *)
(*            probe, which opens the primary and waits (vmbus_open).       *)
(*  SubWq     handle_sub_chan_wq: sc_creation_callback -> vmbus_open of   *)
(*            the sub-channel, waits.                                      *)
(*  Rescind   vmbus_connection.rescind_work_queue: vmbus_onoffer_rescind   *)
(*            first waits until offer_in_progress is 0 ("so that the       *)
(*            channel is in place"), then sets channel->rescind and        *)
(*            vmbus_rescind_cleanup completes a waiting opener.            *)
(* A wait is a pair of steps (record the reply, wake), as in               *)
(* VMBusChannels.tla.  The host (openvmm vmbus_server channels.rs) answers *)
(* OPENCHANNEL on an offered channel and ignores it after the revoke       *)
(* (handle_open_channel), rescinds the sub-channel before the primary      *)
(* (61e8208ca), and offers the sub-channel once the primary is open (the   *)
(* driver's request is elided).                                            *)
(*                                                                         *)
(* Actions (context):                                                      *)
(*  HostOffers, HostAnswersOpen, HostIgnoresOpen, HostRescinds     host    *)
(*  TaskletQueuesOffer, TaskletQueuesRescind, TaskletCompletesOpen tasklet *)
(*  ConWorkProcessesOffer, ConWorkWakesFromOpen                    ConWork *)
(*  WqStartsOpen(w), WqWakesFromOpen(w)                   PrimWq, SubWq    *)
(*  ConWorkStartsOpen (variant: the open inline in ConWork)        ConWork *)
(*  RescindWorkRuns                                                Rescind *)
(***************************************************************************)
EXTENDS Naturals, Sequences

CONSTANTS
    \* FALSE (Linux since 37c2578c0c40): vmbus_process_offer hands the
    \* sub-channel to handle_sub_chan_wq.  TRUE: it calls
    \* sc_creation_callback (and so vmbus_open) on the connection work queue,
    \* before offer_in_progress is decremented.
    SubOpenInOfferWork

ASSUME SubOpenInOfferWork \in BOOLEAN

Chans == {"Primary", "Sub"}
Works == {"PrimWq", "SubWq"}
WqOf(c) == IF c = "Primary" THEN "PrimWq" ELSE "SubWq"

VARIABLES
    h2g,        \* host -> guest messages
    g2h,        \* guest -> host OPENCHANNEL requests (channels)
    hSt,        \* hSt[c]: None | Offered | Open | Revoked (host)
    gSt,        \* gSt[c]: None | Queued | Mapped | Opening | Open | Failed (guest object)
    rescinded,  \* rescinded[c]: channel->rescind
    reply,      \* reply[c]: the opener's completion: None | Ok | Rescind
    oip,        \* vmbus_connection.offer_in_progress
    conQ,       \* offers queued for ConWork
    conPc,      \* ConWork: "Idle" or the channel whose open it waits for (variant)
    wq,         \* wq[w]: channels queued for PrimWq / SubWq
    wqPc,       \* wqPc[w]: "Idle" or the channel whose open w waits for
    rescQ       \* rescinds queued for the rescind work

vars == <<h2g, g2h, hSt, gSt, rescinded, reply, oip, conQ, conPc, wq, wqPc, rescQ>>

Msgs == [type : {"Offer", "Rescind", "OpenResult"}, ch : Chans]

TypeOK ==
    /\ h2g \in Seq(Msgs) /\ g2h \in Seq(Chans)
    /\ hSt \in [Chans -> {"None", "Offered", "Open", "Revoked"}]
    /\ gSt \in [Chans -> {"None", "Queued", "Mapped", "Opening", "Open", "Failed"}]
    /\ rescinded \in [Chans -> BOOLEAN]
    /\ reply \in [Chans -> {"None", "Ok", "Rescind"}]
    /\ oip \in 0..2
    /\ conQ \in Seq(Chans) /\ conPc \in Chans \cup {"Idle"}
    /\ wq \in [Works -> Seq(Chans)] /\ wqPc \in [Works -> Chans \cup {"Idle"}]
    /\ rescQ \in Seq(Chans)

Init ==
    /\ h2g = <<>> /\ g2h = <<>>
    /\ hSt = [c \in Chans |-> "None"] /\ gSt = [c \in Chans |-> "None"]
    /\ rescinded = [c \in Chans |-> FALSE] /\ reply = [c \in Chans |-> "None"]
    /\ oip = 0 /\ conQ = <<>> /\ conPc = "Idle"
    /\ wq = [w \in Works |-> <<>>] /\ wqPc = [w \in Works |-> "Idle"]
    /\ rescQ = <<>>

-----------------------------------------------------------------------------
(* Host *)

\* The primary at once; the sub-channel once the primary is open.
HostOffers(c) ==
    /\ hSt[c] = "None"
    /\ c = "Sub" => hSt["Primary"] = "Open"
    /\ hSt' = [hSt EXCEPT ![c] = "Offered"]
    /\ h2g' = Append(h2g, [type |-> "Offer", ch |-> c])
    /\ UNCHANGED <<g2h, gSt, rescinded, reply, oip, conQ, conPc, wq, wqPc, rescQ>>

HostAnswersOpen ==
    /\ g2h # <<>> /\ hSt[Head(g2h)] = "Offered"
    /\ hSt' = [hSt EXCEPT ![Head(g2h)] = "Open"]
    /\ h2g' = Append(h2g, [type |-> "OpenResult", ch |-> Head(g2h)])
    /\ g2h' = Tail(g2h)
    /\ UNCHANGED <<gSt, rescinded, reply, oip, conQ, conPc, wq, wqPc, rescQ>>

HostIgnoresOpen ==
    /\ g2h # <<>> /\ hSt[Head(g2h)] = "Revoked"
    /\ g2h' = Tail(g2h)
    /\ UNCHANGED <<h2g, hSt, gSt, rescinded, reply, oip, conQ, conPc, wq, wqPc, rescQ>>

\* Rescind at any moment; the sub-channel before the primary.
HostRescinds(c) ==
    /\ hSt[c] \in {"Offered", "Open"}
    /\ c = "Primary" => hSt["Sub"] \in {"None", "Revoked"}
    /\ hSt' = [hSt EXCEPT ![c] = "Revoked"]
    /\ h2g' = Append(h2g, [type |-> "Rescind", ch |-> c])
    /\ UNCHANGED <<g2h, gSt, rescinded, reply, oip, conQ, conPc, wq, wqPc, rescQ>>

-----------------------------------------------------------------------------
(* Tasklet: vmbus_on_msg_dpc *)

TaskletQueuesOffer ==
    /\ h2g # <<>> /\ Head(h2g).type = "Offer"
    /\ oip' = oip + 1
    /\ conQ' = Append(conQ, Head(h2g).ch)
    /\ gSt' = [gSt EXCEPT ![Head(h2g).ch] = "Queued"]
    /\ h2g' = Tail(h2g)
    /\ UNCHANGED <<g2h, hSt, rescinded, reply, conPc, wq, wqPc, rescQ>>

TaskletQueuesRescind ==
    /\ h2g # <<>> /\ Head(h2g).type = "Rescind"
    /\ rescQ' = Append(rescQ, Head(h2g).ch)
    /\ h2g' = Tail(h2g)
    /\ UNCHANGED <<g2h, hSt, gSt, rescinded, reply, oip, conQ, conPc, wq, wqPc>>

\* vmbus_onopen_result: complete() the waiter.
TaskletCompletesOpen ==
    /\ h2g # <<>> /\ Head(h2g).type = "OpenResult"
    /\ reply' = [reply EXCEPT ![Head(h2g).ch] = IF @ = "None" THEN "Ok" ELSE @]
    /\ h2g' = Tail(h2g)
    /\ UNCHANGED <<g2h, hSt, gSt, rescinded, oip, conQ, conPc, wq, wqPc, rescQ>>

-----------------------------------------------------------------------------
(* ConWork: vmbus_onoffer -> vmbus_process_offer *)

\* Map the channel, hand it to its work queue, decrement offer_in_progress;
\* in the variant the sub-channel's open starts here and the decrement waits.
ConWorkProcessesOffer ==
    /\ conPc = "Idle" /\ conQ # <<>>
    /\ LET c == Head(conQ) IN
        IF SubOpenInOfferWork /\ c = "Sub"
        THEN /\ conPc' = c
             /\ gSt' = [gSt EXCEPT ![c] = "Opening"]
             /\ g2h' = Append(g2h, c)
             /\ UNCHANGED <<wq, oip>>
        ELSE /\ gSt' = [gSt EXCEPT ![c] = "Mapped"]
             /\ wq' = [wq EXCEPT ![WqOf(c)] = Append(@, c)]
             /\ oip' = oip - 1
             /\ UNCHANGED <<conPc, g2h>>
    /\ conQ' = Tail(conQ)
    /\ UNCHANGED <<h2g, hSt, rescinded, reply, wqPc, rescQ>>

\* Variant only: the inline open returns, then the offer is done.
ConWorkWakesFromOpen ==
    /\ conPc # "Idle" /\ reply[conPc] # "None"
    /\ gSt' = [gSt EXCEPT ![conPc] = IF reply[conPc] = "Ok" THEN "Open" ELSE "Failed"]
    /\ oip' = oip - 1
    /\ conPc' = "Idle"
    /\ UNCHANGED <<h2g, g2h, hSt, rescinded, reply, conQ, wq, wqPc, rescQ>>

-----------------------------------------------------------------------------
(* PrimWq and SubWq: probe / sc_creation_callback -> vmbus_open *)

\* vmbus_open: a rescinded channel fails at once (the rescind check in
\* __vmbus_open), otherwise OPENCHANNEL and wait.
WqStartsOpen(w) ==
    /\ wqPc[w] = "Idle" /\ wq[w] # <<>>
    /\ LET c == Head(wq[w]) IN
        IF rescinded[c]
        THEN /\ gSt' = [gSt EXCEPT ![c] = "Failed"]
             /\ UNCHANGED <<wqPc, g2h>>
        ELSE /\ gSt' = [gSt EXCEPT ![c] = "Opening"]
             /\ wqPc' = [wqPc EXCEPT ![w] = c]
             /\ g2h' = Append(g2h, c)
    /\ wq' = [wq EXCEPT ![w] = Tail(@)]
    /\ UNCHANGED <<h2g, hSt, rescinded, reply, oip, conQ, conPc, rescQ>>

WqWakesFromOpen(w) ==
    /\ wqPc[w] # "Idle" /\ reply[wqPc[w]] # "None"
    /\ gSt' = [gSt EXCEPT ![wqPc[w]] = IF reply[wqPc[w]] = "Ok" THEN "Open" ELSE "Failed"]
    /\ wqPc' = [wqPc EXCEPT ![w] = "Idle"]
    /\ UNCHANGED <<h2g, g2h, hSt, rescinded, reply, oip, conQ, conPc, wq, rescQ>>

-----------------------------------------------------------------------------
(* Rescind work: vmbus_onoffer_rescind *)

\* Waits for offer_in_progress = 0, then marks the channel rescinded and
\* completes its opener (vmbus_rescind_cleanup).
RescindWorkRuns ==
    /\ rescQ # <<>> /\ oip = 0
    /\ LET c == Head(rescQ) IN
        /\ rescinded' = [rescinded EXCEPT ![c] = TRUE]
        /\ reply' = [reply EXCEPT ![c] = IF gSt[c] = "Opening" THEN "Rescind" ELSE @]
    /\ rescQ' = Tail(rescQ)
    /\ UNCHANGED <<h2g, g2h, hSt, gSt, oip, conQ, conPc, wq, wqPc>>

-----------------------------------------------------------------------------

Host ==
    \/ \E c \in Chans : HostOffers(c) \/ HostRescinds(c)
    \/ HostAnswersOpen \/ HostIgnoresOpen

Tasklet == TaskletQueuesOffer \/ TaskletQueuesRescind \/ TaskletCompletesOpen
ConWork == ConWorkProcessesOffer \/ ConWorkWakesFromOpen
Wq(w) == WqStartsOpen(w) \/ WqWakesFromOpen(w)

\* Every context idle and nothing queued: the end of a run, not a deadlock.
Quiescent ==
    /\ h2g = <<>> /\ g2h = <<>> /\ conQ = <<>> /\ rescQ = <<>>
    /\ conPc = "Idle" /\ \A w \in Works : wqPc[w] = "Idle" /\ wq[w] = <<>>
Terminating == Quiescent /\ UNCHANGED vars

Next == Host \/ Tasklet \/ ConWork \/ (\E w \in Works : Wq(w)) \/ RescindWorkRuns \/ Terminating

Spec == Init /\ [][Next]_vars

\* Every context runs when it can; the host answers what it is sent.  Offers
\* and rescinds are the host's free choice.
LiveSpec ==
    /\ Spec
    /\ WF_vars(Tasklet) /\ WF_vars(ConWork) /\ \A w \in Works : WF_vars(Wq(w))
    /\ WF_vars(RescindWorkRuns) /\ WF_vars(HostAnswersOpen \/ HostIgnoresOpen)

-----------------------------------------------------------------------------
(* Properties *)

\* offer_in_progress counts exactly the offers the tasklet queued and
\* ConWork has not finished.
OfferInProgressInv ==
    oip = Len(conQ) + (IF conPc # "Idle" THEN 1 ELSE 0)

\* Every wait ends: each blocked opener wakes, and so does the rescind work
\* waiting for offer_in_progress.
WaitsEndProp ==
    /\ conPc # "Idle" ~> conPc = "Idle"
    /\ \A w \in Works : wqPc[w] # "Idle" ~> wqPc[w] = "Idle"
    /\ rescQ # <<>> ~> rescQ = <<>>
=============================================================================
