package net.trafficmirror.mirror;

import java.net.InetAddress;
import java.util.Map;

/**
 * CreateTrafficMirrorTarget's parameters (exactly one of the three attachments), plus what this system needs for
 * load balancer and endpoint targets: the address to send to. Port and MTU are optional everywhere.
 */
public record TargetRequest(String networkInterfaceId, String networkLoadBalancerArn, String gatewayLoadBalancerEndpointId,
                            String description, InetAddress address, Integer port, Integer mtu, Map<String, String> tags) {
    public static TargetRequest networkInterface(String eniId) {
        return new TargetRequest(eniId, null, null, null, null, null, null, Map.of());
    }
}
