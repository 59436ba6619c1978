-------------------------- MODULE MCChannelIdentity --------------------------
(***************************************************************************)
(* Finite models of ChannelIdentity.  Bounds, and why they lose nothing:   *)
(*  OfferIds {o1}: one slot, so the second instance must reuse the first's *)
(*    OfferId, which is the reuse the properties are about; a second slot  *)
(*    would hold an unrelated channel.                                     *)
(*  Relids {r1, r2}: the second instance may reuse the first's relid (the  *)
(*    case NoRelidReuseWhileHeldInv is about) or take the other one.       *)
(*  MaxInsts 2: one instance and the next that reuses its names; a third  *)
(*    meets the same situation with the second.                            *)
(* Safety only: the model is bounded and its actions are free choices.     *)
(***************************************************************************)
EXTENDS ChannelIdentity

CONSTANTS o1, r1, r2
MCOfferIds == {o1}
MCRelids == {r1, r2}
=============================================================================
