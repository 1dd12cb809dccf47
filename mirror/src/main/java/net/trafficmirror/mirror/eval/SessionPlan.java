package net.trafficmirror.mirror.eval;

import java.net.InetAddress;

/**
 * What the data plane needs to know about one mirror session once it has been chosen for a packet.
 *
 * @param packetLength bytes after the VXLAN header to keep, 0 for the whole frame (AWS's PacketLength)
 * @param targetPort   UDP destination port at the target (4789 unless configured)
 * @param targetMtu    MTU of the path to the target, 0 if unknown
 */
public record SessionPlan(String sessionId, int sessionNumber, int vni, int packetLength,
                          String targetId, InetAddress targetAddress, int targetPort, int targetMtu) {}
