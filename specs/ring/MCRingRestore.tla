--------------------------- MODULE MCRingRestore ---------------------------
(***************************************************************************)
(* Finite models of RingRestore (specs/models.json, ring-restore models).  *)
(*                                                                         *)
(* Ring and packets: MCRingBuffer's quick bounds (5 units, 3 packets of 2  *)
(* units, and in the deep models also of 3 units), which reach every       *)
(* signalling situation of the                                             *)
(* protocol (see MCRingBuffer): a consumer asleep on an empty ring that    *)
(* must be woken by packet 1 or 2, and a producer blocked on a full ring   *)
(* that must be woken by the consumer.  A restore can fall between any two *)
(* steps, so it can hit each of these signals while latched.               *)
(*                                                                         *)
(* One restore (MCMaxRestores) loses nothing: a restore acts only on the   *)
(* two doorbell bits, and the state it leaves depends on the ring memory   *)
(* alone (IfNeeded, Always) or is "both bits clear" (None).  A second      *)
(* restore in the same wait finds the same memory (nobody moved who is     *)
(* asleep) and so redoes the first one's result; a second restore in a     *)
(* later wait is a first restore of that wait, which the model already    *)
(* has, since the restore may come at any step of the first behaviour      *)
(* and the three packets cover every kind of wait.                         *)
(***************************************************************************)
EXTENDS RingRestore

MCDataSize == 5
MCPacketLensQuick == {1}
MCPacketLensTwoSizes == {1, 2}
MCMaxPackets == 3
MCMaxRestores == 1

\* Failure probes (expected violated by the correct model): a restore does
\* fall on a latched signal, in each direction, so the re-signal is needed.
DebugRestoreNeverHitsConsumerSignalProp ==
    [][restores' > restores => ~doorbell[C]]_rrVars
DebugRestoreNeverHitsProducerSignalProp ==
    [][restores' > restores => ~doorbell[P]]_rrVars

=============================================================================
