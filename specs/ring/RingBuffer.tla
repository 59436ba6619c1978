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
    MemoryModel,          \* "SC" (sequentially consistent) or "TSO" (x86-TSO store buffers)
    PendingSendSzFeature, \* feature_bits.feat_pending_send_sz of this ring
    PendingSendSzThreshold, \* wake-up batching: a blocked producer asks for at least this many free units
    Bugs,                 \* historical bugs switched on: subset of BugIds
    OmittedBarriers       \* full barriers left out: subset of BarrierSites

\* H2Order is H2's release path without the mask check: the wrong read order alone.
BugIds == {"H1", "H2", "H2Order", "H3"}

\* Every virt_mb() of the protocol that orders a store before a later load (§2.7).
BarrierSites == {"ProducerAfterPendingSendSz", "ProducerAfterWriteIndex",
                 "ConsumerAfterMask", "ConsumerAfterReadIndex", "ConsumerAfterUnmask"}

ASSUME DataSize \in Nat /\ DataSize >= 3
\* An empty ring must accept the largest packet: avail = DataSize > len8 + 1.
ASSUME PacketLens # {} /\ PacketLens \subseteq 1..(DataSize - 2)
ASSUME MaxPackets \in Nat
ASSUME MemoryModel \in {"SC", "TSO"}
ASSUME PendingSendSzFeature \in BOOLEAN
\* 0 asks for one packet's need (Linux hv_ringbuffer_write callers that block
\* on one packet).  Up to DataSize - 1 the drained ring (DataSize free units)
\* still exceeds it; DataSize is allowed as the failure probe of that bound.
ASSUME PendingSendSzThreshold \in 0..DataSize
\* H1, H2 and H2Order each replace the release path, so at most one of them.
ASSUME Bugs \subseteq BugIds /\ Cardinality(Bugs \cap {"H1", "H2", "H2Order"}) <= 1
ASSUME OmittedBarriers \subseteq BarrierSites

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

ProducerPcs == {"Idle", "CheckSpace", "SetPending", "BarrierPending", "Sleep", "Poll",
                "ClearPending", "Copy", "StoreW", "BarrierW", "LoadMask", "CheckEmpty", "Signal"}
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
    cPc,        \* consumer program point
    cPriv,      \* priv_read_index: the consumer's private read cursor
    cStart,     \* read_index before the release in progress (iter_close's start)
    cPending,   \* pending_send_sz as loaded by the release in progress
    cSample,    \* H1/H2 only: free space sampled early (stale); NoSample otherwise
    cObsTrans   \* ghost: the release's loads show a not-enough -> enough transition

memVars == <<mem, sb, data, doorbell>>
abstractVars == <<ring, sent, nReceived, lastRecv>>
producerVars == <<pPc, pLen, pOldW, pObsEmpty>>
consumerVars == <<cPc, cPriv, cStart, cPending, cSample, cObsTrans>>
vars == <<memVars, abstractVars, producerVars, consumerVars>>

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
Drained(p) == sb[p] = <<>>

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
    /\ pObsEmpty \in BOOLEAN
    /\ cPc \in ConsumerPcs /\ cPriv \in Units /\ cStart \in Units
    /\ cPending \in 0..MaxPending /\ cSample \in {NoSample} \cup 0..DataSize
    /\ cObsTrans \in BOOLEAN

Init ==
    /\ mem = [write_index |-> 0, read_index |-> 0, interrupt_mask |-> 0, pending_send_sz |-> 0]
    /\ sb = [p \in Procs |-> <<>>]
    /\ data = [u \in Units |-> FreeUnit]
    /\ doorbell = [p \in Procs |-> FALSE]
    /\ ring = <<>> /\ sent = 0 /\ nReceived = 0 /\ lastRecv = NoPacket
    /\ pPc = "Idle" /\ pLen = 0 /\ pOldW = 0 /\ pObsEmpty = FALSE
    /\ cPc = "Sleep" /\ cPriv = 0 /\ cStart = 0 /\ cPending = 0
    /\ cSample = NoSample /\ cObsTrans = FALSE

-----------------------------------------------------------------------------
(* Producer: hv_ringbuffer_write, the blocked-writer path, hv_signal_on_write. *)

\* Back to Idle at the end of a write; clearing locals keeps the state space small.
ProducerReturns ==
    /\ pPc' = "Idle" /\ pLen' = 0 /\ pOldW' = 0 /\ pObsEmpty' = FALSE

ProducerStartsWrite(len) ==
    /\ pPc = "Idle" /\ sent < MaxPackets
    /\ pPc' = "CheckSpace" /\ pLen' = len
    /\ UNCHANGED <<memVars, abstractVars, pOldW, pObsEmpty, consumerVars>>

\* Space check: a write needs avail > total, "exactly full" is full (§2.3).
ProducerChecksSpace ==
    LET enough == FreeUnits(OwnW, Load(P, "read_index")) > pLen + 1
    IN  /\ pPc = "CheckSpace"
        /\ pPc' = IF enough THEN IF OwnPending # 0 THEN "ClearPending" ELSE "Copy"
                  ELSE IF OwnPending # 0 THEN "Sleep"
                  ELSE IF PendingSendSzFeature THEN "SetPending"
                  ELSE "Poll"
        /\ UNCHANGED <<pLen, pOldW, pObsEmpty>>

\* hv_signal_on_write: the ring was empty before this packet iff read_index
\* = old.  H3 makes the same load but signals whatever it shows, so the ghost
\* pObsEmpty still records what the producer could have known.
ProducerChecksEmpty ==
    LET empty == Load(P, "read_index") = pOldW
    IN  /\ pPc = "CheckEmpty"
        /\ IF empty \/ "H3" \in Bugs
           THEN /\ pPc' = "Signal" /\ pObsEmpty' = empty
                /\ UNCHANGED <<pLen, pOldW>>
           ELSE ProducerReturns

ProducerLoadsReadIndex ==
    /\ ProducerChecksSpace \/ ProducerChecksEmpty
    /\ UNCHANGED <<memVars, abstractVars, consumerVars>>

\* The blocked producer publishes what it needs (at least the threshold),
\* then re-checks (§2.6).
ProducerSetsPendingSendSz ==
    /\ pPc = "SetPending"
    /\ Store(P, "pending_send_sz", PendingFor(pLen))
    /\ pPc' = AfterStore("ProducerAfterPendingSendSz", "BarrierPending", "CheckSpace")
    /\ UNCHANGED <<data, doorbell, abstractVars, pLen, pOldW, pObsEmpty, consumerVars>>

ProducerClearsPendingSendSz ==
    /\ pPc = "ClearPending"
    /\ Store(P, "pending_send_sz", 0)
    /\ pPc' = "Copy"
    /\ UNCHANGED <<data, doorbell, abstractVars, pLen, pOldW, pObsEmpty, consumerVars>>

\* Descriptor, payload and trailer.  The stores reach memory at once: TSO
\* keeps them ordered before the later write_index store and the consumer
\* reads data only after seeing that store, so buffering them is
\* unobservable; landing them early is the worst case for overrun.
ProducerCopiesPacket ==
    LET start == OwnW
        pkt   == [id |-> sent + 1, len |-> pLen, start |-> start]
    IN  /\ pPc = "Copy"
        /\ data' = [u \in Units |->
                      IF (u - start) % DataSize <= pLen
                      THEN [id |-> sent + 1, len |-> pLen, off |-> (u - start) % DataSize]
                      ELSE data[u]]
        /\ ring' = Append(ring, pkt)
        /\ sent' = sent + 1
        /\ pOldW' = start
        /\ pPc' = "StoreW"
        /\ UNCHANGED <<mem, sb, doorbell, nReceived, lastRecv, pLen, pObsEmpty, consumerVars>>

ProducerStoresWriteIndex ==
    /\ pPc = "StoreW"
    /\ Store(P, "write_index", (pOldW + pLen + 1) % DataSize)
    /\ pPc' = AfterStore("ProducerAfterWriteIndex", "BarrierW", "LoadMask")
    /\ UNCHANGED <<data, doorbell, abstractVars, pLen, pOldW, pObsEmpty, consumerVars>>

ProducerFullBarrier ==
    /\ pPc \in {"BarrierPending", "BarrierW"}
    /\ Drained(P)
    /\ pPc' = IF pPc = "BarrierPending" THEN "CheckSpace" ELSE "LoadMask"
    /\ UNCHANGED <<memVars, abstractVars, pLen, pOldW, pObsEmpty, consumerVars>>

\* A set mask means the consumer is draining and will re-check.
ProducerLoadsInterruptMask ==
    /\ pPc = "LoadMask"
    /\ IF Load(P, "interrupt_mask") # 0 THEN ProducerReturns
       ELSE /\ pPc' = "CheckEmpty"
            /\ UNCHANGED <<pLen, pOldW, pObsEmpty>>
    /\ UNCHANGED <<memVars, abstractVars, consumerVars>>

\* The doorbell is a hypercall (vmbus_set_event) or an interrupt: serializing,
\* so it waits for the store buffer like a barrier.
ProducerSignalsConsumer ==
    /\ pPc = "Signal"
    /\ Drained(P)
    /\ doorbell' = [doorbell EXCEPT ![C] = TRUE]
    /\ ProducerReturns
    /\ UNCHANGED <<mem, sb, data, abstractVars, consumerVars>>

ProducerConsumesDoorbell ==
    /\ pPc = "Sleep" /\ doorbell[P]
    /\ doorbell' = [doorbell EXCEPT ![P] = FALSE]
    /\ pPc' = "CheckSpace"
    /\ UNCHANGED <<mem, sb, data, abstractVars, pLen, pOldW, pObsEmpty, consumerVars>>

\* Without feat_pending_send_sz the consumer never signals space: poll.
ProducerPollTimerFires ==
    /\ pPc = "Poll"
    /\ pPc' = "CheckSpace"
    /\ UNCHANGED <<memVars, abstractVars, pLen, pOldW, pObsEmpty, consumerVars>>

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

ConsumerUnchangedLocals == UNCHANGED <<cPriv, cStart, cPending, cSample, cObsTrans>>

ConsumerConsumesDoorbell ==
    /\ cPc = "Sleep" /\ doorbell[C]
    /\ doorbell' = [doorbell EXCEPT ![C] = FALSE]
    /\ cPc' = "Mask"
    /\ UNCHANGED <<mem, sb, data, abstractVars, producerVars>>
    /\ ConsumerUnchangedLocals

ConsumerMasks ==
    /\ cPc = "Mask"
    /\ Store(C, "interrupt_mask", 1)
    /\ cPc' = AfterStore("ConsumerAfterMask", "BarrierMask", "Drain")
    /\ UNCHANGED <<data, doorbell, abstractVars, producerVars>>
    /\ ConsumerUnchangedLocals

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

\* hv_pkt_iter_first: more to read?  At the end of the batch, release the
\* consumed space (if any).  H1 samples the free space at the batch's start.
ConsumerPollsRing(w) ==
    /\ cPc = "Drain"
    /\ cPc' = IF w # cPriv THEN "Read"
              ELSE IF cPriv = OwnR THEN "Unmask"
              ELSE IF H2Path THEN "SampleW"
              ELSE "StoreR"
    /\ cSample' = IF "H1" \in Bugs /\ cSample = NoSample THEN FreeUnits(w, OwnR) ELSE cSample
    /\ UNCHANGED <<cPriv, cStart, cPending, cObsTrans>>

\* H2's hv_pkt_iter_close samples orig_write_sz before publishing read_index.
ConsumerSamplesFreeSpace(w) ==
    /\ cPc = "SampleW"
    /\ cPc' = "StoreR"
    /\ cSample' = FreeUnits(w, OwnR)
    /\ UNCHANGED <<cPriv, cStart, cPending, cObsTrans>>

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
                    [] OTHER         -> notBefore /\ cPending < after
    IN  /\ cPc = "LoadW"
        /\ cPc' = IF signal THEN "Signal" ELSE "Unmask"
        /\ cObsTrans' = (cPending # 0 /\ notBefore /\ cPending < after)
        /\ UNCHANGED <<cPriv, cStart, cPending, cSample>>

\* hv_end_read's re-check after unmasking: data raced in, mask and drain again.
ConsumerRechecks(w) ==
    /\ cPc = "Recheck"
    /\ cPc' = IF w # cPriv THEN "Mask" ELSE "Sleep"
    /\ ConsumerUnchangedLocals

ConsumerLoadsWriteIndex ==
    LET w == Load(C, "write_index")
    IN  /\ \/ ConsumerPollsRing(w)
           \/ ConsumerSamplesFreeSpace(w)
           \/ ConsumerDecidesSignal(w)
           \/ ConsumerRechecks(w)
        /\ UNCHANGED <<memVars, abstractVars, producerVars>>

\* Copy one packet out of the ring.  A descriptor that is not the start of
\* an intact packet yields Corrupt and stops the consumer.
ConsumerReadsPacket ==
    LET d      == data[cPriv]
        intact == /\ d # FreeUnit /\ d.off = 0
                  /\ \A k \in 0..d.len :
                        data[(cPriv + k) % DataSize] = [id |-> d.id, len |-> d.len, off |-> k]
    IN  /\ cPc = "Read"
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
        /\ UNCHANGED <<mem, sb, doorbell, sent, producerVars, cStart, cPending, cSample, cObsTrans>>

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
        /\ UNCHANGED <<cPriv, cPending, cSample, cObsTrans>>

ConsumerLoadsPendingSendSz ==
    LET pend == Load(C, "pending_send_sz")
        stop == IF H2Path THEN cSample > pend ELSE pend = 0
    IN  /\ cPc = "LoadPending"
        /\ cPending' = pend
        /\ cPc' = IF stop THEN "Unmask" ELSE "LoadW"
        /\ UNCHANGED <<memVars, abstractVars, producerVars>>
        /\ UNCHANGED <<cPriv, cStart, cSample, cObsTrans>>

\* H2 only (03bad714a161): "if (rbi->ring_buffer->interrupt_mask) return;" on
\* the consumer's own mask, which hv_begin_read set for the whole drain.
ConsumerLoadsInterruptMask ==
    /\ cPc = "LoadMask"
    /\ cPc' = IF Load(C, "interrupt_mask") # 0 THEN "Unmask"
              ELSE IF PendingSendSzFeature THEN "LoadPending"
              ELSE "Signal"
    /\ UNCHANGED <<memVars, abstractVars, producerVars>>
    /\ ConsumerUnchangedLocals

ConsumerSignalsProducer ==
    /\ cPc = "Signal"
    /\ Drained(C)
    /\ doorbell' = [doorbell EXCEPT ![P] = TRUE]
    /\ cPc' = "Unmask"
    /\ UNCHANGED <<mem, sb, data, abstractVars, producerVars>>
    /\ ConsumerUnchangedLocals

\* End of the batch: unmask, full barrier, re-check (hv_end_read).
ConsumerUnmasks ==
    /\ cPc = "Unmask"
    /\ Store(C, "interrupt_mask", 0)
    /\ cPc' = AfterStore("ConsumerAfterUnmask", "BarrierUnmask", "Recheck")
    /\ cStart' = 0 /\ cPending' = 0 /\ cSample' = NoSample /\ cObsTrans' = FALSE
    /\ UNCHANGED <<data, doorbell, abstractVars, producerVars, cPriv>>

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

-----------------------------------------------------------------------------
(* TSO: the oldest buffered store of processor p reaches memory.           *)

StoreBufferFlushes(p) ==
    /\ sb[p] # <<>>
    /\ mem' = [mem EXCEPT ![Head(sb[p]).f] = Head(sb[p]).v]
    /\ sb' = [sb EXCEPT ![p] = Tail(@)]
    /\ UNCHANGED <<data, doorbell, abstractVars, producerVars, consumerVars>>

-----------------------------------------------------------------------------
Next ==
    \/ ProducerNext
    \/ ConsumerNext
    \/ \E p \in Procs : StoreBufferFlushes(p)

Spec == Init /\ [][Next]_vars

\* Both processors keep running and store buffers drain: weak fairness.  A
\* sleeping side is enabled only by its doorbell (or, without the feature
\* bit, the producer's poll timer).
LiveSpec ==
    /\ Spec
    /\ WF_vars(ProducerNext)
    /\ WF_vars(ConsumerNext)
    /\ \A p \in Procs : WF_vars(StoreBufferFlushes(p))

-----------------------------------------------------------------------------
(* Invariants *)

\* The producer waits for space: asleep on its doorbell, or polling.
ProducerBlocked == pPc \in {"Sleep", "Poll"}

\* No overrun: every packet copied in and not yet read is intact in the
\* data area; the producer never wrote over unread units.
NoOverrunInv ==
    \A k \in 1..Len(ring) :
        \A j \in 0..ring[k].len :
            data[(ring[k].start + j) % DataSize] = [id |-> ring[k].id, len |-> ring[k].len, off |-> j]

RECURSIVE UnitsOf(_)
UnitsOf(s) == IF s = <<>> THEN 0 ELSE Head(s).len + 1 + UnitsOf(Tail(s))

\* The full/empty rule (§2.3): units not yet released to the producer (in
\* the ring, or read but before read_index reaches memory) never fill the
\* data area, so write_index = read_index can only mean empty.
FullEmptyRuleInv ==
    UnitsOf(ring) + ((cPriv - mem.read_index) % DataSize) < DataSize

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

\* Refinement: the ring is a FIFO of packets (PacketQueue).
PQ == INSTANCE PacketQueue WITH
        Msgs <- Packets \cup {Corrupt},
        queue <- [k \in 1..Len(ring) |-> [id |-> ring[k].id, len |-> ring[k].len]],
        NoMsg <- NoPacket,
        dequeued <- nReceived,
        last <- lastRecv

RefinesPacketQueueProp == PQ!Spec

=============================================================================
