package net.trafficmirror.packet.print;

/**
 * Raw IP link types (LINKTYPE_RAW, IPV4, IPV6), as {@code print-raw.c:raw_if_print()} of tcpdump 4.99.3: with -e it
 * prints a literal {@code "ip: "}, then the IP version nibble picks the IPv4 or IPv6 printer.
 */
final class RawIpPrinter {
    private RawIpPrinter() {}

    static int print(PrintContext ctx, byte[] b, int p, int end, int length) {
        if (ctx.options.linkHeader) {
            ctx.out.append("ip: ");
        }
        ipVersion(ctx, b, p, end, length);
        return 0;
    }

    /** {@code print-ip.c:ipN_print()}. */
    static void ipVersion(PrintContext ctx, byte[] b, int p, int end, int length) {
        if (end - p < 1) {
            ctx.truncated("ip");
            return;
        }
        switch ((b[p] & 0xf0) >> 4) {
            case 4 -> ctx.ip.print(b, p, end, length);
            case 6 -> ctx.ip6.print(b, p, end, length);
            default -> ctx.out.append("unknown ip ").appendDecimal((b[p] & 0xf0) >> 4);
        }
    }
}
