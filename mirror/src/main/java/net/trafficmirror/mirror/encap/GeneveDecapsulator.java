package net.trafficmirror.mirror.encap;

/**
 * Reads a GENEVE header (RFC 8926 §3.4) and locates the mirrored frame, without allocating.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |Ver|  Opt Len  |O|C|    Rsvd.  |          Protocol Type        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |        Virtual Network Identifier (VNI)       |    Reserved   |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                    Variable-Length Options                    |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * Two payloads are taken:
 * <ul>
 * <li>Protocol Type 0x6558 (Transparent Ethernet Bridging): the payload is the mirrored Ethernet frame and the
 *     GENEVE VNI names the session.</li>
 * <li>Protocol Type 0x0800 / 0x86DD carrying IPv4/IPv6 → UDP to port 4789 → VXLAN: what a Gateway Load Balancer
 *     delivers for a Traffic Mirroring target (the AWS guide's GWLB section: the GWLB wraps the whole mirror
 *     packet in GENEVE). The VXLAN VNI names the session; the GENEVE VNI is kept in {@link Decapsulated#outerVni}.</li>
 * </ul>
 * Anything else is refused as {@link Decapsulated#UNSUPPORTED_PAYLOAD}.
 */
public final class GeneveDecapsulator {
    public static final int HEADER_LENGTH = 8;
    public static final int VER_OPTLEN = 0, FLAGS = 1, PROTOCOL_TYPE = 2, VNI = 4, OPTIONS = 8;
    public static final int PROTOCOL_TEB = 0x6558, PROTOCOL_IPV4 = 0x0800, PROTOCOL_IPV6 = 0x86dd;
    static final int VXLAN_PORT = 4789, IPPROTO_UDP = 17, UDP_HEADER = 8;

    private GeneveDecapsulator() {}

    /**
     * Decapsulates the UDP payload {@code b[off, off+len)}.
     *
     * @return true when {@code out} now describes an inner frame; false with {@code out.status} saying why not
     */
    public static boolean decapsulate(byte[] b, int off, int len, Decapsulated out) {
        out.reset();
        if (len < HEADER_LENGTH) return VxlanDecapsulator.refuse(out, Decapsulated.SHORT_HEADER);
        int version = (b[off + VER_OPTLEN] & 0xff) >>> 6;
        if (version != 0) return VxlanDecapsulator.refuse(out, Decapsulated.BAD_VERSION);
        int headerLength = HEADER_LENGTH + (b[off + VER_OPTLEN] & 0x3f) * 4;
        if (len < headerLength) return VxlanDecapsulator.refuse(out, Decapsulated.SHORT_HEADER);
        int protocol = (b[off + PROTOCOL_TYPE] & 0xff) << 8 | (b[off + PROTOCOL_TYPE + 1] & 0xff);
        int geneveVni = (b[off + VNI] & 0xff) << 16 | (b[off + VNI + 1] & 0xff) << 8 | (b[off + VNI + 2] & 0xff);
        int p = off + headerLength, end = off + len;
        switch (protocol) {
            case PROTOCOL_TEB -> {
                if (end - p < VxlanDecapsulator.ETHERNET_HEADER) return VxlanDecapsulator.refuse(out, Decapsulated.BROKEN_INNER_FRAME);
                out.vni = geneveVni;
                out.frameOffset = p;
                out.frameLength = end - p;
                out.status = Decapsulated.OK;
                return true;
            }
            case PROTOCOL_IPV4, PROTOCOL_IPV6 -> {
                int udp = udpToVxlanPort(b, p, end, protocol == PROTOCOL_IPV4);
                if (udp < 0) return VxlanDecapsulator.refuse(out, Decapsulated.UNSUPPORTED_PAYLOAD);
                out.outerVni = geneveVni;
                out.wrappedIpOffset = p;
                return VxlanDecapsulator.decapsulateInto(b, udp + UDP_HEADER, end - udp - UDP_HEADER, out);
            }
            default -> {
                return VxlanDecapsulator.refuse(out, Decapsulated.UNSUPPORTED_PAYLOAD);
            }
        }
    }

    /** Offset of the UDP header when the IP packet at {@code p} is an unfragmented UDP datagram to 4789, else -1. */
    private static int udpToVxlanPort(byte[] b, int p, int end, boolean v4) {
        int udp;
        if (v4) {
            if (end - p < 20 || (b[p] & 0xf0) != 0x40) return -1;
            int ihl = (b[p] & 0x0f) * 4;
            boolean fragment = (((b[p + 6] & 0xff) << 8 | (b[p + 7] & 0xff)) & 0x3fff) != 0;
            if (ihl < 20 || fragment || (b[p + 9] & 0xff) != IPPROTO_UDP) return -1;
            udp = p + ihl;
        } else {
            // The mirror source's IPv6 packet has no extension headers (it is built by the mirroring service).
            if (end - p < 40 || (b[p] & 0xf0) != 0x60 || (b[p + 6] & 0xff) != IPPROTO_UDP) return -1;
            udp = p + 40;
        }
        if (end - udp < UDP_HEADER) return -1;
        int dstPort = (b[udp + 2] & 0xff) << 8 | (b[udp + 3] & 0xff);
        return dstPort == VXLAN_PORT ? udp : -1;
    }
}
