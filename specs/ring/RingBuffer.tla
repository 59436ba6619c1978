----------------------------- MODULE RingBuffer -----------------------------
(***************************************************************************)
(* One VMBus ring buffer (struct hv_ring_buffer, L-hyperv.h) with its      *)
(* producer and its consumer on different processors, and the signalling  *)
(* protocol between them.  The producer is Linux hv_ringbuffer_write +     *)
(* hv_signal_on_write (drivers/hv/ring_buffer.c); the consumer is the      *)
(* batched channel path: vmbus_chan_sched masks (hv_begin_read), the       *)
(* callback drains with hv_pkt_iter_first/next, hv_pkt_iter_close          *)
(* publishes read_index and wakes a producer blocked on pending_send_sz,   *)
(* vmbus_on_event unmasks and re-checks (hv_end_read).                     *)
(*                                                                         *)
(* Abstractions.  The data area has DataSize 8-byte units; a packet is     *)
(* (id, len8): len8 units of descriptor and payload, then the 8-byte       *)
(* trailer, so len8 + 1 units of ring.  Each unit records which packet     *)
(* owns it, not bytes.  Indices count units.  Each shared-memory access is *)
(* one step.  Under MemoryModel = "TSO" every processor has a FIFO store   *)
(* buffer: its loads are forwarded from its own buffer, a full barrier     *)
(* (virt_mb, mfence) waits until the buffer is empty, and each buffer      *)
(* flush is a step of its own.  Loads are never reordered with loads under *)
(* TSO, so virt_rmb is a compiler barrier there and is not a step.         *)
(* MemoryModel = "ARM" is Armv8; its rules are in the section "Armv8"      *)
(* below, which also maps every barrier of ring_buffer.c to it.            *)
(* Interrupt accounting (sigEp) is the section "Interrupt accounting".     *)
(* Batched commit (MaxBatch > 1) is the section "Batched commit".          *)
(*                                                                         *)
(* Actions (one trace event each; actor = the processor):                  *)
(*  action                       actor     params  Linux                   *)
(*  ProducerStartsWrite          producer  len     hv_ringbuffer_write     *)
(*  ProducerLoadsReadIndex       producer  -       bytes_to_write, or the  *)
(*                                                 empty check (signal)    *)
(*  ProducerSetsPendingSendSz    producer  -       set_channel_pending_... *)
(*  ProducerClearsPendingSendSz  producer  -       ... (chan, 0)           *)
(*  ProducerCopiesPacket         producer  -       desc+payload+trailer    *)
(*  ProducerStoresWriteIndex     producer  -       write_index := next     *)
(*                                                 (publishes the batch)   *)
(*  ProducerFullBarrier          producer  -       virt_mb()               *)
(*  ProducerLoadsInterruptMask   producer  -       READ_ONCE(mask)         *)
(*  ProducerSignalsConsumer      producer  -       vmbus_setevent          *)
(*  ProducerConsumesDoorbell     producer  -       wake on the event       *)
(*  ProducerPollTimerFires       producer  -       no feature bit: poll    *)
(*  ConsumerConsumesDoorbell     consumer  -       vmbus_chan_sched t&c    *)
(*  ConsumerMasks                consumer  -       hv_begin_read mask := 1 *)
(*  ConsumerFullBarrier          consumer  -       virt_mb()               *)
(*  ConsumerLoadsWriteIndex      consumer  -       hv_pkt_iter_avail,      *)
(*                                                 bytes_to_write, end_read*)
(*  ConsumerReadsPacket          consumer  -       copy one packet out     *)
(*  ConsumerStoresReadIndex      consumer  -       hv_pkt_iter_close       *)
(*  ConsumerLoadsPendingSendSz   consumer  -       READ_ONCE(pending)      *)
(*  ConsumerLoadsInterruptMask   consumer  -       H2 only: own mask       *)
(*  ConsumerSignalsProducer      consumer  -       vmbus_setevent          *)
(*  ConsumerUnmasks              consumer  -       hv_end_read mask := 0   *)
(*  ConsumerStopsAtBudget        consumer  -       netvsc_poll: budget     *)
(*  ConsumerRepolls              consumer  -       next poll, still masked *)
(*  ConsumerSpins                consumer  -       idle poll, still masked *)
(*  StoreBufferFlushes           proc      proc    TSO: oldest store lands *)
(* The post-state's pPc/cPc tells apart the program points that share an  *)
(* action (the two read_index loads of the producer, the four write_index *)
(* loads of the consumer).                                                 *)
(***************************************************************************)
EXTENDS Integers, Sequences, FiniteSets

CONSTANTS
    DataSize,             \* data area size in 8-byte units (ring_datasize / 8)
    PacketLens,           \* possible len8 of a packet (descriptor + payload, trailer excluded)
    MaxPackets,           \* packets the producer sends in one behaviour
    MemoryModel,          \* "SC", "TSO" (x86-TSO store buffers) or "ARM" (Armv8, see below)
    PendingSendSzFeature, \* feature_bits.feat_pending_send_sz of this ring
    PendingSendSzThreshold, \* wake-up batching: a blocked producer asks for at least this many free units
    Bugs,                 \* historical bugs switched on: subset of BugIds
    OmittedBarriers,      \* full barriers left out: subset of BarrierSites
    ConsumerBudget,       \* the consumer may end a drain at its budget and repoll still masked (NAPI)
    MaxBatch,             \* packets copied before one write_index store (1: one per packet)
    ConsumerIdlePolls     \* wake-up policy: polls of the drained ring, still masked, before unmasking

\* H2Order is H2's release path without the mask check: the wrong read order alone.
\* NoBeforeCheck is the fixed release path (read_index store, full barrier,
\* pending_send_sz, write_index) deciding without the "not enough before"
\* half of the transition test: signal iff cur_write_sz >= pending_sz.  Linux
\* between a389fcfd2cb5 (the H1 fix; LIS/lis-next 9d0ab711 and 6931ae48), which
\* dropped prev_write_sz with its stale sample, and 433e19cf33d3 "Drivers: hv:
\* vmbus: finally fix hv_need_to_signal_on_read()" (v4.10-rc7; LIS a9bbf18d),
\* which put the test back as cached_write_sz < pending_sz: a release that
\* frees space the producer no longer needs signals it again, and the host
\* throttles the guest (section "Interrupt accounting").
\* BatchLastOld is not a historical bug: the batched producer keeps the
\* per-packet old write_index of hv_ringbuffer_write, so its signal decision
\* compares read_index with the LAST packet's start instead of the batch's
\* (section "Batched commit").
BugIds == {"H1", "H2", "H2Order", "NoBeforeCheck", "H3", "BatchLastOld"}

\* The barriers that order a load or store with the packet data rather than
\* a store before a load (section "Armv8"): under SC and TSO they are no-ops.
\*  ProducerBeforeWriteIndex   virt_mb() in hv_ringbuffer_write before
\*                             hv_set_next_write_location (data -> index)
\*  ConsumerAcquireWriteIndex  virt_load_acquire() of write_index in
\*                             hv_pkt_iter_avail (index -> data loads);
\*                             added by b6cae15b5710 (2022)
\*  ConsumerBeforeReadIndex    virt_rmb() at the start of hv_pkt_iter_close
\*                             (data loads -> read_index store)
ArmBarrierSites == {"ProducerBeforeWriteIndex", "ConsumerAcquireWriteIndex",
                    "ConsumerBeforeReadIndex"}

\* Every virt_mb() of the protocol that orders a store before a later load (§2.7).
BarrierSites == {"ProducerAfterPendingSendSz", "ProducerAfterWriteIndex",
                 "ConsumerAfterMask", "ConsumerAfterReadIndex", "ConsumerAfterUnmask"}
                \cup ArmBarrierSites


ASSUME DataSize \in Nat /\ DataSize >= 3
\* An empty ring must accept the largest packet: avail = DataSize > len8 + 1.
ASSUME PacketLens # {} /\ PacketLens \subseteq 1..(DataSize - 2)
ASSUME MaxPackets \in Nat
ASSUME MemoryModel \in {"SC", "TSO", "ARM"}
ASSUME PendingSendSzFeature \in BOOLEAN
\* 0 asks for one packet's need (Linux hv_ringbuffer_write callers that block
\* on one packet).  Up to DataSize - 1 the drained ring (DataSize free units)
\* still exceeds it; DataSize is allowed as the failure probe of that bound.
ASSUME PendingSendSzThreshold \in 0..DataSize
\* H1, H2, H2Order and NoBeforeCheck each replace the release path's signal
\* decision, so at most one of them.
ReleaseBugs == {"H1", "H2", "H2Order", "NoBeforeCheck"}
ASSUME Bugs \subseteq BugIds /\ Cardinality(Bugs \cap ReleaseBugs) <= 1
ASSUME OmittedBarriers \subseteq BarrierSites
ASSUME MaxBatch \in Nat /\ MaxBatch >= 1
\* The budget path is modelled for the fixed release path (H1 and H2 are
\* checked with the drain-until-empty loop they were found in).
ASSUME ConsumerBudget \in BOOLEAN
ASSUME ConsumerBudget => Bugs \cap {"H1", "H2", "H2Order"} = {}
\* The consumer's wake-up policy (section "Idle polls"), likewise modelled for
\* the fixed release path only.  0 is Linux: unmask as soon as the ring is
\* empty (hv_end_read).
ASSUME ConsumerIdlePolls \in Nat
ASSUME ConsumerIdlePolls > 0 => Bugs \cap {"H1", "H2", "H2Order"} = {}

P == "producer"
C == "consumer"
Procs == {P, C}
Units == 0..(DataSize - 1)
Ids == 1..MaxPackets
MaxLen == CHOOSE n \in PacketLens : \A m \in PacketLens : m <= n
Packets == [id : Ids, len : PacketLens]
Corrupt == [id |-> 0, len |-> 0]           \* what a consumer reads from a torn packet
NoPacket == [id |-> 0, len |-> -1]         \* lastRecv before the first read
FreeUnit == [id |-> 0, len |-> 0, off |-> 0]
NoSample == -1
Fields == {"write_index", "read_index", "interrupt_mask", "pending_send_sz"}

\* The release path of 03bad714a161 (H2, or its read order alone).
H2Path == Bugs \cap {"H2", "H2Order"} # {}

\* What a blocked producer publishes in pending_send_sz for a packet of len8
\* len: its need (len8 + trailer), raised to the threshold.  A threshold
\* above one packet batches wake-ups, as Linux hv_sock asks for its whole
\* send buffer (HVS_PKT_LEN(HVS_SEND_BUF_SIZE)) and netvsc wakes a stopped
\* queue only above RING_AVAIL_PERCENT_HIWATER: the consumer signals once
\* the ring has drained to the threshold, not after every packet it frees.
PendingFor(len) == IF len + 1 >= PendingSendSzThreshold THEN len + 1 ELSE PendingSendSzThreshold
MaxPending == PendingFor(MaxLen)

\* bytes_to_write of L-hyperv.h, in units; bytes_to_read is DataSize minus this.
FreeUnits(w, r) == IF w >= r THEN DataSize - (w - r) ELSE r - w

ProducerPcs == {"Idle", "Batch", "CheckSpace", "SetPending", "BarrierPending", "Sleep", "Poll",
                "ClearPending", "Copy", "BarrierData", "StoreW", "BarrierW", "LoadMask", "CheckEmpty", "Signal"}
ConsumerPcs == {"Sleep", "Mask", "BarrierMask", "Drain", "Read", "SampleW", "StoreR",
                "BarrierR", "LoadMask", "LoadPending", "LoadW", "Signal", "Unmask",
                "BarrierUnmask", "Recheck", "Failed"}

VARIABLES
    mem,        \* the ring's control fields as memory holds them (struct hv_ring_buffer)
    sb,         \* sb[p]: p's store buffer, oldest first, of [f |-> field, v |-> value]
    data,       \* data[u]: FreeUnit or the packet unit [id, len, off] held by unit u
    doorbell,   \* doorbell[p]: latched event bit for p, set by the peer, test-and-cleared by p
    ring,       \* packets copied in and not yet read, oldest first: [id, len, start]
    sent,       \* packets copied in so far (the next id is sent + 1)
    nReceived,  \* packets the consumer has read (intact or not)
    lastRecv,   \* the packet it read last, [id, len]: NoPacket before the first, Corrupt if torn
    pPc,        \* producer program point
    pLen,       \* len8 of the packet being written (0 when idle)
    pOldW,      \* write_index before the packet being written (hv_signal_on_write's old)
    pObsEmpty,  \* ghost: the producer's read_index load found read_index = pOldW
    pBatch,     \* packets copied and not yet published by a write_index store
    pW,         \* the producer's private write cursor: where the unpublished batch ends (0 when pBatch = 0)
    cPc,        \* consumer program point
    cPriv,      \* priv_read_index: the consumer's private read cursor
    cStart,     \* read_index before the release in progress (iter_close's start)
    cPending,   \* pending_send_sz as loaded by the release in progress
    cSample,    \* H1/H2 only: free space sampled early (stale); NoSample otherwise
    cObsTrans,  \* ghost: the release's loads show a not-enough -> enough transition
    cRepoll,    \* the drain stopped at its budget: after the release, poll again still masked
    cIdle,      \* polls of the empty ring since the last packet read or unmask (ConsumerSpins)
    \* Armv8 (always at their initial value under SC and TSO):
    pData,      \* the producer's packet copy not yet visible to the consumer, or NoData
    cEarly,     \* the data area as an early (speculated) packet load saw it, or <<>>
    cLate,      \* a packet whose payload loads are still outstanding, or NoLate
    \* Interrupt accounting:
    sigEp,      \* sigEp[p]: wakeup signals decided for p in its current wait episode (capped at 2)
    cEpSeen     \* ghost: the producer's wait episode (named by `sent`) the release's
                \* pending_send_sz load saw

memVars == <<mem, sb, data, doorbell>>
abstractVars == <<ring, sent, nReceived, lastRecv>>
producerVars == <<pPc, pLen, pOldW, pObsEmpty, pBatch, pW>>
consumerVars == <<cPc, cPriv, cStart, cPending, cSample, cObsTrans, cRepoll, cIdle>>
armVars == <<pData, cEarly, cLate>>
acctVars == <<sigEp, cEpSeen>>
vars == <<memVars, abstractVars, producerVars, consumerVars, armVars, acctVars>>

NoData == [id |-> 0, len |-> 0, start |-> 0]
NoLate == [id |-> 0, len |-> 0, start |-> 0]

-----------------------------------------------------------------------------
(* Memory.  Under SC a store lands at once; under TSO it queues in sb[p].  *)

Load(p, f) ==
    LET own == SelectSeq(sb[p], LAMBDA e : e.f = f)
    IN  IF own = <<>> THEN mem[f] ELSE own[Len(own)].v

Store(p, f, v) ==
    IF MemoryModel = "SC"
    THEN /\ mem' = [mem EXCEPT ![f] = v]
         /\ UNCHANGED sb
    ELSE /\ sb' = [sb EXCEPT ![p] = Append(@, [f |-> f, v |-> v])]
         /\ UNCHANGED mem

\* A full barrier (mfence) completes only once p's store buffer has drained.
\* Under Armv8 a full barrier (dmb ish) also waits for the producer's data
\* stores and the consumer's outstanding loads.
Drained(p) ==
    /\ sb[p] = <<>>
    /\ p = P => pData = NoData
    /\ p = C => cLate = NoLate

\* The program point after a store: its barrier, unless that barrier is omitted.
AfterStore(site, barrierPc, nextPc) == IF site \in OmittedBarriers THEN nextPc ELSE barrierPc

OwnW == Load(P, "write_index")
OwnPending == Load(P, "pending_send_sz")
OwnR == Load(C, "read_index")

TypeOK ==
    /\ mem \in [Fields -> Int]
    /\ mem.write_index \in Units /\ mem.read_index \in Units
    /\ mem.interrupt_mask \in {0, 1} /\ mem.pending_send_sz \in 0..MaxPending
    /\ \A p \in Procs : sb[p] \in Seq([f : Fields, v : 0..DataSize])
    /\ data \in [Units -> {FreeUnit} \cup [id : Ids, len : PacketLens, off : 0..MaxLen]]
    /\ doorbell \in [Procs -> BOOLEAN]
    /\ ring \in Seq([id : Ids, len : PacketLens, start : Units])
    /\ sent \in 0..MaxPackets
    /\ nReceived \in Nat /\ lastRecv \in Packets \cup {Corrupt, NoPacket}
    /\ pPc \in ProducerPcs /\ pLen \in {0} \cup PacketLens /\ pOldW \in Units
    /\ pObsEmpty \in BOOLEAN /\ pBatch \in 0..MaxBatch /\ pW \in Units
    /\ cPc \in ConsumerPcs /\ cPriv \in Units /\ cStart \in Units
    /\ cPending \in 0..MaxPending /\ cSample \in {NoSample} \cup 0..DataSize
    /\ cObsTrans \in BOOLEAN /\ cRepoll \in BOOLEAN /\ cIdle \in 0..ConsumerIdlePolls
    /\ pData \in {NoData} \cup [id : Ids, len : PacketLens, start : Units]
    /\ Len(cEarly) <= 1
    /\ \A i \in DOMAIN cEarly : cEarly[i] \in [Units -> {FreeUnit} \cup [id : Ids, len : PacketLens, off : 0..MaxLen]]
    /\ cLate \in {NoLate} \cup [id : 0..MaxPackets, len : PacketLens, start : Units]
    /\ sigEp \in [Procs -> 0..2]
    /\ cEpSeen \in 0..MaxPackets

Init ==
    /\ mem = [write_index |-> 0, read_index |-> 0, interrupt_mask |-> 0, pending_send_sz |-> 0]
    /\ sb = [p \in Procs |-> <<>>]
    /\ data = [u \in Units |-> FreeUnit]
    /\ doorbell = [p \in Procs |-> FALSE]
    /\ ring = <<>> /\ sent = 0 /\ nReceived = 0 /\ lastRecv = NoPacket
    /\ pPc = "Idle" /\ pLen = 0 /\ pOldW = 0 /\ pObsEmpty = FALSE /\ pBatch = 0 /\ pW = 0
    /\ cPc = "Sleep" /\ cPriv = 0 /\ cStart = 0 /\ cPending = 0
    /\ cSample = NoSample /\ cObsTrans = FALSE /\ cRepoll = FALSE /\ cIdle = 0
    /\ pData = NoData /\ cEarly = <<>> /\ cLate = NoLate
    /\ sigEp = [p \in Procs |-> 0] /\ cEpSeen = 0

\* Helpers of the interrupt accounting (section "Interrupt accounting").
Count(n) == IF n >= 2 THEN 2 ELSE n + 1
ProducerWaits ==
    pPc \in {"BarrierPending", "CheckSpace", "Sleep", "ClearPending"} /\ OwnPending # 0

-----------------------------------------------------------------------------
(* Producer: hv_ringbuffer_write, the blocked-writer path, hv_signal_on_write. *)

\* Back to Idle at the end of a write; clearing locals keeps the state space small.
ProducerReturns ==
    /\ pPc' = "Idle" /\ pLen' = 0 /\ pOldW' = 0 /\ pObsEmpty' = FALSE
    /\ UNCHANGED <<pBatch, pW>>

\* Where the next packet starts: our own write_index, or the end of the batch
\* copied and not yet published (openvmm OutgoingRing's private write index).
ProducerCursor == IF pBatch = 0 THEN OwnW ELSE pW

\* The program point that publishes a batch: the write_index store, after the
\* virt_mb() that orders the packet data before it under Armv8 (BarrierData).
PublishPc ==
    IF MemoryModel = "ARM" THEN AfterStore("ProducerBeforeWriteIndex", "BarrierData", "StoreW")
    ELSE "StoreW"

\* From Idle, or (MaxBatch > 1) in the middle of a batch: the next packet is
\* copied after the unpublished ones (openvmm OutgoingRing::write before
\* commit_write; netvsc's xmit_more).
ProducerStartsWrite(len) ==
    /\ \/ pPc = "Idle"
       \/ pPc = "Batch" /\ pBatch < MaxBatch
    /\ sent < MaxPackets
    /\ pPc' = "CheckSpace" /\ pLen' = len
    /\ UNCHANGED <<memVars, abstractVars, pOldW, pObsEmpty, pBatch, pW, consumerVars>>
    /\ UNCHANGED <<armVars, acctVars>>

\* Space check: a write needs avail > total, "exactly full" is full (§2.3).
\* In a batch the space is counted from the batch's end.  A packet that does
\* not fit ends the batch: the producer publishes what it copied (so the
\* consumer can free space) and starts that packet again afterwards; it
\* never sleeps with unpublished packets, which nobody would ever read.
ProducerChecksSpace ==
    LET enough == FreeUnits(ProducerCursor, Load(P, "read_index")) > pLen + 1
    IN  /\ pPc = "CheckSpace"
        /\ pPc' = IF enough THEN IF OwnPending # 0 THEN "ClearPending" ELSE "Copy"
                  ELSE IF pBatch > 0 THEN PublishPc
                  ELSE IF OwnPending # 0 THEN "Sleep"
                  ELSE IF PendingSendSzFeature THEN "SetPending"
                  ELSE "Poll"
        /\ pLen' = IF ~enough /\ pBatch > 0 THEN 0 ELSE pLen
        /\ UNCHANGED <<pOldW, pObsEmpty, pBatch, pW>>

\* hv_signal_on_write: the ring was empty before this packet (batch) iff
\* read_index = old.  H3 makes the same load but signals whatever it shows,
\* so the ghost pObsEmpty still records what the producer could have known.
ProducerChecksEmpty ==
    LET empty == Load(P, "read_index") = pOldW
    IN  /\ pPc = "CheckEmpty"
        /\ IF empty \/ "H3" \in Bugs
           THEN /\ pPc' = "Signal" /\ pObsEmpty' = empty
                /\ UNCHANGED <<pLen, pOldW, pBatch, pW>>
           ELSE ProducerReturns

\* The decision to signal is what the interrupt accounting counts (sigEp).
ProducerLoadsReadIndex ==
    /\ \/ ProducerChecksSpace /\ UNCHANGED acctVars
       \/ ProducerChecksEmpty
          /\ UNCHANGED cEpSeen
          /\ sigEp' = IF pPc' = "Signal" /\ cPc = "Sleep"
                      THEN [sigEp EXCEPT ![C] = Count(@)] ELSE sigEp
    /\ UNCHANGED <<memVars, abstractVars, consumerVars>>
    /\ UNCHANGED armVars

\* The blocked producer publishes what it needs (at least the threshold),
\* then re-checks (§2.6).
ProducerSetsPendingSendSz ==
    /\ pPc = "SetPending"
    /\ Store(P, "pending_send_sz", PendingFor(pLen))
    /\ pPc' = AfterStore("ProducerAfterPendingSendSz", "BarrierPending", "CheckSpace")
    /\ UNCHANGED <<data, doorbell, abstractVars, pLen, pOldW, pObsEmpty, pBatch, pW, consumerVars>>
    /\ UNCHANGED <<armVars, acctVars>>

ProducerClearsPendingSendSz ==
    /\ pPc = "ClearPending"
    /\ Store(P, "pending_send_sz", 0)
    /\ pPc' = "Copy"
    /\ UNCHANGED <<data, doorbell, abstractVars, pLen, pOldW, pObsEmpty, pBatch, pW, consumerVars>>
    /\ sigEp' = [sigEp EXCEPT ![P] = 0]    \* its wait episode ends
    /\ UNCHANGED cEpSeen
    /\ UNCHANGED armVars

\* Descriptor, payload and trailer.  The stores reach memory at once: TSO
\* keeps them ordered before the later write_index store and the consumer
\* reads data only after seeing that store, so buffering them is
\* unobservable; landing them early is the worst case for overrun.
\* Under Armv8 the copy is buffered (pData) and lands in DataStoreLands;
\* the virt_mb() before the write_index store waits for it (BarrierData).
WritePacket(d, pkt) ==
    [u \in Units |->
        IF (u - pkt.start) % DataSize <= pkt.len
        THEN [id |-> pkt.id, len |-> pkt.len, off |-> (u - pkt.start) % DataSize]
        ELSE d[u]]

\* The packet goes after the batch so far.  With room for more in the batch
\* (MaxBatch) and packets left to send, the producer may copy another before
\* publishing (Batch); otherwise it publishes now.  pOldW is the write_index
\* before the batch's FIRST packet: the one signal decision of the batch
\* compares read_index with it.  Under Armv8 a copy in a batch waits until
\* the previous one has landed (see "Batched commit").
ProducerCopiesPacket ==
    LET start == ProducerCursor
        pkt   == [id |-> sent + 1, len |-> pLen, start |-> start]
        more  == pBatch + 1 < MaxBatch /\ sent + 1 < MaxPackets
    IN  /\ pPc = "Copy"
        /\ (pBatch > 0 /\ MemoryModel = "ARM") => pData = NoData
        /\ IF MemoryModel = "ARM"
           THEN /\ pData' = pkt /\ UNCHANGED data
           ELSE /\ data' = WritePacket(data, pkt) /\ UNCHANGED pData
        /\ pPc' = IF more THEN "Batch" ELSE PublishPc
        /\ ring' = Append(ring, pkt)
        /\ sent' = sent + 1
        /\ pOldW' = IF pBatch = 0 \/ "BatchLastOld" \in Bugs THEN start ELSE pOldW
        /\ pBatch' = pBatch + 1
        /\ pW' = (start + pLen + 1) % DataSize
        /\ UNCHANGED <<mem, sb, doorbell, nReceived, lastRecv, pLen, pObsEmpty, consumerVars>>
        /\ UNCHANGED <<cEarly, cLate, acctVars>>

\* Publish the batch (one packet when MaxBatch = 1): ONE write_index store,
\* then ONE StoreLoad barrier and ONE signal decision for all of it.
ProducerStoresWriteIndex ==
    /\ \/ pPc = "StoreW"
       \/ pPc = "Batch" /\ PublishPc = "StoreW"
    /\ Store(P, "write_index", pW)
    /\ pPc' = AfterStore("ProducerAfterWriteIndex", "BarrierW", "LoadMask")
    /\ pBatch' = 0 /\ pW' = 0
    /\ UNCHANGED <<data, doorbell, abstractVars, pLen, pOldW, pObsEmpty, consumerVars>>
    /\ UNCHANGED <<armVars, acctVars>>

ProducerFullBarrier ==
    /\ \/ pPc \in {"BarrierPending", "BarrierData", "BarrierW"}
       \/ pPc = "Batch" /\ PublishPc = "BarrierData"
    /\ Drained(P)
    /\ pPc' = CASE pPc = "BarrierPending" -> "CheckSpace"
                 [] pPc \in {"BarrierData", "Batch"} -> "StoreW"
                 [] OTHER -> "LoadMask"
    /\ UNCHANGED <<memVars, abstractVars, pLen, pOldW, pObsEmpty, pBatch, pW, consumerVars>>
    /\ UNCHANGED <<armVars, acctVars>>

\* A set mask means the consumer is draining and will re-check.
ProducerLoadsInterruptMask ==
    /\ pPc = "LoadMask"
    /\ IF Load(P, "interrupt_mask") # 0 THEN ProducerReturns
       ELSE /\ pPc' = "CheckEmpty"
            /\ UNCHANGED <<pLen, pOldW, pObsEmpty, pBatch, pW>>
    /\ UNCHANGED <<memVars, abstractVars, consumerVars>>
    /\ UNCHANGED <<armVars, acctVars>>

\* The doorbell is a hypercall (vmbus_set_event) or an interrupt: serializing,
\* so it waits for the store buffer like a barrier.
ProducerSignalsConsumer ==
    /\ pPc = "Signal"
    /\ Drained(P)
    /\ doorbell' = [doorbell EXCEPT ![C] = TRUE]
    /\ ProducerReturns
    /\ UNCHANGED <<mem, sb, data, abstractVars, consumerVars>>
    /\ UNCHANGED <<armVars, acctVars>>

ProducerConsumesDoorbell ==
    /\ pPc = "Sleep" /\ doorbell[P]
    /\ doorbell' = [doorbell EXCEPT ![P] = FALSE]
    /\ pPc' = "CheckSpace"
    /\ UNCHANGED <<mem, sb, data, abstractVars, pLen, pOldW, pObsEmpty, pBatch, pW, consumerVars>>
    /\ UNCHANGED <<armVars, acctVars>>

\* Without feat_pending_send_sz the consumer never signals space: poll.
ProducerPollTimerFires ==
    /\ pPc = "Poll"
    /\ pPc' = "CheckSpace"
    /\ UNCHANGED <<memVars, abstractVars, pLen, pOldW, pObsEmpty, pBatch, pW, consumerVars>>
    /\ UNCHANGED <<armVars, acctVars>>

ProducerNext ==
    \/ \E len \in PacketLens : ProducerStartsWrite(len)
    \/ ProducerLoadsReadIndex
    \/ ProducerSetsPendingSendSz
    \/ ProducerClearsPendingSendSz
    \/ ProducerCopiesPacket
    \/ ProducerStoresWriteIndex
    \/ ProducerFullBarrier
    \/ ProducerLoadsInterruptMask
    \/ ProducerSignalsConsumer
    \/ ProducerConsumesDoorbell
    \/ ProducerPollTimerFires

-----------------------------------------------------------------------------
(* Consumer: vmbus_chan_sched, the callback's drain, hv_pkt_iter_close,    *)
(* vmbus_on_event's unmask-and-re-check loop.                              *)

ConsumerUnchangedLocals == UNCHANGED <<cPriv, cStart, cPending, cSample, cObsTrans, cRepoll, cIdle>>

ConsumerConsumesDoorbell ==
    /\ cPc = "Sleep" /\ doorbell[C]
    /\ doorbell' = [doorbell EXCEPT ![C] = FALSE]
    /\ cPc' = "Mask"
    /\ UNCHANGED <<mem, sb, data, abstractVars, producerVars>>
    /\ ConsumerUnchangedLocals
    /\ sigEp' = [sigEp EXCEPT ![C] = 0]    \* its wait episode ends
    /\ UNCHANGED cEpSeen
    /\ UNCHANGED armVars

ConsumerMasks ==
    /\ cPc = "Mask"
    /\ Store(C, "interrupt_mask", 1)
    /\ cPc' = AfterStore("ConsumerAfterMask", "BarrierMask", "Drain")
    /\ UNCHANGED <<data, doorbell, abstractVars, producerVars>>
    /\ ConsumerUnchangedLocals
    /\ UNCHANGED <<armVars, acctVars>>

ConsumerFullBarrier ==
    /\ cPc \in {"BarrierMask", "BarrierR", "BarrierUnmask"}
    /\ Drained(C)
    /\ cPc' = IF cPc = "BarrierMask" THEN "Drain"
              ELSE IF cPc = "BarrierUnmask" THEN "Recheck"
              ELSE IF "H2" \in Bugs THEN "LoadMask"
              ELSE IF PendingSendSzFeature THEN "LoadPending"
              ELSE "Signal"
    /\ UNCHANGED <<memVars, abstractVars, producerVars>>
    /\ ConsumerUnchangedLocals
    /\ UNCHANGED <<armVars, acctVars>>

\* hv_pkt_iter_first: more to read?  At the end of the batch, release the
\* consumed space (if any).  H1 samples the free space at the batch's start.
ConsumerPollsRing(w) ==
    /\ cPc = "Drain"
    /\ cPc' = IF w # cPriv THEN "Read"
              ELSE IF cPriv = OwnR THEN "Unmask"
              ELSE IF H2Path THEN "SampleW"
              ELSE "StoreR"
    /\ cSample' = IF "H1" \in Bugs /\ cSample = NoSample THEN FreeUnits(w, OwnR) ELSE cSample
    /\ UNCHANGED <<cPriv, cStart, cPending, cObsTrans, cRepoll, cIdle>>
    \* An early packet load (Armv8) belongs to this poll's packet only.
    /\ cEarly' = IF w # cPriv THEN cEarly ELSE <<>>
    /\ UNCHANGED <<pData, cLate, acctVars>>

\* H2's hv_pkt_iter_close samples orig_write_sz before publishing read_index.
ConsumerSamplesFreeSpace(w) ==
    /\ cPc = "SampleW"
    /\ cPc' = "StoreR"
    /\ cSample' = FreeUnits(w, OwnR)
    /\ UNCHANGED <<cPriv, cStart, cPending, cObsTrans, cRepoll, cIdle>>
    /\ UNCHANGED <<armVars, acctVars>>

\* The signalling decision of hv_pkt_iter_close (§2.6): signal only on the
\* not-enough -> enough transition, "exactly full" counting as not enough.
\* The free space before the release is not FreeUnits(w, cStart): Linux
\* computes it from the current write_index as curr_write_sz - bytes_read,
\* in u32.  Once the producer has refilled the freed space up to the old
\* read_index the difference is 0 (not enough before: signal, a harmless
\* extra wakeup), and past it the difference wraps to a huge u32 (enough
\* before: no signal).  FreeUnits(w, cStart) would read the first case as
\* an empty ring; a 1M-event trace of the Java ring showed the difference.
ConsumerDecidesSignal(w) ==
    LET after     == FreeUnits(w, cPriv)
        diff      == after - ((cPriv - cStart) % DataSize)
        notBefore == diff >= 0 /\ diff <= cPending
        signal == CASE "H1" \in Bugs -> cSample < cPending /\ after >= cPending
                    [] H2Path        -> ~(after < cPending)
                    [] "NoBeforeCheck" \in Bugs -> after >= cPending
                    [] OTHER         -> notBefore /\ cPending < after
    IN  /\ cPc = "LoadW"
        /\ cPc' = IF signal THEN "Signal" ELSE "Unmask"
        /\ cObsTrans' = (cPending # 0 /\ notBefore /\ cPending < after)
        /\ UNCHANGED <<cPriv, cStart, cPending, cSample, cRepoll, cIdle>>
        \* counted for the episode whose pending_send_sz the release loaded, if it
        \* is still the producer's current one (else a late signal for an old one)
        /\ UNCHANGED cEpSeen
        /\ sigEp' = (IF signal /\ ProducerWaits /\ cEpSeen = sent
                     THEN [sigEp EXCEPT ![P] = Count(@)] ELSE sigEp)
    /\ UNCHANGED armVars

\* hv_end_read's re-check after unmasking: data raced in, mask and drain again.
ConsumerRechecks(w) ==
    /\ cPc = "Recheck"
    /\ cPc' = IF w # cPriv THEN "Mask" ELSE "Sleep"
    /\ ConsumerUnchangedLocals
    /\ UNCHANGED <<armVars, acctVars>>

ConsumerLoadsWriteIndex ==
    LET w == Load(C, "write_index")
    IN  /\ \/ ConsumerPollsRing(w)
           \/ ConsumerSamplesFreeSpace(w)
           \/ ConsumerDecidesSignal(w)
           \/ ConsumerRechecks(w)
        /\ UNCHANGED <<memVars, abstractVars, producerVars>>

\* Copy one packet out of the ring.  A descriptor that is not the start of
\* an intact packet yields Corrupt and stops the consumer.
\* Under Armv8 the loads may have been satisfied early (cEarly, before the
\* write_index load) or, for the payload, be left outstanding (cLate, past
\* the read_index store): see ConsumerLoadsDataEarly, ConsumerCompletesLateLoad.
Intact(src, start) ==
    LET d == src[start]
    IN  /\ d # FreeUnit /\ d.off = 0
        /\ \A k \in 0..d.len :
              src[(start + k) % DataSize] = [id |-> d.id, len |-> d.len, off |-> k]

\* The descriptor load gives the length; the payload loads are still to be
\* satisfied (Armv8 without the virt_rmb of hv_pkt_iter_close).
ConsumerLeavesPayloadLoadsOutstanding(d) ==
    /\ cLate' = [id |-> d.id, len |-> d.len, start |-> cPriv]
    /\ cPriv' = (cPriv + d.len + 1) % DataSize
    /\ cPc' = "Drain"
    /\ UNCHANGED <<mem, sb, data, doorbell, abstractVars, producerVars>>
    /\ UNCHANGED <<cStart, cPending, cSample, cObsTrans, cRepoll>>
    /\ cIdle' = 0    \* a packet read: the idle polls start again

ConsumerReadsWholePacket(d, intact) ==
        /\ nReceived' = nReceived + 1
        /\ lastRecv' = IF intact THEN [id |-> d.id, len |-> d.len] ELSE Corrupt
        /\ ring' = IF ring = <<>> THEN ring ELSE Tail(ring)
        /\ IF intact
           THEN /\ data' = [u \in Units |->
                              IF (u - cPriv) % DataSize <= d.len THEN FreeUnit ELSE data[u]]
                /\ cPriv' = (cPriv + d.len + 1) % DataSize
                /\ cPc' = "Drain"
           ELSE /\ cPc' = "Failed"
                /\ UNCHANGED <<data, cPriv>>
        /\ UNCHANGED <<mem, sb, doorbell, sent, producerVars, cStart, cPending, cSample, cObsTrans, cRepoll>>
        /\ cIdle' = 0    \* a packet read: the idle polls start again

ConsumerReadsPacket ==
    LET src    == IF cEarly # <<>> THEN cEarly[1] ELSE data
        d      == src[cPriv]
        intact == Intact(src, cPriv)
        late   == MemoryModel = "ARM" /\ "ConsumerBeforeReadIndex" \in OmittedBarriers
    IN  /\ cPc = "Read"
        /\ cEarly' = <<>>
        /\ UNCHANGED <<pData, acctVars>>
        /\ \/ /\ ConsumerReadsWholePacket(d, intact)
              /\ UNCHANGED cLate
           \/ /\ late /\ cLate = NoLate
              /\ d # FreeUnit /\ d.off = 0
              /\ ConsumerLeavesPayloadLoadsOutstanding(d)

\* Publish the consumption.  The fixed path (and H1) only goes on to
\* pending_send_sz when the feature bit is set; H2 checks its own mask first;
\* 03bad714a161 signals unconditionally when the feature bit is clear.
ConsumerStoresReadIndex ==
    LET next == IF "H2" \in Bugs THEN "LoadMask"
                ELSE IF PendingSendSzFeature THEN "LoadPending"
                ELSE IF H2Path THEN "Signal"
                ELSE "Unmask"
    IN  /\ cPc = "StoreR"
        /\ Store(C, "read_index", cPriv)
        /\ cStart' = OwnR
        /\ cPc' = IF next = "Unmask" THEN "Unmask"
                  ELSE AfterStore("ConsumerAfterReadIndex", "BarrierR", next)
        /\ UNCHANGED <<data, doorbell, abstractVars, producerVars>>
        /\ UNCHANGED <<cPriv, cPending, cSample, cObsTrans, cRepoll, cIdle>>
    /\ UNCHANGED <<armVars, acctVars>>

ConsumerLoadsPendingSendSz ==
    LET pend == Load(C, "pending_send_sz")
        stop == IF H2Path THEN cSample > pend ELSE pend = 0
    IN  /\ cPc = "LoadPending"
        /\ cPending' = pend
        /\ cPc' = IF stop THEN "Unmask" ELSE "LoadW"
        /\ UNCHANGED <<memVars, abstractVars, producerVars>>
        /\ UNCHANGED <<cPriv, cStart, cSample, cObsTrans, cRepoll, cIdle>>
        /\ cEpSeen' = IF stop THEN 0 ELSE sent
    /\ UNCHANGED <<armVars, sigEp>>

\* H2 only (03bad714a161): "if (rbi->ring_buffer->interrupt_mask) return;" on
\* the consumer's own mask, which hv_begin_read set for the whole drain.
ConsumerLoadsInterruptMask ==
    /\ cPc = "LoadMask"
    /\ cPc' = IF Load(C, "interrupt_mask") # 0 THEN "Unmask"
              ELSE IF PendingSendSzFeature THEN "LoadPending"
              ELSE "Signal"
    /\ UNCHANGED <<memVars, abstractVars, producerVars>>
    /\ ConsumerUnchangedLocals
    /\ UNCHANGED <<armVars, acctVars>>

ConsumerSignalsProducer ==
    /\ cPc = "Signal"
    /\ Drained(C)
    /\ doorbell' = [doorbell EXCEPT ![P] = TRUE]
    /\ cPc' = "Unmask"
    /\ UNCHANGED <<mem, sb, data, abstractVars, producerVars>>
    /\ ConsumerUnchangedLocals
    /\ UNCHANGED <<armVars, acctVars>>

\* End of the batch: unmask, full barrier, re-check (hv_end_read).
ConsumerUnmasks ==
    /\ cPc = "Unmask" /\ ~cRepoll
    /\ Store(C, "interrupt_mask", 0)
    /\ cPc' = AfterStore("ConsumerAfterUnmask", "BarrierUnmask", "Recheck")
    /\ cStart' = 0 /\ cPending' = 0 /\ cSample' = NoSample /\ cObsTrans' = FALSE
    /\ UNCHANGED <<data, doorbell, abstractVars, producerVars, cPriv, cRepoll>>
    /\ cIdle' = 0
    /\ cEpSeen' = 0
    /\ UNCHANGED <<armVars, sigEp>>

\* NAPI budget (ConsumerBudget; netvsc_poll returning work_done = budget, the
\* NetvscNapi.tla action PollReturnsBudget): the drain stops with packets
\* maybe left, publishes what it read (the release path, unchanged), and the
\* next poll reads on still masked: no unmask and so no re-check is owed,
\* and the producer keeps skipping its signal while the consumer is awake.
\* Only after something was read since the last release, so a consumer
\* cannot spin in it; the poll that finds the ring empty unmasks and
\* re-checks as before (hv_end_read).
ConsumerStopsAtBudget ==
    /\ ConsumerBudget
    /\ cPc = "Drain" /\ cPriv # OwnR
    /\ cPc' = "StoreR" /\ cRepoll' = TRUE
    /\ cEarly' = <<>>    \* an early packet load (Armv8) is dropped with the poll
    /\ UNCHANGED <<memVars, abstractVars, producerVars, cPriv, cStart, cPending, cSample, cObsTrans, cIdle>>
    /\ UNCHANGED <<pData, cLate, acctVars>>

ConsumerRepolls ==
    /\ cPc = "Unmask" /\ cRepoll
    /\ cPc' = "Drain" /\ cRepoll' = FALSE
    /\ cStart' = 0 /\ cPending' = 0 /\ cSample' = NoSample /\ cObsTrans' = FALSE
    /\ cEpSeen' = 0
    /\ UNCHANGED <<memVars, abstractVars, producerVars, cPriv, cIdle>>
    /\ UNCHANGED <<armVars, sigEp>>

\* Idle polls (ConsumerIdlePolls; the consumer's wake-up policy, Java
\* RingConsumer's idlePolls).  A drain that found the ring empty polls it
\* again, still masked, instead of unmasking: while the mask is set the
\* producer skips its signal (ProducerLoadsInterruptMask), so a packet
\* published within the spin costs no wake-up on either side.  Linux's
\* hv_end_read unmasks at once (ConsumerIdlePolls = 0); NAPI busy polling
\* (napi_busy_loop) is the same idea.  At most ConsumerIdlePolls in a row
\* without a packet read, then ConsumerUnmasks and its re-check as before:
\* that is what keeps a packet published during the spin from being
\* stranded, and the bound keeps a consumer from spinning instead of
\* sleeping.  What the producer signals is unchanged; it is asked less
\* often.  Not after a budget stop (that repoll is owed: ConsumerRepolls).
ConsumerSpins ==
    /\ cPc = "Unmask" /\ ~cRepoll /\ cIdle < ConsumerIdlePolls
    /\ cPc' = "Drain" /\ cIdle' = cIdle + 1
    /\ cStart' = 0 /\ cPending' = 0 /\ cSample' = NoSample /\ cObsTrans' = FALSE
    /\ cEpSeen' = 0
    /\ UNCHANGED <<memVars, abstractVars, producerVars, cPriv, cRepoll>>
    /\ UNCHANGED <<armVars, sigEp>>

ConsumerNext ==
    \/ ConsumerConsumesDoorbell
    \/ ConsumerMasks
    \/ ConsumerFullBarrier
    \/ ConsumerLoadsWriteIndex
    \/ ConsumerReadsPacket
    \/ ConsumerStoresReadIndex
    \/ ConsumerLoadsPendingSendSz
    \/ ConsumerLoadsInterruptMask
    \/ ConsumerSignalsProducer
    \/ ConsumerUnmasks
    \/ ConsumerStopsAtBudget
    \/ ConsumerRepolls
    \/ ConsumerSpins

-----------------------------------------------------------------------------
(* TSO: the oldest buffered store of processor p reaches memory.           *)

\* Under Armv8 any buffered store whose field has no older store in the
\* buffer may land (stores to different locations are not ordered without a
\* barrier; to the same location they stay in order: coherence).
StoreBufferFlushes(p) ==
    /\ sb[p] # <<>>
    /\ \E k \in 1..Len(sb[p]) :
        /\ k = 1 \/ (MemoryModel = "ARM" /\ \A j \in 1..(k - 1) : sb[p][j].f # sb[p][k].f)
        /\ mem' = [mem EXCEPT ![sb[p][k].f] = sb[p][k].v]
        /\ sb' = [sb EXCEPT ![p] = SubSeq(@, 1, k - 1) \o SubSeq(@, k + 1, Len(@))]
    /\ UNCHANGED <<data, doorbell, abstractVars, producerVars, consumerVars>>
    /\ UNCHANGED <<armVars, acctVars>>

-----------------------------------------------------------------------------
(***************************************************************************)
(* Armv8 (MemoryModel = "ARM").                                            *)
(*                                                                         *)
(* The architecture (Arm ARM, DDI 0487, B2.3 "Definition of the Armv8      *)
(* memory model") is other-multi-copy-atomic: a store becomes visible to   *)
(* all other observers at once, so one shared memory `mem` with a buffer   *)
(* per processor is exact for stores (the Flat model of Pulte et al.,      *)
(* POPL 2018, which the herd aarch64.cat axiomatic model matches).  Unlike *)
(* TSO, (1) stores to different locations may leave the buffer in any      *)
(* order (StoreBufferFlushes), (2) a load may be satisfied before an       *)
(* earlier load (load-load), and (3) a store may become visible before an  *)
(* earlier load is satisfied (load-store).  Operationally:                 *)
(*  - store-store: the producer's packet copy is buffered (pData) and      *)
(*    lands in DataStoreLands, unordered with the write_index store unless *)
(*    the virt_mb() before it (BarrierData) waits for it;                   *)
(*  - load-load: the consumer's packet loads may be satisfied before its   *)
(*    write_index load (ConsumerLoadsDataEarly) unless that load is an     *)
(*    acquire (virt_load_acquire, LDAR);                                    *)
(*  - load-store: the payload loads of a packet may stay outstanding past  *)
(*    the read_index store (ConsumerCompletesLateLoad) unless the virt_rmb *)
(*    (DMB ISHLD: orders earlier loads with later loads and stores) comes  *)
(*    between.                                                             *)
(* A full barrier (virt_mb, DMB ISH) waits for all of it (Drained).        *)
(* Barrier mapping (Linux arch/arm64/include/asm/barrier.h, hyperv.h):     *)
(*   virt_mb()  = __smp_mb()  = DMB ISH     -> Drained                     *)
(*   virt_rmb() = __smp_rmb() = DMB ISHLD   -> ConsumerBeforeReadIndex;    *)
(*                the two virt_rmb()s between control-field loads          *)
(*                (hv_signal_on_write, hv_pkt_iter_close) are not modelled:*)
(*                control-field loads stay in order, see below             *)
(*   virt_wmb() = DMB ISHST: not used on these paths                        *)
(*   virt_load_acquire = smp_load_acquire = LDAR -> ConsumerAcquireWriteIndex*)
(*   smp_store_release = STLR: not used by the guest ring (the host's       *)
(*                write_index store is a release, hv_pkt_iter_avail says)  *)
(*   READ_ONCE: a single-copy-atomic load the compiler may not repeat or   *)
(*                tear: each Load is one step, nothing more.                *)
(* What this model does not have (a subset of Armv8's behaviours, so it    *)
(* can miss a bug but every failure it reports is real): reordering of the *)
(* control-field loads among themselves, more than one outstanding packet  *)
(* load, and an early load satisfied before the previous packet's read.   *)
(* Load buffering through control dependencies is forbidden on Armv8      *)
(* (stores are not speculated), which the model respects: every store      *)
(* happens after the loads its condition depends on.                       *)
(***************************************************************************)

\* The producer's packet copy lands in the data area.
DataStoreLands ==
    /\ pData # NoData
    /\ data' = WritePacket(data, pData)
    /\ pData' = NoData
    /\ UNCHANGED <<mem, sb, doorbell, abstractVars, producerVars, consumerVars, cEarly, cLate, acctVars>>

\* The consumer satisfies its next packet load before loading write_index
\* (hv_pkt_iter_avail without virt_load_acquire: the bug b6cae15b5710 fixed).
ConsumerLoadsDataEarly ==
    /\ MemoryModel = "ARM" /\ "ConsumerAcquireWriteIndex" \in OmittedBarriers
    /\ cPc = "Drain" /\ cEarly = <<>>
    /\ cEarly' = <<data>>
    /\ UNCHANGED <<memVars, abstractVars, producerVars, consumerVars, pData, cLate, acctVars>>

\* The payload loads left outstanding by ConsumerReadsPacket are satisfied:
\* what the consumer gets is whatever the data area holds now.
ConsumerCompletesLateLoad ==
    LET intact == Intact(data, cLate.start)
    IN  /\ cLate # NoLate
        /\ nReceived' = nReceived + 1
        /\ lastRecv' = IF intact THEN [id |-> cLate.id, len |-> cLate.len] ELSE Corrupt
        /\ ring' = IF ring = <<>> THEN ring ELSE Tail(ring)
        /\ data' = IF intact
                    THEN [u \in Units |->
                            IF (u - cLate.start) % DataSize <= cLate.len THEN FreeUnit ELSE data[u]]
                    ELSE data
        /\ cLate' = NoLate
        /\ UNCHANGED <<mem, sb, doorbell, sent, producerVars, consumerVars, pData, cEarly, acctVars>>

ArmNext == DataStoreLands \/ ConsumerLoadsDataEarly \/ ConsumerCompletesLateLoad

-----------------------------------------------------------------------------
(***************************************************************************)
(* Batched commit (MaxBatch > 1).  openvmm's OutgoingRing::write copies a  *)
(* packet at a private write index and commit_write publishes everything   *)
(* written so far with one write_index store and one signal decision       *)
(* (vm/devices/vmbus/vmbus_ring/src/lib.rs); Linux netvsc defers the       *)
(* doorbell while the stack says more packets follow (xmit_more), though   *)
(* its hv_ringbuffer_write still publishes per packet.  Here the producer  *)
(* copies up to MaxBatch packets (ProducerCopiesPacket into pc Batch),     *)
(* then ProducerStoresWriteIndex publishes the batch's end (pW), and the   *)
(* unchanged tail of hv_signal_on_write runs once: StoreLoad barrier, mask *)
(* load, and the empty test read_index = pOldW, where pOldW is the         *)
(* write_index before the batch's FIRST packet.  That is the per-packet   *)
(* rule applied to the batch: the consumer can only have caught up with    *)
(* the batch's start, since nothing after it was visible.  Bugs            *)
(* "BatchLastOld" keeps hv_ringbuffer_write's per-packet old instead (the *)
(* last packet's start), which a consumer asleep on the empty ring never   *)
(* equals: lost wakeup (catalog model ring-batch-last-old).                *)
(*                                                                         *)
(* Memory models.  SC: nothing new.  TSO: the copies are not buffered (see *)
(* WritePacket: FIFO order puts all of them before the one write_index     *)
(* store, and the consumer reads data only after seeing that store), and   *)
(* the write_index store is buffered as before.  Armv8: each copy is       *)
(* buffered in pData and the virt_mb() before the write_index store        *)
(* (BarrierData, now once per batch) waits for it.  A copy in a batch      *)
(* waits until the previous copy has landed: copies of different packets  *)
(* go to disjoint units and nobody may read either before the write_index  *)
(* store, so their mutual order is unobservable with the barrier; without  *)
(* it one outstanding copy already shows the bug                           *)
(* (ring-arm-no-mb-before-write-index).  The model thus has a subset of    *)
(* Armv8's behaviours, as the section "Armv8" says of itself.              *)
(* MaxBatch = 1 is the per-packet protocol: every copy goes straight to    *)
(* the publish step and pc Batch is never reached.                         *)
(***************************************************************************)

-----------------------------------------------------------------------------
Next ==
    \/ ProducerNext
    \/ ConsumerNext
    \/ \E p \in Procs : StoreBufferFlushes(p)
    \/ ArmNext

Spec == Init /\ [][Next]_vars

\* Both processors keep running and store buffers drain: weak fairness.  A
\* sleeping side is enabled only by its doorbell (or, without the feature
\* bit, the producer's poll timer).
LiveSpec ==
    /\ Spec
    /\ WF_vars(ProducerNext)
    /\ WF_vars(ConsumerNext)
    /\ \A p \in Procs : WF_vars(StoreBufferFlushes(p))
    /\ WF_vars(DataStoreLands) /\ WF_vars(ConsumerCompletesLateLoad)

-----------------------------------------------------------------------------
(* Invariants *)

\* The producer waits for space: asleep on its doorbell, or polling.
ProducerBlocked == pPc \in {"Sleep", "Poll"}

\* No overrun: every packet copied in and not yet read is intact in the
\* data area; the producer never wrote over unread units.
NoOverrunInv ==
    \A k \in 1..Len(ring) : ring[k].id # pData.id =>   \* (a copy still in flight: Armv8)
        \A j \in 0..ring[k].len :
            data[(ring[k].start + j) % DataSize] = [id |-> ring[k].id, len |-> ring[k].len, off |-> j]

RECURSIVE UnitsOf(_)
UnitsOf(s) == IF s = <<>> THEN 0 ELSE Head(s).len + 1 + UnitsOf(Tail(s))

\* The full/empty rule (§2.3): units not yet released to the producer (in
\* the ring, or read but before read_index reaches memory) never fill the
\* data area, so write_index = read_index can only mean empty.
FullEmptyRuleInv ==
    UnitsOf(ring) - (IF cLate = NoLate THEN 0 ELSE cLate.len + 1)   \* counted once (Armv8)
        + ((cPriv - mem.read_index) % DataSize) < DataSize

\* No lost wakeup, as a state predicate for bounded models (openvmm's stuck
\* ring predicates reader_needs_signal / writer_needs_signal): when neither
\* processor can move, nothing is left in the ring and the producer is not
\* blocked.  With finitely many packets every lost wakeup ends in such a
\* state, so simulation can find one without liveness checking.
QuiescentDrainedInv == ~ENABLED Next => (ring = <<>> /\ ~ProducerBlocked)

-----------------------------------------------------------------------------
(* Properties *)

\* Every producer signal follows its own observation, made after publishing
\* write_index, that the consumer had caught up to the packet's start:
\* the empty -> non-empty transition (H3 broke this).
ProducerSignalsOnTransitionProp ==
    [][pPc = "Signal" /\ pPc' # "Signal" => pObsEmpty]_vars

\* Every consumer signal follows its own loads showing free space go from
\* at most pending_send_sz (not enough) to more than it (enough).
ConsumerSignalsOnTransitionProp ==
    [][cPc = "Signal" /\ cPc' # "Signal" => cObsTrans]_vars

\* No lost wakeup, consumer side: whatever is in the ring is eventually read.
RingDrainedProp == Len(ring) > 0 ~> Len(ring) = 0

\* No lost wakeup, producer side: a producer blocked on space wakes up.
BlockedProducerWokenProp == ProducerBlocked ~> ~ProducerBlocked

-----------------------------------------------------------------------------
(***************************************************************************)
(* Interrupt accounting.  Hyper-V throttles a guest that signals too much, *)
(* so a signal is a counted event, not a latched bit.  A side waits in an  *)
(* episode: the consumer from the moment it finds the ring empty with its  *)
(* mask clear (ConsumerRechecks -> Sleep) until it runs again; the         *)
(* producer from the moment it publishes pending_send_sz until it clears   *)
(* it.  sigEp[p] counts the signals decided for p during p's current       *)
(* episode and is reset when the episode ends (so it is 0 outside one and  *)
(* adds few states); Count caps it at 2, which already is a violation.  A signal   *)
(* belongs to the episode in which its sender observed the transition: a   *)
(* producer that decided while the consumer was still draining and sends   *)
(* after the consumer fell asleep sends a late, harmless signal for an     *)
(* earlier transition (ProducerSignalsOnTransitionProp covers it).  In the *)
(* other direction the consumer's decision belongs to the producer episode *)
(* whose pending_send_sz it loaded (ghost cEpSeen; an episode is named by  *)
(* `sent`, the packets copied before it: one episode per blocked write).   *)
(***************************************************************************)

\* At most one wakeup signal per wait episode, in each direction.
ConsumerSignalledOncePerWaitInv == sigEp[C] <= 1
ProducerSignalledOncePerWaitInv == sigEp[P] <= 1
OneSignalPerWaitInv == ConsumerSignalledOncePerWaitInv /\ ProducerSignalledOncePerWaitInv

\* Refinement: the ring is a FIFO of packets (PacketQueue).
PQ == INSTANCE PacketQueue WITH
        Msgs <- Packets \cup {Corrupt},
        queue <- [k \in 1..Len(ring) |-> [id |-> ring[k].id, len |-> ring[k].len]],
        NoMsg <- NoPacket,
        dequeued <- nReceived,
        last <- lastRecv

RefinesPacketQueueProp == PQ!Spec

=============================================================================
