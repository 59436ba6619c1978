-------------------------- MODULE MCNetvscRndis --------------------------
(***************************************************************************)
(* Finite models of NetvscRndis for TLC.  The cfgs the catalog            *)
(* (specs/models.json) generates substitute the bounds below and set      *)
(* HostIds per model.                                                      *)
(***************************************************************************)
EXTENDS NetvscRndis

\* The three OIDs Linux queries in rndis_filter_device_add.  The model is a
\* chain (one request outstanding at a time), so more OIDs add states, not
\* cases: each QUERY is answered, accepted or failed alike.
MCOids == <<"MAC", "MTU", "Link">>

-----------------------------------------------------------------------------
(* Reachability probes: each must be violated by model netvsc-rndis (put   *)
(* it alone under INVARIANTS and drop PROPERTIES).                          *)

\* The guest gets up.
DebugNeverUpInv == rnGuest # "Up"
\* The guest halts and the host reads the HALT.
DebugNeverHaltedInv == rnHost # "Halted"
\* A QUERY fails (the host does not support the OID) and the guest gives up.
DebugNeverFailedInv == rnGuest # "Failed"
\* The guest sets RSS and the host turns it on (the device has sub-channels).
DebugNeverRssOnInv == rnRss # "On"

(* Probes of model netvsc-rndis-timeout (each must be violated there).     *)

\* A late answer is dropped while the guest waits for a later request.
DebugNeverLateDropWhileWaitingInv ==
    ~(rnWaiting # NoRequest /\ \E i \in DOMAIN rnToGuest : Late(rnToGuest[i]))
\* The guest gets up after an RSS SET timed out.
DebugNeverUpAfterTimeoutInv == ~(rnGuest = "Up" /\ rnTimedOut # {})

=============================================================================
