package net.trafficmirror.mirror;

/** A filter rule's RuleAction (EC2 API: {@code accept} | {@code reject}). */
public enum RuleAction {
    ACCEPT("accept"), REJECT("reject");

    private final String awsName;

    RuleAction(String awsName) { this.awsName = awsName; }

    public String awsName() { return awsName; }

    /** @return the action, or null when the text is not one of AWS's values */
    public static RuleAction fromAws(String text) {
        for (RuleAction a : values()) if (a.awsName.equals(text)) return a;
        return null;
    }
}
