package dev.enlightened.validation;

import java.util.List;
import java.util.Map;

/**
 * What an engine JVM reports back to {@link TraceValidator}, as JSON: the contract across the process boundary.
 * It lives here, not in the engine package, so that the engine depends on this package and never the reverse.
 *
 * @param loadMillis       time to parse the spec and config once
 * @param processCpuMillis CPU time of the whole engine JVM (all threads, JIT and GC included)
 * @param coverage         per action of the trace module (logged and silent): steps in accepted behaviours
 * @param verdicts         one per trace, in the order given
 */
public record BatchResult(long loadMillis, long processCpuMillis, Map<String, Long> coverage,
                          List<Verdict> verdicts) {
}
