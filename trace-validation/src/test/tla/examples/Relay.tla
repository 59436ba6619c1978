------------------------------- MODULE Relay -------------------------------
(***************************************************************************)
(* A small producer/consumer relay: the test spec of the trace-checking    *)
(* engine (not a VMBus protocol).  The producer sends numbered items       *)
(* 1..N over a wire of capacity Cap; the wire delivers them, in order,     *)
(* into the consumer's inbox; the consumer takes them one by one and,      *)
(* after each, decides whether it wants more (flow control, as a VMBus     *)
(* guest masks interrupts).  It exercises what the engine must handle:     *)
(* action parameters, an unlogged step (wire transit), a nondeterministic  *)
(* choice (wantMore) that a trace may fail to log, two parties that can    *)
(* block, safety invariants and an action property.                        *)
(***************************************************************************)
EXTENDS Naturals, Sequences

CONSTANTS
    N,      \* number of items the producer sends, numbered 1..N
    Cap     \* capacity of the wire (items in transit)

ASSUME N \in Nat /\ Cap \in Nat \ {0}

VARIABLES
    next,       \* the next item number the producer will send
    wire,       \* items in transit, oldest first
    inbox,      \* items delivered to the consumer, not yet taken
    got,        \* number of items the consumer has taken
    wantMore    \* the consumer's flow-control flag: the producer sends only while it is TRUE

producerVars == <<next>>
wireVars == <<wire, inbox>>
consumerVars == <<got, wantMore>>
vars == <<next, wire, inbox, got, wantMore>>

TypeOK ==
    /\ next \in 1..(N + 1)
    /\ wire \in Seq(1..N) /\ Len(wire) <= Cap
    /\ inbox \in Seq(1..N)
    /\ got \in 0..N
    /\ wantMore \in BOOLEAN

Init ==
    /\ next = 1
    /\ wire = <<>>
    /\ inbox = <<>>
    /\ got = 0
    /\ wantMore = TRUE

-----------------------------------------------------------------------------
\* Producer

ProducerSends(m) ==
    /\ wantMore
    /\ next <= N
    /\ m = next
    /\ Len(wire) < Cap
    /\ wire' = Append(wire, m)
    /\ next' = next + 1
    /\ UNCHANGED <<inbox, consumerVars>>

-----------------------------------------------------------------------------
\* Wire (in a real system: transit through the network or a store buffer)

WireDelivers ==
    /\ wire /= <<>>
    /\ inbox' = Append(inbox, Head(wire))
    /\ wire' = Tail(wire)
    /\ UNCHANGED <<producerVars, consumerVars>>

-----------------------------------------------------------------------------
\* Consumer

ConsumerTakes(m) ==
    /\ inbox /= <<>>
    /\ Head(inbox) = m
    /\ inbox' = Tail(inbox)
    /\ got' = got + 1
    /\ wantMore' \in BOOLEAN
    /\ UNCHANGED <<producerVars, wire>>

ConsumerResumes ==
    /\ ~wantMore
    /\ wantMore' = TRUE
    /\ UNCHANGED <<producerVars, wireVars, got>>

-----------------------------------------------------------------------------

Next ==
    \/ \E m \in 1..N : ProducerSends(m)
    \/ WireDelivers
    \/ \E m \in 1..N : ConsumerTakes(m)
    \/ ConsumerResumes

Spec == Init /\ [][Next]_vars

-----------------------------------------------------------------------------
\* Every item sent is in exactly one place, and items stay in order.
ConservationInv == got + Len(inbox) + Len(wire) = next - 1

InOrderInv ==
    \A i \in 1..Len(inbox) : inbox[i] = got + i

\* The consumer never takes an item back.
TakenNeverDecreasesProp == [][got' >= got]_vars
=============================================================================
