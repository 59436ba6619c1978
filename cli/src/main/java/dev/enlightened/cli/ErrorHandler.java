package dev.enlightened.cli;

import picocli.CommandLine;

/**
 * Maps exceptions to exit codes with a one-line message: no stack traces for user errors.
 * {@link UserError} and picocli parameter errors are bad input (exit 2); anything else is an internal
 * failure (exit 3), reported on one line with its class so a bug report can find it.
 */
final class ErrorHandler implements CommandLine.IExecutionExceptionHandler, CommandLine.IParameterExceptionHandler {

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, CommandLine.ParseResult parseResult) {
        if (ex instanceof UserError) {
            cmd.getErr().println("error: " + ex.getMessage());
            return ExitCodes.BAD_INPUT;
        }
        cmd.getErr().println(internal(ex));
        if (System.getenv("ENLIGHTENED_DEBUG") != null) {
            ex.printStackTrace(cmd.getErr());
        }
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
