-------------------------- MODULE SynicMessageSlot --------------------------
(***************************************************************************)
(* The host-to-guest SynIC message slot of one SINT (VMBus: SINT 2).       *)
(*                                                                         *)
(* The hypervisor keeps a queue of messages per SINT and owns one 256-byte *)
(* slot in the guest's SynIC message page.  It puts the next message in    *)
(* the slot only while the slot's message_type is HVMSG_NONE; otherwise it *)
(* sets message_flags.msg_pending and retries only when the guest writes   *)
(* the EOM MSR.  The guest reads the message, writes message_type =        *)
(* HVMSG_NONE, issues a full barrier, and if msg_pending is set writes     *)
(* EOM (Linux drivers/hv/hyperv_vmbus.h `vmbus_signal_eom`; FreeBSD        *)
(* sys/dev/hyperv/vmbus/vmbus.c `vmbus_msg_task`).                         *)
(*                                                                         *)
(* Both sides follow the store-then-load pattern that rules out a lost     *)
(* wakeup: the guest stores message_type, then loads msg_pending; the      *)
(* hypervisor stores msg_pending, then loads message_type (the order the   *)
(* Hyper-V TLFS mandates, as Linux KVM arch/x86/kvm/hyperv.c               *)
(* `synic_deliver_msg` notes; KVM may deviate only because it delivers     *)
(* with the target VP out of guest mode, i.e. atomically).  Each of these  *)
(* shared-memory accesses is its own step, so the hypervisor can set       *)
(* msg_pending between any two guest steps, including between the guest's  *)
(* clear and its check.  When the hypervisor's load sees HVMSG_NONE, its   *)
(* write of the message is folded into the same step: the only guest       *)
(* access that can fall between them is a load of msg_pending, which then  *)
(* sees 1 (a spurious EOM, harmless) or the fresh 0, both of which the     *)
(* model has.  Each side's store-load order is a CONSTANT, so the x86      *)
(* reordering that a missing full barrier allows is a variant per side.    *)
(*                                                                         *)
(* Abstraction: messages are the distinct numbers 1..MsgCount (payloads    *)
(* play no part in the handshake) so loss, duplication and reordering are  *)
(* visible; the whole queue exists at the start, since a message that      *)
(* arrives later is indistinguishable from a delivery attempt the          *)
(* hypervisor makes later; memory is sequentially consistent apart from    *)
(* the reordering named above.                                             *)
(***************************************************************************)
EXTENDS Naturals, Sequences

CONSTANTS
    \* Number of messages the hypervisor has queued for this SINT.
    MsgCount,
    \* TRUE: the guest writes EOM after it loaded msg_pending = 1 (Linux).
    \* FALSE (variant): the guest never writes EOM.
    GuestEomOnPending,
    \* FALSE: the guest clears message_type, full barrier, then loads
    \* msg_pending (Linux).  TRUE (variant): it loads msg_pending before the
    \* clear, as code without the barrier may do on x86 (store-load reordering).
    GuestChecksPendingBeforeClear,
    \* TRUE: the hypervisor sets msg_pending, then tests message_type (TLFS).
    \* FALSE (variant): it tests message_type, then sets msg_pending as a
    \* separate, later step (check-then-act).
    HostSetsPendingBeforeCheck

ASSUME MsgCountIsPositive == MsgCount \in Nat \ {0}
ASSUME EomFlagIsBoolean == GuestEomOnPending \in BOOLEAN
ASSUME CheckOrderIsBoolean == GuestChecksPendingBeforeClear \in BOOLEAN
ASSUME HostOrderIsBoolean == HostSetsPendingBeforeCheck \in BOOLEAN

\* message_type HVMSG_NONE: the slot is empty.  Messages are 1..MsgCount.
HvMsgNone == 0
Msgs == 1..MsgCount
\* The hypervisor's queue in its initial order.
Input == [i \in Msgs |-> i]

\* Steps of the guest's message loop, named after what it does next.
GuestPcs == {"AwaitMessage",   \* wait for message_type # HVMSG_NONE
             "HoldsMessage",   \* has read the message, slot still full
             "SlotCleared",    \* has cleared message_type, next loads msg_pending
             "PendingLoaded",  \* (variant) has loaded msg_pending, slot still full
             "EomDue"}         \* must write the EOM MSR

\* Steps of the hypervisor's delivery attempt for the head of the queue.
HostPcs == {"Idle",         \* next: start an attempt (if a message waits)
            "PendingSet",   \* has set msg_pending, next tests message_type
            "SawSlotFull",  \* (variant) has seen the slot full, next sets msg_pending
            "AwaitsEom"}    \* found the slot full; retries only after the guest's EOM

VARIABLES
    hostQueue,        \* messages the hypervisor has not yet put in the slot
    hostPc,           \* the hypervisor's next step in its delivery attempt
    slotMsg,          \* the slot's message_type: HvMsgNone or the message in it
    msgPending,       \* the slot header's message_flags.msg_pending
    guestPc,          \* the guest's next step
    guestSawPending,  \* the value of msg_pending the guest last loaded
    guestReceived     \* messages the guest has read and passed on, in order

hostVars == <<hostQueue, hostPc>>
slotVars == <<slotMsg, msgPending>>
guestVars == <<guestPc, guestSawPending, guestReceived>>
vars == <<hostVars, slotVars, guestVars>>

TypeOK ==
    /\ hostQueue \in Seq(Msgs)
    /\ hostPc \in HostPcs
    /\ slotMsg \in Msgs \cup {HvMsgNone}
    /\ msgPending \in BOOLEAN
    /\ guestPc \in GuestPcs
    /\ guestSawPending \in BOOLEAN
    /\ guestReceived \in Seq(Msgs)

Init ==
    /\ hostQueue = Input
    /\ hostPc = "Idle"
    /\ slotMsg = HvMsgNone
    /\ msgPending = FALSE
    /\ guestPc = "AwaitMessage"
    /\ guestSawPending = FALSE
    /\ guestReceived = <<>>

-----------------------------------------------------------------------------
(* Guest: vmbus_isr -> vmbus_on_msg_dpc -> vmbus_signal_eom *)

\* Once the guest knows both that the slot is clear and the msg_pending it
\* loaded, it writes EOM if that was set, or goes back to waiting.
GuestDecidesEom(saw) ==
    IF saw /\ GuestEomOnPending
    THEN guestPc' = "EomDue" /\ guestSawPending' = TRUE
    ELSE guestPc' = "AwaitMessage" /\ guestSawPending' = FALSE

\* The guest copies the message out of the full slot (vmbus_on_msg_dpc).
GuestReadsMessage ==
    /\ guestPc = "AwaitMessage"
    /\ slotMsg # HvMsgNone
    /\ guestReceived' = Append(guestReceived, slotMsg)
    /\ guestPc' = "HoldsMessage"
    /\ UNCHANGED <<hostVars, slotVars, guestSawPending>>

\* The guest stores message_type := HVMSG_NONE.  It writes the type field
\* only, so msg_pending keeps whatever value the hypervisor left there.
GuestClearsSlot ==
    /\ \/ guestPc = "HoldsMessage" /\ ~GuestChecksPendingBeforeClear
       \/ guestPc = "PendingLoaded"
    /\ slotMsg' = HvMsgNone
    /\ IF guestPc = "PendingLoaded"
       THEN GuestDecidesEom(guestSawPending)
       ELSE guestPc' = "SlotCleared" /\ UNCHANGED guestSawPending
    /\ UNCHANGED <<hostVars, msgPending, guestReceived>>

\* The guest loads message_flags.msg_pending: after the clear and the full
\* barrier (Linux), or before the clear (variant).
GuestReadsMessagePending ==
    /\ \/ guestPc = "SlotCleared" /\ GuestDecidesEom(msgPending)
       \/ /\ guestPc = "HoldsMessage"
          /\ GuestChecksPendingBeforeClear
          /\ guestPc' = "PendingLoaded"
          /\ guestSawPending' = msgPending
    /\ UNCHANGED <<hostVars, slotVars, guestReceived>>

\* The guest writes HV_X64_MSR_EOM; the write traps to the hypervisor, which
\* rescans the SINT's queue if it was waiting (its next delivery attempt is
\* a host step).  An EOM while it is not waiting changes nothing.
GuestWritesEom ==
    /\ guestPc = "EomDue"
    /\ hostPc' = IF hostPc = "AwaitsEom" THEN "Idle" ELSE hostPc
    /\ guestPc' = "AwaitMessage"
    /\ guestSawPending' = FALSE
    /\ UNCHANGED <<hostQueue, slotVars, guestReceived>>

GuestNext ==
    \/ GuestReadsMessage
    \/ GuestClearsSlot
    \/ GuestReadsMessagePending
    \/ GuestWritesEom

-----------------------------------------------------------------------------
(* Host: the hypervisor's delivery attempt for the head of the SINT queue  *)

\* The hypervisor stores msg_pending := 1: first step of an attempt (TLFS
\* order), or, in the check-then-act variant, after it has seen the slot full.
HostSetsMessagePending ==
    /\ hostQueue # <<>>
    /\ \/ hostPc = "Idle" /\ HostSetsPendingBeforeCheck /\ hostPc' = "PendingSet"
       \/ hostPc = "SawSlotFull" /\ hostPc' = "AwaitsEom"
    /\ msgPending' = TRUE
    /\ UNCHANGED <<hostQueue, slotMsg, guestVars>>

\* The hypervisor's load of message_type sees HVMSG_NONE: it writes the head
\* of its queue into the slot with a fresh header (msg_pending 0).
HostDeliversMessage ==
    /\ hostQueue # <<>>
    /\ \/ hostPc = "PendingSet"
       \/ hostPc = "Idle" /\ ~HostSetsPendingBeforeCheck
    /\ slotMsg = HvMsgNone
    /\ slotMsg' = Head(hostQueue)
    /\ msgPending' = FALSE
    /\ hostQueue' = Tail(hostQueue)
    /\ hostPc' = "Idle"
    /\ UNCHANGED guestVars

\* The hypervisor's load of message_type sees a message: with msg_pending
\* already set it waits for EOM; in the variant it has yet to set it.
HostFindsSlotFull ==
    /\ hostQueue # <<>>
    /\ \/ hostPc = "PendingSet" /\ hostPc' = "AwaitsEom"
       \/ hostPc = "Idle" /\ ~HostSetsPendingBeforeCheck /\ hostPc' = "SawSlotFull"
    /\ slotMsg # HvMsgNone
    /\ UNCHANGED <<hostQueue, slotVars, guestVars>>

HostNext ==
    \/ HostSetsMessagePending
    \/ HostDeliversMessage
    \/ HostFindsSlotFull

-----------------------------------------------------------------------------

\* Every queued message has been read and the slot handshake is at rest.
AllMessagesConsumed ==
    /\ hostQueue = <<>>
    /\ hostPc = "Idle"
    /\ slotMsg = HvMsgNone
    /\ guestPc = "AwaitMessage"

\* Explicit final stuttering, so that any other state without a successor
\* is reported as a deadlock.
Terminating == AllMessagesConsumed /\ UNCHANGED vars

Next == GuestNext \/ HostNext \/ Terminating

Spec == Init /\ [][Next]_vars

\* Neither the guest's message loop nor the hypervisor stalls forever while
\* it can take a step.  Fairness is per party, not per action, so no step
\* (the EOM write included) is promised progress on its own.
LiveSpec == Spec /\ WF_vars(GuestNext) /\ WF_vars(HostNext)

-----------------------------------------------------------------------------

\* The message in the slot that the guest has not read yet, if any.  While
\* guestPc is HoldsMessage or PendingLoaded the slot holds the message the
\* guest has just read.
UnreadInSlot ==
    IF slotMsg # HvMsgNone /\ guestPc \notin {"HoldsMessage", "PendingLoaded"}
    THEN <<slotMsg>>
    ELSE <<>>

\* Messages the hypervisor has taken off its queue, in order.
Taken == SubSeq(Input, 1, MsgCount - Len(hostQueue))

\* No message is overwritten: every message the hypervisor took off its
\* queue has been read by the guest or is still, unread, in the slot.
NoOverwriteInv == guestReceived \o UnreadInSlot = Taken

\* No lost wakeup: while the hypervisor waits for EOM, msg_pending is set
\* and the guest is on a path that ends in an EOM write: the slot is still
\* full (the guest's check after clearing it will see msg_pending), or the
\* guest has cleared it and is about to check, or is about to write EOM.
NoLostEomInv ==
    hostPc = "AwaitsEom" =>
        /\ msgPending
        /\ \/ slotMsg # HvMsgNone
           \/ guestPc \in {"SlotCleared", "EomDue"}

\* The guest eventually receives every message the hypervisor queued.
EventuallyDeliveredProp == \A m \in Msgs : <>(\E i \in DOMAIN guestReceived : guestReceived[i] = m)

-----------------------------------------------------------------------------

\* Refinement: the hypervisor's queue is the FIFO's unsent part, the unread
\* slot its in-flight part, the guest's log its delivered part.
Fifo == INSTANCE MessageQueue WITH
    toSend <- hostQueue,
    inFlight <- UnreadInSlot,
    delivered <- guestReceived

\* Every message is delivered exactly once, in order (safety refinement).
FifoRefinementProp == Fifo!Spec

=============================================================================
