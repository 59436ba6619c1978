package dev.enlightened.cli;

import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of the {@code enlightened} command. Subcommands are one class each; exit codes are
 * defined once in {@link ExitCodes} and mapped from exceptions by {@link ErrorHandler}.
 */
@Command(name = "enlightened",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Formal model and verified reference implementation of Hyper-V VMBus.",
        subcommands = {CommandLine.HelpCommand.class, CheckCommand.class, ValidateCommand.class, RunCommand.class,
                ListCommand.class, ExploreCommand.class, DocsCommand.class, TlcServerCommand.class,
                TlcWorkerCommand.class, AutoComplete.GenerateCompletion.class})
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
        CommandLine cmd = commandLine();
        if (out != null) {
            cmd.setOut(out);
        }
        if (err != null) {
            cmd.setErr(err);
        }
        return executeWith(cmd, args);
    }

    /**
     * The command tree, with what every command shares set in one place: {@code -h}/{@code -V} on each (a new
     * subcommand gets them without asking), and each {@code run FAMILY}'s fault help from {@link FaultRegistry}.
     * {@code enlightened generate-completion} prints a bash/zsh completion script (picocli AutoComplete):
     * {@code source <(enlightened generate-completion)}.
     */
    static CommandLine commandLine() {
        CommandLine cmd = new CommandLine(new Main());
        shareStandardOptions(cmd);
        CommandLine run = cmd.getSubcommands().get("run");
        for (FaultRegistry.Family family : FaultRegistry.Family.values()) {
            run.getSubcommands().get(family.command).getCommandSpec().usageMessage()
                    .footer(FaultRegistry.footer(family.command));
        }
        return cmd;
    }

    private static void shareStandardOptions(CommandLine cmd) {
        for (CommandLine sub : cmd.getSubcommands().values()) {
            CommandLine.Model.CommandSpec spec = sub.getCommandSpec();
            if (!(spec.userObject() instanceof CommandLine.HelpCommand)) {
                spec.versionProvider(new VersionProvider());
                if (!spec.mixinStandardHelpOptions()) {
                    spec.mixinStandardHelpOptions(true);
                }
            }
            shareStandardOptions(sub);
        }
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
