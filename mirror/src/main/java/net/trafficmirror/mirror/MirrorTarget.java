package net.trafficmirror.mirror;

import java.net.InetAddress;
import java.util.Map;

/**
 * A Traffic Mirror target (EC2 TrafficMirrorTarget). Exactly one of networkInterfaceId, networkLoadBalancerArn,
 * gatewayLoadBalancerEndpointId is set, as {@link #kind} says. Where AWS routes to the resource, this system
 * sends VXLAN to an address: a network-interface target's address is that interface's primary address (null
 * here), a load balancer's or endpoint's is given explicitly (the EC2 API has no field for it; until it is set,
 * sessions to the target have no address and the data plane cannot send).
 *
 * @param port UDP destination port, 4789 (IANA VXLAN) unless configured
 * @param mtu  MTU of the path to the target, 0 when unknown
 */
public record MirrorTarget(String id, TargetKind kind, String networkInterfaceId, String networkLoadBalancerArn,
                           String gatewayLoadBalancerEndpointId, InetAddress address, int port, int mtu,
                           String description, Map<String, String> tags) {
    public static final int VXLAN_PORT = 4789;

    public MirrorTarget {
        tags = Tag.freeze(tags);
    }

    MirrorTarget withTags(Map<String, String> t) {
        return new MirrorTarget(id, kind, networkInterfaceId, networkLoadBalancerArn, gatewayLoadBalancerEndpointId, address, port, mtu, description, t);
    }
}
