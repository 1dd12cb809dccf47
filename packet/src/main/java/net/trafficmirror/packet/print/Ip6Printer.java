package net.trafficmirror.packet.print;

import static net.trafficmirror.packet.print.NetworkOrder.u16;
import static net.trafficmirror.packet.print.NetworkOrder.u32;
import static net.trafficmirror.packet.print.NetworkOrder.u8;

/**
 * IPv6 and its extension headers, as {@code print-ip6.c:ip6_print()}, {@code print-ip6opts.c},
 * {@code print-frag6.c}, {@code print-rt6.c} and (via {@link MobilityPrinter}) {@code print-mobility.c} of tcpdump 4.99.3 (RFC 8200, RFC 8754).
 *
 * <pre>
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |Version| Traffic Class |           Flow Label                  |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |         Payload Length        |  Next Header  |   Hop Limit   |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                 Source Address (16 bytes)                     |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |              Destination Address (16 bytes)                   |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
final class Ip6Printer {
    static final int VERSION_CLASS_FLOW = 0, PAYLOAD_LENGTH = 4, NEXT_HEADER = 6, HOP_LIMIT = 7, SRC = 8, DST = 24,
            HEADER = 40;
    static final int HOPOPTS = 0, ROUTING = 43, FRAGMENT = 44, DSTOPTS = 60, MOBILITY_OLD = 62, MOBILITY = 135;

    private final PrintContext ctx;

    Ip6Printer(PrintContext ctx) {
        this.ctx = ctx;
    }

    void print(byte[] b, int p, int end, int length) {
        TextSink out = ctx.out;
        if (end - p < HEADER) {
            ctx.truncated("ip6");
            return;
        }
        if (!ctx.options.linkHeader) {
            out.append("IP6 ");
        }
        if (length < HEADER) {
            out.append("truncated-ip6 ").appendDecimal(length);
            return;
        }
        int vfc = u8(b, p);
        if ((vfc & 0xf0) != 0x60) {
            out.append("version error: ").appendDecimal(vfc >> 4).append(" != 6");
            return;
        }
        int payloadLength = u16(b, p + PAYLOAD_LENGTH);
        int len;
        if (payloadLength != 0) {
            len = payloadLength + HEADER;
            if (length < len) {
                out.append("truncated-ip6 - ").appendDecimal(len - length).append(" bytes missing!");
            }
        } else {
            len = HEADER; // a jumbogram's length is in its hop-by-hop option, which tcpdump 4.99.3 does not apply
        }
        int nh = u8(b, p + NEXT_HEADER);
        if (ctx.options.verbose > 0) {
            long flow = u32(b, p);
            out.append('(');
            if ((flow & 0x0ff00000L) != 0) {
                out.append("class 0x").appendHex((flow & 0x0ff00000L) >> 20, 2).append(", ");
            }
            if ((flow & 0x000fffffL) != 0) {
                out.append("flowlabel 0x").appendHex(flow & 0x000fffffL, 5).append(", ");
            }
            out.append("hlim ").appendDecimal(u8(b, p + HOP_LIMIT)).append(", next-header ")
                    .append(IpProtocols.verboseName(nh)).append(" (").appendDecimal(nh).append(") payload length: ")
                    .appendDecimal(payloadLength).append(") ");
        }
        end = Math.min(end, p + Math.min(length, len));
        int cp = p;
        int advance = HEADER;
        boolean fragmented = false;
        while (cp < end && advance > 0) {
            if (len < advance) {
                ctx.truncated("ip6");
                return;
            }
            cp += advance;
            len -= advance;
            if (cp == p + HEADER && nh != 6 && nh != 17 && nh != 33 && nh != 132) {
                ctx.addresses(b, p);
                out.append(": ");
            }
            switch (nh) {
                case HOPOPTS, DSTOPTS -> {
                    advance = options(b, cp, end, nh == HOPOPTS ? "HBH " : "DSTOPT ",
                            nh == HOPOPTS ? "hbhopt" : "dstopt", payloadLength);
                    if (advance < 0) {
                        return;
                    }
                    nh = u8(b, cp);
                }
                case FRAGMENT -> {
                    advance = fragment(b, cp, end, p);
                    if (advance < 0 || end <= cp + advance) {
                        return;
                    }
                    nh = u8(b, cp);
                    fragmented = true;
                }
                case ROUTING -> {
                    if (cp >= end) {
                        ctx.truncated("ip6");
                        return;
                    }
                    advance = routing(b, cp, end);
                    if (advance < 0) {
                        return;
                    }
                    nh = u8(b, cp);
                }
                case MOBILITY_OLD, MOBILITY -> {
                    MobilityPrinter.print(ctx, b, cp, end);
                    return;
                }
                default -> {
                    ctx.ip.demux(b, cp, end, len, p, nh, fragmented);
                    return;
                }
            }
        }
    }

    /** Hop-by-hop or destination options: the tag, and with -v each option. Returns the header length or -1. */
    private int options(byte[] b, int cp, int end, String tag, String protocol, int payloadLength) {
        TextSink out = ctx.out;
        if (cp + 2 > end) {
            ctx.truncated(protocol);
            return -1;
        }
        int hlen = (u8(b, cp + 1) + 1) << 3;
        if (cp + hlen > end) {
            ctx.truncated(protocol);
            return -1;
        }
        out.append(tag);
        // ip6_opt_process() checks every option even when -v is off; it only prints them with -v
        boolean verbose = ctx.options.verbose > 0;
        int mark = out.length();
        {
            int bp = cp + 2;
            int len = hlen - 2;
            int optlen;
            for (int i = 0; i < len; i += optlen) {
                int type = u8(b, bp + i);
                if (type == 0) {
                    optlen = 1;
                } else if (i + 1 < len) {
                    optlen = u8(b, bp + i + 1) + 2;
                } else {
                    return badOption(mark, verbose, protocol);
                }
                if (i + optlen > len) {
                    return badOption(mark, verbose, protocol);
                }
                switch (type) {
                    case 0 -> out.append("(pad1)");
                    case 1 -> {
                        if (len - i < 2) {
                            out.append("(padn: trunc)");
                            ctx.truncated(protocol);
                            return -1;
                        }
                        out.append("(padn)");
                    }
                    case 5 -> {
                        if (u8(b, bp + i + 1) != 2) {
                            out.append("(rtalert: invalid len ").appendDecimal(u8(b, bp + i + 1)).append(')');
                            ctx.truncated(protocol);
                            return -1;
                        }
                        out.append("(rtalert: 0x").appendHex(u16(b, bp + i + 2), 4).append(") ");
                    }
                    case 0xc2 -> {
                        if (u8(b, bp + i + 1) != 4) {
                            out.append("(jumbo: invalid len ").appendDecimal(u8(b, bp + i + 1)).append(')');
                            ctx.truncated(protocol);
                            return -1;
                        }
                        out.append("(jumbo: ").appendDecimal(u32(b, bp + i + 2));
                        out.append(payloadLength != 0 ? " - payload len != 0) " : ") ");
                    }
                    default -> out.append("(opt_type 0x").appendHex(type, 2).append(": len=")
                            .appendDecimal(u8(b, bp + i + 1)).append(')');
                }
            }
            if (verbose) {
                out.append(' ');
            } else {
                out.truncate(mark);
            }
        }
        return hlen;
    }

    /** A bad option length: without -v the options checked so far were not printed. */
    private int badOption(int mark, boolean verbose, String protocol) {
        if (!verbose) {
            ctx.out.truncate(mark);
        }
        ctx.truncated(protocol);
        return -1;
    }

    /** {@code frag6_print()}: {@code frag (OFF|LEN)}; a later fragment ends the decoding (-1). */
    private int fragment(byte[] b, int cp, int end, int ip) {
        TextSink out = ctx.out;
        // the identification is only read with -v
        if (cp + (ctx.options.verbose > 0 ? 8 : 4) > end) {
            ctx.truncated("frag6");
            return -1;
        }
        int offlg = u16(b, cp + 2);
        long fragLength = HEADER + u16(b, ip + PAYLOAD_LENGTH) - (cp - ip) - 8;
        if (ctx.options.verbose > 0) {
            out.append("frag (0x").appendHex(u32(b, cp + 4), 8).append(':').appendDecimal(offlg & 0xfff8)
                    .append('|').appendDecimal(fragLength).append(')');
        } else {
            out.append("frag (").appendDecimal(offlg & 0xfff8).append('|').appendDecimal(fragLength).append(')');
        }
        if ((offlg & 0xfff8) != 0) {
            return -1;
        }
        out.append(' ');
        return 8;
    }

    /** {@code rt6_print()}: type 0/2 address lists and type 4 segment routing. */
    private int routing(byte[] b, int cp, int end) {
        TextSink out = ctx.out;
        out.append("RT6");
        if (cp + 4 > end) {
            ctx.truncated("rt6");
            return -1;
        }
        int len = u8(b, cp + 1);
        int type = u8(b, cp + 2);
        out.append(" (len=").appendDecimal(len).append(", type=").appendDecimal(type);
        if (type == 0) {
            out.append(" [Deprecated]");
        }
        out.append(", segleft=").appendDecimal(u8(b, cp + 3));
        switch (type) {
            case 0, 2 -> {
                if (cp + 8 > end) {
                    ctx.truncated("rt6");
                    return -1;
                }
                long reserved = u32(b, cp + 4);
                if (reserved != 0 || ctx.options.verbose > 0) {
                    out.append(", rsv=0x").appendHex(reserved, 1);
                }
                if (len % 2 == 1) {
                    ctx.truncated("rt6");
                    return -1;
                }
                int q = cp + 8;
                for (int i = 0; i < len / 2; i++, q += 16) {
                    if (q + 16 > end) {
                        ctx.truncated("rt6");
                        return -1;
                    }
                    out.append(", [").appendDecimal(i).append(']');
                    AddressText.ipv6(b, q, out);
                }
                out.append(") ");
                return (len + 1) << 3;
            }
            case 4 -> {
                if (cp + 8 > end) {
                    ctx.truncated("rt6");
                    return -1;
                }
                int last = u8(b, cp + 4);
                out.append(", last-entry=").appendDecimal(last);
                int flags = u8(b, cp + 5);
                if (flags != 0 || ctx.options.verbose > 0) {
                    out.append(", flags=0x").appendHex(flags, 1);
                }
                out.append(", tag=").appendHex(u16(b, cp + 6), 1);
                int q = cp + 8;
                int headerEnd = cp + ((len + 1) << 3);
                for (int i = 0; i <= last && q + 16 <= headerEnd; i++, q += 16) {
                    if (q + 16 > end) {
                        ctx.truncated("rt6");
                        return -1;
                    }
                    out.append(", [").appendDecimal(i).append(']');
                    AddressText.ipv6(b, q, out);
                }
                out.append(") ");
                return (len + 1) << 3;
            }
            default -> {
                out.append(" (unknown type)");
                ctx.invalid();
                ctx.stopped = true;
                return -1;
            }
        }
    }
}
