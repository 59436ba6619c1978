--------------------------- MODULE TraceStorvscIo ---------------------------
(***************************************************************************)
(* Trace validation of a whole storvsc run: the handshake                  *)
(* (specs/devices/StorvscHandshake.tla) and then the I/O path              *)
(* (specs/devices/StorvscIo.tla) in one trace, against traces of the Java  *)
(* guest and simulated host (`enlightened run storvsc --io N --disk F`).   *)
(* The event vocabulary is specs/devices/STORVSC_IO_EVENTS.md.             *)
(*                                                                         *)
(* Composition: both specs are INSTANCEs over the variables declared here  *)
(* (their names are disjoint); every action of one leaves the other's      *)
(* variables unchanged.  Each action of the trace's Next is a wrapper with *)
(* the event's name, so the engine's per-action machinery (actor check,    *)
(* quiescence, diagnosis) sees the same names as the trace.  I/O on        *)
(* channel ch is possible once the guest is Ready (its last handshake      *)
(* completion) and, for a sub-channel, once the guest opened it            *)
(* (opens[ch] = 1).  The handshake's requests and the I/O requests share   *)
(* the primary ring in reality; here they are two queues, which loses      *)
(* nothing because the guest sends no handshake request once it is Ready. *)
(*                                                                         *)
(* Mapping: spec variable <-> trace field <-> Java field.                  *)
(*  handshake: as TraceStorvscHandshake (guestPc, verIdx, version,         *)
(*    requested, nextTid, pending, listed, opened, hostState, hostVersion, *)
(*    offers; params of its five events).                                  *)
(*  ioNextTid     post.nextTid of GuestSubmitsIo (the I/O trans_id         *)
(*                counter; a handshake event never logs nextTid once I/O   *)
(*                started, so one view field serves both)                  *)
(*  guestOut[ch]  post.outstanding: its length on params.ch; of            *)
(*                GuestQuiesces, the sum over channels                     *)
(*  reqs[t] held  post.held: requests the host holds on params.ch          *)
(*  cache # disk  post.dirty: slots written since the last flush           *)
(*  Head(out[ch]) params tid, op, lba, blocks of HostReceivesIo            *)
(*  reqs[t].stamp params.stamp of HostCompletesIo (read: what the host     *)
(*                read; write: the stamp in the data it wrote)             *)
(*  Head(inb[ch]) params.tid of GuestReceivesIoCompletion; params.req the  *)
(*                request the guest completed; params.stamp a read's data  *)
(*  slot          params.lba / SectorsPerSlot (lba a multiple of it,       *)
(*                blocks = SectorsPerSlot)                                 *)
(*                                                                         *)
(* Constants from the trace header: the handshake's (as                    *)
(* TraceStorvscHandshake) and Slots, SectorsPerSlot, QueueDepth, FirstTid, *)
(* MaxIoRequests.                                                          *)
(* Fixed here, never from a trace: ProbePathOpens = FALSE, Bugs = {} (the  *)
(* correct protocols: runs of --fault H10 or an I/O fault are rejected),   *)
(* RingCap = QueueDepth (the Java guest's ring is never the limit before   *)
(* its depth is; a request counted while the ring was full never reaches  *)
(* the host and is caught at GuestQuiesces), MaxCrashes = 0 (the Java      *)
(* host does not lose power), all four operations.                         *)
(*                                                                         *)
(* Deliberate differences, each in one place:                             *)
(*  - HostWritesBack and HostLosesPower have no event and are not in       *)
(*    TraceNext: the OS writing the page cache back is invisible to the    *)
(*    trace and changes nothing it logs (post.dirty counts slots written   *)
(*    since the last flush, as the Java host does).                        *)
(*  - The handshake's Terminating has no event.                            *)
(*  - The host never fails a request here (status "ok"): traced workloads  *)
(*    stay in range; refusals are the Java unit tests'.                    *)
(***************************************************************************)
EXTENDS Integers, Sequences, FiniteSets, TLC, TraceSupport

CONSTANTS
    GuestVersionSet, HostVersionSet, MultiChannelVersion, HostMaxSubChannels, GuestWantedSubChannels,
    Slots,           \* slots of 4 KiB the traced workload addresses
    SectorsPerSlot,  \* LBAs per slot (8 for 512-byte sectors)
    QueueDepth,      \* the guest's limit of outstanding requests per channel
    FirstTid,        \* the first I/O trans_id
    MaxIoRequests    \* most I/O requests the trace submits (the run's workload)

VARIABLES
    \* StorvscHandshake
    toHost, toGuest, offerQ, hostAccepts, hostState, hostVersion, guestPc, verIdx, version, requested,
    nextTid, answers, scList, pendingOpens, opens,
    \* StorvscIo
    out, inb, guestOut, reqs, ioNextTid, cache, disk, crashes, quiesced, gaveUp

hsVars == <<toHost, toGuest, offerQ, hostAccepts, hostState, hostVersion, guestPc, verIdx, version,
            requested, nextTid, answers, scList, pendingOpens, opens>>
ioVars == <<out, inb, guestOut, reqs, ioNextTid, cache, disk, crashes, quiesced, gaveUp>>

RECURSIVE SortDown(_)
SortDown(S) ==
    IF S = {} THEN <<>>
    ELSE LET m == CHOOSE x \in S : \A y \in S : x >= y IN <<m>> \o SortDown(S \ {m})

HS == INSTANCE StorvscHandshake WITH
    GuestVersions <- SortDown(GuestVersionSet),
    HostVersionSets <- {HostVersionSet},
    ProbePathOpens <- FALSE,
    GuestMayTimeOut <- TRUE,
    TimeoutRetries <- FALSE

\* The primary and every sub-channel the handshake can create.
IoChannels == {0} \cup HS!SubIdx
\* The run's workload (MaxIoRequests, from the header), and trans_ids stay
\* below 2^31 (docs/trace-format.md, integer encoding).  The bound makes the
\* spec finite at a run's constants, so TLC can count its states (explore
\* --spec-coverage); a trace of more requests than its header says is
\* rejected at the first one too many.
TraceMaxRequests ==
    IF MaxIoRequests < 2147483647 - FirstTid THEN MaxIoRequests ELSE 2147483647 - FirstTid

\* Every operation a trace may log.
TraceIoOps == {"read", "write", "flush", "other"}

IO == INSTANCE StorvscIo WITH
    Channels <- IoChannels,
    RingCap <- QueueDepth,
    MaxRequests <- TraceMaxRequests,
    MaxCrashes <- 0,
    IoOps <- TraceIoOps,
    Bugs <- {},
    \* The Java guest's request timeout (StorvscIo.expire) and the drop of
    \* the late completion are traced (issue 12).
    GuestMayTimeOut <- TRUE

ASSUME TraceBoundsAreNumbers ==
    SectorsPerSlot \in Nat \ {0} /\ FirstTid \in 1..2147483646 /\ MaxIoRequests \in Nat

TraceInit == HS!Init /\ IO!Init

-----------------------------------------------------------------------------
(* The actions of the whole run, by event name *)

GuestSendsBeginInitialization == HS!GuestSendsBeginInitialization /\ UNCHANGED ioVars
GuestReceivesCompletion == HS!GuestReceivesCompletion /\ UNCHANGED ioVars
GuestProcessesOffer == HS!GuestProcessesOffer /\ UNCHANGED ioVars
GuestOpensSubChannel == HS!GuestOpensSubChannel /\ UNCHANGED ioVars
HostReceivesRequest == HS!HostReceivesRequest /\ UNCHANGED ioVars
GuestTimesOutWaitingForBeginInitialization == HS!GuestTimesOutWaitingForBeginInitialization /\ UNCHANGED ioVars
GuestTimesOutWaitingForProtocolVersion == HS!GuestTimesOutWaitingForProtocolVersion /\ UNCHANGED ioVars
GuestTimesOutWaitingForProperties == HS!GuestTimesOutWaitingForProperties /\ UNCHANGED ioVars
GuestTimesOutWaitingForEndInitialization == HS!GuestTimesOutWaitingForEndInitialization /\ UNCHANGED ioVars
GuestTimesOutWaitingForSubChannels == HS!GuestTimesOutWaitingForSubChannels /\ UNCHANGED ioVars

\* I/O on ch: the guest is Ready and ch is the primary or an open sub-channel.
IoOpen(ch) == guestPc = "Ready" /\ (ch = 0 \/ (ch \in HS!SubIdx /\ opens[ch] = 1))

GuestSubmitsIo(ch) ==
    /\ IoOpen(ch)
    /\ UNCHANGED hsVars
    /\ \E op \in TraceIoOps : \E slot \in IO!SlotsFor(op) : IO!GuestSubmitsIo(ch, op, slot)
HostReceivesIo(ch) == UNCHANGED hsVars /\ IO!HostReceivesIo(ch)
HostCompletesIo(ch) == UNCHANGED hsVars /\ \E t \in DOMAIN reqs : IO!HostCompletesIo(ch, t)
GuestReceivesIoCompletion(ch) == UNCHANGED hsVars /\ IO!GuestReceivesIoCompletion(ch)
GuestTimesOutWaitingForIoCompletion(ch) ==
    UNCHANGED hsVars /\ \E t \in DOMAIN reqs : IO!GuestTimesOutWaitingForIoCompletion(ch, t)
GuestDropsLateIoCompletion(ch) == UNCHANGED hsVars /\ IO!GuestDropsLateIoCompletion(ch)
GuestQuiesces == UNCHANGED hsVars /\ IO!GuestQuiesces

TraceNext ==
    \/ GuestSendsBeginInitialization
    \/ GuestReceivesCompletion
    \/ GuestProcessesOffer
    \/ GuestOpensSubChannel
    \/ HostReceivesRequest
    \/ GuestTimesOutWaitingForBeginInitialization
    \/ GuestTimesOutWaitingForProtocolVersion
    \/ GuestTimesOutWaitingForProperties
    \/ GuestTimesOutWaitingForEndInitialization
    \/ GuestTimesOutWaitingForSubChannels
    \/ \E ch \in IoChannels : GuestSubmitsIo(ch)
    \/ \E ch \in IoChannels : HostReceivesIo(ch)
    \/ \E ch \in IoChannels : HostCompletesIo(ch)
    \/ \E ch \in IoChannels : GuestReceivesIoCompletion(ch)
    \/ \E ch \in IoChannels : GuestTimesOutWaitingForIoCompletion(ch)
    \/ \E ch \in IoChannels : GuestDropsLateIoCompletion(ch)
    \/ GuestQuiesces

-----------------------------------------------------------------------------
(* Invariants checked in every matched state *)

TraceTypeOK == HS!TypeOK /\ IO!TypeOK
HsAnsweredOnceInv == HS!AnsweredOnceInv
HsOneOutstandingInv == HS!OneOutstandingInv
HsNoInvalidStateInv == HS!NoInvalidStateInv
HsNewestCommonVersionInv == HS!NewestCommonVersionInv
HsSubChannelOpenedOnceInv == HS!SubChannelOpenedOnceInv
IoAnsweredOnceInv == IO!AnsweredOnceInv
IoNoStrayCompletionInv == IO!NoStrayCompletionInv
IoDepthInv == IO!DepthInv
IoNoTidReuseInv == IO!NoTidReuseInv

-----------------------------------------------------------------------------
(* What post fields mean *)

HeldOn(ch) == Cardinality({t \in DOMAIN reqs : reqs[t].ch = ch /\ reqs[t].phase = "held"})
Dirty == Cardinality({s \in IO!SlotIds : cache[s] # disk[s]})
RECURSIVE SumLen(_)
SumLen(S) == IF S = {} THEN 0 ELSE LET c == CHOOSE x \in S : TRUE IN Len(guestOut[c]) + SumLen(S \ {c})

TraceView ==
    [guestPc |-> guestPc, verIdx |-> verIdx, version |-> version, requested |-> requested,
     nextTid |-> IF ioNextTid = FirstTid THEN nextTid ELSE ioNextTid,
     pending |-> Cardinality(pendingOpens), listed |-> Cardinality(scList),
     opened |-> opens, hostState |-> hostState, hostVersion |-> hostVersion, offers |-> Len(offerQ),
     outstanding |-> [c \in IoChannels |-> Len(guestOut[c])],
     held |-> [c \in IoChannels |-> HeldOn(c)],
     dirty |-> Dirty]

\* Every logged post field agrees with the next state; opened is read at the
\* event's sub-channel (params.index), outstanding and held at its channel
\* (params.ch; GuestQuiesces, which has none, logs the total outstanding).
PostOk(e) ==
    \A f \in DOMAIN e.post :
        CASE f = "opened" -> e.params.index \in HS!SubIdx /\ e.post.opened = opens'[e.params.index]
          [] f = "outstanding" ->
                e.post.outstanding = IF "ch" \in DOMAIN e.params THEN Len(guestOut'[e.params.ch])
                                     ELSE SumLen(IoChannels)'
          [] f = "held" -> e.post.held = HeldOn(e.params.ch)'
          [] OTHER -> f \in DOMAIN TraceView /\ e.post[f] = TraceView'[f]

-----------------------------------------------------------------------------
(* Handshake events (as TraceStorvscHandshake) *)

IsGuestSendsBeginInitialization(e) ==
    /\ GuestSendsBeginInitialization
    /\ e.params.tid = nextTid
    /\ PostOk(e)

IsGuestReceivesCompletion(e) ==
    /\ toGuest # <<>>
    /\ Head(toGuest).tid = e.params.tid
    /\ Head(toGuest).status = e.params.status
    /\ Head(toGuest).maxSub = e.params.maxSub
    /\ Head(toGuest).multi = e.params.multi
    /\ GuestReceivesCompletion
    /\ PostOk(e)

IsGuestProcessesOffer(e) ==
    /\ offerQ # <<>>
    /\ Head(offerQ) = e.params.index
    /\ GuestProcessesOffer
    /\ PostOk(e)

IsGuestOpensSubChannel(e) ==
    /\ <<e.params.path, e.params.index>> \in pendingOpens
    /\ GuestOpensSubChannel
    /\ pendingOpens' = pendingOpens \ {<<e.params.path, e.params.index>>}
    /\ PostOk(e)

IsHostReceivesRequest(e) ==
    /\ toHost # <<>>
    /\ Head(toHost).tid = e.params.tid
    /\ Head(toHost).op = e.params.op
    /\ Head(toHost).arg = e.params.arg
    /\ HostReceivesRequest
    /\ toGuest'[Len(toGuest')].status = e.params.status
    /\ PostOk(e)

\* A wait that ends in its timeout (as TraceStorvscHandshake): params.tid is
\* the one outstanding request.  After a CREATE_SUB_CHANNELS timeout the
\* late completion stays in HS's toGuest (the I/O path drops its unknown
\* trans_id untraced, a hostile-host case of StorvscIo's unit tests).
TimedOutRequestIs(e) == e.params.tid = nextTid - 1 /\ PostOk(e)
IsGuestTimesOutWaitingForBeginInitialization(e) ==
    GuestTimesOutWaitingForBeginInitialization /\ TimedOutRequestIs(e)
IsGuestTimesOutWaitingForProtocolVersion(e) ==
    GuestTimesOutWaitingForProtocolVersion /\ TimedOutRequestIs(e)
IsGuestTimesOutWaitingForProperties(e) ==
    GuestTimesOutWaitingForProperties /\ TimedOutRequestIs(e)
IsGuestTimesOutWaitingForEndInitialization(e) ==
    GuestTimesOutWaitingForEndInitialization /\ TimedOutRequestIs(e)
IsGuestTimesOutWaitingForSubChannels(e) ==
    GuestTimesOutWaitingForSubChannels /\ TimedOutRequestIs(e)

-----------------------------------------------------------------------------
(* I/O events (specs/devices/STORVSC_IO_EVENTS.md) *)

\* A read or write names one whole slot: lba a multiple of SectorsPerSlot,
\* blocks = SectorsPerSlot.  Only read for events whose op is read/write.
SlotOf(e) ==
    IF e.params.lba % SectorsPerSlot = 0 /\ e.params.blocks = SectorsPerSlot
    THEN e.params.lba \div SectorsPerSlot ELSE -2
\* The slot an event's request addresses (NoSlot for flush and other).
EventSlot(e) == IF e.params.op \in {"read", "write"} THEN SlotOf(e) ELSE IO!NoSlot

IsGuestSubmitsIo(e) ==
    /\ e.params.ch \in IoChannels
    /\ IoOpen(e.params.ch)
    /\ e.params.tid = ioNextTid
    /\ e.params.op \in TraceIoOps
    /\ EventSlot(e) \in IO!SlotsFor(e.params.op)
    /\ Len(guestOut[e.params.ch]) < QueueDepth
    /\ IO!GuestSubmitsIo(e.params.ch, e.params.op, EventSlot(e))
    /\ UNCHANGED hsVars
    /\ PostOk(e)

\* The request read is the head of the channel's outbound ring.
IsHostReceivesIo(e) ==
    /\ e.params.ch \in IoChannels
    /\ out[e.params.ch] # <<>>
    /\ Head(out[e.params.ch]) = e.params.tid
    /\ reqs[e.params.tid].op = e.params.op
    /\ reqs[e.params.tid].slot = EventSlot(e)
    /\ HostReceivesIo(e.params.ch)
    /\ PostOk(e)

\* The host performs one of the requests it holds on the channel; a read's
\* stamp is the cache's, a write's is its own trans_id.
IsHostCompletesIo(e) ==
    /\ e.params.ch \in IoChannels
    /\ e.params.tid \in DOMAIN reqs
    /\ IO!HostCompletesIo(e.params.ch, e.params.tid)
    /\ UNCHANGED hsVars
    /\ e.params.status = "ok"
    /\ reqs[e.params.tid].op \in {"read", "write"} => e.params.stamp = reqs'[e.params.tid].stamp
    /\ PostOk(e)

\* The completion read is the head of the channel's inbound ring, and the
\* guest completes the request that completion names, with its data.
IsGuestReceivesIoCompletion(e) ==
    /\ e.params.ch \in IoChannels
    /\ inb[e.params.ch] # <<>>
    /\ Head(inb[e.params.ch]) = e.params.tid
    /\ e.params.req = e.params.tid
    /\ e.params.status = "ok"
    /\ reqs[e.params.tid].op = "read" => e.params.stamp = reqs[e.params.tid].stamp
    /\ GuestReceivesIoCompletion(e.params.ch)
    /\ PostOk(e)

\* The guest's timeout of request params.tid, outstanding on params.ch
\* (StorvscIo.expire): only while the guest still has it outstanding, so a
\* timeout logged after the request's completion reached the guest is
\* rejected.
IsGuestTimesOutWaitingForIoCompletion(e) ==
    /\ e.params.ch \in IoChannels
    /\ IO!InSeq(e.params.tid, guestOut[e.params.ch])
    /\ IO!GuestTimesOutWaitingForIoCompletion(e.params.ch, e.params.tid)
    /\ UNCHANGED hsVars
    /\ PostOk(e)

\* The late completion of a request that timed out, dropped: the head of
\* the channel's inbound ring, a trans_id the guest gave up on.
IsGuestDropsLateIoCompletion(e) ==
    /\ e.params.ch \in IoChannels
    /\ inb[e.params.ch] # <<>>
    /\ Head(inb[e.params.ch]) = e.params.tid
    /\ GuestDropsLateIoCompletion(e.params.ch)
    /\ PostOk(e)

\* Only when nothing is in flight anywhere (IO!Settled): a request the
\* guest counted but that never reached the host is caught here.
IsGuestQuiesces(e) ==
    /\ IO!Settled
    /\ GuestQuiesces
    /\ PostOk(e)

-----------------------------------------------------------------------------

\* Complete logging: no silent actions.  For Quiescent events, a party is
\* blocked when none of its actions can step.
TraceParties ==
    [guest |-> {"GuestSendsBeginInitialization", "GuestReceivesCompletion", "GuestProcessesOffer",
                "GuestOpensSubChannel", "GuestSubmitsIo", "GuestReceivesIoCompletion",
                "GuestDropsLateIoCompletion", "GuestQuiesces"},
     host |-> {"HostReceivesRequest", "HostReceivesIo", "HostCompletesIo"}]

\* Who takes each logged action: the parties' actions, and the guest's
\* timeouts (no party's, for Quiescent events, but the guest's).
HandshakeTimeouts == {"GuestTimesOutWaitingForBeginInitialization", "GuestTimesOutWaitingForProtocolVersion",
                      "GuestTimesOutWaitingForProperties", "GuestTimesOutWaitingForEndInitialization",
                      "GuestTimesOutWaitingForSubChannels", "GuestTimesOutWaitingForIoCompletion"}
TraceActors == [guest |-> TraceParties.guest \cup HandshakeTimeouts, host |-> TraceParties.host]

TraceWaitingFor == [guest |-> {"completion"}]
=============================================================================
