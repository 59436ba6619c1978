---------------------------- MODULE BlockDevice -----------------------------
(***************************************************************************)
(* The block device a storage driver promises its callers (the contract    *)
(* StorvscIo refines): requests are submitted, take effect atomically at   *)
(* one instant between submission and acknowledgement (their               *)
(* linearization point, `Perform`), and are acknowledged after it.         *)
(*                                                                         *)
(* The disk is Slots slots (4 KiB each in the trace; the unit in which a   *)
(* request reads or writes).  A write's value is its own request id (the   *)
(* "stamp" the Java writes into the slot's first 8 bytes), 0 is never      *)
(* written.  Two views of every slot:                                     *)
(*   vol[s]  what a read performed now returns (the host's cache);         *)
(*   dur[s]  the values slot s may hold after a power loss: the last       *)
(*           value a flush or a write-back made durable, and each later    *)
(*           write that may or may not have reached the medium.            *)
(*                                                                         *)
(* What callers get (Linux block layer semantics, REQ_PREFLUSH /           *)
(* SYNCHRONIZE CACHE; openvmm storvsp maps it to the disk's flush):        *)
(*  - a read returns the value of the last write performed on its slot     *)
(*    before it: the last acknowledged write or one still in flight when   *)
(*    the read was (writes acknowledged before the read was submitted were *)
(*    performed before it);                                                *)
(*  - a flush, when performed, makes every performed write durable, so a   *)
(*    write acknowledged before a flush was SUBMITTED survives a power     *)
(*    loss once the flush is acknowledged.  (A write acknowledged after    *)
(*    the flush's submission but before its acknowledgement has no such    *)
(*    promise: on two channels the host may perform the flush first and    *)
(*    the write after it, and the guest may still see the write's          *)
(*    completion first.)                                                   *)
(*  - a power loss keeps, per slot, one value of dur[s].                   *)
(* The refinement mapping in StorvscIo maps the host's volatile cache to   *)
(* vol and {durable store, cache} to dur; TLC checks the mapping step by   *)
(* step (MCStorvscIo, BlockDeviceRefinementProp).                          *)
(***************************************************************************)
EXTENDS Integers, FiniteSets, TLC

CONSTANTS
    Slots,  \* how many slots: 0..Slots-1
    Ids     \* request ids (trans_ids); a write's value is its id

SlotIds == 0..(Slots - 1)
\* The slot of a request that addresses none (flush, other).
NoSlot == -1
Stamps == {0} \cup Ids
Ops == {"read", "write", "flush", "other"}
States == {"submitted", "performed", "acked"}
Requests == [op : Ops, slot : SlotIds \cup {NoSlot}, st : States, val : Stamps]

VARIABLES
    bdReqs,  \* every request not yet forgotten, by id: op, slot, state, value (read: what it returned)
    vol,     \* per slot, the current value
    dur      \* per slot, the values a power loss may leave

bdVars == <<bdReqs, vol, dur>>

TypeOK ==
    /\ DOMAIN bdReqs \subseteq Ids
    /\ \A i \in DOMAIN bdReqs : bdReqs[i] \in Requests
    /\ vol \in [SlotIds -> Stamps]
    /\ dur \in [SlotIds -> (SUBSET Stamps) \ {{}}]

Init ==
    /\ bdReqs = [i \in {} |-> 0]
    /\ vol = [s \in SlotIds |-> 0]
    /\ dur = [s \in SlotIds |-> {0}]

\* A caller submits request i (reads and writes name a slot, others NoSlot).
Submit(i, op, slot) ==
    /\ i \in Ids \ DOMAIN bdReqs
    /\ op \in Ops
    /\ slot = IF op \in {"read", "write"} THEN slot ELSE NoSlot
    /\ slot \in SlotIds \cup {NoSlot}
    /\ bdReqs' = bdReqs @@ (i :> [op |-> op, slot |-> slot, st |-> "submitted", val |-> 0])
    /\ UNCHANGED <<vol, dur>>

\* Request i takes effect: a read sees vol; a write replaces vol and may or
\* may not reach the medium (dur keeps a non-empty part of what it held and
\* gains the new value); a flush makes the current values durable.
Perform(i) ==
    /\ i \in DOMAIN bdReqs
    /\ bdReqs[i].st = "submitted"
    /\ LET r == bdReqs[i] IN
       CASE r.op = "read" ->
                /\ bdReqs' = [bdReqs EXCEPT ![i].st = "performed", ![i].val = vol[r.slot]]
                /\ UNCHANGED <<vol, dur>>
         [] r.op = "write" ->
                /\ bdReqs' = [bdReqs EXCEPT ![i].st = "performed", ![i].val = i]
                /\ vol' = [vol EXCEPT ![r.slot] = i]
                /\ \E kept \in (SUBSET dur[r.slot]) \ {{}} : dur' = [dur EXCEPT ![r.slot] = kept \cup {i}]
         [] r.op = "flush" ->
                /\ bdReqs' = [bdReqs EXCEPT ![i].st = "performed"]
                /\ dur' = [s \in SlotIds |-> {vol[s]}]
                /\ UNCHANGED vol
         [] OTHER ->
                /\ bdReqs' = [bdReqs EXCEPT ![i].st = "performed"]
                /\ UNCHANGED <<vol, dur>>

\* The caller gets request i back, with the value it was performed with.
Ack(i) ==
    /\ i \in DOMAIN bdReqs
    /\ bdReqs[i].st = "performed"
    /\ bdReqs' = [bdReqs EXCEPT ![i].st = "acked"]
    /\ UNCHANGED <<vol, dur>>

\* The caller is done with acknowledged request i: it leaves the table, so
\* that a refining driver keeps only its live requests (StorvscIo: its state
\* and a trace's stay bounded however many I/Os run).  Nothing about values
\* is lost: vol and dur are per slot and never read requests' past.
Forget(i) ==
    /\ i \in DOMAIN bdReqs
    /\ bdReqs[i].st = "acked"
    /\ bdReqs' = [j \in DOMAIN bdReqs \ {i} |-> bdReqs[j]]
    /\ UNCHANGED <<vol, dur>>

\* Ack(i) and Forget(i) in one step (the driver completes a request and
\* drops it at once).
AckAndForget(i) ==
    /\ i \in DOMAIN bdReqs
    /\ bdReqs[i].st = "performed"
    /\ bdReqs' = [j \in DOMAIN bdReqs \ {i} |-> bdReqs[j]]
    /\ UNCHANGED <<vol, dur>>

\* The device writes slot s back to the medium on its own.
WriteBack(s) ==
    /\ dur' = [dur EXCEPT ![s] = {vol[s]}]
    /\ UNCHANGED <<bdReqs, vol>>

\* Power loss: each slot keeps one of the values it may hold.
Crash ==
    /\ vol' \in {f \in [SlotIds -> Stamps] : \A s \in SlotIds : f[s] \in dur[s]}
    /\ dur' = [s \in SlotIds |-> {vol'[s]}]
    /\ UNCHANGED bdReqs

Next ==
    \/ \E i \in Ids, op \in Ops, slot \in SlotIds \cup {NoSlot} : Submit(i, op, slot)
    \/ \E i \in DOMAIN bdReqs : Perform(i) \/ Ack(i) \/ Forget(i) \/ AckAndForget(i)
    \/ \E s \in SlotIds : WriteBack(s)
    \/ Crash

Spec == Init /\ [][Next]_bdVars

=============================================================================
