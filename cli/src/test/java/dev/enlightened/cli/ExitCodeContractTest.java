package dev.enlightened.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.enlightened.workspace.WorkspaceException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * One exit-code contract for every command (0 ok, 1 check failed, 2 bad input, 3 internal error or exhausted
 * resource), each non-zero code with one line on stderr and no stack trace. Codes 0, 1 and 2 reached through each
 * command's own inputs are in its own test class (CheckCommandTest, ValidateCommandTest, Run*CommandTest,
 * TlcServerCommandTest); this class holds what applies to every command, and code 3 reached for real.
 */
class ExitCodeContractTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    /** Every leaf command, as typed. */
    static List<String> commands() {
        return List.of("check", "validate", "run ring", "run channels", "run storvsc", "run netvsc", "run network",
                "list", "tlc-server", "tlc-worker", "docs", "explore");
    }

    private int run(String... args) {
        return Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    private static String[] argv(String command, String... more) {
        String[] words = command.split(" ");
        String[] all = new String[words.length + more.length];
        System.arraycopy(words, 0, all, 0, words.length);
        System.arraycopy(more, 0, all, words.length, more.length);
        return all;
    }

    @ParameterizedTest
    @MethodSource("commands")
    void helpExitsZero(String command) {
        assertEquals(ExitCodes.OK, run(argv(command, "--help")), err.toString());
        assertTrue(out.toString().contains("Usage:"), out.toString());
    }

    @ParameterizedTest
    @MethodSource("commands")
    void versionExitsZeroEverywhere(String command) {
        assertEquals(ExitCodes.OK, run(argv(command, "-V")), err.toString());
        assertTrue(out.toString().startsWith("enlightened "), out.toString());
    }

    @ParameterizedTest
    @MethodSource("commands")
    void anUnknownOptionIsBadInputWithOneLineAndAHint(String command) {
        assertEquals(ExitCodes.BAD_INPUT, run(argv(command, "--no-such-option")));
        assertTrue(err.toString().startsWith("error: "), err.toString());
        assertTrue(err.toString().contains("--help"), err.toString());
        assertFalse(err.toString().contains("\tat "), "no stack trace: " + err);
    }

    /** The handler is the same for every command: what an exception means does not depend on who threw it. */
    @ParameterizedTest
    @MethodSource("commands")
    void exceptionsMapToTheSameCodeInEveryCommand(String command) {
        CommandLine leaf = Main.commandLine();
        for (String word : command.split(" ")) {
            leaf = leaf.getSubcommands().get(word);
        }
        leaf.setErr(new PrintWriter(err, true));
        ErrorHandler handler = new ErrorHandler();
        assertEquals(ExitCodes.BAD_INPUT, handler.handleExecutionException(new UserError("bad"), leaf, null));
        assertEquals(ExitCodes.BAD_INPUT,
                handler.handleExecutionException(new WorkspaceException("not a checkout"), leaf, null));
        assertEquals(ExitCodes.INTERNAL,
                handler.handleExecutionException(new IllegalStateException("engine died"), leaf, null));
        assertEquals(ExitCodes.INTERNAL, handler.handleExecutionException(
                new UncheckedIOException(new java.io.IOException("disk full")), leaf, null));
        assertTrue(err.toString().contains("internal error: IllegalStateException: engine died"), err.toString());
        assertFalse(err.toString().contains("\tat "), "no stack trace: " + err);
    }

    @Test
    void exhaustedMemoryExitsThreeWithOneLine() {
        CommandLine cmd = Main.commandLine().addSubcommand("oom", new Oom());
        cmd.setErr(new PrintWriter(err, true));
        assertEquals(ExitCodes.INTERNAL, Main.executeWith(cmd, "oom"));
        assertTrue(err.toString().startsWith("error: resource exhausted: java.lang.OutOfMemoryError"), err.toString());
    }

    @CommandLine.Command(name = "oom")
    static final class Oom implements Callable<Integer> {
        @Override
        public Integer call() {
            throw new OutOfMemoryError("Java heap space");
        }
    }

    @Test
    void aRootThatIsNotACheckoutIsBadInput(@TempDir Path tmp) {
        assertEquals(ExitCodes.BAD_INPUT, run("check", "--model", "synic-slot", "--root", tmp.toString()));
        assertTrue(err.toString().contains("is not an enlightened checkout"), err.toString());
        assertEquals(ExitCodes.BAD_INPUT, run("validate", "--root", tmp.toString(),
                Path.of(System.getProperty("enlightened.root"), "docs/examples/ring-blocked-producer-accepted.ndjson")
                        .toString()));
    }

    /** A model that cannot finish in its budget has no verdict: an exhausted resource, not a failed check. */
    @Test
    void aModelThatTimesOutExitsThree(@TempDir Path tmp) throws Exception {
        Files.writeString(tmp.resolve("Forever.tla"), """
                ---- MODULE Forever ----
                EXTENDS Naturals
                VARIABLE x
                Init == x = 0
                Next == x' = x + 1
                ====
                """);
        Files.writeString(tmp.resolve("Forever.cfg"), "INIT Init\nNEXT Next\n");
        Path catalog = tmp.resolve("models.json");
        Files.writeString(catalog, "{\"models\": [{\"id\": \"forever\", \"module\": \"Forever.tla\", \"cfg\": "
                + "\"Forever.cfg\", \"tier\": \"quick\", \"expect\": \"ok\", \"minDistinctStates\": 1, "
                + "\"timeBudgetSeconds\": 2, \"description\": \"never ends\"}]}");
        assertEquals(ExitCodes.INTERNAL, run("check", "--catalog", catalog.toString()), out + "\n" + err);
        assertTrue(err.toString().contains("error: no verdict for forever"), err.toString());
    }
}
