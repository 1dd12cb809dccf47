package net.trafficmirror.api;

/**
 * An error answered in the EC2 Query protocol's form ({@code <Response><Errors><Error><Code/><Message/>}), with
 * the HTTP status EC2 gives it: 400 for client errors, 401 {@code AuthFailure}, 403 for a signature or permission
 * problem, 412 {@code DryRunOperation}, 500 for our own failures (EC2 API reference, "Error codes").
 */
public final class Ec2Error extends RuntimeException {
    private final String code;
    private final int httpStatus;

    public Ec2Error(String code, String message) {
        this(code, message, statusOf(code));
    }

    public Ec2Error(String code, String message, int httpStatus) {
        super(message, null, false, false);
        this.code = code;
        this.httpStatus = httpStatus;
    }

    public String code() { return code; }

    public int httpStatus() { return httpStatus; }

    public static Ec2Error missingParameter(String name) {
        return new Ec2Error("MissingParameter", "The request must contain the parameter " + name);
    }

    public static Ec2Error invalidParameterValue(String message) {
        return new Ec2Error("InvalidParameterValue", message);
    }

    /** EC2's wording for a value that does not parse as the parameter's type or is not one of its choices. */
    public static Ec2Error invalidValue(String parameter, String value) {
        return invalidParameterValue("Value (" + value + ") for parameter " + parameter + " is invalid.");
    }

    public static Ec2Error dryRunSucceeded() {
        return new Ec2Error("DryRunOperation", "Request would have succeeded, but DryRun flag is set.");
    }

    private static int statusOf(String code) {
        return switch (code) {
            case "AuthFailure" -> 401;
            case "SignatureDoesNotMatch", "UnauthorizedOperation", "OptInRequired" -> 403;
            case "DryRunOperation" -> 412;
            case "InternalError" -> 500;
            case "RequestLimitExceeded", "ServiceUnavailable", "Unavailable" -> 503;
            default -> 400;
        };
    }
}
