------------------------- MODULE MCSynicMessageSlot -------------------------
(***************************************************************************)
(* Finite models of SynicMessageSlot for TLC.  The cfgs substitute the     *)
(* bounds below and set the three behaviour constants per model.           *)
(***************************************************************************)
EXTENDS SynicMessageSlot

\* Three messages lose nothing for the quick models: the handshake only
\* relates the message in the slot to the next one in the queue, and with
\* three the models contain a message that is both delivered after an EOM
\* and itself left with msg_pending set for its successor, i.e. two
\* consecutive pending/EOM rounds, plus a first and a last message.
MCMsgCount == 3

\* The deep model adds messages only to show that the verdict does not
\* change and that the state space grows linearly in the message count
\* (each message repeats the same handshake): 46 distinct states for 3
\* messages, 166 for 8.
MCDeepMsgCount == 8

=============================================================================
