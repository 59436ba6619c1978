--------------------------- MODULE MCRingRestore ---------------------------
(***************************************************************************)
(* Finite models of RingRestore (specs/models.json, ring-restore models).  *)
(*                                                                         *)
(* Ring and packets: MCRingBuffer's quick bounds (5 units, 3 packets of 2  *)
(* units, and in the two-size models also of 3 units), which reach every  *)
(* signalling situation of the protocol (see MCRingBuffer): a consumer     *)
(* asleep on an empty ring that                                            *)
(* must be woken by packet 1 or 2, and a producer blocked on a full ring   *)
(* that must be woken by the consumer.  A restore can fall between any two *)
(* steps, so it can hit each of these signals while latched.               *)
(*                                                                         *)
(* One restore (MCMaxRestores) in the quick models, two in the deep model*)
(* ring-restore-two-restores-sc.  Why few restores lose little: a restore  *)
(* moves no program point and no memory; it only sets the two doorbell     *)
(* bits, to a value that depends on the ring memory it meets (IfNeeded,    *)
(* Always) or to FALSE (None).  So two restores with nothing between them  *)
(* are one, and a restore is enabled in every drained state: one restore   *)
(* already meets every latched signal the protocol has (the probes         *)
(* DebugRestoreNever* show it does, in both directions).  The second       *)
(* restore adds the case of a restore meeting a re-signal of the first one *)
(* still latched; it is checked, not argued, in the deep tier.             *)
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
