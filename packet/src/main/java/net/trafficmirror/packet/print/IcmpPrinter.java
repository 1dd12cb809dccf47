package net.trafficmirror.packet.print;

import static net.trafficmirror.packet.print.NetworkOrder.u16;
import static net.trafficmirror.packet.print.NetworkOrder.u8;

/**
 * ICMP for IPv4, as {@code print-icmp.c:icmp_print()} of tcpdump 4.99.3 (RFC 792): {@code ICMP <text>, length N},
 * with -v a wrong checksum note and, for error messages, the quoted datagram on the next line.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |     Type      |     Code      |          Checksum             |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |   Identifier / unused / pointer / gateway / next-hop MTU      |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |   data, or the quoted IP header + 8 bytes for error types     |
 * </pre>
 */
final class IcmpPrinter {
    static final int TYPE = 0, CODE = 1, CHECKSUM = 2, ID = 4, SEQ = 6, GATEWAY = 4, NEXT_HOP_MTU = 6, POINTER = 4,
            QUOTED = 8, HEADER = 8;
    static final int ECHO_REPLY = 0, UNREACH = 3, SOURCE_QUENCH = 4, REDIRECT = 5, ECHO = 8, ROUTER_ADVERT = 9,
            TIME_EXCEEDED = 11, PARAM_PROB = 12, TSTAMP = 13, TSTAMP_REPLY = 14, MASK_REPLY = 18;

    private final PrintContext ctx;

    IcmpPrinter(PrintContext ctx) {
        this.ctx = ctx;
    }

    void print(byte[] b, int p, int end, int length, int ip, boolean fragmented) {
        plainCut = false;
        TextSink out = ctx.out;
        int mark = out.length();
        if (!need(p, 2, end)) {
            truncated(mark);
            return;
        }
        int type = u8(b, p + TYPE);
        int code = u8(b, p + CODE);
        out.append("ICMP ");
        int q = p + QUOTED;
        switch (type) {
            case ECHO, ECHO_REPLY -> {
                if (!need(p, 8, end)) {
                    truncated(mark);
                    return;
                }
                out.append(type == ECHO ? "echo request" : "echo reply").append(", id ").appendDecimal(u16(b, p + ID))
                        .append(", seq ").appendDecimal(u16(b, p + SEQ));
            }
            case UNREACH -> {
                if (!unreachable(b, p, q, end, code, out)) {
                    truncated(mark);
                    return;
                }
            }
            case REDIRECT -> {
                if (!need(q, 20, end) || !need(p, 8, end)) {
                    truncated(mark);
                    return;
                }
                switch (code) {
                    case 0 -> out.append("redirect ");
                    case 1 -> out.append("redirect ");
                    case 2 -> out.append("redirect-tos ");
                    case 3 -> out.append("redirect-tos ");
                    default -> out.append("redirect-#").appendDecimal(code).append(' ');
                }
                AddressText.ipv4(b, q + IpPrinter.DST, out);
                out.append(code == 0 || code == 2 ? " to net " : code == 1 || code == 3 ? " to host " : " to ");
                AddressText.ipv4(b, p + GATEWAY, out);
            }
            case TIME_EXCEEDED -> {
                if (!need(q, 20, end)) {
                    truncated(mark);
                    return;
                }
                switch (code) {
                    case 0 -> out.append("time exceeded in-transit");
                    case 1 -> out.append("ip reassembly time exceeded");
                    default -> out.append("time exceeded-#").appendDecimal(code);
                }
            }
            case PARAM_PROB -> {
                if (code != 0) {
                    out.append("parameter problem - code ").appendDecimal(code);
                } else {
                    if (!need(p, 5, end)) {
                        truncated(mark);
                        return;
                    }
                    out.append("parameter problem - octet ").appendDecimal(u8(b, p + POINTER));
                }
            }
            case MASK_REPLY -> {
                if (!need(p, 12, end)) {
                    truncated(mark);
                    return;
                }
                out.append("address mask is 0x").appendHex(NetworkOrder.u32(b, p + 8), 8);
            }
            case ROUTER_ADVERT -> {
                if (!need(p, 8, end)) {
                    truncated(mark);
                    return;
                }
                int lifetime = u16(b, p + 6);
                out.append("router advertisement lifetime ");
                if (lifetime < 60) {
                    out.appendDecimal(lifetime);
                } else if (lifetime < 3600) {
                    out.appendDecimal(lifetime / 60).append(':').appendDecimal(lifetime % 60, 2);
                } else {
                    out.appendDecimal(lifetime / 3600).append(':').appendDecimal(lifetime % 3600 / 60, 2).append(':')
                            .appendDecimal(lifetime % 60, 2);
                }
                int num = u8(b, p + 4);
                out.append(' ').appendDecimal(num).append(':');
                int size = u8(b, p + 5);
                if (size != 2) {
                    out.append(" [size ").appendDecimal(size).append(']');
                } else {
                    for (int i = 0, q2 = p + 8; i < num; i++, q2 += 8) {
                        if (!need(q2, 8, end)) {
                            truncated(mark);
                            return;
                        }
                        out.append(" {");
                        AddressText.ipv4(b, q2, out);
                        out.append(' ').appendDecimal(NetworkOrder.u32(b, q2 + 4)).append('}');
                    }
                }
            }
            case TSTAMP_REPLY -> {
                if (!need(p, 20, end)) {
                    plainCut = true; // ND_TCHECK of the transmit timestamp
                    truncated(mark);
                    return;
                }
                out.append("time stamp reply id ").appendDecimal(u16(b, p + ID)).append(" seq ")
                        .appendDecimal(u16(b, p + SEQ)).append(": org ");
                timestamp(NetworkOrder.u32(b, p + 8), out);
                out.append(", recv ");
                timestamp(NetworkOrder.u32(b, p + 12), out);
                out.append(", xmit ");
                timestamp(NetworkOrder.u32(b, p + 16), out);
            }
            case TSTAMP -> {
                if (!need(p, 8, end)) {
                    truncated(mark);
                    return;
                }
                out.append("time stamp query id ").appendDecimal(u16(b, p + ID)).append(" seq ")
                        .appendDecimal(u16(b, p + SEQ));
            }
            default -> {
                String name = switch (type) {
                    case SOURCE_QUENCH -> "source quench";
                    case 10 -> "router solicitation";
                    case 15 -> "information request";
                    case 16 -> "information reply";
                    case 17 -> "address mask request";
                    default -> null;
                };
                if (name == null) {
                    out.append("type-#").appendDecimal(type);
                } else {
                    out.append(name);
                }
            }
        }
        out.append(", length ").appendDecimal(length);
        if (ctx.options.verbose > 0 && !fragmented && p + length <= end && p + 4 <= end) {
            int sum = InternetChecksum.finish(InternetChecksum.add(b, p, length, 0));
            if (sum != 0) {
                int field = u16(b, p + CHECKSUM);
                out.append(" (wrong icmp cksum ").appendHex(field, 1).append(" (->")
                        .appendHex(InternetChecksum.shouldBe(field, sum), 1).append(")!)");
            }
        }
        if (ctx.options.verbose > 0 && (type == UNREACH || type == SOURCE_QUENCH || type == REDIRECT
                || type == TIME_EXCEEDED || type == PARAM_PROB)) {
            out.append("\n\t");
            if (!need(q, 4, end)) {
                ctx.truncatedJump("icmp");
                return;
            }
            ctx.ip.print(b, q, end, u16(b, q + IpPrinter.TOTAL_LENGTH));
            if (ctx.stopped) {
                return;
            }
        }
        if (ctx.options.verbose > 0 && length > EXTENSION_OFFSET
                && (type == UNREACH || type == TIME_EXCEEDED || type == PARAM_PROB)) {
            extensions(b, p, end, length);
        }
    }

    /** Where RFC 4884 puts the extension structure: after the ICMP header and 128 octets of the original datagram. */
    private static final int EXTENSION_OFFSET = 136, EXTENSION_MIN_CAPTURE = 141;

    /**
     * The ICMP multi-part extensions (RFC 4884, RFC 4950 MPLS label stack), as {@code icmp_print()} looks for them:
     * with no length field set, only when the extension checksum is right.
     */
    private void extensions(byte[] b, int p, int end, int length) {
        TextSink out = ctx.out;
        if (p + EXTENSION_MIN_CAPTURE > end) {
            ctx.truncated("icmp"); // ND_TCHECK_SIZE: no longjmp
            return;
        }
        int ext = p + EXTENSION_OFFSET;
        int hlen = length - EXTENSION_OFFSET;
        boolean whole = ext + hlen <= end;
        if (u8(b, p + 5) == 0 && whole && InternetChecksum.finish(InternetChecksum.add(b, ext, hlen, 0)) != 0) {
            return;
        }
        int version = u8(b, ext) >> 4;
        out.append("\n\tICMP Multi-Part extension v").appendDecimal(version);
        if (version != 2) {
            out.append(" packet not supported");
            return;
        }
        if (whole) {
            out.append(", checksum 0x").appendHex(u16(b, ext + 2), 4).append(" (")
                    .append(InternetChecksum.finish(InternetChecksum.add(b, ext, hlen, 0)) != 0 ? "in" : "")
                    .append("correct), length ").appendDecimal(hlen);
        }
        hlen -= 4;
        int obj = ext + 4;
        while (hlen > 4) {
            if (obj + 4 > end) {
                ctx.truncatedJump("icmp");
                return;
            }
            int objLen = u16(b, obj);
            int objClass = u8(b, obj + 2);
            int objType = u8(b, obj + 3);
            obj += 4;
            out.append("\n\t  ").append(objClass == 1 ? "MPLS Stack Entry" : objClass == 2 ? "Extended Payload"
                    : "unknown").append(" Object (").appendDecimal(objClass).append("), Class-Type: ")
                    .appendDecimal(objType).append(", length ").appendDecimal(objLen);
            hlen -= 4;
            if (objClass == 0 || objLen < 4) {
                return;
            }
            objLen -= 4;
            if (objClass == 1 && objType == 1) {
                if (obj + 4 > end) {
                    ctx.truncatedJump("icmp");
                    return;
                }
                long entry = NetworkOrder.u32(b, obj);
                out.append("\n\t    label ").appendDecimal(entry >>> 12).append(", tc ").appendDecimal((entry >> 9) & 7);
                if ((entry & 0x100) != 0) {
                    out.append(", [S]");
                }
                out.append(", ttl ").appendDecimal(entry & 0xff);
            } else {
                HexDump.print(b, obj, Math.max(0, Math.min(objLen, end - obj)), false, "\n\t    ", out);
            }
            if (hlen < objLen) {
                break;
            }
            hlen -= objLen;
            obj += objLen;
        }
    }

    private boolean unreachable(byte[] b, int p, int q, int end, int code, TextSink out) {
        // protocol and port unreachables first check the quoted protocol octet with ND_TCHECK (no longjmp)
        plainCut = (code == 2 || code == 3) && !need(q, IpPrinter.PROTOCOL + 1, end);
        if (!need(q, 20, end)) {
            return false;
        }
        switch (code) {
            case 2 -> {
                AddressText.ipv4(b, q + IpPrinter.DST, out);
                out.append(" protocol ").appendDecimal(u8(b, q + IpPrinter.PROTOCOL)).append(" unreachable");
            }
            case 3 -> {
                int hlen = (b[q] & 0x0f) * 4;
                if (!need(q + hlen, 4, end)) {
                    return false;
                }
                int dport = u16(b, q + hlen + 2);
                int proto = u8(b, q + IpPrinter.PROTOCOL);
                AddressText.ipv4(b, q + IpPrinter.DST, out);
                if (proto == 6) {
                    out.append(" tcp port ");
                    ServiceNames.tcp(dport, ctx.symbolic, out);
                } else if (proto == 17) {
                    out.append(" udp port ");
                    ServiceNames.udp(dport, ctx.symbolic, out);
                } else {
                    out.append(" protocol ").appendDecimal(proto).append(" port ").appendDecimal(dport);
                }
                out.append(" unreachable");
            }
            case 4 -> {
                if (!need(p, 8, end)) {
                    return false;
                }
                int mtu = u16(b, p + NEXT_HOP_MTU);
                AddressText.ipv4(b, q + IpPrinter.DST, out);
                out.append(" unreachable - need to frag");
                if (mtu != 0) {
                    out.append(" (mtu ").appendDecimal(mtu).append(')');
                }
            }
            default -> {
                out.append(switch (code) {
                    case 0, 6, 9, 11 -> "net ";
                    case 1, 7, 10, 12, 13, 14, 15 -> "host ";
                    default -> "";
                });
                AddressText.ipv4(b, q + IpPrinter.DST, out);
                if (code > 15) {
                    out.append(" unreachable - #").appendDecimal(code);
                    break;
                }
                out.append(switch (code) {
                    case 0, 1 -> " unreachable";
                    case 5 -> " unreachable - source route failed";
                    case 6, 7 -> " unreachable - unknown";
                    case 8 -> " unreachable - source host isolated";
                    case 9, 10 -> " unreachable - admin prohibited";
                    case 11, 12 -> " unreachable - tos prohibited";
                    case 13 -> " unreachable - admin prohibited filter";
                    case 14 -> " unreachable - host precedence violation";
                    case 15 -> " unreachable - precedence cutoff";
                    default -> " unreachable";
                });
            }
        }
        return true;
    }

    /** {@code icmp_tstamp_print()}: milliseconds since midnight UT as HH:MM:SS.mmm. */
    private static void timestamp(long ms, TextSink out) {
        long sec = ms / 1000;
        long min = sec / 60;
        out.appendDecimal(min / 60, 2).append(':').appendDecimal(min % 60, 2).append(':').appendDecimal(sec % 60, 2)
                .append('.').appendDecimal(ms % 1000, 3);
    }

    private static boolean need(int p, int n, int end) {
        return p + n <= end;
    }

    /** Whether the last cut was an ND_TCHECK's "goto trunc" rather than a GET macro's longjmp. */
    private boolean plainCut;

    /**
     * tcpdump leaves icmp_print() before printing the assembled text: only the marker shows, and unless an ND_TCHECK
     * caught the cut, by longjmp (so -x dumps from the link header).
     */
    private void truncated(int mark) {
        ctx.out.truncate(mark);
        if (plainCut) {
            ctx.truncated("icmp");
        } else {
            ctx.truncatedJump("icmp");
        }
    }
}
