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
