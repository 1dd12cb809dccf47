package net.trafficmirror.mirror;

import java.util.Map;

/** CreateTrafficMirrorSession's parameters; a null VNI picks a random unused one, a null packet length mirrors whole packets. */
public record SessionRequest(String networkInterfaceId, String targetId, String filterId, Integer sessionNumber,
                             Integer virtualNetworkId, Integer packetLength, String description, Map<String, String> tags) {}
