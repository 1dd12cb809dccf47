package net.trafficmirror.packet.print;

import static net.trafficmirror.packet.print.NetworkOrder.u16;
import static net.trafficmirror.packet.print.NetworkOrder.u32;

/**
 * GRE version 0, as {@code print-gre.c:gre_print_0()} of tcpdump 4.99.3 (RFC 2784, RFC 2890):
 * {@code GREv0[, Flags [..] with -v][, key=0x..][, seq N], length L: <payload>}.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |C|R|K|S|s|Recur|  Flags  | Ver |         Protocol Type         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |      Checksum (optional)      |       Offset (optional)       |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                         Key (optional)                        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                 Sequence Number (optional)                    |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
final class GrePrinter {
    static final int FLAGS_VERSION = 0, PROTOCOL = 2, HEADER = 4;
    static final int CP = 0x8000, RP = 0x4000, KP = 0x2000, SP = 0x1000, SSR = 0x0800, AP = 0x0080;

    private final PrintContext ctx;

    GrePrinter(PrintContext ctx) {
        this.ctx = ctx;
    }

    void print(byte[] b, int p, int end, int length) {
        TextSink out = ctx.out;
        if (p + 2 > end) {
            ctx.truncated("gre");
            return;
        }
        int flags = u16(b, p);
        int version = flags & 7;
        out.append("GREv").appendDecimal(version);
        if (version != 0) {
            out.append(" ERROR: unknown-version");
            return;
        }
        if (ctx.options.verbose > 0) {
            out.append(", Flags [");
            int start = out.length();
            flag(flags, CP, "checksum present", start, out);
            flag(flags, RP, "routing present", start, out);
            flag(flags, KP, "key present", start, out);
            flag(flags, SP, "seq# present", start, out);
            flag(flags, SSR, "strict source route", start, out);
            flag(flags, AP, "ack present", start, out);
            if (out.length() == start) {
                out.append("none");
            }
            out.append(']');
        }
        int len = length - 2;
        int bp = p + 2;
        if (bp + 2 > end) {
            ctx.truncated("gre");
            return;
        }
        int prot = u16(b, bp);
        bp += 2;
        len -= 2;
        if ((flags & (CP | RP)) != 0) {
            if (bp + 4 > end) {
                ctx.truncated("gre");
                return;
            }
            out.append(", sum 0x").appendHex(u16(b, bp), 1).append(", off 0x").appendHex(u16(b, bp + 2), 1);
            bp += 4;
            len -= 4;
        }
        if ((flags & KP) != 0) {
            if (bp + 4 > end) {
                ctx.truncated("gre");
                return;
            }
            out.append(", key=0x").appendHex(u32(b, bp), 1);
            bp += 4;
            len -= 4;
        }
        if ((flags & SP) != 0) {
            if (bp + 4 > end) {
                ctx.truncated("gre");
                return;
            }
            out.append(", seq ").appendDecimal(u32(b, bp));
            bp += 4;
            len -= 4;
        }
        if ((flags & RP) != 0) {
            // source route entries (RFC 1701) are obsolete; tcpdump walks them until the null entry
            while (true) {
                if (bp + 4 > end) {
                    ctx.truncated("gre");
                    return;
                }
                int af = u16(b, bp);
                int srelen = b[bp + 3] & 0xff;
                bp += 4;
                len -= 4;
                if (af == 0 && srelen == 0) {
                    break;
                }
                bp += srelen;
                len -= srelen;
            }
        }
        if (ctx.options.linkHeader) {
            String name = EtherPrinter.name(prot);
            out.append(", proto ").append(name == null ? "unknown" : name).append(" (0x").appendHex(prot, 4)
                    .append(')');
        }
        out.append(", length ").appendDecimal(length);
        out.append(ctx.options.verbose < 1 ? ": " : "\n\t");
        switch (prot) {
            case 0x0800 -> ctx.ip.print(b, bp, end, len);
            case 0x86dd -> ctx.ip6.print(b, bp, end, len);
            case 0x6558 -> ctx.ether.print(b, bp, Math.max(end, bp), len);
            default -> out.append("gre-proto-0x").appendHex(prot, 1);
        }
    }

    private static void flag(int flags, int bit, String name, int start, TextSink out) {
        if ((flags & bit) != 0) {
            if (out.length() != start) {
                out.append(", ");
            }
            out.append(name);
        }
    }
}
