------------------------ MODULE MCNetvscSubchannels ------------------------
(***************************************************************************)
(* Finite models of NetvscSubchannels for TLC.  The cfgs the catalog       *)
(* (specs/models.json) generates substitute the bounds below and set       *)
(* GuestWaitsFor per model.                                                *)
(***************************************************************************)
EXTENDS NetvscSubchannels

\* Three requested sub-channels lose nothing for the quick models: the
\* host grants any m in 0..3, so the model has m = 0 (no offers), m < n
\* (the case the H11 commit names) and m = n, and with up to three offers
\* in one FIFO the completion can arrive before all, between any two, or
\* after all of them, while the opens run in any order.
MCRequested == 3

\* The deep model asks for six, to show that the verdict does not change
\* as more offers and opens interleave with the completion.
MCDeepRequested == 6

-----------------------------------------------------------------------------
(* The steps the Java guest (reference-impl netvsc.NetvscGuest) can take:  *)
(* the denominator of explore netvsc's state coverage (docs/exploring.md). *)
(* Two of the spec's behaviours it never takes, by design:                 *)
(*  - it reads a completion that is on its ring before its wait's         *)
(*    deadline (NetvscGuest.deadline: no deadline while input waits), so  *)
(*    it never times out with the answer already there;                   *)
(*  - a failed device (GuestState.Failed, NetvscGuest.alive) processes no *)
(*    offer and opens no sub-channel, so the late allocation after the    *)
(*    SUBCHANNEL completion's timeout stays queued.                       *)
(* Either alone loses no state (each is reached the other way round); the *)
(* two together lose 22 of the 158.                                       *)

JavaGuestAlive == guestPc # "Failed"
JavaTimesOutInNvsp(pc) == nvspDown = <<>> /\ GuestTimesOutInNvsp(pc)

JavaNext ==
    \/ \E st \in NvspSteps : GuestNegotiatesNvsp(st)
    \/ GuestSendsAllocate
    \/ GuestReceivesCompletion
    \/ JavaGuestAlive /\ GuestProcessesOffer
    \/ JavaGuestAlive /\ GuestOpensSubChannel
    \/ GuestSeesSubChannelsOpen
    \/ JavaTimesOutInNvsp("AwaitInitComplete")
    \/ JavaTimesOutInNvsp("AwaitRecvBuf")
    \/ JavaTimesOutInNvsp("AwaitSendBuf")
    \/ toGuest = <<>> /\ GuestTimesOutWaitingForSubChannelCompletion
    \/ GuestTimesOutWaitingForSubChannelOpens
    \/ HostNext
    \/ Terminating

JavaSpec == Init /\ [][JavaNext]_vars

-----------------------------------------------------------------------------
(* Reachability probes: each must be violated by model netvsc-subchannels  *)
(* (put it alone under INVARIANTS and drop PROPERTIES).                    *)

\* The host granted fewer than requested, but some, and the guest went on.
DebugNeverPartialGrantInv == ~(guestPc = "Proceeded" /\ 0 < granted /\ granted < Requested)
\* The completion arrived after every offer had been opened.
DebugNeverOpensFirstInv == ~(guestPc = "AwaitCompletion" /\ openChn = Requested)
\* The guest waited on subchan_open with sub-channels still unopened.
DebugNeverWaitsInv == ~(guestPc = "AwaitOpens" /\ openChn < granted)
\* The host refuses the allocation (status FAILURE on the ring).
DebugNeverRefusedInv == \A i \in DOMAIN toGuest : toGuest[i].status # "Failure"

=============================================================================
