--------------------------- MODULE MCMessageQueue ---------------------------
(***************************************************************************)
(* A finite model of the abstract FIFO on its own, so that its invariant   *)
(* and its liveness under LiveSpec are checked before anything refines it. *)
(***************************************************************************)
EXTENDS MessageQueue

\* Three distinct messages: enough for a message to be in flight while an
\* earlier one is delivered and a later one is still to send; more only
\* lengthens the same interleavings.
MCInput == <<1, 2, 3>>

=============================================================================
