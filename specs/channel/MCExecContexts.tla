--------------------------- MODULE MCExecContexts ---------------------------
(***************************************************************************)
(* Finite models of ExecContexts.  The module fixes one device with a      *)
(* primary channel and one sub-channel, each offered once and rescinded at *)
(* most once.  That is enough: every context appears (the primary's open   *)
(* in PrimWq, the sub-channel's in SubWq or, in the variant, in ConWork),  *)
(* offer_in_progress reaches 1 and 2, and a rescind can meet every point   *)
(* of both opens.  A second sub-channel would queue behind the first on    *)
(* the same single-threaded work queue and repeat its steps.               *)
(***************************************************************************)
EXTENDS ExecContexts
=============================================================================
