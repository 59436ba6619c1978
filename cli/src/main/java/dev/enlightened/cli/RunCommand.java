package dev.enlightened.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code enlightened run SCENARIO}: runs a scenario of the Java reference implementation and writes its trace. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run a scenario of the Java reference implementation and write its trace.",
        subcommands = {RunRingCommand.class, RunChannelsCommand.class, RunStorvscCommand.class,
                RunNetvscCommand.class, RunNetworkCommand.class})
final class RunCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "missing scenario: try 'run ring' or 'run channels'");
    }
}
