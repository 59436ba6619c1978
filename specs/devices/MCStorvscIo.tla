----------------------------- MODULE MCStorvscIo ----------------------------
(***************************************************************************)
(* Finite models of StorvscIo for TLC.  The cfgs substitute the bounds     *)
(* below and set Bugs per model.                                           *)
(*                                                                         *)
(* Why the quick bounds lose nothing for what each model checks:           *)
(*  - One slot: every data property is per slot (a read sees its slot's    *)
(*    history, a flush covers every slot alike, a power loss treats each   *)
(*    slot alike); a second slot only adds independent interleavings.      *)
(*  - Three requests: enough for write, flush, then a read that must see  *)
(*    the write after a power loss; for two writes racing a read; and for  *)
(*    two requests outstanding on one channel completed out of order (the  *)
(*    MatchByOrder case) plus a third that reuses the freed depth.         *)
(*  - QueueDepth 2 with RingCap 1: two outstanding per channel make the    *)
(*    completion order matter; a ring that holds one packet while the     *)
(*    guest may have two outstanding makes "ring full" reachable (the      *)
(*    DropWhenFull case) without more requests.                           *)
(*  - Channel {0} in the quick models: every rule the guest can break     *)
(*    (matching, depth, ring full) and the host's flush live within one    *)
(*    channel; channels share only the disk.  The deep model adds          *)
(*    sub-channel 1 for the cross-channel case (a flush completed on one   *)
(*    channel while a write on the other is performed after it, the guest  *)
(*    seeing the write's completion first): 15,690 states, too many for    *)
(*    the quick tier's budget on a shared machine.                         *)
(*  - One power loss: the refinement checks every flush and every loss    *)
(*    step against the contract; a second loss starts from a state the     *)
(*    first already reaches.                                               *)
(* A previous model with more of each in the quick tier ran past a million *)
(* states without a verdict; these bounds reach every case above (the      *)
(* Debug probes below show it) in seconds.                                 *)
(***************************************************************************)
EXTENDS StorvscIo

MCFirstTid == 1
MCOps == {"read", "write", "flush"}

-----------------------------------------------------------------------------
(* Reachability probes: each must be violated by model storvsc-io (put it   *)
(* alone under INVARIANTS and drop PROPERTIES), which shows the model      *)
(* reaches the case it names.                                              *)

\* A completion came back out of submission order on one channel.
DebugNeverOutOfOrderInv ==
    ~\E c \in Channels : \E i \in DOMAIN guestOut[c] :
        i > 1 /\ reqs[guestOut[c][i]].phase = "posted" /\ reqs[guestOut[c][1]].phase \in {"queued", "held"}
\* A read returned a written value after a power loss (its completion on
\* the way: an acked read has left reqs, StorvscIo "Bounded state").
DebugNeverReadAfterCrashInv ==
    ~(crashes > 0 /\ \E t \in DOMAIN reqs : reqs[t].op = "read" /\ reqs[t].phase = "posted" /\ reqs[t].stamp # 0)
\* The outbound ring was full while the guest could have submitted.
DebugNeverRingFullInv == ~\E c \in Channels : Len(out[c]) = RingCap /\ Len(guestOut[c]) < QueueDepth
\* A power loss dropped a write that was in the cache only (performed, its
\* completion on the way: an acked write has left reqs).
DebugNeverLostWriteInv == ~(crashes > 0 /\ \E t \in DOMAIN reqs : reqs[t].op = "write" /\ reqs[t].phase = "posted"
                                        /\ \A s \in SlotIds : cache[s] # t)
\* Requests were in flight on two channels at once (for model storvsc-io-deep,
\* which has two).
DebugNeverTwoChannelsInv == ~(\A c \in Channels : guestOut[c] # <<>>)

=============================================================================
