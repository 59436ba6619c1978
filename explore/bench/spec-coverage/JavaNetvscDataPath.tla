------------------------- MODULE JavaNetvscDataPath -------------------------
\* TraceNetvscDataPath's Init/Next held to the sections the Java run takes:
\* a send copies into the lowest free send section whenever one is free
\* (SendSectionMap, Linux netvsc_get_next_send_section), and a receive packet
\* takes the lowest free receive sections, in ascending order (HostDataPath's
\* TreeSet).  Frame sizes, queues and how many ranges a packet has stay free.
EXTENDS TraceNetvscDataPath
Lowest(S, k) == {s \in S : Cardinality({t \in S : t < s}) < k}
JavaSections ==
    /\ txSent' # txSent =>
         LET free == {s \in SendIdx : ~sendMap[s]} IN
         free # {} => {s \in SendIdx : ~sendMap[s] /\ sendMap'[s]} = Lowest(free, 1)
    /\ rxSent' # rxSent =>
         /\ recvFree \ recvFree' = Lowest(recvFree, rxSent' - rxSent)
         /\ LET secs == inRing'[lastQueue'][Len(inRing'[lastQueue'])].sections IN
            \A i, j \in DOMAIN secs : i < j => secs[i] < secs[j]
=============================================================================
