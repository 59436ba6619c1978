--------------------------- MODULE MCVMBusChannels ---------------------------
(***************************************************************************)
(* Finite models of VMBusChannels.  Each bound is substituted in a .cfg    *)
(* and justified here.                                                     *)
(***************************************************************************)
EXTENDS VMBusChannels, TLC

CONSTANTS d1, d2, d3, r1, r2, r3

\* Two devices exercise every cross-channel interleaving (two driver contexts
\* racing on one dispatcher); a third adds nothing new for safety but is in deep.
MCDevices2 == {d1, d2}
MCDevices3 == {d1, d2, d3}

\* As many relids as devices: enough for every device to hold one, and a re-offer
\* must then wait for a RELID_RELEASED and reuse a released relid (1.12.3).
MCRelids2 == {r1, r2}
MCRelids3 == {r1, r2, r3}

\* The guest proposes two versions and the host accepts only the older one, so one
\* rejected INITIATE_CONTACT precedes every connection (the loop of 1.2 is taken).
MCGuestVersions == <<2, 1>>
MCHostVersions == {1}

\* Devices and relids are interchangeable (the host may pick any free relid and any
\* device order).  Used for safety-only models: TLC's symmetry is unsound for liveness.
MCSymmetry2 == Permutations(MCDevices2) \cup Permutations(MCRelids2)
MCSymmetry3 == Permutations(MCDevices3) \cup Permutations(MCRelids3)
=============================================================================
