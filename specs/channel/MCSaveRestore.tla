---------------------------- MODULE MCSaveRestore ----------------------------
(***************************************************************************)
(* Finite models of SaveRestore.  Bounds, and why they lose nothing:       *)
(*  Devices {d1, d2}, Relids {r1, r2}: two channels make the restore keep  *)
(*    one (offered or open) while the other is still released, and two     *)
(*    relids let the host assign either; a third device is another         *)
(*    released or saved channel, handled by the same quantified steps.     *)
(*  MaxRestarts 1: a restart is at any point of the run (it is enabled in  *)
(*    every state), and what it does depends only on the state it meets;   *)
(*    a second one meets a state that a first could meet.                  *)
(*  MaxConnects 2: the first connection and one reconnect (after UNLOAD or *)
(*    a kexec without it), so a reset of a connected server is reached.    *)
(*  MaxUnloads 1: UNLOAD from any state, once.                             *)
(***************************************************************************)
EXTENDS SaveRestore

CONSTANTS d1, d2, r1, r2
MCDevices == {d1, d2}
MCRelids == {r1, r2}
=============================================================================
