package net.trafficmirror.mirror;

import java.util.Map;

/**
 * A Traffic Mirror session (EC2 TrafficMirrorSession).
 *
 * @param vni          the VXLAN network identifier (VirtualNetworkId), 0-16777215
 * @param packetLength bytes after the VXLAN header to mirror, or null for the whole packet
 */
public record MirrorSession(String id, String networkInterfaceId, String targetId, String filterId, int sessionNumber,
                            int vni, Integer packetLength, String description, Map<String, String> tags) {
    public MirrorSession {
        tags = Tag.freeze(tags);
    }

    MirrorSession withTags(Map<String, String> t) {
        return new MirrorSession(id, networkInterfaceId, targetId, filterId, sessionNumber, vni, packetLength, description, t);
    }
}
