package net.trafficmirror.packet.print;

import static net.trafficmirror.packet.print.NetworkOrder.u16;
import static net.trafficmirror.packet.print.NetworkOrder.u8;

/**
 * IPv4, as {@code print-ip.c:ip_print()} and {@code print-ip-demux.c:ip_demux_print()} of tcpdump 4.99.3 (RFC 791).
 * The captured end is cut to the datagram's total length before the payload printers run, like tcpdump's
 * {@code nd_push_snaplen()}, so Ethernet padding never reaches them.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |Version|  IHL  |Type of Service|          Total Length         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |         Identification        |Flags|      Fragment Offset    |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  Time to Live |    Protocol   |         Header Checksum       |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                       Source Address                          |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                    Destination Address                        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                    Options                    |    Padding    |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
final class IpPrinter {
    static final int VERSION_IHL = 0, TOS = 1, TOTAL_LENGTH = 2, ID = 4, FLAGS_OFFSET = 6, TTL = 8, PROTOCOL = 9,
            CHECKSUM = 10, SRC = 12, DST = 16, HEADER = 20;
    static final int FLAG_RESERVED = 0x8000, FLAG_DF = 0x4000, FLAG_MF = 0x2000, OFFSET_MASK = 0x1fff;

    private final PrintContext ctx;

    IpPrinter(PrintContext ctx) {
        this.ctx = ctx;
    }

    void print(byte[] b, int p, int end, int length) {
        TextSink out = ctx.out;
        if (end - p < 1) {
            ctx.truncatedJump("ip");
            return;
        }
        int version = (b[p] & 0xf0) >> 4;
        if (version != 4) {
            if (version == 6) {
                out.append("IP6, wrong link-layer encapsulation");
            } else {
                out.append("IP").appendDecimal(version);
            }
            ctx.invalid();
            return;
        }
        if (!ctx.options.linkHeader) {
            out.append("IP ");
        }
        if (end - p < HEADER) {
            ctx.truncated("ip");
            return;
        }
        if (length < HEADER) {
            out.append("truncated-ip ").appendDecimal(length);
            return;
        }
        int hlen = (b[p] & 0x0f) * 4;
        if (hlen < HEADER) {
            out.append("bad-hlen ").appendDecimal(hlen);
            return;
        }
        int len = u16(b, p + TOTAL_LENGTH);
        if (length < len) {
            out.append("truncated-ip - ").appendDecimal(len - length).append(" bytes missing! ");
        }
        if (len < hlen) {
            out.append("bad-len ").appendDecimal(len);
            return;
        }
        end = Math.min(end, p + Math.min(length, len));
        int payloadLength = len - hlen;
        int off = u16(b, p + FLAGS_OFFSET);
        int proto = u8(b, p + PROTOCOL);
        if (ctx.options.verbose > 0) {
            boolean optionCut = verboseHeader(b, p, end, hlen, off, proto, out);
            if (ctx.stopped) {
                return;
            }
            if (optionCut) {
                addresses(b, p, out);
                out.append(": ");
                ctx.truncated("ip");
                return;
            }
        }
        if ((off & OFFSET_MASK) == 0) {
            if (proto != 6 && proto != 17 && proto != 132 && proto != 33) {
                addresses(b, p, out);
                out.append(": ");
            }
            if (end - p < hlen) {
                ctx.remainingCaplen(end - p, hlen, "ip");
                return;
            }
            demux(b, p + hlen, end, payloadLength, p, proto, (off & FLAG_MF) != 0);
        } else {
            addresses(b, p, out);
            out.append(':');
            String name = ctx.symbolic ? IpProtocols.netdbName(proto) : null;
            if (name != null) {
                out.append(' ').append(name);
            } else {
                out.append(" ip-proto-").appendDecimal(proto);
            }
        }
    }

    private static void addresses(byte[] b, int p, TextSink out) {
        AddressText.ipv4(b, p + SRC, out);
        out.append(" > ");
        AddressText.ipv4(b, p + DST, out);
    }

    /** The -v header in parentheses; true when an option was cut short ("[truncated-option]"). */
    private boolean verboseHeader(byte[] b, int p, int end, int hlen, int off, int proto, TextSink out) {
        boolean optionCut = false;
        int tos = u8(b, p + TOS);
        out.append("(tos 0x").appendHex(tos, 1);
        switch (tos & 3) {
            case 1 -> out.append(",ECT(1)");
            case 2 -> out.append(",ECT(0)");
            case 3 -> out.append(",CE");
            default -> { }
        }
        int ttl = u8(b, p + TTL);
        if (ttl >= 1) {
            out.append(", ttl ").appendDecimal(ttl);
        }
        out.append(", id ").appendDecimal(u16(b, p + ID)).append(", offset ").appendDecimal((off & OFFSET_MASK) * 8)
                .append(", flags [");
        if ((off & (FLAG_RESERVED | FLAG_DF | FLAG_MF)) == 0) {
            out.append("none");
        } else {
            // bittok2str(): table order, ", " between
            int start = out.length();
            if ((off & FLAG_MF) != 0) {
                out.append('+');
            }
            if ((off & FLAG_DF) != 0) {
                out.append(out.length() == start ? "" : ", ").append("DF");
            }
            if ((off & FLAG_RESERVED) != 0) {
                out.append(out.length() == start ? "" : ", ").append("rsvd");
            }
        }
        out.append("], proto ").append(IpProtocols.verboseName(proto)).append(" (").appendDecimal(proto)
                .append("), length ").appendDecimal(u16(b, p + TOTAL_LENGTH));
        if (hlen > HEADER) {
            out.append(", options (");
            optionCut = !IpOptionsPrinter.print(ctx, b, p + HEADER, end, hlen - HEADER);
            if (ctx.stopped) {
                return false;
            }
            if (optionCut) {
                out.append(" [truncated-option]");
            }
            out.append(')');
        }
        if (p + hlen <= end) {
            int sum = InternetChecksum.finish(InternetChecksum.add(b, p, hlen, 0));
            if (sum != 0) {
                int field = u16(b, p + CHECKSUM);
                out.append(", bad cksum ").appendHex(field, 1).append(" (->")
                        .appendHex(InternetChecksum.shouldBe(field, sum), 1).append(")!");
            }
        }
        out.append(")\n    ");
        return optionCut;
    }

    /**
     * {@code print-ah.c:ah_print()} (RFC 4302), field by field as tcpdump prints it until the capture ends; the header
     * length, or -1 after a truncation marker.
     */
    private int authenticationHeader(byte[] b, int p, int end) {
        TextSink out = ctx.out;
        out.append("AH");
        if (p + 2 > end) {
            ctx.truncatedJump("ah");
            return -1;
        }
        int ahLen = u8(b, p + 1);
        int hdrLen = (ahLen + 2) * 4;
        out.append('(');
        if (ctx.options.verbose > 0) {
            out.append("length=").appendDecimal(ahLen).append('(').appendDecimal(hdrLen).append("-bytes),");
        }
        if (p + 4 > end) {
            ctx.truncatedJump("ah");
            return -1;
        }
        int reserved = u16(b, p + 2);
        if (reserved != 0) {
            out.append("reserved=0x").appendHex(reserved, 1).append("[MustBeZero],");
        }
        if (p + 8 > end) {
            ctx.truncatedJump("ah");
            return -1;
        }
        out.append("spi=0x").appendHex(NetworkOrder.u32(b, p + 4), 8).append(',');
        if (p + 12 > end) {
            ctx.truncatedJump("ah");
            return -1;
        }
        out.append("seq=0x").appendHex(NetworkOrder.u32(b, p + 8), 1);
        if (hdrLen > 12) {
            out.append(",icv=0x");
            for (int i = 12; i < hdrLen; i++) {
                if (p + i >= end) {
                    ctx.truncatedJump("ah");
                    return -1;
                }
                out.appendHex(u8(b, p + i), 2);
            }
        }
        out.append("): ");
        return hdrLen;
    }

    /**
     * {@code ip_demux_print()}: the payload printer for protocol {@code proto}; {@code ip} is the offset of the
     * enclosing IPv4 or IPv6 header.
     */
    void demux(byte[] b, int p, int end, int length, int ip, int proto, boolean fragmented) {
        TextSink out = ctx.out;
        boolean v4 = (b[ip] & 0xf0) == 0x40;
        switch (proto) {
            case 6 -> ctx.tcp.print(b, p, end, length, ip, fragmented);
            case 17 -> ctx.udp.print(b, p, end, length, ip, fragmented);
            case 1 -> {
                if (v4) {
                    ctx.icmp.print(b, p, end, length, ip, fragmented);
                } else {
                    out.append("[ICMP requires IPv4]");
                    ctx.invalid();
                }
            }
            case 58 -> {
                if (v4) {
                    out.append("[ICMPv6 requires IPv6]");
                    ctx.invalid();
                } else {
                    ctx.icmp6.print(b, p, end, length, ip, fragmented);
                }
            }
            case 47 -> ctx.gre.print(b, p, end, length);
            case 2 -> {
                if (v4) {
                    IgmpPrinter.print(ctx, b, p, end, length);
                } else {
                    out.append("[IGMP requires IPv4]");
                    ctx.invalid();
                }
            }
            case 4 -> ctx.ip.print(b, p, end, length);
            case 41 -> ctx.ip6.print(b, p, end, length);
            case 59 -> out.append("no next header");
            case 77 -> out.append(" nd ").appendDecimal(length);
            case 50 -> {
                if (p + 8 > end) {
                    ctx.truncated("esp");
                    return;
                }
                out.append("ESP(spi=0x").appendHex(NetworkOrder.u32(b, p), 8).append(",seq=0x")
                        .appendHex(NetworkOrder.u32(b, p + 4), 1).append("), length ").appendDecimal(length);
            }
            case 51 -> {
                int advance = authenticationHeader(b, p, end);
                if (advance > 0) {
                    demux(b, p + advance, end, length - advance, ip, u8(b, p), fragmented);
                }
            }
            default -> {
                String name = ctx.symbolic ? IpProtocols.netdbName(proto) : null;
                if (name != null) {
                    out.append(' ').append(name);
                } else {
                    out.append(" ip-proto-").appendDecimal(proto);
                }
                out.append(' ').appendDecimal(length);
            }
        }
    }
}
