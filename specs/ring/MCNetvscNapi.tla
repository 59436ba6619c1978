---------------------------- MODULE MCNetvscNapi ----------------------------
(***************************************************************************)
(* Finite models of NetvscNapi.  Each MC* bound below is substituted in a  *)
(* model's cfg (specs/models.json); the comment says why it loses nothing. *)
(***************************************************************************)
EXTENDS NetvscNapi

\* Quick tier.  Budget 2 with 3 packets: one poll can stop at the budget
\* (work_done == budget: repoll without unmasking) and another can finish
\* below it (napi_complete_done, unmask, re-check), and a packet can arrive
\* in every window of the tail (after completion, between unmask and
\* re-check, between re-check and reschedule).  Two poll CPUs: the tail of
\* one invocation (after napi_complete_done) runs while the next one,
\* scheduled by the ISR or by the tail itself, polls; a third CPU would
\* need a second tail, which needs a second reschedule while the first
\* tail still runs (the deep model).  One failed send_recv_completions
\* reaches the (ret || hv_end_read) path.
MCMaxPacketsQuick == 3
MCBudgetQuick == 2
MCPollCpusQuick == {1, 2}
MCMaxCompFailsQuick == 1

\* The variants model the code before the 2018-07 ret change: no failed completions.
MCMaxCompFailsNone == 0

\* Deep tier: three poll CPUs, five packets, two failed completions.
MCMaxPacketsDeep == 5
MCPollCpusDeep == {1, 2, 3}
MCMaxCompFailsDeep == 2

\* Failure probes: each must be violated by the correct quick model, which
\* shows the model reaches the situation the properties are about.
DebugNeverBudgetExhaustedInv == \A c \in PollCpus : ~(pollPc[c] = "Complete" /\ work[c] = Budget)
DebugNeverRescheduledByPollInv == \A c \in PollCpus : pollPc[c] # "Mask"
DebugNeverTwoInvocationsInv == \A c, d \in PollCpus : pollPc[c] # "Free" /\ pollPc[d] # "Free" => c = d
DebugNeverIsrLosesPrepInv == ~(iPc = "Prep" /\ sched)
DebugNeverCompletionFailsInv == compFails = 0
DebugNeverAllReadInv == priv < MaxPackets

=============================================================================
