package dev.enlightened.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code run ... --replay TOKEN}: a malformed token, or one recorded with other options, is bad input in one line. */
class ReplayTest {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "ring|garbage|malformed --replay token: replay token must start with r1-",
        "ring|r1-AAAA|malformed --replay token: replay token is corrupt",
        "channels|r1-eNoTExZjFeMQY2RiwAUZsUAmRgjEIkNAJwQCAEqPAMw|the --replay token does not fit this scenario",
        "network|garbage|malformed --replay token: replay token must start with r1-",
        "network|r1-eNoTExZjFeMQY2RiwAUZsUAmRgjEIkNAJwQCAEqPAMw|the --replay token does not fit this scenario"})
    void aTokenThatCannotBeReplayedIsBadInputInOneLine(String family, String token, String message) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), "run", family, "--trace",
                tmp.resolve("t.ndjson").toString(), "--replay", token);
        assertEquals(ExitCodes.BAD_INPUT, code, err.toString());
        assertEquals(1, err.toString().strip().lines().count(), err.toString());
        assertTrue(err.toString().contains(message), err.toString());
    }
}
