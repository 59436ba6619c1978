--------------------------- MODULE MCVMBusChannels ---------------------------
(***************************************************************************)
(* Finite models of VMBusChannels.  Each bound is substituted in a model's *)
(* cfg (generated from specs/models.json) and justified here.              *)
(***************************************************************************)
EXTENDS VMBusChannels, TLC

(* Numeric bounds, set directly in each model's constants:                 *)
(*  MaxOffers  2 gives each of 2 devices one object; 3 or 4 adds a re-offer  *)
(*             (hot-add after removal, or after reconnect), which is what    *)
(*             relid reuse and H8 need; more re-offers repeat the same steps *)
(*             on fresh objects.                                             *)
(*  MaxOpens   1: every open/close path (success, failure, rescind at each  *)
(*             step) is taken once per object; a second open would restart  *)
(*             from the same Closed/idle state (only the ghost `opened`      *)
(*             differs) and reuse the torn-down GPADL handle.                *)
(*  GpadlBodies 0 in most quick models (header alone), 1 where the body      *)
(*             path matters (Reuse, Deep): a body adds steps in which the     *)
(*             RESCIND can cross; further bodies repeat that step.           *)
(*  MaxUnloads 0 in quick models except Unload; 1 covers UNLOAD at any      *)
(*             moment followed by a full reconnect.                          *)
(*  MaxSub     0, or 1 where sub-channels are the point: index 1 races the   *)
(*             completion exactly as index 2..N would.                       *)

CONSTANTS d1, d2, d3, r1, r2, r3

\* Two devices give two driver contexts racing on one dispatcher and one host (the
\* quick models); three are in the deep model.
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
\* Deep models keep boot devices, so offers and opens race ALLOFFERS_DELIVERED (1.12.2).
MCBootDevices1 == {d1}
MCBootDevices2 == {d1, d2}

\* Devices of the same kind (boot or hot-added) and relids are interchangeable: the host
\* may offer devices in any order and pick any free relid.  Used for safety-only models:
\* TLC's symmetry reduction is unsound for liveness.
MCSymmetry ==
    Permutations(BootDevices) \cup Permutations(Devices \ BootDevices) \cup Permutations(Relids)
\* The Linux flavour of the GPADL waiters on a rescind (see GpadlRescindFlavour).
MCLinuxFlavour == "Linux"

\* Reconnect without UNLOAD (KexecReconnects): one device, one UNLOAD-or-kexec
\* (MaxUnloads 1) and one offer per connection are enough: the reset a
\* connected host does on INITIATE_CONTACT meets every state the old kernel
\* can leave (messages posted, a GPADL or an open in flight, a rescind queued),
\* and a second device or kexec only repeats it.
MCKexec == TRUE

\* Version negotiation across the 5.0 boundary (VersionResponseFlavour): the
\* guest proposes 3 then 2, the host accepts only 2, and 3 stands for 5.0.
\* So the agreed version is an old one, whose VERSION_RESPONSE field is not a
\* connection id, and 2 differs from VMBUS_MESSAGE_CONNECTION_ID (1), as every
\* real pre-5.0 version number does ((major << 16) | minor >= 13).
MCModernVersion == 3
MCGuestVersionsAcross5 == <<3, 2>>
MCHostVersionsOld == {2}
MCLinuxVersionFlavour == "Linux"
MCAdoptConnIdAlways == FALSE

\* A host without a port on connection 4 (HostListensOn4 FALSE: a pre-5.0
\* Hyper-V, QEMU): the guest proposes 5, 4, 3, 2 with 4 standing for 5.0, the
\* host accepts only 2.  So two posts on connection 4 fail (5 and 4, the
\* second one after a fallback), one INITIATE_CONTACT reaches the host and is
\* refused (3), and the last is accepted (2): both ways of falling back, in
\* the order Linux meets them.  A third modern version only repeats the
\* rejected post from the same Disconnected state.
MCGuestVersionsPre5Host == <<5, 4, 3, 2>>
MCModernVersionPre5Host == 4
MCHostVersionsPre5 == {2}
MCFailOnRejectedPost == "Fail"
MCWaitOnRejectedPost == "Wait"

\* The negotiation wait may end in its timeout (GuestMayTimeOut), as in the
\* trace module: the same negotiation, the timeout possible in either proposal.
MCGuestMayTimeOut == TRUE

\* The driver waits' timeouts (GuestTimesOutWaitingFor*): one device on one
\* relid offered twice (MaxOffers 2), so the second offer reuses the relid
\* after the first channel, whose GPADL may have leaked, is released; two
\* opens per object (MaxOpens 2), so an object whose OPENCHANNEL timed out is
\* torn down and opened again.  A timeout is possible at every outstanding
\* wait of both objects; a second device only repeats them on another relid.
\* The variant frees the GPADL's memory at the timeout (TimeoutFreesGpadl).
MCTimeoutFreesGpadl == TRUE
\* channels-timeout-unload: one device on one relid offered once, and one
\* UNLOAD (MaxUnloads 1) at any moment whose wait may time out, so the
\* reconnect's INITIATE_CONTACT can queue behind an UNLOAD the host has not
\* handled, with the GPADL of the old connection held or in flight; a second
\* UNLOAD repeats the cycle from the same disconnected state, and a re-offer
\* after the reconnect (MaxOffers 2, 7,377 states, 16 s of TLC CPU, also ok)
\* only opens a fresh object on a host that has reset.

-----------------------------------------------------------------------------
(* Debug probes: invariants that must be violated, showing that a behaviour the *)
(* protocol allows is reachable, so the properties above are not vacuous there.   *)

\* 1.12.2: a channel is opened before ALLOFFERS_DELIVERED arrives.
DebugOpenBeforeAllOffersInv ==
    ~(gConn = "Connected" /\ ~gAllOffers /\ \E i \in Inst : gCh[i].st = "Opened")

\* 1.9: a sub-channel offer is processed while its primary still waits for the completion.
DebugSubOfferBeforeCompletionInv ==
    ~\E i, p \in Inst :
        /\ Live(i) /\ ~IsPrimary(gCh[i].key)
        /\ p \in GuestPrimary(gCh[i].key[1]) /\ gCh[p].op = "WaitSubs"
=============================================================================
