package net.trafficmirror.mirror;

/** Traffic direction at the mirror source's interface, in AWS's words: ingress = into the interface, egress = out of it. */
public enum Direction {
    INGRESS("ingress"), EGRESS("egress");

    private final String awsName;

    Direction(String awsName) { this.awsName = awsName; }

    /** The TrafficDirection value AWS uses on the wire and in CloudFormation. */
    public String awsName() { return awsName; }

    /** @return the direction, or null when the text is not {@code ingress} or {@code egress} */
    public static Direction fromAws(String text) {
        for (Direction d : values()) if (d.awsName.equals(text)) return d;
        return null;
    }
}
