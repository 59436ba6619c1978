----------------------------- MODULE PacketQueue -----------------------------
(***************************************************************************)
(* The service a VMBus ring buffer provides, with no memory, no indices    *)
(* and no signalling: an unbounded FIFO queue of messages.  The producer   *)
(* enqueues; the consumer dequeues the head.  RingBuffer.tla refines this  *)
(* module: the consumer receives exactly the packets the producer sent, in *)
(* order, nothing lost, duplicated or corrupted.  Generic on purpose: the  *)
(* message set is a parameter.                                             *)
(*                                                                         *)
(* What the consumer got is kept as a count and the last message, not as  *)
(* the whole history.  Every Dequeue must hand over Head(queue), and that  *)
(* alone is "in order, nothing lost or duplicated"; a history would add no *)
(* constraint, but it would grow with the behaviour, and so would the cost *)
(* of every state of a long trace validated against a refining spec.       *)
(***************************************************************************)
EXTENDS Naturals, Sequences

CONSTANTS
    Msgs,                \* the set of messages that may travel through the queue
    NoMsg                \* "nothing dequeued yet"

ASSUME NoMsg \notin Msgs

VARIABLES
    queue,               \* messages enqueued and not yet dequeued, oldest first
    dequeued,            \* how many messages have been dequeued
    last                 \* the message dequeued last, or NoMsg

vars == <<queue, dequeued, last>>

TypeOK ==
    /\ queue \in Seq(Msgs)
    /\ dequeued \in Nat
    /\ last \in Msgs \cup {NoMsg}
    /\ (dequeued = 0) <=> (last = NoMsg)

Init ==
    /\ queue = <<>>
    /\ dequeued = 0
    /\ last = NoMsg

-----------------------------------------------------------------------------
Enqueue(m) ==
    /\ queue' = Append(queue, m)
    /\ UNCHANGED <<dequeued, last>>

Dequeue ==
    /\ queue # <<>>
    /\ last' = Head(queue)
    /\ dequeued' = dequeued + 1
    /\ queue' = Tail(queue)

-----------------------------------------------------------------------------
Next == (\E m \in Msgs : Enqueue(m)) \/ Dequeue

Spec == Init /\ [][Next]_vars

=============================================================================
