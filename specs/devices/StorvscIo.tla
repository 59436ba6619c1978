----------------------------- MODULE StorvscIo ------------------------------
(***************************************************************************)
(* The storvsc I/O path after the handshake (StorvscHandshake): SCSI       *)
(* requests over the primary channel and its sub-channels, each matched to *)
(* its completion by trans_id, against a host whose disk has a volatile    *)
(* cache in front of a durable medium.                                     *)
(*                                                                         *)
(* Guest (Linux drivers/scsi/storvsc_drv.c): `storvsc_queuecommand` ->     *)
(* `storvsc_do_io` picks the outgoing channel (the primary or a            *)
(* sub-channel, by CPU) and writes one EXECUTE_SRB vstor_packet with       *)
(* REQUEST_COMPLETION_FLAG whose trans_id names the request (today a       *)
(* vmbus_requestor id, `vmbus_next_request_id`).  A full ring makes        *)
(* `vmbus_sendpacket*` return -EAGAIN and the command goes back to the     *)
(* SCSI midlayer (SCSI_MLQUEUE_DEVICE_BUSY): it is NOT submitted.  The     *)
(* midlayer keeps at most can_queue commands outstanding (`storvsc_probe`: *)
(* max_outstanding_req_per_channel * (sub-channels + 1) * ...); the model  *)
(* has the per-channel share, QueueDepth.  `storvsc_on_channel_callback`   *)
(* reads each packet off the channel's inbound ring and finds the request  *)
(* by its trans_id (`vmbus_request_addr`; an unknown id is dropped with    *)
(* "Invalid transaction ID"), then `storvsc_on_io_completion` completes    *)
(* that request.                                                           *)
(*                                                                         *)
(* Host (openvmm vm/devices/storage/storvsp): each channel's worker takes  *)
(* packets off its ring in order, runs the SCSI command asynchronously     *)
(* (several in flight, finishing in any order) and writes a COMPLETE_IO    *)
(* packet with the request's trans_id to the same channel's ring when the  *)
(* command finishes.  WRITE goes to the disk's volatile layer (the image   *)
(* file's page cache), SYNCHRONIZE CACHE (`sync_cache` -> the backing      *)
(* disk's flush, here FileChannel.force) makes it durable.                 *)
(*                                                                         *)
(* Abstraction.  Rings are FIFO queues of trans_ids (the ring spec checks  *)
(* the ring); the outbound ring holds RingCap packets, the inbound one is  *)
(* never the limit (the host holds at most QueueDepth requests per channel *)
(* and completion packets are small).  Each READ/WRITE covers one slot     *)
(* (4 KiB, the trace's unit), and a WRITE's data is its trans_id (its      *)
(* stamp).  trans_ids come from one counter for the device, FirstTid,      *)
(* FirstTid+1, ...; Linux reuses requestor ids, but a reused id is a fresh *)
(* one with a generation tag, and what must not happen (a completion       *)
(* finishing another request) is the same.  The host never sends a        *)
(* malformed or stray packet here: the hostile-host cases are the Java     *)
(* unit tests' (StorvscIo drops them); this spec is about a correct host   *)
(* and what the guest must do with it.  HostLosesPower drops the volatile  *)
(* layer while the guest goes on: more behaviours than a real crash (where *)
(* the guest dies too), and what the medium then holds is what later reads *)
(* see.                                                                    *)
(*                                                                         *)
(* Bounded state.  A request leaves reqs when it is finished: the guest    *)
(* took its own completion off the ring and completed it to its caller     *)
(* with the value the host performed it with (Finished).  So reqs holds    *)
(* the live requests (at most QueueDepth per channel, plus completions on  *)
(* the way) and nothing grows with the number of I/Os: a trace of N I/Os   *)
(* costs O(N) to validate, not O(N^2) (every step used to copy, walk and   *)
(* fingerprint a table of every request so far).  Nothing checked is lost: *)
(*  - trans_ids still come from one increasing counter, so a finished id   *)
(*    is never in flight again, and a completion for it is caught as       *)
(*    before (a completion must answer a request in guestOut);             *)
(*  - NoStrayCompletionInv's "acked => consumed with the performed value"  *)
(*    is the condition of leaving: a request completed in any other way    *)
(*    stays in reqs, where the invariant sees it;                          *)
(*  - EveryRequestCompletedProp asks that a submitted request is          *)
(*    eventually acked or gone, and only acked requests go;                *)
(*  - durability is per slot (cache, disk) and never read requests' past;  *)
(*  - the refinement maps leaving to BlockDevice's Forget, which forgets   *)
(*    only acknowledged requests.                                          *)
(*                                                                         *)
(* Variants (Bugs):                                                        *)
(*  "MatchByOrder"     the guest completes the OLDEST outstanding request  *)
(*                     of the channel with each completion, ignoring its   *)
(*                     trans_id (a driver that keeps a FIFO of requests    *)
(*                     and assumes the host answers in order).             *)
(*  "DropWhenFull"     the guest counts a request as submitted when the    *)
(*                     ring was full and nothing was written (ignoring     *)
(*                     -EAGAIN).                                           *)
(*  "AckBeforeDurable" the host completes SYNCHRONIZE CACHE without        *)
(*                     making the cache durable.                           *)
(*  "TimeoutReusesTid" a request that timed out frees its trans_id, and    *)
(*                     the next request takes it while the host may still  *)
(*                     answer the first (a driver whose trans_id is a       *)
(*                     reusable slot, as Linux's is the blk-mq tag:        *)
(*                     storvsc_on_channel_callback finds the command by     *)
(*                     scsi_host_find_tag(shost, rqst_id - 1)).            *)
(*                                                                         *)
(* Timeouts (issue 12).  With GuestMayTimeOut a request the guest has      *)
(* outstanding may fail with its timeout                                   *)
(* (GuestTimesOutWaitingForIoCompletion; the Java guest's request timeout, *)
(* StorvscIo.expire, 180 s as Linux storvsc_timeout).  What it leaves      *)
(* behind: the host may still hold it or have its completion on the way,  *)
(* so its trans_id stays out of use (gaveUp) until that late completion is *)
(* taken off the ring and dropped (GuestDropsLateIoCompletion), and its    *)
(* data pages stay withheld (the Java guest never reuses a timed-out      *)
(* GPA_DIRECT request's pages).  A                                         *)
(* request that timed out is outside the BlockDevice contract (a write may *)
(* or may not have taken effect), so the timeout models do not check the   *)
(* refinement.                                                             *)
(***************************************************************************)
EXTENDS Integers, Sequences, FiniteSets, TLC

CONSTANTS
    Channels,     \* channel indexes: 0 the primary, i the sub-channel i
    Slots,        \* slots the requests address: 0..Slots-1
    QueueDepth,   \* most outstanding requests per channel (guest)
    RingCap,      \* request packets the outbound ring holds
    FirstTid,     \* the first trans_id
    MaxRequests,  \* how many requests the guest submits at most (model bound)
    MaxCrashes,   \* how many power losses at most (model bound)
    IoOps,        \* the operations the guest submits
    Bugs,         \* a subset of BugNames: the variants switched on
    GuestMayTimeOut \* a request may fail with its timeout

BugNames == {"MatchByOrder", "DropWhenFull", "AckBeforeDurable", "TimeoutReusesTid"}

ASSUME ChannelsHavePrimary == Channels \subseteq Nat /\ 0 \in Channels
ASSUME BoundsAreNumbers ==
    /\ Slots \in Nat \ {0} /\ QueueDepth \in Nat \ {0} /\ RingCap \in Nat \ {0}
    /\ FirstTid \in Nat \ {0} /\ MaxRequests \in Nat /\ MaxCrashes \in Nat
ASSUME OpsAreKnown == IoOps \subseteq {"read", "write", "flush", "other"} /\ IoOps # {}
ASSUME BugsAreKnown == Bugs \subseteq BugNames
ASSUME TimeoutIsBoolean == GuestMayTimeOut \in BOOLEAN

SlotIds == 0..(Slots - 1)
NoSlot == -1
AllTids == FirstTid..(FirstTid + MaxRequests - 1)
\* 0 (never written) or a trans_id; an interval (the ids below FirstTid are
\* never stamps), which TLC tests lazily: {0} \cup AllTids would be built.
Stamps == 0..(FirstTid + MaxRequests - 1)
\* The slots an operation may address.
SlotsFor(op) == IF op \in {"read", "write"} THEN SlotIds ELSE {NoSlot}

\* Where a request is: "unsent" (counted by a DropWhenFull guest, never
\* written), "queued" on the outbound ring, "held" by the host, "posted"
\* (its completion on the inbound ring), "consumed" (the guest took that
\* completion off the ring).
Phases == {"unsent", "queued", "held", "posted", "consumed"}
InFlight == {"queued", "held", "posted"}
\* stamp: a read's value as the host performed it, a write's own tid;
\* acked/got: the guest completed this request to its caller, with got as
\* the read's value it handed over.
Requests == [ch : Channels, op : IoOps, slot : SlotIds \cup {NoSlot}, phase : Phases,
             stamp : Stamps, acked : BOOLEAN, got : Stamps]

VARIABLES
    out,        \* per channel, the outbound ring: Seq of trans_ids
    inb,        \* per channel, the inbound ring: Seq of trans_ids (COMPLETE_IO)
    guestOut,   \* per channel, the guest's outstanding requests, oldest first
    reqs,       \* every request not yet finished, by trans_id
    ioNextTid,  \* the trans_id of the guest's next request
    cache,      \* per slot, the host's volatile value (page cache)
    disk,       \* per slot, the durable value (medium)
    crashes,    \* power losses so far
    quiesced,   \* the guest has stopped (GuestQuiesces)
    gaveUp      \* trans_ids of requests that timed out whose completion the
                \* guest has not yet taken off the ring: the host may answer

ioVars == <<out, inb, guestOut, reqs, ioNextTid, cache, disk, crashes, quiesced, gaveUp>>

\* Written element-wise (not Seq(AllTids), DOMAIN reqs \subseteq AllTids) so
\* that TLC never builds AllTids: trace validation runs with 2^31 of them.
IsTidSeq(s) == \A i \in DOMAIN s : s[i] \in AllTids
TypeOK ==
    /\ DOMAIN out = Channels /\ DOMAIN inb = Channels /\ DOMAIN guestOut = Channels
    /\ \A c \in Channels : IsTidSeq(out[c]) /\ IsTidSeq(inb[c]) /\ IsTidSeq(guestOut[c])
    /\ \A t \in DOMAIN reqs : t \in AllTids /\ reqs[t] \in Requests
    /\ ioNextTid \in FirstTid..(FirstTid + MaxRequests)
    /\ cache \in [SlotIds -> Stamps]
    /\ disk \in [SlotIds -> Stamps]
    /\ crashes \in 0..MaxCrashes
    /\ quiesced \in BOOLEAN
    /\ \A t \in gaveUp : t \in DOMAIN reqs

Init ==
    /\ out = [c \in Channels |-> <<>>]
    /\ inb = [c \in Channels |-> <<>>]
    /\ guestOut = [c \in Channels |-> <<>>]
    /\ reqs = [t \in {} |-> 0]
    /\ ioNextTid = FirstTid
    /\ cache = [s \in SlotIds |-> 0]
    /\ disk = [s \in SlotIds |-> 0]
    /\ crashes = 0
    /\ quiesced = FALSE
    /\ gaveUp = {}

\* A request the guest is done with: it took the request's own completion
\* off the ring and completed the request to its caller, with the value the
\* host performed it with.  It leaves reqs (see Bounded state above).
Finished(r) == r.phase = "consumed" /\ r.acked /\ r.got = r.stamp
\* Table f without those of ids that are finished.
Retire(f, ids) == [t \in {u \in DOMAIN f : u \notin ids \/ ~Finished(f[u])} |-> f[t]]

\* Sequence s without element x.
Without(s, x) == SelectSeq(s, LAMBDA y : y # x)
\* Whether x occurs in sequence s.
InSeq(x, s) == \E i \in DOMAIN s : s[i] = x

-----------------------------------------------------------------------------
(* Guest: storvsc_do_io, storvsc_on_channel_callback                       *)

\* storvsc_do_io on channel ch: one EXECUTE_SRB with the next trans_id, if
\* the midlayer has room (QueueDepth) and the ring takes it.  A full ring
\* is -EAGAIN: the request is not submitted, unless DropWhenFull.
GuestSubmitsIo(ch, op, slot) ==
    /\ ~quiesced
    /\ ioNextTid < FirstTid + MaxRequests
    /\ Len(guestOut[ch]) < QueueDepth
    /\ slot \in SlotsFor(op)
    \* TimeoutReusesTid: a timed-out request's trans_id, freed at its timeout.
    /\ \E t \in IF "TimeoutReusesTid" \in Bugs /\ gaveUp # {} THEN gaveUp ELSE {ioNextTid} :
       LET r(ph) == [ch |-> ch, op |-> op, slot |-> slot, phase |-> ph, stamp |-> 0,
                     acked |-> FALSE, got |-> 0]
       IN /\ IF Len(out[ch]) < RingCap
             THEN /\ out' = [out EXCEPT ![ch] = Append(@, t)]
                  /\ reqs' = (t :> r("queued")) @@ reqs
             ELSE /\ "DropWhenFull" \in Bugs
                  /\ reqs' = (t :> r("unsent")) @@ reqs
                  /\ UNCHANGED out
          /\ guestOut' = [guestOut EXCEPT ![ch] = Append(@, t)]
          /\ ioNextTid' = IF t = ioNextTid THEN ioNextTid + 1 ELSE ioNextTid
    /\ UNCHANGED <<inb, cache, disk, crashes, quiesced, gaveUp>>

\* The request the guest completes with the completion of trans_id x on
\* channel ch: the one x names (vmbus_request_addr), or, MatchByOrder, the
\* oldest it has outstanding there.
Matched(ch, x) == IF "MatchByOrder" \in Bugs THEN Head(guestOut[ch]) ELSE x

\* Whether trans_id x, at the head of ch's inbound ring, is the late
\* completion of a request that timed out (gaveUp, no longer outstanding).
Late(ch, x) == x \in gaveUp /\ ~InSeq(x, guestOut[ch])

\* storvsc_on_channel_callback -> storvsc_on_io_completion: the next
\* COMPLETE_IO off ch's inbound ring completes its request.  (The host
\* here only completes requests the guest has outstanding or gave up on,
\* the latter GuestDropsLateIoCompletion's; with MatchByOrder a completion
\* can find nothing left to match.)
GuestReceivesIoCompletion(ch) ==
    /\ inb[ch] # <<>>
    /\ LET x == Head(inb[ch]) IN
        /\ ~Late(ch, x)
        /\ inb' = [inb EXCEPT ![ch] = Tail(@)]
        /\ IF guestOut[ch] = <<>> \/ ("MatchByOrder" \notin Bugs /\ ~InSeq(x, guestOut[ch]))
           THEN /\ reqs' = Retire([reqs EXCEPT ![x].phase = "consumed"], {x})
                /\ UNCHANGED guestOut
           ELSE LET m == Matched(ch, x) IN
                /\ guestOut' = [guestOut EXCEPT ![ch] = Without(@, m)]
                /\ reqs' = Retire([reqs EXCEPT ![x].phase = "consumed",
                                               ![m].acked = TRUE, ![m].got = reqs[x].stamp], {x, m})
    /\ UNCHANGED <<out, ioNextTid, cache, disk, crashes, quiesced, gaveUp>>

\* storvsc_on_channel_callback on the late completion of a request that
\* timed out: the trans_id names no request the guest still has (Linux:
\* scsi_host_find_tag finds no command, "Incorrect transaction ID" warning,
\* the packet is skipped and storvsc_on_receive / storvsc_on_io_completion
\* never run for it).  The packet is dropped; only now, with no answer left
\* to come, is its trans_id free (gaveUp).
GuestDropsLateIoCompletion(ch) ==
    /\ inb[ch] # <<>>
    /\ LET x == Head(inb[ch]) IN
        /\ Late(ch, x)
        /\ inb' = [inb EXCEPT ![ch] = Tail(@)]
        /\ reqs' = [t \in DOMAIN reqs \ {x} |-> reqs[t]]
        /\ gaveUp' = gaveUp \ {x}
    /\ UNCHANGED <<out, guestOut, ioNextTid, cache, disk, crashes, quiesced>>

\* The guest's timeout of request t, outstanding on channel ch (only while
\* it is: its own completion not yet taken off the ring).  The request
\* fails to its caller (StorvscIoError.Timeout) and leaves the channel's
\* depth; it stays in reqs, and its trans_id in gaveUp, while the host may
\* still answer it.
GuestTimesOutWaitingForIoCompletion(ch, t) ==
    /\ GuestMayTimeOut
    /\ ~quiesced
    /\ InSeq(t, guestOut[ch])
    /\ guestOut' = [guestOut EXCEPT ![ch] = Without(@, t)]
    /\ gaveUp' = gaveUp \cup {t}
    /\ UNCHANGED <<out, inb, reqs, ioNextTid, cache, disk, crashes, quiesced>>

\* Nothing in flight on any channel, nothing the guest still counts.
Settled ==
    /\ \A c \in Channels : out[c] = <<>> /\ inb[c] = <<>> /\ guestOut[c] = <<>>
    /\ \A t \in DOMAIN reqs : reqs[t].phase \notin {"held"}

\* The guest stops: it expects no more completions (end of a run).
GuestQuiesces ==
    /\ ~quiesced
    /\ Settled
    /\ quiesced' = TRUE
    /\ UNCHANGED <<out, inb, guestOut, reqs, ioNextTid, cache, disk, crashes, gaveUp>>

-----------------------------------------------------------------------------
(* Host: openvmm storvsp, per channel worker                               *)

\* The host takes the next request off ch's outbound ring.
HostReceivesIo(ch) ==
    /\ out[ch] # <<>>
    /\ out' = [out EXCEPT ![ch] = Tail(@)]
    /\ reqs' = [reqs EXCEPT ![Head(out[ch])].phase = "held"]
    /\ UNCHANGED <<inb, guestOut, ioNextTid, cache, disk, crashes, quiesced, gaveUp>>

\* The host performs held request t of channel ch (any of them) and posts
\* its COMPLETE_IO.  A read returns the cache; a write goes to the cache; a
\* flush makes the cache durable (unless AckBeforeDurable).
HostCompletesIo(ch, t) ==
    /\ t \in DOMAIN reqs
    /\ reqs[t].ch = ch /\ reqs[t].phase = "held"
    /\ LET r == reqs[t] IN
       /\ CASE r.op = "read" ->
                  /\ reqs' = [reqs EXCEPT ![t].phase = "posted", ![t].stamp = cache[r.slot]]
                  /\ UNCHANGED <<cache, disk>>
            [] r.op = "write" ->
                  /\ reqs' = [reqs EXCEPT ![t].phase = "posted", ![t].stamp = t]
                  /\ cache' = [cache EXCEPT ![r.slot] = t]
                  /\ UNCHANGED disk
            [] r.op = "flush" ->
                  /\ reqs' = [reqs EXCEPT ![t].phase = "posted"]
                  /\ disk' = IF "AckBeforeDurable" \in Bugs THEN disk ELSE cache
                  /\ UNCHANGED cache
            [] OTHER ->
                  /\ reqs' = [reqs EXCEPT ![t].phase = "posted"]
                  /\ UNCHANGED <<cache, disk>>
    /\ inb' = [inb EXCEPT ![ch] = Append(@, t)]
    /\ UNCHANGED <<out, guestOut, ioNextTid, crashes, quiesced, gaveUp>>

\* The page cache writes slot s back on its own.
HostWritesBack(s) ==
    /\ cache[s] # disk[s]
    /\ disk' = [disk EXCEPT ![s] = cache[s]]
    /\ UNCHANGED <<out, inb, guestOut, reqs, ioNextTid, cache, crashes, quiesced, gaveUp>>

\* Power loss: the volatile layer is gone.
HostLosesPower ==
    /\ crashes < MaxCrashes
    /\ cache # disk
    /\ cache' = disk
    /\ crashes' = crashes + 1
    /\ UNCHANGED <<out, inb, guestOut, reqs, ioNextTid, disk, quiesced, gaveUp>>

-----------------------------------------------------------------------------

GuestNext ==
    \/ \E ch \in Channels, op \in IoOps : \E slot \in SlotsFor(op) : GuestSubmitsIo(ch, op, slot)
    \/ \E ch \in Channels : GuestReceivesIoCompletion(ch)
    \/ \E ch \in Channels : GuestDropsLateIoCompletion(ch)
    \/ GuestQuiesces
    \/ \E ch \in Channels : \E t \in DOMAIN reqs : GuestTimesOutWaitingForIoCompletion(ch, t)

HostNext ==
    \/ \E ch \in Channels : HostReceivesIo(ch)
    \/ \E ch \in Channels : \E t \in DOMAIN reqs : HostCompletesIo(ch, t)
    \/ \E s \in SlotIds : HostWritesBack(s)
    \/ HostLosesPower

\* The guest stopped: explicit final stuttering, so that any other dead end
\* is a deadlock.
Terminating == quiesced /\ UNCHANGED ioVars

Next == GuestNext \/ HostNext \/ Terminating

Spec == Init /\ [][Next]_ioVars

\* The host serves every ring and finishes what it holds; the guest drains
\* its inbound rings and, once it submitted all it will, stops.
LiveSpec ==
    /\ Spec
    /\ WF_ioVars(\E ch \in Channels : HostReceivesIo(ch))
    /\ WF_ioVars(\E ch \in Channels : \E t \in DOMAIN reqs : HostCompletesIo(ch, t))
    /\ WF_ioVars(\E ch \in Channels : GuestReceivesIoCompletion(ch))
    /\ WF_ioVars(\E ch \in Channels : GuestDropsLateIoCompletion(ch))

-----------------------------------------------------------------------------

\* Every request the guest counts as outstanding is in flight on its own
\* channel (on the ring, held by the host, or its completion on the way), so
\* exactly one completion will come for it; no request is in flight twice.
AnsweredOnceInv ==
    /\ \A c \in Channels : \A i \in DOMAIN guestOut[c] :
          LET t == guestOut[c][i] IN reqs[t].ch = c /\ reqs[t].phase \in InFlight
    /\ \A c \in Channels : LET w == out[c] \o inb[c] IN
          \A i, j \in DOMAIN w : i # j => w[i] # w[j]

\* No completion for an unknown or finished trans_id: every completion on a
\* ring answers a request the guest still has outstanding on that channel,
\* and the guest completes a request only by taking that request's own
\* completion off the ring, with the value the host performed it with.
NoStrayCompletionInv ==
    /\ \A c \in Channels : \A i \in DOMAIN inb[c] : InSeq(inb[c][i], guestOut[c]) \/ inb[c][i] \in gaveUp
    /\ \A t \in DOMAIN reqs : reqs[t].acked => reqs[t].phase = "consumed" /\ reqs[t].got = reqs[t].stamp

\* No trans_id is reused while the host may still answer it: no request the
\* guest has outstanding carries the trans_id of one that timed out and
\* whose completion may still come (issue 12; Linux must not reuse a
\* timed-out command's tag, or its late completion finishes the new one).
NoTidReuseInv == \A c \in Channels : \A i \in DOMAIN guestOut[c] : guestOut[c][i] \notin gaveUp

\* The guest never has more than QueueDepth outstanding on a channel, and
\* the ring never holds more than it can.
DepthInv == \A c \in Channels : Len(guestOut[c]) <= QueueDepth /\ Len(out[c]) <= RingCap

\* Every request the guest submitted is eventually completed to its caller
\* (acked, or finished and gone from reqs: only acked requests go).
EveryRequestCompletedProp ==
    \A t \in AllTids : (t \in DOMAIN reqs) ~> (t \notin DOMAIN reqs \/ reqs[t].acked)

-----------------------------------------------------------------------------
(* Refinement of the block device contract (BlockDevice.tla).             *)

\* A request's state for its callers: acknowledged once the guest completed
\* it, performed once the host has (its completion posted or consumed).
BdState(r) == IF r.acked THEN "acked"
              ELSE IF r.phase \in {"posted", "consumed"} THEN "performed" ELSE "submitted"
\* What the request returned: as performed by the host, then as the guest
\* handed it over.
BdVal(r) == IF r.acked THEN r.got ELSE IF r.op = "read" THEN r.stamp
            ELSE IF r.op = "write" /\ r.phase \in {"posted", "consumed"} THEN r.stamp ELSE 0

BD == INSTANCE BlockDevice WITH
    Ids <- AllTids,
    bdReqs <- [t \in DOMAIN reqs |-> [op |-> reqs[t].op, slot |-> reqs[t].slot,
                                      st |-> BdState(reqs[t]), val |-> BdVal(reqs[t])]],
    vol <- cache,
    dur <- [s \in SlotIds |-> {disk[s], cache[s]}]

\* Reads return what the contract allows, flushed writes survive a power
\* loss, requests are acknowledged only after they took effect.  A finished
\* request leaving reqs is BlockDevice's Forget (or AckAndForget when the
\* guest completes it in the same step).
BlockDeviceRefinementProp == BD!Spec

=============================================================================
