---------------------------- MODULE RingRestore ----------------------------
(***************************************************************************)
(* Host save/restore for one ring (issue 13 section 1): RingBuffer.tla     *)
(* unchanged, plus the VMM saving and restoring the VM at any point.       *)
(*                                                                         *)
(* What a restore keeps and loses.                                         *)
(*  - Kept: the ring (data area and control page: write_index, read_index, *)
(*    interrupt_mask, pending_send_sz) is guest memory, which the VMM      *)
(*    saves with the VM.  Each side resumes at its program point: the      *)
(*    guest's VPs are paused and resumed without knowing it (no Linux code *)
(*    runs: vmbus_bus_suspend/resume in drivers/hv/vmbus_drv.c are the     *)
(*    guest's own hibernation, the channel-level SaveRestore.tla), and an  *)
(*    openvmm device saves its queue state (vmbus_channel channel.rs       *)
(*    SaveRestoreVmbusDevice) and restarts its worker on it.               *)
(*  - Lost (all flavours but "Saved"): the latched signals, doorbell[p]    *)
(*    of RingBuffer, in both directions: a host-to-guest interrupt pending *)
(*    in the SynIC and a guest-to-host event the host had not yet acted    *)
(*    on.  openvmm calls this the "lost synic" issue: commit 7f9f66ad0     *)
(*    (PR #376, Nov 2024, vmbus_server/src/lib.rs) marks saved states made *)
(*    after the save path was fixed (SavedState.lost_synic_bug_fixed) and, *)
(*    when restoring one made before, calls unstick_channels on Start.     *)
(*  - The pause drains the processors: a VP is stopped at an instruction   *)
(*    boundary by a VM exit, which is serializing, so no store is left in  *)
(*    a store buffer (HostRestores requires Drained for both sides).       *)
(*                                                                         *)
(* What a correct host does after the restore (RestoreResignals):          *)
(*  "IfNeeded"  openvmm unstick_channels(force = false), called on Start   *)
(*              after a restore from a saved state without                 *)
(*              lost_synic_bug_fixed: for each open channel's rings,       *)
(*              vmbus_ring reader_needs_signal (interrupt_mask = 0 and     *)
(*              write_index # read_index) wakes the reader, and            *)
(*              writer_needs_signal (pending_send_sz # 0 and free space    *)
(*              >= pending_send_sz) wakes the writer (unstick_incoming_ring*)
(*              / unstick_outgoing_ring).  The same predicates the spec's  *)
(*              QuiescentDrainedInv cites.                                 *)
(*  "Always"    unstick_channels(force = true) (the inspect "force" knob): *)
(*              both sides woken unconditionally.                          *)
(*  "Saved"     a saved state with lost_synic_bug_fixed: openvmm does not  *)
(*              unstick, so the fixed save path must keep the latched      *)
(*              signals; the model keeps them and re-signals nothing.      *)
(*  "None"      the host restores and signals nothing: the flavour that    *)
(*              loses a wakeup (catalog model ring-restore-no-resignal).   *)
(* Re-signals are not counted in sigEp (section "Interrupt accounting" of  *)
(* RingBuffer): they are at most two per restore, bounded by MaxRestores,  *)
(* not per wait episode.                                                   *)
(*                                                                         *)
(* Actions (actor, openvmm):                                               *)
(*  HostRestores   host   save -> restore -> Start -> unstick_channels     *)
(*  every RingBuffer action, leaving `restores` alone                      *)
(***************************************************************************)
EXTENDS RingBuffer

CONSTANTS
    MaxRestores,       \* bound: host save/restore cycles in one behaviour
    RestoreResignals   \* "IfNeeded", "Always", "Saved" or "None" (above)

ASSUME MaxRestores \in Nat
ASSUME RestoreResignals \in {"IfNeeded", "Always", "Saved", "None"}

VARIABLE restores      \* save/restore cycles so far

rrVars == <<vars, restores>>

RRTypeOK == TypeOK /\ restores \in 0..MaxRestores

\* vmbus_ring reader_needs_signal / writer_needs_signal on the control page.
ReaderNeedsSignal == mem.interrupt_mask = 0 /\ mem.write_index # mem.read_index
WriterNeedsSignal ==
    mem.pending_send_sz # 0 /\ FreeUnits(mem.write_index, mem.read_index) >= mem.pending_send_sz

\* The VMM saves and restores the VM.  Latched doorbells are lost (kept by
\* "Saved"), then the host re-signals as its flavour says.  Nothing else
\* changes.
HostRestores ==
    /\ restores < MaxRestores
    /\ \A p \in Procs : Drained(p)
    /\ restores' = restores + 1
    /\ doorbell' =
        CASE RestoreResignals = "Always"   -> [p \in Procs |-> TRUE]
          [] RestoreResignals = "IfNeeded" -> [p \in Procs |->
                                                IF p = C THEN ReaderNeedsSignal ELSE WriterNeedsSignal]
          [] RestoreResignals = "Saved"    -> doorbell
          [] OTHER                         -> [p \in Procs |-> FALSE]
    /\ UNCHANGED <<mem, sb, data, abstractVars, producerVars, consumerVars, armVars, acctVars>>

RRInit == Init /\ restores = 0

RRNext == (Next /\ UNCHANGED restores) \/ HostRestores

RRSpec == RRInit /\ [][RRNext]_rrVars

\* RingBuffer's fairness; a restore is never forced (it is the environment).
RRLiveSpec ==
    /\ RRSpec
    /\ WF_rrVars(ProducerNext /\ UNCHANGED restores)
    /\ WF_rrVars(ConsumerNext /\ UNCHANGED restores)
    /\ \A p \in Procs : WF_rrVars(StoreBufferFlushes(p) /\ UNCHANGED restores)
    /\ WF_rrVars(DataStoreLands /\ UNCHANGED restores)
    /\ WF_rrVars(ConsumerCompletesLateLoad /\ UNCHANGED restores)

\* After the restores are spent no side is stuck: RingBuffer's
\* QuiescentDrainedInv (which reads RingBuffer's Next) is already checked on
\* every state; this one says the restore itself never is the only way on.
RestoreQuiescentDrainedInv == ~ENABLED RRNext => (ring = <<>> /\ ~ProducerBlocked)

=============================================================================
