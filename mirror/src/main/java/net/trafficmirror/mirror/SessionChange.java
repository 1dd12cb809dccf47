package net.trafficmirror.mirror;

import java.util.Set;

/**
 * ModifyTrafficMirrorSession's parameters: a null field stays as it is; {@code removeFields} holds AWS's
 * RemoveField values {@code packet-length}, {@code description}, {@code virtual-network-id} (removing the VNI
 * picks a new random unused one, AWS's default).
 */
public record SessionChange(String sessionId, String targetId, String filterId, Integer sessionNumber,
                            Integer virtualNetworkId, Integer packetLength, String description, Set<String> removeFields) {}
