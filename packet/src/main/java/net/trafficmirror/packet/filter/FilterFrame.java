package net.trafficmirror.packet.filter;

import net.trafficmirror.packet.LinkType;

/**
 * The frame a compiled filter is looking at, with the loads and header locations its primitives use. Follows the
 * BPF semantics libpcap compiles to ({@code gencode.c}): a load outside the captured bytes ends the whole filter
 * with "no match" ({@link #REJECT}, thrown without allocation), and header locations are found the way libpcap's
 * generated code finds them (IPv4 header length from IHL; IPv6 transport at a fixed 40 bytes).
 */
final class FilterFrame {
    /** Ends evaluation: a load past the captured bytes or a division by zero, as in a BPF program. */
    static final RuntimeException REJECT = new RuntimeException("reject", null, false, false) { };

    static final int ETHERTYPE_IPV4 = 0x0800;
    static final int ETHERTYPE_IPV6 = 0x86dd;
    static final int ETHERTYPE_ARP = 0x0806;
    static final int ETHERTYPE_RARP = 0x8035;
    /** Geneve carrying a non-Ethernet payload: the network header starts the payload, typed by the Geneve header. */
    private static final int TUNNELLED_L3 = -2;
    static final int VXLAN_PORT = 4789;
    static final int GENEVE_PORT = 6081;

    byte[] b;
    int off;
    int end;
    int wirelen;
    int linkType;

    void wrap(byte[] b, int off, int caplen, int wirelen, int linkType) {
        this.b = b;
        this.off = off;
        this.end = off + Math.max(0, Math.min(caplen, b.length - off));
        this.wirelen = wirelen;
        this.linkType = linkType;
    }

    int u8(long at) {
        if (at < off || at >= end) throw REJECT;
        return b[(int) at] & 0xff;
    }

    int u16(long at) {
        if (at < off || at + 2 > end) throw REJECT;
        int i = (int) at;
        return (b[i] & 0xff) << 8 | (b[i + 1] & 0xff);
    }

    long u32(long at) {
        if (at < off || at + 4 > end) throw REJECT;
        int i = (int) at;
        return ((long) (b[i] & 0xff) << 24) | (b[i + 1] & 0xff) << 16 | (b[i + 2] & 0xff) << 8 | (b[i + 3] & 0xff);
    }

    /** Start of the link-layer header of a layer, or -1 when the frame does not carry that tunnel. */
    int linkStart(Layer l) {
        if (l.outer() == null) return off;
        int p = udpPayload(l.outer(), l.tunnel() == Layer.VXLAN ? VXLAN_PORT : GENEVE_PORT);
        if (p < 0) return -1;
        if (l.tunnel() == Layer.VXLAN) return p + 8;
        // RFC 8926 §3.4: 8-byte header plus Opt Len 4-byte words of options
        return p + 8 + (u8(p) & 0x3f) * 4;
    }

    /** The layer's link type; a tunnel's frame is Ethernet, or bare network layer for a non-Ethernet Geneve payload. */
    int linkTypeOf(Layer l) {
        if (l.outer() == null) return linkType;
        if (l.tunnel() == Layer.VXLAN) return LinkType.ETHERNET;
        int p = udpPayload(l.outer(), GENEVE_PORT);
        return u16(p + 2) == 0x6558 ? LinkType.ETHERNET : TUNNELLED_L3;
    }

    /** The layer's ethertype (after its VLAN tags), or -1 when the link type has none we can tell. */
    int etherType(Layer l) {
        int s = linkStart(l);
        if (s < 0) return -1;
        int lt = linkTypeOf(l);
        return switch (lt) {
            case LinkType.ETHERNET -> u16(s + 12 + 4L * l.vlans());
            case LinkType.LINUX_SLL -> u16(s + 14);
            case LinkType.LINUX_SLL2 -> u16(s);
            case LinkType.NULL -> {
                long fam = u32(s);
                // the family is in the writer's byte order: accept both, as libpcap swaps for the file
                if (fam > 0xffff) fam = Integer.reverseBytes((int) fam) & 0xffffffffL;
                yield fam == 2 ? ETHERTYPE_IPV4 : (fam == 24 || fam == 28 || fam == 30) ? ETHERTYPE_IPV6 : -1;
            }
            case LinkType.RAW, LinkType.IPV4, LinkType.IPV6, TUNNELLED_L3 -> {
                if (lt == LinkType.IPV4) yield ETHERTYPE_IPV4;
                if (lt == LinkType.IPV6) yield ETHERTYPE_IPV6;
                if (lt == TUNNELLED_L3) yield u16(udpPayload(l.outer(), GENEVE_PORT) + 2);
                int v = u8(s) >>> 4;
                yield v == 4 ? ETHERTYPE_IPV4 : v == 6 ? ETHERTYPE_IPV6 : -1;
            }
            default -> -1;
        };
    }

    /** Start of the network header of a layer. */
    int network(Layer l) {
        int s = linkStart(l);
        return switch (linkTypeOf(l)) {
            case LinkType.ETHERNET -> s + 14 + 4 * l.vlans();
            case LinkType.LINUX_SLL -> s + 16;
            case LinkType.LINUX_SLL2 -> s + 20;
            case LinkType.NULL -> s + 4;
            default -> s;
        };
    }

    /** Network header offset if the layer carries IPv4, else -1. */
    int ipv4(Layer l) {
        return etherType(l) == ETHERTYPE_IPV4 ? network(l) : -1;
    }

    /** Network header offset if the layer carries IPv6, else -1. */
    int ipv6(Layer l) {
        return etherType(l) == ETHERTYPE_IPV6 ? network(l) : -1;
    }

    /** Transport header of an IPv4 packet of this protocol that is a first (or no) fragment, else -1. */
    int ipv4Transport(Layer l, int proto) {
        int n = ipv4(l);
        if (n < 0 || u8(n + 9) != proto || (u16(n + 6) & 0x1fff) != 0) return -1;
        return n + (u8(n) & 0x0f) * 4;
    }

    /** Transport header of an IPv6 packet whose first next-header is this protocol (libpcap's fixed 40), else -1. */
    int ipv6Transport(Layer l, int proto) {
        int n = ipv6(l);
        if (n < 0 || u8(n + 6) != proto) return -1;
        return n + 40;
    }

    /** Payload of a UDP datagram to this destination port in the layer, or -1. */
    int udpPayload(Layer l, int dstPort) {
        int t = ipv4Transport(l, 17);
        if (t < 0) t = ipv6Transport(l, 17);
        if (t < 0 || u16(t + 2) != dstPort) return -1;
        return t + 8;
    }
}
