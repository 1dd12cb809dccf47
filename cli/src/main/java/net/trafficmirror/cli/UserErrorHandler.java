package net.trafficmirror.cli;

import picocli.CommandLine;

/** Turns exceptions from a command into one line on stderr; only real bugs keep their stack trace. */
final class UserErrorHandler implements CommandLine.IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception ex, CommandLine cl, CommandLine.ParseResult parseResult) {
        if (ex instanceof UserError ue) {
            System.err.println("tmirror: " + ue.getMessage());
            return ue.exitCode();
        }
        if (ex instanceof IllegalArgumentException && ex.getMessage() != null && ex.getStackTrace().length > 0
                && ex.getClass() != IllegalArgumentException.class) {
            System.err.println("tmirror: " + ex.getMessage());
            return 1;
        }
        if (ex instanceof java.io.IOException io) {
            System.err.println("tmirror: " + io.getMessage());
            return 1;
        }
        System.err.println("tmirror: internal error (please report): " + ex);
        ex.printStackTrace(System.err);
        return 70;
    }
}
