---------------------------- MODULE MessageQueue ----------------------------
(***************************************************************************)
(* An abstract reliable FIFO channel: the sender hands over the messages   *)
(* of Input one by one, in order; the receiver takes them out in the same  *)
(* order.  Nothing is lost, duplicated or reordered, by construction.      *)
(*                                                                         *)
(* Concrete transports refine this module through a refinement mapping:    *)
(* the SynIC message slot (SynicMessageSlot.tla) and, later, the VMBus     *)
(* ring buffer.  A refinement checked as a TLC PROPERTY (`Fifo!Spec`) is   *)
(* the statement "every message is delivered exactly once, in order".      *)
(* The queue is unbounded: a transport with capacity 1 (the SynIC slot) or *)
(* a byte budget (the ring) refines it by blocking its sender instead.     *)
(***************************************************************************)
EXTENDS Naturals, Sequences

CONSTANT
    Input   \* the finite sequence of messages the sender will send, in order

\* The values that may travel through the queue.
MsgValues == {Input[i] : i \in DOMAIN Input}

ASSUME InputIsFiniteSeq == Input \in Seq(MsgValues)

VARIABLES
    toSend,     \* suffix of Input the sender has not handed over yet
    inFlight,   \* messages handed over but not yet taken by the receiver
    delivered   \* messages the receiver has taken, in the order taken

vars == <<toSend, inFlight, delivered>>

TypeOK ==
    /\ toSend \in Seq(MsgValues)
    /\ inFlight \in Seq(MsgValues)
    /\ delivered \in Seq(MsgValues)

Init ==
    /\ toSend = Input
    /\ inFlight = <<>>
    /\ delivered = <<>>

-----------------------------------------------------------------------------
(* Sender *)

SenderSends ==
    /\ toSend # <<>>
    /\ inFlight' = Append(inFlight, Head(toSend))
    /\ toSend' = Tail(toSend)
    /\ UNCHANGED delivered

-----------------------------------------------------------------------------
(* Receiver *)

ReceiverReceives ==
    /\ inFlight # <<>>
    /\ delivered' = Append(delivered, Head(inFlight))
    /\ inFlight' = Tail(inFlight)
    /\ UNCHANGED toSend

-----------------------------------------------------------------------------

Next == SenderSends \/ ReceiverReceives

Spec == Init /\ [][Next]_vars

\* Neither party stops forever while it can make progress.
LiveSpec == Spec /\ WF_vars(SenderSends) /\ WF_vars(ReceiverReceives)

-----------------------------------------------------------------------------

\* Exactly once, in order: what was received, what is in flight and what is
\* still to send are, concatenated, exactly the input.
ConservationInv == delivered \o inFlight \o toSend = Input

\* Under LiveSpec every message is eventually delivered.
AllDeliveredProp == <>(delivered = Input)

=============================================================================
