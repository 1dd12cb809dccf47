package net.trafficmirror.packet.print;

import static net.trafficmirror.packet.print.NetworkOrder.u16;
import static net.trafficmirror.packet.print.NetworkOrder.u32;
import static net.trafficmirror.packet.print.NetworkOrder.u8;

/**
 * The IPv6 mobility header (next header 135, and the old 62), as {@code print-mobility.c:mobility_print()} of
 * tcpdump 4.99.3 (RFC 6275). It ends the IPv6 header chain: tcpdump does not follow its payload protocol field.
 *
 * <pre>
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * | Payload Proto |  Header Len   |   MH Type     |   Reserved    |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |           Checksum            |                               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+                               |
 * |                       Message Data                            |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
final class MobilityPrinter {
    private static final int MIN_LENGTH = 8;
    /** The shortest header of message types 0..7 (ip6m_hdrlen[]). */
    private static final int[] TYPE_MIN_LENGTH = {8, 16, 16, 24, 24, 12, 12, 24};
    private static final String[] TYPE_NAMES = {"BRR", "HoTI", "CoTI", "HoT", "CoT", "BU", "BA", "BE"};

    private MobilityPrinter() {}

    static void print(PrintContext ctx, byte[] b, int p, int end) {
        TextSink out = ctx.out;
        if (p + 3 > end) {
            ctx.truncatedJump("mobility");
            return;
        }
        int headerLength = (u8(b, p + 1) + 1) << 3;
        int type = u8(b, p + 2);
        if (type < TYPE_MIN_LENGTH.length && headerLength < TYPE_MIN_LENGTH[type]) {
            out.append("(header length ").appendDecimal(headerLength).append(" is too small for type ")
                    .appendDecimal(type).append(')');
            ctx.truncated("mobility");
            return;
        }
        out.append("mobility: ");
        if (type < TYPE_NAMES.length) {
            out.append(TYPE_NAMES[type]);
        } else {
            out.append("type-#").appendDecimal(type);
        }
        boolean verbose = ctx.options.verbose > 0;
        int data = p + MIN_LENGTH;
        switch (type) {
            case 0 -> { }
            case 1, 2 -> {
                if (verbose) {
                    if (!need(ctx, data + 8, end)) {
                        return;
                    }
                    out.append(type == 1 ? " Home" : " Care-of");
                    cookie(out, " Init Cookie=", b, data);
                }
                data += 8;
            }
            case 3, 4 -> {
                if (!need(ctx, p + 8, end)) {
                    return;
                }
                out.append(" nonce id=0x").appendHex(u16(b, p + 6), 1);
                if (verbose) {
                    if (!need(ctx, data + 8, end)) {
                        return;
                    }
                    out.append(type == 3 ? " Home" : " Care-of");
                    cookie(out, " Init Cookie=", b, data);
                }
                data += 8;
                if (verbose) {
                    if (!need(ctx, data + 8, end)) {
                        return;
                    }
                    out.append(type == 3 ? " Home" : " Care-of");
                    cookie(out, " Keygen Token=", b, data);
                }
                data += 8;
            }
            case 5 -> {
                if (!need(ctx, p + 8, end)) {
                    return;
                }
                out.append(" seq#=").appendDecimal(u16(b, p + 6));
                if (!need(ctx, data + 2, end)) {
                    return;
                }
                int flags = u8(b, data);
                if ((flags & 0xf0) != 0) {
                    out.append(' ');
                    if ((flags & 0x80) != 0) {
                        out.append('A');
                    }
                    if ((flags & 0x40) != 0) {
                        out.append('H');
                    }
                    if ((flags & 0x20) != 0) {
                        out.append('L');
                    }
                    if ((flags & 0x10) != 0) {
                        out.append('K');
                    }
                }
                data += 2;
                if (!need(ctx, data + 2, end)) {
                    return;
                }
                out.append(" lifetime=").appendDecimal(u16(b, data) << 2);
                data += 2;
            }
            case 6 -> {
                if (!need(ctx, p + 8, end)) {
                    return;
                }
                out.append(" status=").appendDecimal(u8(b, p + 6));
                if ((u8(b, p + 7) & 0x80) != 0) {
                    out.append(" K");
                }
                if (!need(ctx, data + 2, end)) {
                    return;
                }
                out.append(" seq#=").appendDecimal(u16(b, data));
                data += 2;
                if (!need(ctx, data + 2, end)) {
                    return;
                }
                out.append(" lifetime=").appendDecimal(u16(b, data) << 2);
                data += 2;
            }
            case 7 -> {
                if (!need(ctx, p + 7, end)) {
                    return;
                }
                out.append(" status=").appendDecimal(u8(b, p + 6));
                if (!need(ctx, data + 16, end)) {
                    return;
                }
                out.append(" homeaddr ");
                AddressText.ipv6(b, data, out);
                data += 16;
            }
            default -> {
                out.append(" len=").appendDecimal(u8(b, p + 1));
                return;
            }
        }
        if (verbose) {
            options(ctx, b, data, p + headerLength - data, end);
        }
    }

    private static void cookie(TextSink out, String label, byte[] b, int p) {
        out.append(label).appendHex(u32(b, p), 8).append(':').appendHex(u32(b, p + 4), 8);
    }

    /** A bounds check that ends the decoding with the " [|mobility]" marker when it fails. */
    private static boolean need(PrintContext ctx, int upTo, int end) {
        if (upTo > end) {
            ctx.truncated("mobility");
            return false;
        }
        return true;
    }

    /** {@code mobility_opt_print()}: the mobility options of {@code len} octets at {@code bp}. */
    private static void options(PrintContext ctx, byte[] b, int bp, int len, int end) {
        TextSink out = ctx.out;
        int optlen;
        for (int i = 0; i < len; i += optlen) {
            if (!need(ctx, bp + i + 1, end)) {
                return;
            }
            int type = u8(b, bp + i);
            if (type == 0) {
                optlen = 1;
            } else if (i + 1 < len) {
                if (!need(ctx, bp + i + 2, end)) {
                    return;
                }
                optlen = u8(b, bp + i + 1) + 2;
            } else {
                ctx.truncated("mobility");
                return;
            }
            // tcpdump checks that the octet after the option is captured, too
            if (i + optlen > len || !need(ctx, bp + i + optlen + 1, end)) {
                if (i + optlen > len) {
                    ctx.truncated("mobility");
                }
                return;
            }
            switch (type) {
                case 0 -> out.append("(pad1)");
                case 1 -> out.append("(padn)");
                case 2 -> {
                    if (len - i < 4) {
                        out.append("(refresh: trunc)");
                        ctx.truncated("mobility");
                        return;
                    }
                    out.append("(refresh: ").appendDecimal(u16(b, bp + i + 2) << 2).append(')');
                }
                case 3 -> {
                    if (len - i < 18) {
                        out.append("(altcoa: trunc)");
                        ctx.truncated("mobility");
                        return;
                    }
                    out.append("(alt-CoA: ");
                    AddressText.ipv6(b, bp + i + 2, out);
                    out.append(')');
                }
                case 4 -> {
                    if (len - i < 6) {
                        out.append("(ni: trunc)");
                        ctx.truncated("mobility");
                        return;
                    }
                    out.append("(ni: ho=0x").appendHex(u16(b, bp + i + 2), 4).append(" co=0x")
                            .appendHex(u16(b, bp + i + 4), 4).append(')');
                }
                case 5 -> {
                    if (len - i < 12) {
                        out.append("(auth: trunc)");
                        ctx.truncated("mobility");
                        return;
                    }
                    out.append("(auth)");
                }
                default -> out.append("(type-0x").appendHex(type, 2).append(": len=")
                        .appendDecimal(u8(b, bp + i + 1)).append(')');
            }
        }
    }
}
