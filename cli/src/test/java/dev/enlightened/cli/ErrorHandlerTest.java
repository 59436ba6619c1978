package dev.enlightened.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Exit codes of failures: a user's error is 2, anything else is 3 (not 1, which means a check failed). */
class ErrorHandlerTest {
    private static String[] handle(Exception ex, int[] code) {
        StringWriter err = new StringWriter();
        CommandLine cmd = new CommandLine(new Main());
        cmd.setErr(new PrintWriter(err, true));
        code[0] = new ErrorHandler().handleExecutionException(ex, cmd, null);
        return err.toString().lines().toArray(String[]::new);
    }

    @Test
    void anInternalErrorExitsThreeOnOneLine() {
        int[] code = new int[1];
        String[] lines = handle(new IllegalStateException("TLC said:\n  something\n  broke"), code);
        assertEquals(ExitCodes.INTERNAL, code[0]);
        assertEquals(1, lines.length, String.join("\n", lines));
        assertTrue(lines[0].startsWith("internal error: IllegalStateException: TLC said: something broke"), lines[0]);
    }

    @Test
    void aUserErrorExitsTwo() {
        int[] code = new int[1];
        String[] lines = handle(new UserError("no such trace file: x"), code);
        assertEquals(ExitCodes.BAD_INPUT, code[0]);
        assertEquals("error: no such trace file: x", lines[0]);
    }
}
