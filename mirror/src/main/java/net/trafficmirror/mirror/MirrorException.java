package net.trafficmirror.mirror;

/**
 * A refused mirror operation, carrying the EC2 API error code and message AWS returns for it (EC2 "Error codes
 * for the Amazon EC2 API"; the {@code …Id.NotFound} spellings that AWS sends and clients handle). The API server
 * turns it into {@code <Error><Code>…</Code><Message>…</Message></Error>} with status 400.
 */
public final class MirrorException extends RuntimeException {
    private final String code;

    public MirrorException(String code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    public String code() { return code; }

    /** "Code: message", as the AWS CLI shows it. */
    @Override public String toString() { return code + ": " + getMessage(); }

    static MirrorException invalid(String message) {
        return new MirrorException("InvalidParameterValue", message);
    }

    static MirrorException invalidValue(String parameter, Object value, String why) {
        return invalid("Value (" + value + ") for parameter " + parameter + " is invalid. " + why);
    }

    static MirrorException missing(String parameter) {
        return new MirrorException("MissingParameter", "The request must contain the parameter " + parameter);
    }
}
