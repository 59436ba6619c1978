--------------------------- MODULE DeviceLifecycle ---------------------------
(***************************************************************************)
(* The abstract lifecycle of VMBus channels, as a guest driver sees them.  *)
(* Each channel key (a device's primary channel or one of its              *)
(* sub-channels) is absent until the host offers it; an offered channel    *)
(* can be opened and closed any number of times; a rescind removes it; a   *)
(* hot-add (or a reconnect after UNLOAD) may offer it again.  An UNLOAD    *)
(* removes every channel at once (vmbus-protocol.md 1.7, rule 1.12.9).     *)
(*                                                                         *)
(* VMBusChannels refines this module (LifecycleRefinementProp): whatever   *)
(* the messages, races and rescinds below, a driver only ever observes     *)
(* these transitions.                                                      *)
(***************************************************************************)

CONSTANT
    Keys    \* the channel keys: <<device, sub_channel_index>>

VARIABLE
    lc      \* lc[k]: the lifecycle state of channel k

vars == <<lc>>

States == {"absent", "offered", "open", "closed", "removed"}

\* The states in which the channel exists for the driver.
Present == {"offered", "open", "closed"}

TypeOK == lc \in [Keys -> States]

Init == lc = [k \in Keys |-> "absent"]

-----------------------------------------------------------------------------

\* OFFERCHANNEL processed (first offer, hot-add, or re-offer after removal).
Offer(k) ==
    /\ lc[k] \in {"absent", "removed"}
    /\ lc' = [lc EXCEPT ![k] = "offered"]

\* OPENCHANNEL_RESULT with status 0 received by the opener.
Open(k) ==
    /\ lc[k] \in {"offered", "closed"}
    /\ lc' = [lc EXCEPT ![k] = "open"]

\* CLOSECHANNEL sent.
Close(k) ==
    /\ lc[k] = "open"
    /\ lc' = [lc EXCEPT ![k] = "closed"]

\* RESCIND_CHANNELOFFER processed.
Remove(k) ==
    /\ lc[k] \in Present
    /\ lc' = [lc EXCEPT ![k] = "removed"]

\* UNLOAD_RESPONSE: every present channel is gone (1.12.9).
Disconnect ==
    lc' = [k \in Keys |-> IF lc[k] \in Present THEN "removed" ELSE lc[k]]

Next ==
    \/ \E k \in Keys : Offer(k) \/ Open(k) \/ Close(k) \/ Remove(k)
    \/ Disconnect

Spec == Init /\ [][Next]_vars
=============================================================================
