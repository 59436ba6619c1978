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

\* The event's parameter p if it was logged, else the default d (for actions
\* whose parameters a trace may leave out).
ParamOr(e, p, d) == IF p \in DOMAIN e.params THEN e.params[p] ELSE d
=============================================================================
