package net.trafficmirror.cli;

/**
 * A mistake of the user's (a bad file, option, expression or configuration): printed as one line
 * {@code tmirror: <message>} on stderr, exit code 1, no stack trace.
 */
public class UserError extends RuntimeException {
    private final int exitCode;

    public UserError(String message) { this(message, 1); }

    public UserError(String message, int exitCode) {
        super(message, null, false, false);
        this.exitCode = exitCode;
    }

    public int exitCode() { return exitCode; }
}
