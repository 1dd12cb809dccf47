package net.trafficmirror.packet.print;

/**
 * BSD loopback (LINKTYPE_NULL), as {@code print-null.c:null_if_print()}: a 4-byte address family in the byte order
 * of the capturing host (byte-swapped when the high half is set), AF_INET and the three AF_INET6 values decoded.
 */
final class NullPrinter {
    static final int FAMILY = 0, HEADER = 4;

    private NullPrinter() {}

    static int print(PrintContext ctx, byte[] b, int p, int end, int length) {
        if (end - p < HEADER) {
            ctx.truncatedJump("null");
            return end - p;
        }
        long family = (b[p] & 0xffL) | (b[p + 1] & 0xffL) << 8 | (b[p + 2] & 0xffL) << 16 | (b[p + 3] & 0xffL) << 24;
        if ((family & 0xffff0000L) != 0) {
            family = Long.reverseBytes(family) >>> 32;
        }
        TextSink out = ctx.out;
        if (ctx.options.linkHeader) {
            header(ctx, family, length, out);
        }
        int q = p + HEADER;
        if (family == 2) {
            ctx.ip.print(b, q, end, length - HEADER);
        } else if (family == 24 || family == 28 || family == 30) {
            ctx.ip6.print(b, q, end, length - HEADER);
        } else {
            if (!ctx.options.linkHeader) {
                header(ctx, family, length, out);
            }
            if (ctx.defaultPrint()) {
                HexDump.print(b, q, end - q, true, out);
            }
        }
        return HEADER;
    }

    private static void header(PrintContext ctx, long family, int length, TextSink out) {
        String name = family == 2 ? "IPv4" : family == 24 || family == 28 || family == 30 ? "IPv6"
                : family == 6 ? "NS" : family == 7 ? "ISO" : family == 16 ? "Appletalk" : family == 23 ? "IPX" : null;
        if (ctx.options.quiet) {
            if (name == null) {
                out.append("Unknown AF ").appendDecimal(family);
            } else {
                out.append(name);
            }
        } else {
            out.append("AF ").append(name == null ? "Unknown" : name).append(" (").appendDecimal(family).append(')');
        }
        out.append(", length ").appendDecimal(length).append(": ");
    }
}
