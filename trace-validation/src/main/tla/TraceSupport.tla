---------------------------- MODULE TraceSupport ----------------------------
(***************************************************************************)
(* Helpers shared by the Trace<Spec>.tla modules of the trace-checking     *)
(* engine (trace-validation/, see docs/trace-format.md).  An event reaches *)
(* a matcher Is<Event>(e) as the record                                    *)
(*   [seq |-> n, action |-> "Name", actor |-> "party" (or ""),            *)
(*    params |-> [..], post |-> [..]]                                      *)
(* bound by the engine; nothing here reads files or uses TLC overrides.   *)
(***************************************************************************)

\* The event's post-state summary agrees with the view of the next state.
\* A trace logs only the fields it knows; absent fields constrain nothing.
\* Use as  PostMatches(e, TraceView')  in a matcher.
PostMatches(e, view) == \A f \in DOMAIN e.post : e.post[f] = view[f]

\* The event logs no parameter outside names (an unexpected one, such as a
\* corrupt read's payload size, must not be ignored).
ParamsAmong(e, names) == DOMAIN e.params \subseteq names

\* The event's parameter p, if logged, is v (a trace may leave p out).
ParamIs(e, p, v) == p \in DOMAIN e.params => e.params[p] = v
=============================================================================
