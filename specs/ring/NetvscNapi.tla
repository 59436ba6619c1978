----------------------------- MODULE NetvscNapi -----------------------------
(***************************************************************************)
(* The netvsc NAPI consumer of one inbound (host -> guest) VMBus ring and  *)
(* historical bug H4.  The channel is in HV_CALL_ISR mode: the VMBus ISR   *)
(* (vmbus_chan_sched) test-and-clears the channel's event bit and calls    *)
(* netvsc_channel_cb directly, which masks the ring and schedules NAPI     *)
(* only if it wins napi_schedule_prep; netvsc_poll (NET_RX softirq, on any *)
(* CPU) drains up to `budget` packets and, below budget, completes NAPI,   *)
(* unmasks (hv_end_read) and reschedules itself if data raced in.          *)
(* Linux drivers/net/hyperv/netvsc.c, protocol digest §2.5.                *)
(*                                                                         *)
(* Sources, confirmed in stored Linux trees: the fixed tail of netvsc_poll *)
(*   work_done < budget && napi_complete_done() &&                        *)
(*   (ret || hv_end_read()) && napi_schedule_prep() { hv_begin_read();   *)
(*   __napi_schedule() }                                                   *)
(* (ret = send_recv_completions() failed, from "hv_netvsc: Fix napi       *)
(* reschedule while receive completion is busy", 2018-07); netvsc_channel_cb*)
(* "if (napi_schedule_prep) { hv_begin_read; __napi_schedule }"; the      *)
(* commit d64e38ae690e "hv_netvsc: fix race in napi poll when              *)
(* rescheduling" (S. Hemminger, 2018-03-02) whose message says: a race     *)
(* "between napi_reschedule and re-enabling interrupts ... when interrupts *)
(* are re-enabled (hv_end_read) and vmbus irq callback (netvsc_channel_cb) *)
(* has already scheduled NAPI"; its post-image (prep then begin_read then  *)
(* __napi_schedule); and the first NAPI version (2017), which rescheduled  *)
(* with napi_reschedule and no re-mask at all.                             *)
(* Reconstructed, not seen: the pre-image of d64e38ae, taken to be         *)
(*   ... hv_end_read() { hv_begin_read(); napi_reschedule(); }            *)
(* i.e. re-mask first, then test-and-set (napi_reschedule = prep +         *)
(* __napi_schedule).  Bugs = {"H4"} switches to that order.  Bugs =      *)
(* {"H4MaskAfterSchedule"} is a mutant, not history: re-mask only after   *)
(* napi_reschedule succeeded, so the new poll can run before the mask.    *)
(*                                                                         *)
(* Abstractions.  Packets are counts: the producer publishes write_index   *)
(* (w) one packet at a time, the consumer reads with a private cursor      *)
(* (priv) and publishes read_index (r) in hv_pkt_iter_close.  The ring is  *)
(* large enough for MaxPackets (the blocked-producer path is RingBuffer's  *)
(* subject, not this one's).  The producer is "copy and publish            *)
(* write_index, full barrier, load mask, signal iff mask = 0 and the ring  *)
(* was empty at its start" (hv_signal_on_write).  NAPI state is the SCHED  *)
(* bit (napi_schedule_prep = test-and-set, napi_complete_done clears it)   *)
(* and whether the instance is on a CPU's poll list; NAPIF_STATE_MISSED,   *)
(* busy polling and napi_disable are not modelled (MISSED only adds a     *)
(* repoll; the driver's own re-check after unmasking is what the          *)
(* protocol relies on).  Each poll invocation runs on one of PollCpus;     *)
(* the ISR has its own CPU, so it interleaves with polls at every step (a *)
(* superset of an ISR preempting a poll on one CPU).                       *)
(*                                                                         *)
(* Memory: sequentially consistent.  Every store here is followed by a     *)
(* full barrier or is a locked RMW: mask stores by hv_begin_read's and     *)
(* hv_end_read's virt_mb, write_index by hv_signal_on_write's virt_mb, the *)
(* SCHED bit by cmpxchg/test_and_set.  Under x86-TSO a store is therefore  *)
(* drained before its processor's next load, so TSO adds no behaviour.     *)
(* The barriers that matter (write_index store -> mask load, unmask ->     *)
(* write_index load) are RingBuffer.tla's TSO models' subject.             *)
(*                                                                         *)
(* Actions (one event each):                                               *)
(*  action                     actor     params   Linux                    *)
(*  ProducerStoresWriteIndex   producer  -        copy + write_index := w+1*)
(*  ProducerLoadsInterruptMask producer  -        READ_ONCE(mask)          *)
(*  ProducerLoadsReadIndex     producer  -        old == read_index?       *)
(*  ProducerSignalsConsumer    producer  -        vmbus_setevent           *)
(*  IsrConsumesDoorbell        isr       -        vmbus_chan_sched t&c     *)
(*  IsrTestsAndSetsSched       isr       -        napi_schedule_prep       *)
(*  IsrMasks                   isr       -        hv_begin_read            *)
(*  IsrSchedulesPoll           isr       -        __napi_schedule          *)
(*  PollStarts                 poll      cpu      net_rx_action -> poll    *)
(*  PollLoadsWriteIndex        poll      cpu      hv_pkt_iter_first/next   *)
(*  PollReadsPacket            poll      cpu      netvsc_process_raw_pkt   *)
(*  PollStoresReadIndex        poll      cpu      hv_pkt_iter_close        *)
(*  PollReturnsBudget          poll      cpu      return budget: repoll    *)
(*  PollCompletesNapi          poll      cpu, ret send_recv_completions + *)
(*                                                napi_complete_done       *)
(*  PollUnmasks                poll      cpu      hv_end_read mask := 0    *)
(*  PollRechecks               poll      cpu      hv_end_read bytes_to_read*)
(*  PollTestsAndSetsSched      poll      cpu      napi_schedule_prep       *)
(*  PollMasks                  poll      cpu      hv_begin_read            *)
(*  PollSchedulesPoll          poll      cpu      __napi_schedule          *)
(***************************************************************************)
EXTENDS Integers, FiniteSets

CONSTANTS
    MaxPackets,     \* packets the host sends in one behaviour
    Budget,         \* the NAPI budget (weight) passed to netvsc_poll
    PollCpus,       \* CPUs on which a netvsc_poll invocation can run
    MaxCompFails,   \* how often send_recv_completions may fail (ret # 0) in a behaviour
    Bugs            \* variants switched on: subset of BugIds

ASSUME MaxPackets \in Nat /\ MaxPackets >= 1
ASSUME Budget \in Nat /\ Budget >= 1
ASSUME PollCpus # {} /\ IsFiniteSet(PollCpus)
ASSUME MaxCompFails \in Nat
\* H4: the reconstructed pre-image of d64e38ae (re-mask, then napi_reschedule).
\* H4MaskAfterSchedule: not historical; the re-mask after a successful
\* napi_reschedule, the order the protocol digest's H4 scenario needs.
BugIds == {"H4", "H4MaskAfterSchedule"}

ASSUME Bugs \subseteq BugIds /\ Cardinality(Bugs) <= 1

ProducerPcs == {"Idle", "LoadMask", "CheckEmpty", "Signal"}
IsrPcs == {"Idle", "Prep", "Mask", "Schedule"}
\* "Remask" exists only in the variants (hv_begin_read outside the owner's window).
PollPcs == {"Free", "Iterate", "Read", "Close", "Complete", "Unmask", "Recheck",
            "Prep", "Remask", "Mask", "Schedule"}
\* Program points where a poll owns the NAPI instance: between being started
\* from the poll list and napi_complete_done (or returning its budget).
OwnerPcs == {"Iterate", "Read", "Close", "Complete"}

VARIABLES
    w,          \* write_index: packets published by the host
    r,          \* read_index: packets released by hv_pkt_iter_close
    mask,       \* interrupt_mask of the inbound ring (written by the guest)
    doorbell,   \* the channel's event bit: set by the host's signal, test-and-cleared by the ISR
    pPc,        \* producer program point
    pOld,       \* write_index before the packet being published (hv_signal_on_write's old)
    iPc,        \* ISR (netvsc_channel_cb) program point
    sched,      \* NAPI_STATE_SCHED: the instance is scheduled or being polled
    listed,     \* the instance is on a CPU's poll list (__napi_schedule, or repoll after a full budget)
    priv,       \* priv_read_index: the poll's private cursor, in packets
    pollPc,     \* pollPc[c]: program point of the netvsc_poll invocation on CPU c ("Free": none)
    work,       \* work[c]: work_done of the invocation on CPU c
    ret,        \* ret[c]: send_recv_completions failed in the invocation on CPU c
    compFails   \* failures of send_recv_completions so far

ringVars == <<w, r, mask, doorbell>>
producerVars == <<pPc, pOld>>
napiVars == <<iPc, sched, listed>>
pollVars == <<priv, pollPc, work, ret, compFails>>
vars == <<ringVars, producerVars, napiVars, pollVars>>

TypeOK ==
    /\ w \in 0..MaxPackets /\ r \in 0..MaxPackets /\ r <= w
    /\ mask \in {0, 1} /\ doorbell \in BOOLEAN
    /\ pPc \in ProducerPcs /\ pOld \in 0..MaxPackets
    /\ iPc \in IsrPcs /\ sched \in BOOLEAN /\ listed \in BOOLEAN
    /\ priv \in r..w
    /\ pollPc \in [PollCpus -> PollPcs]
    /\ work \in [PollCpus -> 0..Budget]
    /\ ret \in [PollCpus -> BOOLEAN]
    /\ compFails \in 0..MaxCompFails

Init ==
    /\ w = 0 /\ r = 0 /\ mask = 0 /\ doorbell = FALSE
    /\ pPc = "Idle" /\ pOld = 0
    /\ iPc = "Idle" /\ sched = FALSE /\ listed = FALSE
    /\ priv = 0
    /\ pollPc = [c \in PollCpus |-> "Free"]
    /\ work = [c \in PollCpus |-> 0]
    /\ ret = [c \in PollCpus |-> FALSE]
    /\ compFails = 0

-----------------------------------------------------------------------------
(* Producer (host): hv_ringbuffer_write + hv_signal_on_write (§2.4).       *)

ProducerReturns == pPc' = "Idle" /\ pOld' = 0

\* Packet copy and write_index store in one step: nobody reads the data
\* before seeing write_index, and the ring never fills (see header).
ProducerStoresWriteIndex ==
    /\ pPc = "Idle" /\ w < MaxPackets
    /\ w' = w + 1 /\ pOld' = w
    /\ pPc' = "LoadMask"
    /\ UNCHANGED <<r, mask, doorbell, napiVars, pollVars>>

\* After the full barrier: a set mask means the guest is draining.
ProducerLoadsInterruptMask ==
    /\ pPc = "LoadMask"
    /\ IF mask # 0 THEN ProducerReturns
       ELSE pPc' = "CheckEmpty" /\ UNCHANGED pOld
    /\ UNCHANGED <<ringVars, napiVars, pollVars>>

\* Signal only on the empty -> non-empty transition (H3's fix).
ProducerLoadsReadIndex ==
    /\ pPc = "CheckEmpty"
    /\ IF r = pOld THEN pPc' = "Signal" /\ UNCHANGED pOld ELSE ProducerReturns
    /\ UNCHANGED <<ringVars, napiVars, pollVars>>

ProducerSignalsConsumer ==
    /\ pPc = "Signal"
    /\ doorbell' = TRUE
    /\ ProducerReturns
    /\ UNCHANGED <<w, r, mask, napiVars, pollVars>>

ProducerNext ==
    \/ ProducerStoresWriteIndex
    \/ ProducerLoadsInterruptMask
    \/ ProducerLoadsReadIndex
    \/ ProducerSignalsConsumer

-----------------------------------------------------------------------------
(* ISR: vmbus_chan_sched (HV_CALL_ISR) calling netvsc_channel_cb.           *)

IsrConsumesDoorbell ==
    /\ iPc = "Idle" /\ doorbell
    /\ doorbell' = FALSE /\ iPc' = "Prep"
    /\ UNCHANGED <<w, r, mask, producerVars, sched, listed, pollVars>>

\* napi_schedule_prep: only the winner masks and schedules.
IsrTestsAndSetsSched ==
    /\ iPc = "Prep"
    /\ iPc' = IF sched THEN "Idle" ELSE "Mask"
    /\ sched' = TRUE
    /\ UNCHANGED <<ringVars, producerVars, listed, pollVars>>

IsrMasks ==
    /\ iPc = "Mask"
    /\ mask' = 1 /\ iPc' = "Schedule"
    /\ UNCHANGED <<w, r, doorbell, producerVars, sched, listed, pollVars>>

IsrSchedulesPoll ==
    /\ iPc = "Schedule"
    /\ listed' = TRUE /\ iPc' = "Idle"
    /\ UNCHANGED <<ringVars, producerVars, sched, pollVars>>

IsrNext ==
    \/ IsrConsumesDoorbell
    \/ IsrTestsAndSetsSched
    \/ IsrMasks
    \/ IsrSchedulesPoll

-----------------------------------------------------------------------------
(* Poll: netvsc_poll on CPU c.                                             *)

SetPc(c, pc) == pollPc' = [pollPc EXCEPT ![c] = pc]

\* The invocation ends; clearing its locals keeps the state space small.
PollReturns(c) ==
    /\ SetPc(c, "Free")
    /\ work' = [work EXCEPT ![c] = 0]
    /\ ret' = [ret EXCEPT ![c] = FALSE]

\* net_rx_action takes the instance off the poll list and calls ->poll.
PollStarts(c) ==
    /\ pollPc[c] = "Free" /\ listed
    /\ listed' = FALSE
    /\ SetPc(c, "Iterate")
    /\ UNCHANGED <<ringVars, producerVars, iPc, sched, priv, work, ret, compFails>>

\* hv_pkt_iter_first/next: a descriptor if priv < write_index.  With the
\* budget used up the loop stops holding the descriptor (no iter_close);
\* otherwise read it.  An empty ring ends the iteration in iter_close.
PollLoadsWriteIndex(c) ==
    /\ pollPc[c] = "Iterate"
    /\ SetPc(c, IF priv < w THEN IF work[c] < Budget THEN "Read" ELSE "Complete"
                ELSE "Close")
    /\ UNCHANGED <<ringVars, producerVars, napiVars, priv, work, ret, compFails>>

PollReadsPacket(c) ==
    /\ pollPc[c] = "Read"
    /\ priv' = priv + 1
    /\ work' = [work EXCEPT ![c] = @ + 1]
    /\ SetPc(c, "Iterate")
    /\ UNCHANGED <<ringVars, producerVars, napiVars, ret, compFails>>

\* hv_pkt_iter_close publishes the consumption (a no-op if nothing new was read).
PollStoresReadIndex(c) ==
    /\ pollPc[c] = "Close"
    /\ r' = priv
    /\ SetPc(c, "Complete")
    /\ UNCHANGED <<w, mask, doorbell, producerVars, napiVars, priv, work, ret, compFails>>

\* work_done == budget: the poll returns without completing; napi_poll
\* keeps SCHED and puts the instance back on the poll list.
PollReturnsBudget(c) ==
    /\ pollPc[c] = "Complete" /\ work[c] = Budget
    /\ listed' = TRUE
    /\ PollReturns(c)
    /\ UNCHANGED <<ringVars, producerVars, iPc, sched, priv, compFails>>

\* Where the reschedule starts: H4 re-masks before the test-and-set.
AfterRecheck == IF "H4" \in Bugs THEN "Remask" ELSE "Prep"

\* send_recv_completions (may fail: the outbound ring is full), then
\* work_done < budget and napi_complete_done, which clears SCHED.
PollCompletesNapi(c, failed) ==
    /\ pollPc[c] = "Complete" /\ work[c] < Budget
    /\ failed => compFails < MaxCompFails
    /\ compFails' = IF failed THEN compFails + 1 ELSE compFails
    /\ ret' = [ret EXCEPT ![c] = failed]
    /\ sched' = FALSE
    \* (ret || hv_end_read()): a failed send skips the unmask.
    /\ SetPc(c, IF failed THEN AfterRecheck ELSE "Unmask")
    /\ UNCHANGED <<ringVars, producerVars, iPc, listed, priv, work>>

PollUnmasks(c) ==
    /\ pollPc[c] = "Unmask"
    /\ mask' = 0
    /\ SetPc(c, "Recheck")
    /\ UNCHANGED <<w, r, doorbell, producerVars, napiVars, priv, work, ret, compFails>>

\* hv_end_read returns bytes_to_read (write_index vs read_index): data
\* raced in, so reschedule.  H4 re-masks before the test-and-set.
PollRechecks(c) ==
    /\ pollPc[c] = "Recheck"
    /\ IF w # r
       THEN /\ SetPc(c, AfterRecheck)
            /\ UNCHANGED <<work, ret>>
       ELSE PollReturns(c)
    /\ UNCHANGED <<ringVars, producerVars, napiVars, priv, compFails>>

\* napi_schedule_prep.  Fixed: the winner masks, then schedules.  H4 and
\* the mutant use napi_reschedule: the winner schedules at once.
PollTestsAndSetsSched(c) ==
    /\ pollPc[c] = "Prep"
    /\ sched' = TRUE
    /\ IF sched THEN PollReturns(c)
       ELSE /\ SetPc(c, IF Bugs = {} THEN "Mask" ELSE "Schedule")
            /\ UNCHANGED <<work, ret>>
    /\ UNCHANGED <<ringVars, producerVars, iPc, listed, priv, compFails>>

\* hv_begin_read.  Fixed: after winning the test-and-set, before the poll
\* is listed.  H4: before the test-and-set, whoever then owns the bit.
\* The mutant: after the poll is listed.
PollMasks(c) ==
    /\ pollPc[c] \in {"Mask", "Remask"}
    /\ mask' = 1
    /\ IF pollPc[c] = "Mask" THEN SetPc(c, "Schedule") /\ UNCHANGED <<work, ret>>
       ELSE IF "H4" \in Bugs THEN SetPc(c, "Prep") /\ UNCHANGED <<work, ret>>
       ELSE PollReturns(c)
    /\ UNCHANGED <<w, r, doorbell, producerVars, napiVars, priv, compFails>>

PollSchedulesPoll(c) ==
    /\ pollPc[c] = "Schedule"
    /\ listed' = TRUE
    /\ IF "H4MaskAfterSchedule" \in Bugs THEN SetPc(c, "Remask") /\ UNCHANGED <<work, ret>>
       ELSE PollReturns(c)
    /\ UNCHANGED <<ringVars, producerVars, iPc, sched, priv, compFails>>

PollStep(c) ==
    \/ PollStarts(c)
    \/ PollLoadsWriteIndex(c)
    \/ PollReadsPacket(c)
    \/ PollStoresReadIndex(c)
    \/ PollReturnsBudget(c)
    \/ \E failed \in BOOLEAN : PollCompletesNapi(c, failed)
    \/ PollUnmasks(c)
    \/ PollRechecks(c)
    \/ PollTestsAndSetsSched(c)
    \/ PollMasks(c)
    \/ PollSchedulesPoll(c)

PollNext == \E c \in PollCpus : PollStep(c)

-----------------------------------------------------------------------------
Next == ProducerNext \/ IsrNext \/ PollNext

Spec == Init /\ [][Next]_vars

\* Every CPU keeps running and the softirq runs a listed instance on some
\* free CPU.  The ISR is enabled only by the doorbell, so fairness alone
\* cannot wake a consumer nobody signalled.
LiveSpec ==
    /\ Spec
    /\ WF_vars(ProducerNext)
    /\ WF_vars(IsrNext)
    /\ \A c \in PollCpus : WF_vars(PollStep(c))

-----------------------------------------------------------------------------
(* Invariants *)

\* Packets published and not yet read by the consumer.
Unread == w - priv

\* No concurrent polls of one NAPI instance: at most one invocation owns
\* it, and the owner holds SCHED and is off the poll list.
NoConcurrentPollsInv ==
    /\ \A c, d \in PollCpus : pollPc[c] \in OwnerPcs /\ pollPc[d] \in OwnerPcs => c = d
    /\ \A c \in PollCpus : pollPc[c] \in OwnerPcs => sched /\ ~listed

\* §2.5: mask = 1 => a poll is scheduled or running.  "Scheduled or
\* running" is SCHED, or an invocation that completed NAPI while the mask
\* was its own and has not yet given it up: about to unmask (hv_end_read),
\* or, with ret, about to test-and-set without having unmasked.
MaskImpliesPollerInv ==
    mask = 1 =>
        \/ sched
        \/ \E c \in PollCpus : pollPc[c] = "Unmask" \/ (pollPc[c] = "Prep" /\ ret[c])

\* No lost wakeup as a state predicate: when nothing can move, every
\* packet sent has been read.  With finitely many packets every lost
\* wakeup ends in such a state.
QuiescentDrainedInv == ~ENABLED Next => Unread = 0

-----------------------------------------------------------------------------
(* Properties *)

\* No lost wakeup: whatever the host put in the ring is eventually read.
RingDrainedProp == Unread > 0 ~> Unread = 0

=============================================================================
