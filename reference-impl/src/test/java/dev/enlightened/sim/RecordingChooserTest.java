package dev.enlightened.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enlightened.channel.scenario.Scenario;
import dev.enlightened.channel.scenario.ScenarioRunner;
import dev.enlightened.trace.NdjsonTraceWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class RecordingChooserTest {
    private static String trace(Scenario s, Chooser chooser) {
        StringWriter out = new StringWriter();
        try (NdjsonTraceWriter w = NdjsonTraceWriter.to(out, ScenarioRunner.header(s, false))) {
            ScenarioRunner.runDeterministic(s, w, chooser);
        }
        return out.toString();
    }

    @Test
    void aRecordedRunReplaysToTheSameTrace() {
        Scenario s = Scenario.basic(2, 9).withEvents(1, 1, 1).withOpens(1, 20, 20, 16);
        RecordingChooser rec = new RecordingChooser(new RandomChooser(9));
        String first = trace(s, rec);
        ReplayToken token = ReplayToken.decode(rec.token().encode());
        ReplayChooser replay = new ReplayChooser(token);
        assertEquals(first, trace(s, replay));
        assertTrue(replay.exhausted(), "every recorded decision was used");
        assertEquals(first, trace(s, new RandomChooser(9)), "recording changes no decision");
    }
}
