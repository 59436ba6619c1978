------------------------ MODULE MCStorvscHandshake -------------------------
(***************************************************************************)
(* Finite models of StorvscHandshake for TLC.  The cfgs the catalog        *)
(* (specs/models.json) generates substitute the bounds below and set       *)
(* ProbePathOpens per model.                                               *)
(***************************************************************************)
EXTENDS StorvscHandshake

\* Linux's list before 5.x dropped WIN7, newest first: WIN10 6.2,
\* WIN8_1 6.0, WIN8 5.1, WIN7 4.2, as (major << 8) | minor.  4.2 is kept so
\* that some hosts negotiate a version without multi-channel.
MCGuestVersions == <<1538, 1536, 1281, 1026>>

\* Every host configuration over the guest's four versions and WIN6 2.0
\* (which only the host knows): 32 sets.  They cover a first-choice hit,
\* mismatches followed by a hit, a version below Win8 (no sub-channels),
\* and no common version at all (the empty set and {2.0}), so no choice
\* of the host's set is left out.
MCHostVersionSets == SUBSET {1538, 1536, 1281, 1026, 512}

\* Win8 5.1: the oldest version with multi-channel (openvmm storvsp).
MCMultiChannelVersion == 1281

\* Two sub-channels lose nothing for the quick models: the offers travel
\* in one FIFO, so with two the completion can arrive before both offers,
\* between them, or after both, and two opens can interleave with each
\* other and with the completion.  The guest wants three, so the host's
\* max_channel_cnt (2) is what caps n (min(ncpu - 1, max_channel_cnt)).
MCHostMaxSubChannels == 2
MCGuestWantedSubChannels == 3

\* The deep model grants four sub-channels, to show that the verdict does
\* not change as more offers interleave with the completion.
MCDeepHostMaxSubChannels == 4
MCDeepGuestWantedSubChannels == 4

\* The timeout models: every wait may end in its timeout (the trace
\* modules' value too); TimeoutRetries is the bug of storvsc-timeout-retries.
MCGuestMayTimeOut == TRUE
MCTimeoutRetries == TRUE

-----------------------------------------------------------------------------
(* Reachability probes: each must be violated by model storvsc             *)
(* (put it alone under INVARIANTS and drop PROPERTIES), which shows the    *)
(* model reaches the case it names.                                        *)

\* The guest gives up: no common version.
DebugNeverFailsInv == guestPc # "Failed"
\* Ready with a version below Win8, so without sub-channels.
DebugNeverReadyWithoutMultiChannelInv ==
    ~(guestPc = "Ready" /\ version > 0 /\ version < MultiChannelVersion)
\* The host answered REVISION_MISMATCH and the guest went on to a hit.
DebugNeverRetriedInv == ~(guestPc = "Ready" /\ verIdx > 1)
\* A sub-channel offer was processed before the CREATE_SUB_CHANNELS completion.
DebugNeverOfferFirstInv == ~(guestPc = "AwaitCreateSubChannels" /\ scList # {})
\* The host refused CREATE_SUB_CHANNELS; the guest is Ready on the primary.
DebugNeverRefusedInv == ~(guestPc = "Ready" /\ version >= MultiChannelVersion /\ requested = 0)
\* The completion arrived before any offer was processed.
DebugNeverCompletionFirstInv == ~(guestPc = "Ready" /\ requested > 0 /\ scList = {})

\* A wait timed out with its completion still to come (storvsc-timeout).
DebugNeverLateCompletionInv == ~(guestPc \in {"Ready", "Failed"} /\ (toHost # <<>> \/ toGuest # <<>>))

=============================================================================
