package net.trafficmirror.packet.print;

import static net.trafficmirror.packet.print.NetworkOrder.u16;
import static net.trafficmirror.packet.print.NetworkOrder.u24;
import static net.trafficmirror.packet.print.NetworkOrder.u8;

/**
 * Geneve, as {@code print-geneve.c:geneve_print()} of tcpdump 4.99.3 (RFC 8926): header fields, options (decoded
 * with -v), then the payload after ": " (or "\n\t" with -v) on the same line.
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
 */
final class GenevePrinter {
    static final int VER_OPTLEN = 0, FLAGS = 1, PROTOCOL = 2, VNI = 4, RESERVED = 7, HEADER = 8;

    private final PrintContext ctx;

    GenevePrinter(PrintContext ctx) {
        this.ctx = ctx;
    }

    void print(byte[] b, int p, int end, int length) {
        TextSink out = ctx.out;
        out.append("Geneve");
        if (length < HEADER) {
            out.append(" [length ").appendDecimal(length).append(" < 8]");
            ctx.invalid();
            return;
        }
        if (p + HEADER > end) {
            ctx.truncated("geneve");
            return;
        }
        int verOpt = u8(b, p + VER_OPTLEN);
        int version = verOpt >> 6;
        if (version != 0) {
            out.append(" ERROR: unknown-version ").appendDecimal(version);
            return;
        }
        int flags = u8(b, p + FLAGS);
        int prot = u16(b, p + PROTOCOL);
        int vni = u24(b, p + VNI);
        int reserved = u8(b, p + RESERVED);
        int len = length - HEADER;
        out.append(", Flags [");
        if (flags == 0) {
            out.append("none");
        }
        // bittok2str_nosep(geneve_flag_values): O, C, then the reserved bits R1..R6
        if ((flags & 0x80) != 0) {
            out.append('O');
        }
        if ((flags & 0x40) != 0) {
            out.append('C');
        }
        for (int bit = 0x20, n = 1; bit != 0; bit >>= 1, n++) {
            if ((flags & bit) != 0) {
                out.append('R').appendDecimal(n);
            }
        }
        out.append("], vni 0x").appendHex(vni, 1);
        if (reserved != 0) {
            out.append(", rsvd 0x").appendHex(reserved, 1);
        }
        if (ctx.options.linkHeader) {
            String name = EtherPrinter.name(prot);
            out.append(", proto ").append(name == null ? "unknown" : name).append(" (0x").appendHex(prot, 4)
                    .append(')');
        }
        int optsLen = (verOpt & 0x3f) * 4;
        if (len < optsLen) {
            out.append(" truncated-geneve - ").appendDecimal(optsLen - len).append(" bytes missing");
            return;
        }
        int bp = p + HEADER;
        if (bp + optsLen > end) {
            ctx.truncated("geneve");
            return;
        }
        if (optsLen > 0) {
            out.append(", options");
            if (ctx.options.verbose > 0) {
                out.append(" [");
                options(b, bp, optsLen, out);
                out.append(']');
            } else {
                out.append(" [").appendDecimal(optsLen).append(" bytes]");
            }
        }
        bp += optsLen;
        len -= optsLen;
        out.append(ctx.options.verbose < 1 ? ": " : "\n\t");
        if (!ctx.etherType(prot, b, bp, end, len)) {
            if (prot == 0x6558) {
                ctx.ether.print(b, bp, Math.max(end, bp), len);
            } else {
                out.append("geneve-proto-0x").appendHex(prot, 1);
            }
        }
    }

    private void options(byte[] b, int bp, int len, TextSink out) {
        String sep = "";
        while (len > 0) {
            if (len < 4) {
                out.append(sep).append("[bad length]");
                return;
            }
            int optClass = u16(b, bp);
            int optType = u8(b, bp + 2);
            int optLen = 4 + (u8(b, bp + 3) & 0x1f) * 4;
            out.append(sep).append("class ");
            String className = switch (optClass) {
                case 0x0000 -> "Standard";
                case 0x0100 -> "Linux";
                case 0x0101 -> "Open vSwitch";
                case 0x0102 -> "Open Virtual Networking (OVN)";
                case 0x0103 -> "In-band Network Telemetry (INT)";
                case 0x0104 -> "VMware";
                case 0xfff0, 0xfff1, 0xfff2, 0xfff3, 0xfff4, 0xfff5, 0xfff6, 0xfff7, 0xfff8, 0xfff9, 0xfffa, 0xfffb,
                     0xfffc, 0xfffd, 0xfffe, 0xffff -> "Experimental";
                default -> null;
            };
            out.append(className == null ? "Unknown" : className).append(" (0x").appendHex(optClass, 1)
                    .append(") type 0x").appendHex(optType, 1).append((optType & 0x80) != 0 ? "(C)" : "")
                    .append(" len ").appendDecimal(optLen);
            if (optLen > len) {
                out.append(" [bad length]");
                return;
            }
            if (ctx.options.verbose > 1 && optLen > 4) {
                out.append(" data");
                for (int i = 4; i + 4 <= optLen; i += 4) {
                    out.append(' ').appendHex(NetworkOrder.u32(b, bp + i), 8);
                }
            }
            bp += optLen;
            len -= optLen;
            sep = ", ";
        }
    }
}
