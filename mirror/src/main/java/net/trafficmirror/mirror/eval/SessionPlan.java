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
                          String targetId, InetAddress targetAddress, int targetPort, int targetMtu) {
    /**
     * How many bytes of a frame this session mirrors (bytes after the VXLAN header, so the inner Ethernet header
     * counts). TM-PDF: the packet length "cannot be less than 35 bytes (for IPv4 traffic) and 55 bytes (for IPv6
     * traffic)"; an IPv6 frame is therefore never cut below 55 even when the session allows 35-54 (CHOICES.md).
     * Allocation-free.
     */
    public int truncatedLength(int frameLength, int ipVersion) {
        if (packetLength <= 0) return frameLength;
        int keep = ipVersion == 6 ? Math.max(packetLength, 55) : packetLength;
        return Math.min(frameLength, keep);
    }
}
