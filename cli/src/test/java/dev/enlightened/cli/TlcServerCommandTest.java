package dev.enlightened.cli;

import dev.enlightened.workspace.Workspace;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Argument checks of the distributed commands (the loopback run itself is DistributedTlcTest in model-checks). */
class TlcServerCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    @Test
    void anUnknownModelIsBadInput() {
        String catalog = Workspace.locate(null).root().resolve("model-checks/src/test/resources/fixtures/models.json")
                .toString();
        assertEquals(ExitCodes.BAD_INPUT, run("tlc-server", "nope", "--catalog", catalog));
        assertTrue(err.toString().startsWith("error: unknown model \"nope\"; valid ids: counter, "), err.toString());
    }

    @Test
    void aWorkerNeedsAtLeastOneThread() {
        assertEquals(ExitCodes.BAD_INPUT, run("tlc-worker", "localhost", "--threads", "0"));
        assertEquals("error: --threads must be >= 1, got 0\n", err.toString());
    }
}
