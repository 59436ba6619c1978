------------------------- MODULE MCSynicMessageSlot -------------------------
(***************************************************************************)
(* Finite models of SynicMessageSlot for TLC.  The cfgs substitute the     *)
(* bounds below and set the three behaviour constants per model.           *)
(***************************************************************************)
EXTENDS SynicMessageSlot

\* Three messages lose nothing for the quick models.  No step depends on a
\* message's value or on the queue's length, only on whether the queue is
\* empty, so every handshake shape already occurs with two messages (one in
\* the slot, one waiting).  Three add a middle message that is delivered
\* after an EOM and is itself left with msg_pending set for its successor:
\* two consecutive pending/EOM rounds.
MCMsgCount == 3

\* The deep model adds messages only to show that the verdict does not
\* change and that the state space grows linearly in the message count
\* (each message repeats the same handshake): 46 distinct states for 3
\* messages, 166 for 8.
MCDeepMsgCount == 8

=============================================================================
