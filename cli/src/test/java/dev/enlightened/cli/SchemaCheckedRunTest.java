package dev.enlightened.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The schema check of the cli tests sees every trace a run wrote, and is not vacuous. */
class SchemaCheckedRunTest {
    @TempDir
    Path dir;

    @Test
    void aNetworkRunsTracesAreEveryGuestsFile() {
        Path trace = dir.resolve("dp.ndjson");
        assertEquals(ExitCodes.OK, SchemaCheckedRun.execute(new PrintWriter(new StringWriter()),
                new PrintWriter(new StringWriter()), "run", "network", "--guests", "2", "--frames", "20", "--trace",
                trace.toString()));
        assertEquals(List.of(dir.resolve("dp-guest1.ndjson"), trace),
                SchemaCheckedRun.written("run", "network", "--trace", trace.toString()));
    }

    @Test
    void aTraceLineOutsideTheSchemaFailsTheRun() throws IOException {
        Path trace = dir.resolve("r.ndjson");
        assertEquals(ExitCodes.OK, SchemaCheckedRun.execute(new PrintWriter(new StringWriter()),
                new PrintWriter(new StringWriter()), "run", "ring", "--packets", "2", "--trace", trace.toString()));
        Files.writeString(trace, "{\"seq\":1,\"action\":\"Send\",\"extra\":1}\n", java.nio.file.StandardOpenOption.APPEND);
        assertThrows(AssertionError.class, () -> SchemaCheckedRun.written("run", "ring", "--trace", trace.toString())
                .forEach(dev.enlightened.validation.format.TraceSchema::assertValid));
    }
}
