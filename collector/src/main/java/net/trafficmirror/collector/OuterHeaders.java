package net.trafficmirror.collector;

/**
 * Rebuilds the outer Ethernet + IPv4/IPv6 + UDP headers of a tunnel datagram in front of its payload, so the
 * printer can show it as {@code tcpdump -n port 4789} on the target would (seed SCENARIO.md, reference §3.12).
 *
 * <p>A UDP socket hands over the payload, the addresses and the ports; it does not hand over the outer MAC
 * addresses (written as zeros, seen only with {@code -e}), the IPv4 TOS, identification, flags and TTL or the IPv6
 * traffic class, flow label and hop limit (written as 0, 0, DF clear, 64; seen only with {@code -v}), nor the UDP
 * checksum (written as 0, "no checksum", which is what Linux's vxlan device and RFC 7348 §5 use over IPv4;
 * {@code -vv} shows {@code [no cksum]}). The IPv4 header checksum is computed so {@code -v} does not flag it.
 */
final class OuterHeaders {
    static final int ETHERNET = 14, IPV4 = 20, IPV6 = 40, UDP = 8;

    private OuterHeaders() {}

    /** Writes the headers before {@code d.payloadOffset}; returns the offset where the outer frame starts. */
    static int build(TunnelDatagram d) {
        byte[] b = d.buffer;
        boolean v6 = d.senderAddress.length == 16;
        int udp = d.payloadOffset - UDP;
        int ip = udp - (v6 ? IPV6 : IPV4);
        int eth = ip - ETHERNET;
        int udpLength = UDP + d.payloadLength;
        java.util.Arrays.fill(b, eth, eth + 12, (byte) 0);
        put16(b, eth + 12, v6 ? 0x86dd : 0x0800);
        if (v6) {
            b[ip] = 0x60; b[ip + 1] = 0; b[ip + 2] = 0; b[ip + 3] = 0;
            put16(b, ip + 4, udpLength);
            b[ip + 6] = 17;
            b[ip + 7] = 64;
            System.arraycopy(d.senderAddress, 0, b, ip + 8, 16);
            System.arraycopy(d.localAddress, 0, b, ip + 24, 16);
        } else {
            b[ip] = 0x45; b[ip + 1] = 0;
            put16(b, ip + 2, IPV4 + udpLength);
            put16(b, ip + 4, 0);
            put16(b, ip + 6, 0);
            b[ip + 8] = 64;
            b[ip + 9] = 17;
            put16(b, ip + 10, 0);
            System.arraycopy(d.senderAddress, 0, b, ip + 12, 4);
            System.arraycopy(d.localAddress, 0, b, ip + 16, 4);
            put16(b, ip + 10, ipv4Checksum(b, ip));
        }
        put16(b, udp, d.senderPort);
        put16(b, udp + 2, d.localPort);
        put16(b, udp + 4, udpLength);
        put16(b, udp + 6, 0);
        return eth;
    }

    /** RFC 791 §3.1 header checksum: one's complement of the one's complement sum of the 16-bit words. */
    private static int ipv4Checksum(byte[] b, int ip) {
        int sum = 0;
        for (int i = 0; i < IPV4; i += 2) sum += (b[ip + i] & 0xff) << 8 | (b[ip + i + 1] & 0xff);
        while ((sum >>> 16) != 0) sum = (sum & 0xffff) + (sum >>> 16);
        return ~sum & 0xffff;
    }

    private static void put16(byte[] b, int i, int v) {
        b[i] = (byte) (v >>> 8);
        b[i + 1] = (byte) v;
    }
}
