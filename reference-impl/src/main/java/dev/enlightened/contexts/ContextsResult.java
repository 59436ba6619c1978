package dev.enlightened.contexts;

import java.util.List;
import java.util.Map;

/**
 * How an execution-context run ended.
 *
 * @param steps     steps taken
 * @param completed every context finished (none blocked, the step budget not exhausted)
 * @param stuck     contexts blocked at the end, with what they wait for
 * @param guest     the guest's channel objects at the end, by channel (the spec's gSt names)
 */
public record ContextsResult(long steps, boolean completed, List<String> stuck, Map<String, String> guest) {
    public ContextsResult {
        stuck = List.copyOf(stuck);
        guest = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(guest)); // Primary, Sub
    }
}
