package net.trafficmirror.mirror;

/** A TrafficMirrorPortRange: FromPort..ToPort inclusive, 0-65535 (EC2 API TrafficMirrorPortRangeRequest). */
public record PortRange(int fromPort, int toPort) {
    public PortRange {
        if (fromPort < 0 || toPort > 65535 || fromPort > toPort) throw new IllegalArgumentException(fromPort + "-" + toPort);
    }

    public boolean contains(int port) { return port >= fromPort && port <= toPort; }

    @Override public String toString() { return fromPort == toPort ? Integer.toString(fromPort) : fromPort + "-" + toPort; }
}
