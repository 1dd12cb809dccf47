package net.trafficmirror.cli;

import picocli.CommandLine;

/** A usage error: one line naming the problem, a hint at --help, exit code 2. */
final class UsageErrorHandler implements CommandLine.IParameterExceptionHandler {
    @Override
    public int handleParseException(CommandLine.ParameterException ex, String[] args) {
        CommandLine cl = ex.getCommandLine();
        System.err.println("tmirror: " + ex.getMessage());
        System.err.println("Try '" + cl.getCommandSpec().qualifiedName() + " --help' for more information.");
        return 2;
    }
}
