------------------------ MODULE TraceNetvscDataPath ------------------------
(***************************************************************************)
(* Trace validation of the netvsc data path (specs/devices/               *)
(* NetvscDataPath.tla) against traces of the Java guest driver and        *)
(* simulated VSP (`enlightened run network`).  The event vocabulary, with  *)
(* every param and post field, is specs/devices/NETVSC_DATAPATH_EVENTS.md. *)
(*                                                                         *)
(* Mapping: spec variable <-> trace field <-> Java (suggested).            *)
(*   Free(q)          post.ringFree     outbound ring bytesToWrite         *)
(*   pending[q]       post.pending      per-queue queue_sends              *)
(*   stopped[q]       post.stopped      per-queue TX stopped flag          *)
(*   sendMap          post.sendInUse    send_section_map cardinality       *)
(*                    params.section    the section a send took / freed   *)
(*   recvFree         post.recvFree     host free receive sections (size)  *)
(*   mrc[q]           post.rxCompQueued per-queue RX completion queue size *)
(*   sendBuf, recvBuf params.frame(s)   CRC-32 of the frame the reader     *)
(*                                      found (HostReceivesFrame,          *)
(*                                      GuestReceivesRxPacket) or wrote    *)
(*   outRing / inRing heads             params.queue, section(s), frame(s) *)
(*                                      of the reading events              *)
(*   ring bytes       params.bytes      bytes a guest packet took          *)
(*   sendPc, compPc, hostHeld: not logged; determined by the events.      *)
(*   lastQueue: the event's params.queue (what post fields describe).     *)
(* q is params.queue; NETVSC_INVALID_INDEX (4294967295 in a trace) is the  *)
(* engine's -1, the spec's NoSection.                                      *)
(*                                                                         *)
(* Traces are checked against the correct guest (SectionFreedOn =          *)
(* "Completion", WakeRule = "Fixed" in the .cfg): runs of the Java faults  *)
(* must be rejected.  Deliberate differences, each in one place:          *)
(*  - frames are CRC-32s, not the model's sequence numbers, so the model's *)
(*    TxFifoInv is not checked here (the rings are FIFOs by construction); *)
(*  - `len` is checked here only (the spec has no frame lengths): a frame  *)
(*    goes into a section iff len <= SendSectionSize and one is free;      *)
(*  - RSS steering is checked here though the spec leaves a frame's queue *)
(*    free: the traced phase follows the bring-up, which on a device with *)
(*    sub-channels set Linux's default indirection table (checked by      *)
(*    TraceNetvscDevice), so each received frame must be on LinuxTable's    *)
(*    entry for its hash (params.hashes: <<>> none, <<h>> the Toeplitz    *)
(*    hash); a trace without hashes (a hand-written one) is not checked;  *)
(*  - TraceNext replaces Next for quiescence and diagnoses: one single-    *)
(*    range receive packet and a GPA-direct send stand for all choices     *)
(*    (each is enabled exactly when some choice is), so the engine never   *)
(*    enumerates section tuples.                                           *)
(***************************************************************************)
EXTENDS NetvscDataPath, TraceSupport

CONSTANTS
    \* The largest len copied into a section (Linux: send_section_size
    \* minus pkt_align); a longer frame goes GPA direct.
    SendSectionSize

ASSUME SectionSizeOk == SendSectionSize \in Nat \ {0}
\* The mrc ring holds a completion for every section the host can have out
\* (7426b1a51803): a trace of a smaller ring describes the variant.
ASSUME RecvCompSlotsCoverSections == RecvCompSlots >= RecvSections

TraceView ==
    [ringFree |-> Free(lastQueue), pending |-> pending[lastQueue], stopped |-> stopped[lastQueue],
     sendInUse |-> Cardinality({s \in SendIdx : sendMap[s]}), recvFree |-> Cardinality(recvFree),
     rxCompQueued |-> Len(mrc[lastQueue])]

Q(e) == e.params.queue

\* Linux's indirection table (ITAB_NUM = 128 entries, i % num_chn).
LinuxTable == [i \in 1..128 |-> (i - 1) % NumQueues]
\* The queue RSS picks for a frame with hash hs (<<>>: none: queue 0).
RssQueue(hs) == IF hs = <<>> THEN 0 ELSE LinuxTable[(hs[1] % 128) + 1]
\* Every frame of a receive packet is on the queue RSS picks for it.
Steered(e) ==
    "hashes" \in DOMAIN e.params =>
        /\ Len(e.params.hashes) = Len(e.params.frames)
        /\ \A i \in DOMAIN e.params.hashes : RssQueue(e.params.hashes[i]) = Q(e)

-----------------------------------------------------------------------------
(* Guest *)

IsGuestSendsFrame(e) ==
    /\ Q(e) \in Queues
    /\ e.params.len >= 1
    \* netvsc_send: a frame that fits goes into a section; GPA direct only when
    \* it does not fit or no section is free (tx_send_full).
    /\ IF e.params.section = NoSection
       THEN e.params.len > SendSectionSize \/ \A s \in SendIdx : sendMap[s]
       ELSE e.params.len <= SendSectionSize
    /\ GuestSendsFrame(Q(e), e.params.section, e.params.bytes, e.params.frame)
    /\ PostMatches(e, TraceView')

IsGuestStopsTxQueue(e) ==
    /\ Q(e) \in Queues
    /\ \/ /\ e.params.reason = "lowWater" /\ ParamsAmong(e, {"queue", "reason"})
          /\ GuestStopsTxQueue(Q(e), "lowWater", 0)
       \/ e.params.reason = "ringFull" /\ GuestStopsTxQueue(Q(e), "ringFull", e.params.bytes)
    /\ PostMatches(e, TraceView')

IsGuestWakesTxQueue(e) ==
    /\ Q(e) \in Queues
    /\ e.params.by \in {"sender", "completion"}
    /\ GuestWakesTxQueue(Q(e), e.params.by)
    /\ PostMatches(e, TraceView')

IsGuestReceivesTxCompletion(e) ==
    /\ Q(e) \in Queues
    /\ inRing[Q(e)] # <<>>
    /\ Head(inRing[Q(e)]).frame = e.params.frame
    /\ Head(inRing[Q(e)]).section = e.params.section
    /\ GuestReceivesTxCompletion(Q(e))
    /\ PostMatches(e, TraceView')

\* frames: what the guest read out of the sections, range by range.
IsGuestReceivesRxPacket(e) ==
    /\ Q(e) \in Queues
    /\ inRing[Q(e)] # <<>> /\ Head(inRing[Q(e)]).kind = "xfer"
    /\ Head(inRing[Q(e)]).sections = e.params.sections
    /\ RxData(Head(inRing[Q(e)])) = e.params.frames
    /\ GuestReceivesRxPacket(Q(e))
    /\ PostMatches(e, TraceView')

IsGuestSendsRxCompletion(e) ==
    /\ Q(e) \in Queues
    /\ mrc[Q(e)] # <<>> /\ Head(mrc[Q(e)]) = e.params.sections
    /\ GuestSendsRxCompletion(Q(e), e.params.bytes)
    /\ PostMatches(e, TraceView')

-----------------------------------------------------------------------------
(* Host *)

\* frame: what the host read (from the section, or the guest's pages).
IsHostReceivesFrame(e) ==
    /\ Q(e) \in Queues
    /\ outRing[Q(e)] # <<>> /\ Head(outRing[Q(e)]).kind = "tx"
    /\ Head(outRing[Q(e)]).section = e.params.section
    /\ TxData(Head(outRing[Q(e)])) = e.params.frame
    /\ HostReceivesFrame(Q(e))
    /\ PostMatches(e, TraceView')

\* The first held request with that frame and section (equal ones are
\* interchangeable).
IsHostCompletesTx(e) ==
    /\ Q(e) \in Queues
    /\ LET held == hostHeld[Q(e)]
           hits == {i \in DOMAIN held : held[i].frame = e.params.frame /\ held[i].section = e.params.section}
       IN /\ hits # {}
          /\ HostCompletesTx(Q(e), CHOOSE i \in hits : \A j \in hits : i <= j)
    /\ PostMatches(e, TraceView')

IsHostSendsRxPacket(e) ==
    /\ Q(e) \in Queues
    /\ Steered(e)
    /\ HostSendsRxPacket(Q(e), e.params.sections, e.params.frames)
    /\ PostMatches(e, TraceView')

IsHostReceivesRxCompletion(e) ==
    /\ Q(e) \in Queues
    /\ outRing[Q(e)] # <<>> /\ Head(outRing[Q(e)]).kind = "rxcomp"
    /\ Head(outRing[Q(e)]).sections = e.params.sections
    /\ HostReceivesRxCompletion(Q(e))
    /\ PostMatches(e, TraceView')

-----------------------------------------------------------------------------

\* Next for quiescence claims and diagnoses (see the header).
TraceNext ==
    \E q \in Queues :
        \/ \E b \in PacketBytes : GuestSendsFrame(q, NoSection, b, 0)
        \/ GuestStopsTxQueue(q, "lowWater", 0)
        \/ \E b \in PacketBytes : GuestStopsTxQueue(q, "ringFull", b)
        \/ GuestWakesTxQueue(q, "sender")
        \/ GuestWakesTxQueue(q, "completion")
        \/ GuestReceivesTxCompletion(q)
        \/ GuestReceivesRxPacket(q)
        \/ \E b \in PacketBytes : GuestSendsRxCompletion(q, b)
        \/ HostReceivesFrame(q)
        \/ \E i \in DOMAIN hostHeld[q] : HostCompletesTx(q, i)
        \/ \E s \in recvFree : HostSendsRxPacket(q, <<s>>, <<0>>)
        \/ HostReceivesRxCompletion(q)

\* Complete logging: no silent actions.  For Quiescent events, a party is
\* blocked when none of its spec actions can step.
TraceParties ==
    [guest |-> {"GuestSendsFrame", "GuestStopsTxQueue", "GuestWakesTxQueue", "GuestReceivesTxCompletion",
                "GuestReceivesRxPacket", "GuestSendsRxCompletion"},
     host |-> {"HostReceivesFrame", "HostCompletesTx", "HostSendsRxPacket", "HostReceivesRxCompletion"}]

\* What a Quiescent event may say a party waits for.
TraceWaitingFor ==
    [guest |-> {"txCompletion", "txWake", "rxPacket", "nothing"},
     host |-> {"guestPacket", "nothing"}]

=============================================================================
