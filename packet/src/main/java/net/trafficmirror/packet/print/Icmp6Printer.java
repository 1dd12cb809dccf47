package net.trafficmirror.packet.print;

import static net.trafficmirror.packet.print.NetworkOrder.u16;
import static net.trafficmirror.packet.print.NetworkOrder.u32;
import static net.trafficmirror.packet.print.NetworkOrder.u8;

/**
 * ICMPv6, as {@code print-icmp6.c:icmp6_print()} of tcpdump 4.99.3 (RFC 4443, RFC 4861, RFC 2710, RFC 3810): echo,
 * errors, neighbour discovery (with -v its options) and MLD.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |     Type      |     Code      |          Checksum             |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |        id / MTU / pointer / MLD max delay / reserved          |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |    target address, quoted packet, options, ...                |
 * </pre>
 */
final class Icmp6Printer {
    static final int TYPE = 0, CODE = 1, CHECKSUM = 2, DATA = 4, ID = 4, SEQ = 6, MTU = 4, POINTER = 4, TARGET = 8,
            QUOTED = 8;
    static final int DST_UNREACH = 1, PACKET_TOO_BIG = 2, TIME_EXCEEDED = 3, PARAM_PROB = 4, ECHO_REQUEST = 128,
            ECHO_REPLY = 129, MLD_QUERY = 130, MLD_REPORT = 131, MLD_DONE = 132, ROUTER_SOLICIT = 133,
            ROUTER_ADVERT = 134, NEIGHBOR_SOLICIT = 135, NEIGHBOR_ADVERT = 136, REDIRECT = 137, MLDV2_REPORT = 143;

    private final PrintContext ctx;

    Icmp6Printer(PrintContext ctx) {
        this.ctx = ctx;
    }

    void print(byte[] b, int p, int end, int length, int ip, boolean fragmented) {
        TextSink out = ctx.out;
        if (length == 0) {
            out.append("ICMP6, length 0");
            ctx.invalid();
            return;
        }
        int verbose = ctx.options.verbose;
        if (verbose > 0 && !fragmented && p + length <= end) {
            if (p + 4 > end) {
                ctx.truncatedJump("icmp6");
                return;
            }
            int field = u16(b, p + CHECKSUM);
            long sum = InternetChecksum.pseudoHeader(b, ip, end, 58, length);
            int result = InternetChecksum.finish(InternetChecksum.add(b, p, length, sum));
            if (result != 0) {
                out.append("[bad icmp6 cksum 0x").appendHex(field, 4).append(" -> 0x")
                        .appendHex(InternetChecksum.shouldBe(field, result), 4).append("!] ");
            } else {
                out.append("[icmp6 sum ok] ");
            }
        }
        if (p >= end) {
            ctx.truncatedJump("icmp6");
            return;
        }
        int type = u8(b, p + TYPE);
        out.append("ICMP6, ");
        String name = typeName(type);
        if (name == null) {
            out.append("unknown icmp6 type (").appendDecimal(type).append(')');
        } else {
            out.append(name);
        }
        if (verbose > 0 && (type == ROUTER_SOLICIT || type == ROUTER_ADVERT || type == NEIGHBOR_ADVERT
                || type == NEIGHBOR_SOLICIT || type == REDIRECT || type == 145 || type == 147)) {
            out.append(", length ").appendDecimal(length);
        }
        if (p + 2 > end) {
            ctx.truncatedJump("icmp6");
            return;
        }
        int code = u8(b, p + CODE);
        int oip = p + QUOTED;
        switch (type) {
            case DST_UNREACH -> {
                out.append(", ");
                String codeName = switch (code) {
                    case 0 -> "unreachable route";
                    case 1 -> " unreachable prohibited";
                    case 2 -> "beyond scope";
                    case 3 -> "unreachable address";
                    case 4 -> "unreachable port";
                    default -> null;
                };
                if (codeName == null) {
                    out.append("unknown unreach code (").appendDecimal(code).append(')');
                } else {
                    out.append(codeName);
                }
                switch (code) {
                    case 0, 1, 3 -> {
                        if (!need(oip + DST_IN_QUOTE + 16, end)) {
                            return;
                        }
                        out.append(' ');
                        AddressText.ipv6(b, oip + DST_IN_QUOTE, out);
                    }
                    case 2 -> {
                        if (!need(oip + DST_IN_QUOTE + 16, end)) {
                            return;
                        }
                        out.append(' ');
                        AddressText.ipv6(b, oip + DST_IN_QUOTE, out);
                        out.append(", source address ");
                        AddressText.ipv6(b, oip + Ip6Printer.SRC, out);
                    }
                    case 4 -> {
                        int upper = upperLayer(b, oip, end);
                        if (upper < 0) {
                            ctx.truncated("icmp6"); // ND_TCHECK in get_upperlayer(): no longjmp
                            return;
                        }
                        int prot = upperProtocol;
                        int dport = u16(b, upper + 2);
                        out.append(", ");
                        AddressText.ipv6(b, oip + DST_IN_QUOTE, out);
                        if (prot == 6) {
                            out.append(" tcp port ");
                            ServiceNames.tcp(dport, ctx.symbolic, out);
                        } else if (prot == 17) {
                            out.append(" udp port ");
                            ServiceNames.udp(dport, ctx.symbolic, out);
                        } else {
                            out.append(" protocol ").appendDecimal(prot).append(" port ").appendDecimal(dport)
                                    .append(" unreachable");
                        }
                    }
                    default -> {
                        if (verbose <= 1) {
                            HexDump.print(b, p, Math.min(length, end - p), false, out);
                            return;
                        }
                    }
                }
            }
            case PACKET_TOO_BIG -> {
                if (!need(p + 8, end)) {
                    return;
                }
                out.append(", mtu ").appendDecimal(u32(b, p + MTU));
            }
            case TIME_EXCEEDED -> {
                switch (code) {
                    case 0 -> {
                        if (!need(oip + DST_IN_QUOTE + 16, end)) {
                            return;
                        }
                        out.append(" for ");
                        AddressText.ipv6(b, oip + DST_IN_QUOTE, out);
                    }
                    case 1 -> out.append(" (reassembly)");
                    default -> out.append(", unknown code (").appendDecimal(code).append(')');
                }
            }
            case PARAM_PROB -> {
                if (oip + DST_IN_QUOTE + 16 > end) {
                    ctx.truncated("icmp6"); // ND_TCHECK of the quoted destination: no longjmp
                    return;
                }
                long ptr = u32(b, p + POINTER);
                switch (code) {
                    case 0 -> out.append(", erroneous - octet ").appendDecimal(ptr);
                    case 1 -> out.append(", next header - octet ").appendDecimal(ptr);
                    case 2 -> out.append(", option - octet ").appendDecimal(ptr);
                    case 3 -> out.append(", incomplete header chain - octet ").appendDecimal(ptr);
                    default -> out.append(", code-#").appendDecimal(code);
                }
            }
            case ECHO_REQUEST, ECHO_REPLY -> {
                if (!need(p + 8, end)) {
                    return;
                }
                out.append(", id ").appendDecimal(u16(b, p + ID)).append(", seq ").appendDecimal(u16(b, p + SEQ));
            }
            case MLD_QUERY -> {
                if (length == 24) {
                    mld(b, p, end);
                } else if (length >= 28) {
                    out.append(" v2");
                    if (!mldv2Query(b, p, end, length)) {
                        return;
                    }
                } else {
                    out.append(" unknown-version (len ").appendDecimal(length).append(") ");
                }
            }
            case MLD_REPORT, MLD_DONE -> mld(b, p, end);
            case ROUTER_SOLICIT -> {
                if (verbose > 0 && !ndOptions(b, p + 8, end, length - 8)) {
                    return;
                }
            }
            case ROUTER_ADVERT -> {
                if (verbose > 0) {
                    if (!need(p + 16, end)) {
                        return;
                    }
                    int flags = u8(b, p + 5);
                    out.append("\n\thop limit ").appendDecimal(u8(b, p + 4)).append(", Flags [");
                    raFlags(flags, out);
                    out.append("], pref ").append(routerPreference(flags)).append(", router lifetime ")
                            .appendDecimal(u16(b, p + 6)).append("s, reachable time ").appendDecimal(u32(b, p + 8))
                            .append("ms, retrans timer ").appendDecimal(u32(b, p + 12)).append("ms");
                    if (!ndOptions(b, p + 16, end, length - 16)) {
                        return;
                    }
                }
            }
            case NEIGHBOR_SOLICIT -> {
                if (!need(p + 24, end)) {
                    return;
                }
                out.append(", who has ");
                AddressText.ipv6(b, p + TARGET, out);
                if (verbose > 0 && !ndOptions(b, p + 24, end, length - 24)) {
                    return;
                }
            }
            case NEIGHBOR_ADVERT -> {
                if (!need(p + 24, end)) {
                    return;
                }
                out.append(", tgt is ");
                AddressText.ipv6(b, p + TARGET, out);
                if (verbose > 0) {
                    long flags = u32(b, p + 4);
                    out.append(", Flags [");
                    int start = out.length();
                    if ((flags & 0x80000000L) != 0) {
                        out.append("router");
                    }
                    if ((flags & 0x40000000L) != 0) {
                        separator(out, start);
                        out.append("solicited");
                    }
                    if ((flags & 0x20000000L) != 0) {
                        separator(out, start);
                        out.append("override");
                    }
                    if (out.length() == start) {
                        out.append("none");
                    }
                    out.append(']');
                    if (!ndOptions(b, p + 24, end, length - 24)) {
                        return;
                    }
                }
            }
            case REDIRECT -> {
                if (!need(p + 40, end)) {
                    return;
                }
                out.append(", ");
                AddressText.ipv6(b, p + 24, out);
                out.append(" to ");
                AddressText.ipv6(b, p + 8, out);
                if (verbose > 0 && !ndOptions(b, p + 40, end, length - 40)) {
                    return;
                }
            }
            case 144 -> {
                if (!need(p + 6, end)) {
                    return;
                }
                out.append(", id 0x").appendHex(u16(b, p + 4), 4);
            }
            case MLDV2_REPORT -> {
                if (!mldv2Report(b, p, end, length)) {
                    return;
                }
            }
            case NI_QUERY, NI_REPLY -> {
                if (!nodeInformation(b, p, end, length, type == NI_QUERY)) {
                    return;
                }
            }
            default -> {
                out.append(", length ").appendDecimal(length);
                if (verbose <= 1) {
                    HexDump.print(b, p, Math.min(length, end - p), false, out);
                }
                return;
            }
        }
        if (verbose == 0) {
            out.append(", length ").appendDecimal(length);
        }
    }

    private static final int DST_IN_QUOTE = Ip6Printer.DST;
    private static final int NI_QUERY = 139, NI_REPLY = 140, NI_HEADER = 16, NI_QTYPE = 4, NI_FLAGS = 6;

    /**
     * {@code icmp6_nodeinfo_print()} (RFC 4620), after the type name tcpdump prints for 139/140 ("who-are-you"):
     * the query type and subject, or the reply's code, query type and data. False after a truncation marker.
     */
    private boolean nodeInformation(byte[] b, int p, int end, int length, boolean query) {
        TextSink out = ctx.out;
        int size = end - p;
        boolean verbose = ctx.options.verbose > 0;
        int code = u8(b, p + CODE);
        if (query) {
            if (size == 12) {
                out.append(" who-are-you request"); // KAME's form
                return true;
            }
            out.append(" node information query");
            if (p + NI_HEADER > end) {
                ctx.out.append(" [|icmp6]"); // a plain trunc: icmp6_print() goes on to the length
                return true;
            }
            int qtype = u16(b, p + NI_QTYPE);
            int flags = u16(b, p + NI_FLAGS);
            out.append(" (");
            switch (qtype) {
                case 0 -> out.append("noop");
                case 1 -> {
                    out.append("supported qtypes");
                    if (flags != 0) {
                        out.append(" [").append((flags & 1) != 0 ? "C" : "").append(']');
                    }
                }
                case 2 -> out.append("DNS name");
                case 3 -> {
                    out.append("node addresses");
                    if (flags != 0) {
                        out.append(" [");
                        nodeAddressFlags(flags, false, out);
                        out.append(']');
                    }
                }
                default -> out.append("unknown");
            }
            if (qtype == 0 || qtype == 1) {
                if (size != NI_HEADER && verbose) {
                    out.append(", invalid len");
                }
                out.append(')');
                return true;
            }
            if (size == NI_HEADER) {
                out.append(", 03 draft)");
                return true;
            }
            int subject = p + NI_HEADER;
            switch (code) {
                case 0 -> {
                    if (subject + 16 <= end) {
                        if (size != NI_HEADER + 16) {
                            if (verbose) {
                                out.append(", invalid subject len");
                            }
                        } else {
                            out.append(", subject=");
                            AddressText.ipv6(b, subject, out);
                        }
                    }
                }
                case 1 -> {
                    out.append(", subject=DNS name");
                    dnsName(b, subject, end, verbose);
                }
                case 2 -> {
                    if (subject + 4 <= end) {
                        if (size != NI_HEADER + 4) {
                            if (verbose) {
                                out.append(", invalid subject len");
                            }
                        } else {
                            out.append(", subject=");
                            AddressText.ipv4(b, subject, out);
                        }
                    }
                }
                default -> out.append(", unknown subject");
            }
            out.append(')');
            return true;
        }
        if (length > size) {
            out.append("[|icmp6: node information reply]");
            return true;
        }
        if (p + NI_HEADER > end) {
            ctx.out.append(" [|icmp6]");
            return true;
        }
        out.append(" node information reply (");
        boolean comma = false;
        switch (code) {
            case 0 -> {
                if (verbose) {
                    out.append("success");
                    comma = true;
                }
            }
            case 1, 2 -> {
                out.append(code == 1 ? "refused" : "unknown");
                comma = true;
                if (size != NI_HEADER && verbose) {
                    out.append(", invalid length");
                }
            }
            default -> { }
        }
        if (code != 0) {
            out.append(')');
            return true;
        }
        if (comma) {
            out.append(", ");
        }
        int qtype = u16(b, p + NI_QTYPE);
        int flags = u16(b, p + NI_FLAGS);
        switch (qtype) {
            case 0 -> {
                out.append("noop");
                if (size != NI_HEADER && verbose) {
                    out.append(", invalid length");
                }
            }
            case 1 -> {
                out.append("supported qtypes");
                if (flags != 0) {
                    out.append(" [").append((flags & 1) != 0 ? "C" : "").append(']');
                }
            }
            case 2 -> {
                out.append("DNS name");
                if (!need(p + NI_HEADER + 5, end)) {
                    return false;
                }
                dnsName(b, p + NI_HEADER + 4, end, verbose);
                if ((flags & 1) != 0) {
                    out.append(" [TTL=").appendDecimal(u32(b, p + NI_HEADER)).append(']');
                }
            }
            case 3 -> {
                out.append("node addresses");
                for (int i = NI_HEADER; i + 20 <= size; i += 20) { // each address after its TTL
                    out.append(' ');
                    AddressText.ipv6(b, p + i + 4, out);
                    out.append('(').appendDecimal(u32(b, p + i)).append(')');
                }
                if (flags != 0) {
                    out.append(" [");
                    nodeAddressFlags(flags, true, out);
                    out.append(']');
                }
            }
            default -> out.append("unknown");
        }
        out.append(')');
        return true;
    }

    /** The node addresses flags as tcpdump lists them: a G S L C A, and T in replies. */
    private static void nodeAddressFlags(int flags, boolean reply, TextSink out) {
        if ((flags & 0x40) != 0) {
            out.append('a');
        }
        if ((flags & 0x20) != 0) {
            out.append('G');
        }
        if ((flags & 0x10) != 0) {
            out.append('S');
        }
        if ((flags & 0x08) != 0) {
            out.append('L');
        }
        if ((flags & 0x04) != 0) {
            out.append('C');
        }
        if ((flags & 0x02) != 0) {
            out.append('A');
        }
        if (reply && (flags & 0x01) != 0) {
            out.append('T');
        }
    }

    /**
     * A node information DNS name: a length-prefixed "03 draft" string when its first octet covers the rest,
     * else {@code dnsname_print()} (labels without compression).
     */
    private void dnsName(byte[] b, int cp, int ep, boolean verbose) {
        TextSink out = ctx.out;
        if (cp < ep && u8(b, cp) == ep - cp - 1) {
            if (verbose) {
                out.append(", 03 draft");
            }
            out.append(", \"");
            for (cp++; cp < ep; cp++) {
                safeChar(u8(b, cp), out);
            }
            out.append('"');
            return;
        }
        out.append(", \"");
        while (cp < ep) {
            int i = u8(b, cp++);
            if (i != 0) {
                if (i > ep - cp) {
                    out.append("???");
                    break;
                }
                while (i-- > 0 && cp < ep) {
                    safeChar(u8(b, cp++), out);
                }
                if (cp + 1 < ep && b[cp] != 0) {
                    out.append('.');
                }
            } else {
                if (cp == ep) {
                    out.append('.');
                } else if (cp + 1 != ep || b[cp] != 0) {
                    out.append("???");
                }
                break;
            }
        }
        out.append('"');
    }

    /** {@code safeputchar()}: printable ASCII as is, anything else as \0xNN. */
    private static void safeChar(int c, TextSink out) {
        if (c >= 0x20 && c < 0x7f) {
            out.append((char) c);
        } else {
            out.append("\\0x").appendHex(c, 2);
        }
    }

    private boolean need(int upTo, int end) {
        if (upTo > end) {
            ctx.truncatedJump("icmp6");
            return false;
        }
        return true;
    }

    private int upperProtocol;

    /** {@code get_upperlayer()}: offset of the quoted TCP/UDP header (protocol in upperProtocol), or -1. */
    private int upperLayer(byte[] b, int ip6, int end) {
        if (ip6 + Ip6Printer.HEADER > end) {
            return -1;
        }
        int nh = u8(b, ip6 + Ip6Printer.NEXT_HEADER);
        int hlen = Ip6Printer.HEADER;
        int bp = ip6;
        while (bp < end) {
            bp += hlen;
            switch (nh) {
                case 6, 17 -> {
                    if (bp + 4 > end) {
                        return -1;
                    }
                    upperProtocol = nh;
                    return bp;
                }
                case Ip6Printer.HOPOPTS, Ip6Printer.DSTOPTS, Ip6Printer.ROUTING -> {
                    if (bp + 2 > end) {
                        return -1;
                    }
                    nh = u8(b, bp);
                    hlen = (u8(b, bp + 1) + 1) << 3;
                }
                case Ip6Printer.FRAGMENT -> {
                    if (bp + 4 > end || (u16(b, bp + 2) & 0xfff8) != 0) {
                        return -1;
                    }
                    nh = u8(b, bp);
                    hlen = 8;
                }
                case 51 -> {
                    if (bp + 2 > end) {
                        return -1;
                    }
                    nh = u8(b, bp);
                    hlen = (u8(b, bp + 1) + 2) << 2;
                }
                default -> {
                    upperProtocol = nh;
                    return -1;
                }
            }
        }
        return -1;
    }

    private void mld(byte[] b, int p, int end) {
        if (p + 24 > end) {
            return;
        }
        ctx.out.append("max resp delay: ").appendDecimal(u16(b, p + 4)).append(" addr: ");
        AddressText.ipv6(b, p + 8, ctx.out);
    }

    private boolean mldv2Query(byte[] b, int p, int end, int length) {
        TextSink out = ctx.out;
        if (!need(p + 28, end)) {
            return false;
        }
        int mrc = u16(b, p + 4);
        long mrt = mrc < 32768 ? mrc : (long) ((mrc & 0x0fff) | 0x1000) << (((mrc & 0x7000) >> 12) + 3);
        if (ctx.options.verbose > 0) {
            out.append(" [max resp delay=").appendDecimal(mrt).append(']');
        }
        out.append(" [gaddr ");
        AddressText.ipv6(b, p + 8, out);
        if (ctx.options.verbose > 0) {
            int s = u8(b, p + 24);
            if ((s & 0x08) != 0) {
                out.append(" sflag");
            }
            int qqi = u8(b, p + 25);
            if (qqi >= 128) {
                qqi = ((qqi & 0x0f) | 0x10) << (((qqi & 0x70) >> 4) + 3);
            }
            out.append(" robustness=").appendDecimal(s & 7).append(" qqi=").appendDecimal(qqi);
        }
        int nsrcs = u16(b, p + 26);
        if (nsrcs > 0) {
            if (length < 28 + nsrcs * 16) {
                out.append(" [invalid number of sources]");
            } else if (ctx.options.verbose > 1) {
                out.append(" {");
                for (int i = 0; i < nsrcs; i++) {
                    if (!need(p + 28 + i * 16 + 16, end)) {
                        return false;
                    }
                    out.append(' ');
                    AddressText.ipv6(b, p + 28 + i * 16, out);
                }
                out.append(" }");
            } else {
                out.append(", ").appendDecimal(nsrcs).append(" source(s)");
            }
        }
        out.append(']');
        return true;
    }

    private boolean mldv2Report(byte[] b, int p, int end, int length) {
        TextSink out = ctx.out;
        if (length < 8) {
            out.append(" [invalid len ").appendDecimal(length).append(']');
            return true;
        }
        if (!need(p + 8, end)) {
            return false;
        }
        int ngroups = u16(b, p + 6);
        out.append(", ").appendDecimal(ngroups).append(" group record(s)");
        if (ctx.options.verbose > 0) {
            int group = 8;
            for (int i = 0; i < ngroups; i++) {
                if (length < group + 20) {
                    out.append(" [invalid number of groups]");
                    return true;
                }
                if (!need(p + group + 20, end)) {
                    return false;
                }
                out.append(" [gaddr ");
                AddressText.ipv6(b, p + group + 4, out);
                int rtype = u8(b, p + group);
                out.append(' ').append(switch (rtype) {
                    case 1 -> "is_in";
                    case 2 -> "is_ex";
                    case 3 -> "to_in";
                    case 4 -> "to_ex";
                    case 5 -> "allow";
                    case 6 -> "block";
                    default -> "";
                });
                if (rtype < 1 || rtype > 6) {
                    out.append(" [v2-report-#").appendDecimal(rtype).append(']');
                }
                int nsrcs = u16(b, p + group + 2);
                if (length < group + 20 + nsrcs * 16) {
                    out.append(" [invalid number of sources ").appendDecimal(nsrcs).append(']');
                    return true;
                }
                if (ctx.options.verbose == 1) {
                    out.append(", ").appendDecimal(nsrcs).append(" source(s)");
                } else {
                    out.append(" {");
                    for (int j = 0; j < nsrcs; j++) {
                        if (!need(p + group + 20 + j * 16 + 16, end)) {
                            return false;
                        }
                        out.append(' ');
                        AddressText.ipv6(b, p + group + 20 + j * 16, out);
                    }
                    out.append(" }");
                }
                group += 20 + nsrcs * 16;
                out.append(']');
            }
        }
        return true;
    }

    /** {@code icmp6_opt_print()}: neighbour discovery options, one per "\n\t  " line. False on truncation. */
    private boolean ndOptions(byte[] b, int cp, int end, int resid) {
        TextSink out = ctx.out;
        while (cp < end) {
            if (cp + 2 > end) {
                ctx.truncated("icmp6");
                return false;
            }
            if (resid <= 0) {
                return true;
            }
            int type = u8(b, cp);
            int len = u8(b, cp + 1);
            if (len == 0 || cp + (len << 3) > end) {
                ctx.truncated("icmp6");
                return false;
            }
            String name = switch (type) {
                case 1 -> "source link-address";
                case 2 -> "destination link-address";
                case 3 -> "prefix info";
                case 4 -> "redirected header";
                case 5 -> "mtu";
                case 7 -> "advertisement interval";
                case 8 -> "homeagent information";
                case 24 -> "route info";
                case 25 -> "rdnss";
                case 31 -> "dnssl";
                default -> "unknown";
            };
            out.append("\n\t  ").append(name).append(" option (").appendDecimal(type).append("), length ")
                    .appendDecimal(len << 3).append(" (").appendDecimal(len).append("): ");
            switch (type) {
                case 1, 2 -> {
                    int l = (len << 3) - 2;
                    for (int i = 0; i < l; i++) {
                        if (i > 0) {
                            out.append(':');
                        }
                        out.appendHex(u8(b, cp + 2 + i), 2);
                    }
                }
                case 5 -> out.append(' ').appendDecimal(u32(b, cp + 4));
                case 3 -> {
                    if (cp + 32 > end) {
                        ctx.truncated("icmp6");
                        return false;
                    }
                    AddressText.ipv6(b, cp + 16, out);
                    out.append('/').appendDecimal(u8(b, cp + 2));
                    if (len != 4) {
                        out.append("badlen");
                    }
                    int flags = u8(b, cp + 3);
                    out.append(", Flags [");
                    int start = out.length();
                    if ((flags & 0x80) != 0) {
                        out.append("onlink");
                    }
                    if ((flags & 0x40) != 0) {
                        separator(out, start);
                        out.append("auto");
                    }
                    if ((flags & 0x20) != 0) {
                        separator(out, start);
                        out.append("router");
                    }
                    if (out.length() == start) {
                        out.append("none");
                    }
                    out.append("], valid time ");
                    lifetime(u32(b, cp + 4), out);
                    out.append(", pref. time ");
                    lifetime(u32(b, cp + 8), out);
                }
                case 7 -> out.append(' ').appendDecimal(u32(b, cp + 4)).append("ms");
                case 25 -> {
                    out.append(" lifetime ").appendDecimal(u32(b, cp + 4)).append("s,");
                    for (int i = 0; i < (len - 1) / 2; i++) {
                        out.append(" addr: ");
                        AddressText.ipv6(b, cp + 8 + i * 16, out);
                    }
                }
                case 4 -> HexDump.print(b, cp, Math.min(len << 3, end - cp), false, out);
                default -> {
                    if (ctx.options.verbose <= 1) {
                        hexIndented(b, cp + 2, (len << 3) - 2, end, "\n\t  ", out);
                        return true;
                    }
                }
            }
            if (ctx.options.verbose > 1) {
                hexIndented(b, cp + 2, (len << 3) - 2, end, "\n\t    ", out);
            }
            cp += len << 3;
            resid -= len << 3;
        }
        return true;
    }

    /** {@code hex_print()} with another indent than "\n\t". */
    private static void hexIndented(byte[] b, int p, int n, int end, String indent, TextSink out) {
        n = Math.min(n, end - p);
        for (int line = 0; line < n; line += 16) {
            out.append(indent).append("0x").appendHex(line, 4).append(": ");
            for (int i = 0; i < Math.min(16, n - line); i++) {
                if ((i & 1) == 0) {
                    out.append(' ');
                }
                out.appendHex(b[p + line + i] & 0xff, 2);
            }
        }
    }

    private static void lifetime(long v, TextSink out) {
        if (v == 0xffffffffL) {
            out.append("infinity");
        } else {
            out.appendDecimal(v).append('s');
        }
    }

    private static void separator(TextSink out, int start) {
        if (out.length() != start) {
            out.append(", ");
        }
    }

    private static void raFlags(int flags, TextSink out) {
        int start = out.length();
        if ((flags & 0x80) != 0) {
            out.append("managed");
        }
        if ((flags & 0x40) != 0) {
            separator(out, start);
            out.append("other stateful");
        }
        if ((flags & 0x20) != 0) {
            separator(out, start);
            out.append("home agent");
        }
        if ((flags & 0x04) != 0) {
            separator(out, start);
            out.append("proxy");
        }
        if (out.length() == start) {
            out.append("none");
        }
    }

    private static String routerPreference(int flags) {
        return switch ((flags >> 3) & 3) {
            case 0 -> "medium";
            case 1 -> "high";
            case 2 -> "rsv";
            default -> "low";
        };
    }

    private static String typeName(int type) {
        return switch (type) {
            case DST_UNREACH -> "destination unreachable";
            case PACKET_TOO_BIG -> "packet too big";
            case TIME_EXCEEDED -> "time exceeded in-transit";
            case PARAM_PROB -> "parameter problem";
            case ECHO_REQUEST -> "echo request";
            case ECHO_REPLY -> "echo reply";
            case MLD_QUERY -> "multicast listener query";
            case MLD_REPORT -> "multicast listener report";
            case MLD_DONE -> "multicast listener done";
            case ROUTER_SOLICIT -> "router solicitation";
            case ROUTER_ADVERT -> "router advertisement";
            case NEIGHBOR_SOLICIT -> "neighbor solicitation";
            case NEIGHBOR_ADVERT -> "neighbor advertisement";
            case REDIRECT -> "redirect";
            case 138 -> "router renumbering";
            case 139 -> "who-are-you request";
            case 140 -> "who-are-you reply";
            case 141 -> "inverse neighbor solicitation";
            case 142 -> "inverse neighbor advertisement";
            case MLDV2_REPORT -> "multicast listener report v2";
            case 144 -> "ha discovery request";
            case 145 -> "ha discovery reply";
            case 146 -> "mobile router solicitation";
            case 147 -> "mobile router advertisement";
            case 151 -> "multicast router advertisement";
            case 152 -> "multicast router solicitation";
            case 153 -> "multicast router termination";
            case 155 -> "RPL";
            case 200 -> "mtrace response";
            case 201 -> "mtrace";
            default -> null;
        };
    }
}
