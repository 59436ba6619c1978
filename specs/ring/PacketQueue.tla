----------------------------- MODULE PacketQueue -----------------------------
(***************************************************************************)
(* The service a VMBus ring buffer provides, with no memory, no indices    *)
(* and no signalling: an unbounded FIFO queue of messages.  The producer   *)
(* enqueues, the consumer dequeues the head and appends it to what it has  *)
(* delivered.  RingBuffer.tla refines this module: the consumer receives   *)
(* exactly the packets the producer sent, in order, nothing lost,          *)
(* duplicated or corrupted.  Generic on purpose: the message set is a      *)
(* parameter.                                                              *)
(***************************************************************************)
EXTENDS Sequences

CONSTANT Msgs            \* the set of messages that may travel through the queue

VARIABLES
    queue,               \* messages enqueued and not yet dequeued, oldest first
    delivered            \* messages dequeued so far, in dequeue order

vars == <<queue, delivered>>

TypeOK ==
    /\ queue \in Seq(Msgs)
    /\ delivered \in Seq(Msgs)

Init ==
    /\ queue = <<>>
    /\ delivered = <<>>

-----------------------------------------------------------------------------
Enqueue(m) ==
    /\ queue' = Append(queue, m)
    /\ UNCHANGED delivered

Dequeue ==
    /\ queue # <<>>
    /\ delivered' = Append(delivered, Head(queue))
    /\ queue' = Tail(queue)

-----------------------------------------------------------------------------
Next == (\E m \in Msgs : Enqueue(m)) \/ Dequeue

Spec == Init /\ [][Next]_vars

=============================================================================
