package dev.enlightened.cli;

import dev.enlightened.workspace.WorkspaceException;
import picocli.CommandLine;

/**
 * Maps exceptions to exit codes with a one-line message: no stack traces.
 * {@link UserError}, a named workspace that is not one and picocli parameter errors are bad input (exit 2);
 * anything else is an internal failure or an exhausted resource (exit 3), reported with its class so a bug report
 * can find it. {@link Main#execute} maps the JVM's own resource errors (memory, stack) to 3 as well.
 */
final class ErrorHandler implements CommandLine.IExecutionExceptionHandler, CommandLine.IParameterExceptionHandler {

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, CommandLine.ParseResult parseResult) {
        if (ex instanceof UserError || ex instanceof WorkspaceException) {
            cmd.getErr().println("error: " + ex.getMessage());
            return ExitCodes.BAD_INPUT;
        }
        return internal(ex, cmd.getErr());
    }

    /** Exit 3 with one line naming the failure; the stack trace only with ENLIGHTENED_DEBUG set. */
    static int internal(Throwable ex, java.io.PrintWriter err) {
        if (ex instanceof VirtualMachineError) {
            err.println("error: resource exhausted: " + ex + " (raise the heap, e.g. JAVA_TOOL_OPTIONS=-Xmx4g, or check fewer models "
                    + "or traces at once)");
        } else {
            err.println(internal(ex));
        }
        if (System.getenv("ENLIGHTENED_DEBUG") != null) {
            ex.printStackTrace(err);
        }
        err.flush();
        return ExitCodes.INTERNAL;
    }

    /** One line: the exception's class and message, whitespace collapsed (TLC messages span lines). */
    static String internal(Throwable ex) {
        String text = ex.getMessage() == null ? ex.getClass().getName()
                : ex.getClass().getSimpleName() + ": " + ex.getMessage();
        return "internal error: " + text.replaceAll("\\s+", " ").strip()
                + " (set ENLIGHTENED_DEBUG=1 for the stack trace)";
    }

    @Override
    public int handleParseException(CommandLine.ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        cmd.getErr().println("error: " + ex.getMessage());
        cmd.getErr().println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help'.");
        return ExitCodes.BAD_INPUT;
    }
}
