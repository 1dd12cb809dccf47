package net.trafficmirror.packet.print;

import static net.trafficmirror.packet.print.NetworkOrder.u24;
import static net.trafficmirror.packet.print.NetworkOrder.u8;

/**
 * VXLAN, as {@code print-vxlan.c:vxlan_print()} of tcpdump 4.99.3 (RFC 7348): the header, a newline, and the inner
 * Ethernet frame printed as if it were a packet of its own (without timestamp).
 *
 * <pre>
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |R|R|R|R|I|R|R|R|            Reserved                           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                VXLAN Network Identifier (VNI) |   Reserved    |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
final class VxlanPrinter {
    static final int FLAGS = 0, VNI = 4, HEADER = 8;
    static final int FLAG_I = 0x08;

    private final PrintContext ctx;

    VxlanPrinter(PrintContext ctx) {
        this.ctx = ctx;
    }

    void print(byte[] b, int p, int end, int length) {
        TextSink out = ctx.out;
        out.append("VXLAN");
        if (length < HEADER) {
            ctx.invalid();
            return;
        }
        if (p + 1 > end) {
            ctx.truncatedJump("vxlan");
            return;
        }
        int flags = u8(b, p + FLAGS);
        out.append(", flags [").append((flags & FLAG_I) != 0 ? "I" : "invalid").append("] (0x").appendHex(flags, 2)
                .append("), ");
        if (p + VNI + 3 > end) {
            ctx.truncatedJump("vxlan");
            return;
        }
        out.append("vni ").appendDecimal(u24(b, p + VNI)).append('\n');
        if (p + HEADER > end) {
            ctx.truncatedJump("vxlan"); // the reserved last octet was not captured: tcpdump blames VXLAN, not Ethernet
            return;
        }
        ctx.ether.print(b, p + HEADER, end, length - HEADER);
    }
}
