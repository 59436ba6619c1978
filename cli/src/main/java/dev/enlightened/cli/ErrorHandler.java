package dev.enlightened.cli;

import picocli.CommandLine;

/**
 * Maps exceptions to exit codes with a one-line message: no stack traces for user errors.
 * {@link UserError} and picocli parameter errors are bad input (exit 2); anything else is an internal
 * failure, reported with its class so a bug report can find it.
 */
final class ErrorHandler implements CommandLine.IExecutionExceptionHandler, CommandLine.IParameterExceptionHandler {

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, CommandLine.ParseResult parseResult) {
        if (ex instanceof UserError) {
            cmd.getErr().println("error: " + ex.getMessage());
            return ExitCodes.BAD_INPUT;
        }
        cmd.getErr().println("internal error: " + ex);
        if (System.getenv("ENLIGHTENED_DEBUG") != null) {
            ex.printStackTrace(cmd.getErr());
        }
        return ExitCodes.CHECK_FAILED;
    }

    @Override
    public int handleParseException(CommandLine.ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        cmd.getErr().println("error: " + ex.getMessage());
        cmd.getErr().println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help'.");
        return ExitCodes.BAD_INPUT;
    }
}
