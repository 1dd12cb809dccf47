package net.trafficmirror.mirror;

/** A mirror target's type, as AWS's TrafficMirrorTargetType enum spells it. */
public enum TargetKind {
    NETWORK_INTERFACE("network-interface"),
    NETWORK_LOAD_BALANCER("network-load-balancer"),
    GATEWAY_LOAD_BALANCER_ENDPOINT("gateway-load-balancer-endpoint");

    private final String awsName;

    TargetKind(String awsName) { this.awsName = awsName; }

    public String awsName() { return awsName; }
}
