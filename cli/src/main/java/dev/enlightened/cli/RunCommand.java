package dev.enlightened.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code enlightened run SCENARIO}: runs a reference-implementation scenario and writes its trace. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run a reference-implementation scenario and write its trace.",
        subcommands = {RunChannelsCommand.class})
final class RunCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing scenario (e.g. 'channels')");
    }
}
