package dev.enlightened.trace;

import java.util.LinkedHashMap;
import java.util.Map;

/** Builds ordered field maps for {@link TraceSink#emit}: {@code Fields.of("r", 8, "w", 16)}. */
public final class Fields {
    private Fields() {
    }

    /**
     * Returns an insertion-ordered map of alternating keys and values.
     *
     * @throws IllegalArgumentException on an odd argument count or a non-string key
     */
    public static Map<String, Object> of(Object... keysAndValues) {
        if (keysAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("odd number of arguments: count=" + keysAndValues.length);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            if (!(keysAndValues[i] instanceof String key)) {
                throw new IllegalArgumentException("key must be a String: index=" + i);
            }
            m.put(key, keysAndValues[i + 1]);
        }
        return m;
    }
}
