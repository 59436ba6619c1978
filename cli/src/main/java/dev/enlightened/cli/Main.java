package dev.enlightened.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of the {@code enlightened} command. Subcommands are one class each; exit codes are
 * defined once in {@link ExitCodes} and mapped from exceptions by {@link ErrorHandler}.
 */
@Command(name = "enlightened",
        mixinStandardHelpOptions = true,
        version = "enlightened 0.1.0",
        description = "Formal model and verified reference implementation of Hyper-V VMBus.",
        subcommands = {CommandLine.HelpCommand.class, CheckCommand.class, ValidateCommand.class, RunCommand.class,
                ExploreCommand.class, DocsCommand.class,
                TlcServerCommand.class, TlcWorkerCommand.class})
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line and returns the exit code, without exiting (used by tests). */
    public static int execute(String... args) {
        return execute(null, null, args);
    }

    /** As {@link #execute(String...)}, printing to the given writers (null keeps System.out / System.err). */
    public static int execute(java.io.PrintWriter out, java.io.PrintWriter err, String... args) {
        CommandLine cmd = new CommandLine(new Main());
        if (out != null) {
            cmd.setOut(out);
        }
        if (err != null) {
            cmd.setErr(err);
        }
        return executeWith(cmd, args);
    }

    /** Runs {@code cmd} under the one exit-code contract ({@link ExitCodes}); tests add subcommands to it. */
    static int executeWith(CommandLine cmd, String... args) {
        ErrorHandler handler = new ErrorHandler();
        cmd.setExecutionExceptionHandler(handler);
        cmd.setParameterExceptionHandler(handler);
        try {
            return cmd.execute(args);
        } catch (VirtualMachineError e) {
            // picocli hands only Exceptions to the handler; memory and stack exhaustion arrive here.
            return ErrorHandler.internal(e, cmd.getErr());
        }
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
