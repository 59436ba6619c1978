package dev.enlightened.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An output file that cannot be written (its parent is a regular file, or it is a directory) is bad input: one
 * line naming the path and the reason, exit 2, before any long work; never an internal error.
 */
class OutputPathTest {
    private static final String EXAMPLE = Path.of(System.getProperty("enlightened.root"), "docs", "examples",
            "ring-blocked-producer-accepted.ndjson").toString();

    private static String[] run(String... args) {
        StringWriter err = new StringWriter();
        int code = Main.execute(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true), args);
        return new String[] {String.valueOf(code), err.toString()};
    }

    private static void assertBadOutput(String what, String[] result) {
        assertEquals(String.valueOf(ExitCodes.BAD_INPUT), result[0], result[1]);
        assertTrue(result[1].contains("cannot write " + what + ": path="), result[1]);
        assertFalse(result[1].contains("internal error") || result[1].contains("Exception"), result[1]);
    }

    @Test
    void everyOutputOptionUnderARegularFileIsBadInput(@TempDir Path tmp) throws IOException {
        Path file = Files.writeString(tmp.resolve("a-file"), "x");
        String under = file.resolve("out.json").toString();
        assertBadOutput("verdicts", run("validate", EXAMPLE, "--json", under));
        assertBadOutput("witness", run("validate", EXAMPLE, "--witness", under));
        assertBadOutput("report", run("check", "--model", "ring-h3", "--json", under));
        assertBadOutput("report", run("check", "--model", "ring-h3", "--markdown", under));
        for (String device : new String[] {"ring", "channels", "storvsc", "netvsc"}) {
            assertBadOutput("trace", run("run", device, "--trace", under));
        }
        String[] reason = run("run", "ring", "--trace", under);
        assertTrue(reason[1].contains("exists and is not a directory: " + file), reason[1]);
    }

    @Test
    void aDirectoryIsNotAnOutputFile(@TempDir Path tmp) {
        String[] result = run("validate", EXAMPLE, "--json", tmp.toString());
        assertBadOutput("verdicts", result);
        assertTrue(result[1].contains("reason=is a directory"), result[1]);
    }
}
