/**
 * The trust boundary of trace validation: what a trace may say about the model it is checked against. A trace
 * module declares, beside itself ({@code Trace<Spec>.header.json}), which of its constants a trace header may set
 * (scenario parameters, each within a declared range) and which are pinned (a header may repeat them, with the
 * validator's value only). Every buggy-variant switch is fixed by the module's {@code .cfg} and can never be set from
 * a trace. Knows nothing of TLC: the check runs in the caller's JVM before an engine is forked, and again in the
 * engine before the spec is loaded.
 */
package dev.enlightened.validation.policy;
