package net.trafficmirror.packet.print;

import static net.trafficmirror.packet.print.NetworkOrder.u8;

/**
 * The Ethernet Configuration Testing Protocol (ethertype 0x9000), as {@code print-loopback.c:loopback_print()} of
 * tcpdump 4.99.3: the skip count and the first message's function (reply or forward data). Its 16-bit fields are
 * little-endian.
 *
 * <pre>
 * | skipCount (2, LE) | [skipped octets] | function (2, LE) | receipt number (2, LE) or forward address (6) | data
 * </pre>
 */
final class LoopbackPrinter {
    private static final int REPLY = 1, FORWARD_DATA = 2;

    private LoopbackPrinter() {}

    static void print(PrintContext ctx, byte[] b, int p, int end, int length) {
        TextSink out = ctx.out;
        out.append("Loopback");
        if (length < 2) {
            invalid(ctx, p, end, length);
            return;
        }
        if (!need(ctx, p + 2, end)) {
            return;
        }
        int skip = le16(b, p);
        p += 2;
        length -= 2;
        out.append(", skipCount ").appendDecimal(skip);
        if (skip % 8 != 0) {
            out.append(" (bogus)");
        }
        if (skip > length) {
            invalid(ctx, p, end, length);
            return;
        }
        if (!need(ctx, p + skip, end)) {
            return;
        }
        p += skip;
        length -= skip;
        if (length < 2) {
            invalid(ctx, p, end, length);
            return;
        }
        if (!need(ctx, p + 2, end)) {
            return;
        }
        int function = le16(b, p);
        p += 2;
        length -= 2;
        out.append(", ");
        switch (function) {
            case REPLY -> out.append("Reply");
            case FORWARD_DATA -> out.append("Forward Data");
            default -> out.append(" invalid (").appendDecimal(function).append(')');
        }
        if (function == REPLY) {
            if (length < 2) {
                invalid(ctx, p, end, length);
                return;
            }
            if (!need(ctx, p + 2, end)) {
                return;
            }
            out.append(", receipt number ").appendDecimal(le16(b, p));
            p += 2;
            length -= 2;
            out.append(", data (").appendDecimal(length).append(" octets)");
        } else if (function == FORWARD_DATA) {
            if (length < 6) {
                invalid(ctx, p, end, length);
                return;
            }
            if (!need(ctx, p + 6, end)) {
                return;
            }
            out.append(", forwarding address ");
            ctx.mac(b, p);
            p += 6;
            length -= 6;
            out.append(", data (").appendDecimal(length).append(" octets)");
        }
        need(ctx, p + length, end);
    }

    private static void invalid(PrintContext ctx, int p, int end, int length) {
        ctx.invalid();
        need(ctx, p + length, end);
    }

    /** tcpdump's ND_TCHECK_LEN with longjmp: " [|loopback]" when the octets are not all captured. */
    private static boolean need(PrintContext ctx, int upTo, int end) {
        if (upTo > end) {
            ctx.truncatedJump("loopback");
            return false;
        }
        return true;
    }

    private static int le16(byte[] b, int p) {
        return u8(b, p) | u8(b, p + 1) << 8;
    }
}
