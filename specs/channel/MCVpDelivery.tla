---------------------------- MODULE MCVpDelivery ----------------------------
(***************************************************************************)
(* Finite models of VpDelivery.  Bounds, and why they lose nothing:        *)
(*                                                                         *)
(*  VPs = {0, 1}, ConnectVp = 0.  Every guard compares a VP only with      *)
(*    ConnectVp, the channel's target (guest's and host's) and the         *)
(*    MODIFYCHANNEL target, and a retarget must name a VP other than the   *)
(*    current one.  The failures need a VP that can go offline (not the    *)
(*    connect CPU) and that the channel leaves: 0 -> 1 -> 0 and then 1     *)
(*    goes offline, or a panic on 1 with the response on 0.  A third VP    *)
(*    would only be another non-connect VP, interchangeable with 1.         *)
(*  MaxRetargets = 2: away from the connect CPU and back, the shortest     *)
(*    path that leaves a VP offlinable after it was targeted.              *)
(*  MaxOfflines = 1: one offline is what strands an interrupt; a second    *)
(*    repeats it on the same VP.                                           *)
(*  MaxPackets = 2: the first packet raises the event that the retarget    *)
(*    races, the second shows whether the ring is still being read.         *)
(*  MaxControl = 1: one other message in a slot at panic time, which the   *)
(*    unload loop must EOM before the response can be delivered.           *)
(***************************************************************************)
EXTENDS VpDelivery

MCVPs == {0, 1}
=============================================================================
