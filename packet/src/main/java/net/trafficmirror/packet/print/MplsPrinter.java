package net.trafficmirror.packet.print;

import static net.trafficmirror.packet.print.NetworkOrder.u32;
import static net.trafficmirror.packet.print.NetworkOrder.u8;

/**
 * The MPLS label stack (RFC 3032), as {@code print-mpls.c:mpls_print()} of tcpdump 4.99.3: each entry's label, traffic
 * class, bottom-of-stack bit and TTL, then the payload guessed from the last label (explicit/implicit NULL) or from
 * its first octet (an IPv4 or IPv6 version nibble); anything else is dumped in hex.
 *
 * <pre>
 * |                Label                  | TC  |S|       TTL     |
 * </pre>
 */
final class MplsPrinter {
    private static final String[] RESERVED_LABELS = {"IPv4 explicit NULL", "router alert", "IPv6 explicit NULL",
        "implicit NULL"};

    private MplsPrinter() {}

    static void print(PrintContext ctx, byte[] b, int p, int end, int length) {
        TextSink out = ctx.out;
        boolean verbose = ctx.options.verbose > 0;
        out.append("MPLS");
        long entry;
        int depth = 0;
        do {
            if (p + 4 > end) {
                ctx.truncatedJump("mpls");
                return;
            }
            if (length < 4) {
                out.append("[|MPLS], length ").appendDecimal(length);
                return;
            }
            entry = u32(b, p);
            int label = (int) (entry >>> 12);
            out.append(depth > 0 && verbose ? "\n\t" : " ").append("(label ").appendDecimal(label);
            depth++;
            if (verbose && label < 16) {
                out.append(" (").append(label < RESERVED_LABELS.length ? RESERVED_LABELS[label] : "rsvd").append(')');
            }
            out.append(", tc ").appendDecimal((entry >> 9) & 7);
            if ((entry & 0x100) != 0) {
                out.append(", [S]");
            }
            out.append(", ttl ").appendDecimal(entry & 0xff).append(')');
            p += 4;
            length -= 4;
        } while ((entry & 0x100) == 0);
        int label = (int) (entry >>> 12);
        int version;
        if (label == 0 || label == 3) {
            version = 4;
        } else if (label == 2) {
            version = 6;
        } else {
            if (p + 1 > end) {
                ctx.truncatedJump("mpls");
                return;
            }
            if (length < 1) {
                return;
            }
            int first = u8(b, p);
            version = first >= 0x45 && first <= 0x4f ? 4 : (first & 0xf0) == 0x60 ? 6 : 0;
        }
        if (version == 0) {
            if (ctx.defaultPrint()) {
                HexDump.print(b, p, Math.min(length, end - p), true, out);
            }
            return;
        }
        out.append(verbose ? "\n\t" : " ");
        if (version == 4) {
            ctx.ip.print(b, p, end, length);
        } else {
            ctx.ip6.print(b, p, end, length);
        }
    }
}
