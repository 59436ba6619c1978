package dev.enlightened.validation.engine;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.enlightened.validation.format.TraceEvent;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import tla2sany.semantic.OpDeclNode;
import tlc2.tool.TLCState;

/**
 * The matched behaviour of an accepted trace, as JSON: per event its action, parameters, the silent steps before
 * it and the full spec state after it. Format {@code enlightened-witness/1}, see docs/trace-format.md.
 */
final class Witness {
    static final String FORMAT = "enlightened-witness/1";
    private static final ObjectMapper JSON = new ObjectMapper();

    private Witness() {
    }

    static void write(Path file, SpecSession spec, EventBinder events, TraceSearch search)
            throws IOException, EventBinder.EventError {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT).put("trace", events.file().toString()).put("spec", spec.moduleName);
        ArrayNode steps = root.putArray("steps");
        int[] seq = {0};
        // The witness holds the whole behaviour, so it grows with the trace (unlike the search): ask for it on
        // traces that fit in the engine's heap.
        search.forEachStep(step -> {
            int i = seq[0]++;
            ObjectNode o = steps.addObject();
            o.put("seq", i);
            o.put("action", step.action());
            if (i > 0) {
                TraceEvent e = events.event(i - 1);
                o.set("params", events.params(i - 1));
                if (e.actor() != null) {
                    o.put("actor", e.actor());
                }
            }
            List<Step> silent = new ArrayList<>();
            for (Step s = step.before(); s != null; s = s.before()) {
                silent.add(0, s);
            }
            if (!silent.isEmpty()) {
                ArrayNode a = o.putArray("silentBefore");
                for (Step s : silent) {
                    a.addObject().put("action", s.action()).set("state", state(spec, s.state()));
                }
            }
            o.set("state", state(spec, step.state()));
        });
        JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), root);
    }

    static ObjectNode state(SpecSession spec, TLCState s) {
        ObjectNode o = JSON.createObjectNode();
        for (OpDeclNode v : spec.vars) {
            o.set(v.getName().toString(), ValueCodec.toJson(SpecSession.var(s, v)));
        }
        return o;
    }
}
