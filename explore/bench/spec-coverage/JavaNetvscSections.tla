------------------------- MODULE JavaNetvscSections -------------------------
\* TraceNetvscDataPath's Init/Next with the section choices replaced (cfg
\* `<-`) by the Java run's: the lowest free send section, GPA direct only when
\* none is free (SendSectionMap, Linux netvsc_get_next_send_section); the
\* lowest free receive sections in ascending order (HostDataPath's TreeSet).
\* Frame sizes, queues and ranges per packet stay free.
EXTENDS TraceNetvscDataPath
LowestK(S, k) == [i \in 1..k |-> CHOOSE s \in S : Cardinality({t \in S : t < s}) = i - 1]
FreeSend == {s \in SendIdx : ~sendMap[s]}
JavaSectionChoices == IF FreeSend = {} THEN {NoSection} ELSE {LowestK(FreeSend, 1)[1]}
JavaRxChoices == {LowestK(recvFree, k) : k \in 1..(IF Cardinality(recvFree) < MaxRanges THEN Cardinality(recvFree) ELSE MaxRanges)}
=============================================================================
