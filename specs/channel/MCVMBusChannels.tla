--------------------------- MODULE MCVMBusChannels ---------------------------
(***************************************************************************)
(* Finite models of VMBusChannels.  Each bound is substituted in a .cfg    *)
(* and justified here.                                                     *)
(***************************************************************************)
EXTENDS VMBusChannels, TLC

CONSTANTS d1, d2, d3, r1, r2, r3

\* Two devices exercise every cross-channel interleaving (two driver contexts
\* racing on one dispatcher); a third adds nothing new for safety but is in deep.
MCDevices1 == {d1}
MCDevices2 == {d1, d2}
MCDevices3 == {d1, d2, d3}

\* As many relids as devices: enough for every device to hold one, and a re-offer
\* must then wait for a RELID_RELEASED and reuse a released relid (1.12.3).
MCRelids1 == {r1}
MCRelids2 == {r1, r2}
MCRelids3 == {r1, r2, r3}

\* The guest proposes two versions and the host accepts only the older one, so one
\* rejected INITIATE_CONTACT precedes every connection (the loop of 1.2 is taken).
MCGuestVersions == <<2, 1>>
MCHostVersions == {1}

\* No boot devices: ALLOFFERS_DELIVERED then comes first and every device is a hot-add,
\* which removes its interleavings with everything else (deep models keep boot devices).
MCNoDevices == {}

\* Devices of the same kind (boot or hot-added) and relids are interchangeable: the host
\* may offer devices in any order and pick any free relid.  Used for safety-only models:
\* TLC's symmetry reduction is unsound for liveness.
MCSymmetry ==
    Permutations(BootDevices) \cup Permutations(Devices \ BootDevices) \cup Permutations(Relids)
=============================================================================
