package net.trafficmirror.packet.print;

import static net.trafficmirror.packet.print.NetworkOrder.u16;

/**
 * UDP, as {@code print-udp.c:udp_print()} and {@code udpipaddr_print()} of tcpdump 4.99.3 (RFC 768), dispatching to
 * DNS (53, 5353), VXLAN (4789) and Geneve (6081) by source or destination port.
 *
 * <pre>
 *  0      7 8     15 16    23 24    31
 * +--------+--------+--------+--------+
 * |     Source      |   Destination   |
 * |      Port       |      Port       |
 * +--------+--------+--------+--------+
 * |     Length      |    Checksum     |
 * +--------+--------+--------+--------+
 * </pre>
 */
final class UdpPrinter {
    static final int SPORT = 0, DPORT = 2, LENGTH = 4, CHECKSUM = 6, HEADER = 8;

    private final PrintContext ctx;

    UdpPrinter(PrintContext ctx) {
        this.ctx = ctx;
    }

    void print(byte[] b, int p, int end, int length, int ip, boolean fragmented) {
        TextSink out = ctx.out;
        if (end - p < 4) {
            ipAddresses(b, ip, -1, -1);
            ctx.truncated("udp");
            return;
        }
        int sport = u16(b, p + SPORT);
        int dport = u16(b, p + DPORT);
        if (length < HEADER) {
            ipAddresses(b, ip, sport, dport);
            out.append("truncated-udp ").appendDecimal(length);
            return;
        }
        if (end - p < 6) {
            ipAddresses(b, ip, sport, dport);
            ctx.truncated("udp");
            return;
        }
        int ulen = u16(b, p + LENGTH);
        if (ulen == 0 && length > 65535) {
            ulen = length;
        }
        if (ulen < HEADER) {
            ipAddresses(b, ip, sport, dport);
            out.append("truncated-udplength ").appendDecimal(ulen);
            return;
        }
        ulen -= HEADER;
        length -= HEADER;
        if (ulen < length) {
            length = ulen;
        }
        int cp = p + HEADER;
        if (cp > end) {
            ipAddresses(b, ip, sport, dport);
            ctx.truncated("udp");
            return;
        }
        ipAddresses(b, ip, sport, dport);
        if (ctx.options.verbose > 0 && !fragmented) {
            checksum(b, p, end, length, ip);
        }
        boolean quiet = ctx.options.quiet;
        if (!quiet && (sport == 53 || dport == 53)) {
            ctx.dns.print(b, cp, end, length, false);
        } else if (!quiet && (sport == 5353 || dport == 5353)) {
            ctx.dns.print(b, cp, end, length, true);
        } else if (!quiet && (sport == 123 || dport == 123)) {
            NtpPrinter.print(ctx, b, cp, end, length);
        } else if (!quiet && verboseless() && (sport == 67 || dport == 67 || sport == 68 || dport == 68)) {
            UdpServicePrinter.bootp(ctx, b, cp, end, length);
        } else if (!quiet && (sport == 514 || dport == 514)) {
            UdpServicePrinter.syslog(ctx, b, cp, end, length);
        } else if (!quiet && (sport == 4789 || dport == 4789)) {
            ctx.vxlan.print(b, cp, end, length);
        } else if (!quiet && (sport == 6081 || dport == 6081)) {
            ctx.geneve.print(b, cp, end, length);
        } else if (ulen > length && !fragmented) {
            out.append("UDP, bad length ").appendDecimal(ulen).append(" > ").appendDecimal(length);
        } else {
            out.append("UDP, length ").appendDecimal(ulen);
        }
    }

    /** BOOTP is only reproduced in its non-verbose form. */
    private boolean verboseless() {
        return ctx.options.verbose == 0;
    }

    private void checksum(byte[] b, int p, int end, int length, int ip) {
        TextSink out = ctx.out;
        boolean v4 = (b[ip] & 0xf0) == 0x40;
        if (v4 && ctx.options.verbose < 2) {
            return;
        }
        int field = u16(b, p + CHECKSUM);
        if (v4 && field == 0) {
            out.append("[no cksum] ");
            return;
        }
        if (p + HEADER + length > end) {
            return;
        }
        int total = length + HEADER;
        long sum = InternetChecksum.pseudoHeader(b, ip, end, 17, total);
        int result = InternetChecksum.finish(InternetChecksum.add(b, p, total, sum));
        if (result != 0) {
            out.append("[bad udp cksum 0x").appendHex(field, 4).append(" -> 0x")
                    .appendHex(InternetChecksum.shouldBe(field, result), 4).append("!] ");
        } else {
            out.append("[udp sum ok] ");
        }
    }

    /** {@code udpipaddr_print()}: full addresses when UDP follows the IP header directly, else only ports. */
    private void ipAddresses(byte[] b, int ip, int sport, int dport) {
        TextSink out = ctx.out;
        boolean named = ctx.symbolic;
        if (PrintContext.ipNextHeader(b, ip) == 17) {
            if (sport == -1) {
                ctx.addresses(b, ip);
            } else {
                ctx.address(b, ip, true);
                out.append('.');
                ServiceNames.udp(sport, named, out);
                out.append(" > ");
                ctx.address(b, ip, false);
                out.append('.');
                ServiceNames.udp(dport, named, out);
            }
            out.append(": ");
        } else if (sport != -1) {
            ServiceNames.udp(sport, named, out);
            out.append(" > ");
            ServiceNames.udp(dport, named, out);
            out.append(": ");
        }
    }
}
