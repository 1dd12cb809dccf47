package net.trafficmirror.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code tmirror} command: one runnable jar, one class per subcommand. */
@Command(name = "tmirror", mixinStandardHelpOptions = true, version = "tmirror 0.1.0",
        description = "Mirror a host's traffic as VXLAN, the way AWS VPC Traffic Mirroring does, and read it like tcpdump.",
        subcommands = {ReadCommand.class, ExplainCommand.class, AgentCommand.class, CollectorCommand.class,
                ApiCommand.class, LabCommand.class, DemoCommand.class})
public final class Tmirror implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override public void run() {
        spec.commandLine().usage(System.err);
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command");
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs a command line and returns its exit code: 0 success, 1 bad input or runtime failure, 2 usage error. */
    public static int execute(String... args) {
        CommandLine cl = new CommandLine(new Tmirror());
        cl.setExecutionExceptionHandler(new UserErrorHandler());
        cl.setParameterExceptionHandler(new UsageErrorHandler());
        return cl.execute(args);
    }
}
