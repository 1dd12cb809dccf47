package net.trafficmirror.packet.print;

import static net.trafficmirror.packet.print.NetworkOrder.u16;
import static net.trafficmirror.packet.print.NetworkOrder.u32;
import static net.trafficmirror.packet.print.NetworkOrder.u8;

/** IPv4 options in the -v header, as {@code print-ip.c:ip_optprint()} of tcpdump 4.99.3 (RFC 791, RFC 2113). */
final class IpOptionsPrinter {
    static final int EOL = 0, NOP = 1, RR = 7, TS = 68, SECURITY = 130, LSRR = 131, SSRR = 137, RA = 148;

    private IpOptionsPrinter() {}

    /** Prints the options; false when an option's octets are not all captured (tcpdump's "[truncated-option]"). */
    static boolean print(PrintContext ctx, byte[] b, int p, int end, int length) {
        TextSink out = ctx.out;
        while (length > 0) {
            if (p >= end) {
                ctx.truncatedJump("ip");
                return true;
            }
            int code = u8(b, p);
            String name = name(code);
            if (name == null) {
                out.append("unknown ").appendDecimal(code);
            } else {
                out.append(name);
            }
            int optLen;
            if (code == NOP || code == EOL) {
                optLen = 1;
            } else {
                if (p + 1 >= end) {
                    ctx.truncatedJump("ip");
                    return true;
                }
                optLen = u8(b, p + 1);
                if (optLen < 2) {
                    out.append(" [bad length ").appendDecimal(optLen).append(']');
                    return true;
                }
            }
            if (optLen > length) {
                out.append(" [bad length ").appendDecimal(optLen).append(']');
                return true;
            }
            if (p + optLen > end) {
                return false; // ND_TCHECK_LEN in ip_optprint(): the caller notes the truncated option
            }
            switch (code) {
                case EOL -> {
                    return true;
                }
                case RR, LSRR, SSRR -> route(b, p, optLen, out);
                case TS -> timestamps(b, p, optLen, out);
                case RA -> {
                    if (optLen < 4) {
                        out.append(" [bad length ").appendDecimal(optLen).append(']');
                    } else if (u16(b, p + 2) != 0) {
                        out.append(" value ").appendDecimal(u16(b, p + 2));
                    }
                }
                default -> { }
            }
            p += optLen;
            length -= optLen;
            if (length > 0) {
                out.append(',');
            }
        }
        return true;
    }

    /** {@code ip_printts()}. */
    private static void timestamps(byte[] b, int p, int length, TextSink out) {
        if (length < 4) {
            out.append("[bad length ").appendDecimal(length).append(']');
            return;
        }
        out.append(" TS{");
        int flag = u8(b, p + 3);
        int hoplen = (flag & 0xf) != 0 ? 8 : 4;
        if (((length - 4) & (hoplen - 1)) != 0) {
            out.append("[bad length ").appendDecimal(length).append(']');
        }
        int ptr = u8(b, p + 2) - 1;
        int len = 0;
        if (ptr < 4 || ((ptr - 4) & (hoplen - 1)) != 0 || ptr > length + 1) {
            out.append("[bad ptr ").appendDecimal(u8(b, p + 2)).append(']');
        }
        boolean known = true;
        switch (flag & 0xf) {
            case 0 -> out.append("TSONLY");
            case 1 -> out.append("TS+ADDR");
            case 3 -> out.append("PRESPEC");
            default -> {
                out.append("[bad ts type ").appendDecimal(flag & 0xf).append(']');
                known = false;
            }
        }
        if (known) {
            for (len = 4; len < length; len += hoplen) {
                out.append(ptr == len ? " ^ " : " ");
                out.appendDecimal(u32(b, p + len + hoplen - 4)).append('@');
                if (hoplen == 8) {
                    AddressText.ipv4(b, p + len, out);
                }
            }
        }
        out.append(ptr == len ? " ^ " : "");
        if ((flag >> 4) != 0) {
            out.append(" [").appendDecimal(flag >> 4).append(" hops not recorded]} ");
        } else {
            out.append('}');
        }
    }

    private static void route(byte[] b, int p, int length, TextSink out) {
        if (length < 3) {
            out.append(" [bad length ").appendDecimal(length).append(']');
            return;
        }
        if (((length + 1) & 3) != 0) {
            out.append(" [bad length ").appendDecimal(length).append(']');
        }
        int ptr = u8(b, p + 2) - 1;
        if (ptr < 3 || ((ptr + 1) & 3) != 0 || ptr > length + 1) {
            out.append(" [bad ptr ").appendDecimal(u8(b, p + 2)).append(']');
        }
        for (int len = 3; len + 4 <= length; len += 4) {
            out.append(' ');
            AddressText.ipv4(b, p + len, out);
            if (ptr > len) {
                out.append(',');
            }
        }
    }

    private static String name(int code) {
        return switch (code) {
            case EOL -> "EOL";
            case NOP -> "NOP";
            case TS -> "timestamp";
            case SECURITY -> "security";
            case RR -> "RR";
            case SSRR -> "SSRR";
            case LSRR -> "LSRR";
            case RA -> "RA";
            case 82 -> "traceroute";
            default -> null;
        };
    }
}
