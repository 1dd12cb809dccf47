package net.trafficmirror.packet;

/**
 * A reusable flyweight holding the fields that mirror filters, flow keys and tunnel hashing need, read from one
 * frame without allocating. Call {@link #decode} once per frame; every field then describes that frame.
 *
 * <p>Addresses are kept as longs: IPv4 in {@link #srcHi}/{@link #dstHi} low 32 bits (with {@code *Lo} = 0),
 * IPv6 as the high and low 64 bits. Ports are -1 when the packet has none (not TCP/UDP, or a non-first fragment,
 * or the transport header was not captured).
 */
public final class FrameSummary {
    /** 0 when no IP header was found, else 4 or 6. */
    public int ipVersion;
    /** Ethertype after any VLAN tags (0 if none, e.g. raw IP). */
    public int etherType;
    /** Outermost VLAN id, or -1. */
    public int vlanId;
    /** IP protocol / final IPv6 next header, or -1. */
    public int protocol;
    public long srcHi, srcLo, dstHi, dstLo;
    public int srcPort, dstPort;
    /** ICMP/ICMPv6 type and code, or -1. */
    public int icmpType, icmpCode;
    /** TCP flags byte, or 0. */
    public int tcpFlags;
    /** True for an IP fragment other than the first (offset != 0): it carries no transport header. */
    public boolean laterFragment;
    /** True for any fragment (first or later). */
    public boolean fragment;
    /** Offsets into the buffer passed to decode: start of L3 header, L4 header, L4 payload (-1 if absent). */
    public int l3Offset, l4Offset, payloadOffset;
    /** Bytes of the frame from the link header that were captured. */
    public int capturedLength;
    /** Frame length on the wire. */
    public int wireLength;

    public static final int ETH_IPV4 = 0x0800, ETH_ARP = 0x0806, ETH_IPV6 = 0x86dd,
            ETH_8021Q = 0x8100, ETH_8021AD = 0x88a8, ETH_QINQ_9100 = 0x9100;
    public static final int PROTO_ICMP = 1, PROTO_TCP = 6, PROTO_UDP = 17, PROTO_ICMPV6 = 58;

    private void reset() {
        ipVersion = 0; etherType = 0; vlanId = -1; protocol = -1;
        srcHi = srcLo = dstHi = dstLo = 0;
        srcPort = dstPort = -1; icmpType = icmpCode = -1; tcpFlags = 0;
        laterFragment = fragment = false;
        l3Offset = l4Offset = payloadOffset = -1;
    }

    /**
     * Reads one frame. Never throws on short or malformed input: fields it could not reach keep their
     * "absent" values.
     *
     * @return this, for chaining
     */
    public FrameSummary decode(byte[] b, int off, int caplen, int wirelen, int linkType) {
        reset();
        capturedLength = caplen;
        wireLength = wirelen;
        int end = off + Math.min(caplen, b.length - off);
        int p = off;
        int type;
        switch (linkType) {
            case LinkType.ETHERNET -> {
                if (end - p < 14) return this;
                type = u16(b, p + 12);
                p += 14;
                while ((type == ETH_8021Q || type == ETH_8021AD || type == ETH_QINQ_9100) && end - p >= 4) {
                    if (vlanId < 0) vlanId = u16(b, p) & 0x0fff;
                    type = u16(b, p + 2);
                    p += 4;
                }
            }
            case LinkType.LINUX_SLL -> {
                if (end - p < 16) return this;
                type = u16(b, p + 14);
                p += 16;
            }
            case LinkType.LINUX_SLL2 -> {
                if (end - p < 20) return this;
                type = u16(b, p);
                p += 20;
            }
            case LinkType.NULL -> {
                if (end - p < 4) return this;
                int fam = (b[p] & 0xff) | (b[p + 1] & 0xff) << 8 | (b[p + 2] & 0xff) << 16 | (b[p + 3] & 0xff) << 24;
                if (fam > 0xffff) fam = Integer.reverseBytes(fam);
                type = fam == 2 ? ETH_IPV4 : (fam == 24 || fam == 28 || fam == 30) ? ETH_IPV6 : 0;
                p += 4;
            }
            case LinkType.RAW, LinkType.IPV4, LinkType.IPV6 -> {
                if (end - p < 1) return this;
                int v = (b[p] & 0xff) >>> 4;
                type = v == 4 ? ETH_IPV4 : v == 6 ? ETH_IPV6 : 0;
            }
            default -> { return this; }
        }
        etherType = type;
        if (type == ETH_IPV4) decodeIpv4(b, p, end);
        else if (type == ETH_IPV6) decodeIpv6(b, p, end);
        return this;
    }

    private void decodeIpv4(byte[] b, int p, int end) {
        if (end - p < 20 || (b[p] & 0xf0) != 0x40) return;
        int ihl = (b[p] & 0x0f) * 4;
        if (ihl < 20) return;
        ipVersion = 4;
        l3Offset = p;
        protocol = b[p + 9] & 0xff;
        srcHi = u32(b, p + 12);
        dstHi = u32(b, p + 16);
        int fo = u16(b, p + 6);
        fragment = (fo & 0x3fff) != 0;
        laterFragment = (fo & 0x1fff) != 0;
        if (laterFragment || end - p < ihl) return;
        transport(b, p + ihl, end);
    }

    private void decodeIpv6(byte[] b, int p, int end) {
        if (end - p < 40 || (b[p] & 0xf0) != 0x60) return;
        ipVersion = 6;
        l3Offset = p;
        srcHi = u64(b, p + 8); srcLo = u64(b, p + 16);
        dstHi = u64(b, p + 24); dstLo = u64(b, p + 32);
        int nh = b[p + 6] & 0xff;
        int q = p + 40;
        // RFC 8200 §4: walk hop-by-hop (0), routing (43), fragment (44) and destination options (60).
        for (int guard = 0; guard < 16; guard++) {
            if (nh == 0 || nh == 43 || nh == 60) {
                if (end - q < 2) { protocol = nh; return; }
                int next = b[q] & 0xff;
                q += (b[q + 1] & 0xff) * 8 + 8;
                nh = next;
            } else if (nh == 44) {
                if (end - q < 8) { protocol = nh; return; }
                int next = b[q] & 0xff;
                int fo = u16(b, q + 2);
                fragment = true;
                if ((fo & 0xfff8) != 0) laterFragment = true;
                q += 8;
                nh = next;
            } else break;
        }
        protocol = nh;
        if (laterFragment || q > end) return;
        transport(b, q, end);
    }

    private void transport(byte[] b, int q, int end) {
        l4Offset = q;
        switch (protocol) {
            case PROTO_TCP -> {
                if (end - q < 4) return;
                srcPort = u16(b, q); dstPort = u16(b, q + 2);
                if (end - q >= 14) tcpFlags = b[q + 13] & 0xff;
                if (end - q >= 13) payloadOffset = q + ((b[q + 12] & 0xf0) >>> 2);
            }
            case PROTO_UDP -> {
                if (end - q < 4) return;
                srcPort = u16(b, q); dstPort = u16(b, q + 2);
                payloadOffset = q + 8;
            }
            case PROTO_ICMP, PROTO_ICMPV6 -> {
                if (end - q < 2) return;
                icmpType = b[q] & 0xff; icmpCode = b[q + 1] & 0xff;
            }
            default -> { }
        }
    }

    public boolean isArp() { return etherType == ETH_ARP; }

    static int u16(byte[] b, int i) { return (b[i] & 0xff) << 8 | (b[i + 1] & 0xff); }
    static long u32(byte[] b, int i) { return ((long) (b[i] & 0xff) << 24) | (b[i + 1] & 0xff) << 16 | (b[i + 2] & 0xff) << 8 | (b[i + 3] & 0xff); }
    static long u64(byte[] b, int i) { return u32(b, i) << 32 | u32(b, i + 4); }
}
