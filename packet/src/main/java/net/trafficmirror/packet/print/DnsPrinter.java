package net.trafficmirror.packet.print;

import static net.trafficmirror.packet.print.NetworkOrder.u16;
import static net.trafficmirror.packet.print.NetworkOrder.u32;
import static net.trafficmirror.packet.print.NetworkOrder.u8;

/**
 * DNS and mDNS, as {@code print-domain.c:domain_print()}, {@code ns_qprint()}, {@code ns_rprint()} and
 * {@code fqdn_print()} of tcpdump 4.99.3 (RFC 1035, RFC 6891, RFC 6762).
 *
 * <pre>
 *  0  1  2  3  4  5  6  7  8  9 10 11 12 13 14 15
 * +--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+
 * |                      ID                       |
 * +--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+
 * |QR|   Opcode  |AA|TC|RD|RA| Z|AD|CD|   RCODE   |
 * +--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+
 * |        QDCOUNT / ANCOUNT / NSCOUNT / ARCOUNT  |
 * +--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+
 * </pre>
 */
final class DnsPrinter {
    static final int ID = 0, FLAGS = 2, QDCOUNT = 4, ANCOUNT = 6, NSCOUNT = 8, ARCOUNT = 10, HEADER = 12;
    private static final int QR = 0x8000, AA = 0x0400, TC = 0x0200, RD = 0x0100, RA = 0x0080, AD = 0x0020,
            CD = 0x0010;
    private static final int T_A = 1, T_NS = 2, T_CNAME = 5, T_SOA = 6, T_PTR = 12, T_MX = 15, T_TXT = 16,
            T_AAAA = 28, T_SRV = 33, T_DNAME = 39, T_OPT = 41, T_TSIG = 250, T_URI = 256;
    private static final int MAXDNAME = 255;
    private static final String[] OPS = {"", " inv_q", " stat", " op3", " notify", " update", " op6", " op7",
        " op8", " updateA", " updateD", " updateDA", " updateM", " updateMA", " zoneInit", " zoneRef"};
    private static final String[] RCODES = {"", " FormErr", " ServFail", " NXDomain", " NotImp", " Refused",
        " YXDomain", " YXRRSet", " NXRRSet", " NotAuth", " NotZone", " Resp11", " Resp12", " Resp13", " Resp14",
        " NoChange", " BadVers", "Resp17", " Resp18", " Resp19", " Resp20", "Resp21", " Resp22", " BadCookie"};

    private final PrintContext ctx;
    /** The message start, for compression pointers, and the captured end of the current message. */
    private int base, end;
    private byte[] b;
    private boolean mdns;

    DnsPrinter(PrintContext ctx) {
        this.ctx = ctx;
    }

    /** DNS over TCP: the 2-byte length prefix, checked against the segment length. */
    void printOverTcp(byte[] b, int p, int end, int length) {
        TextSink out = ctx.out;
        if (length < 2) {
            out.append(" [DNS over TCP: length ").appendDecimal(length).append(" < 2]");
            ctx.invalid();
            return;
        }
        length -= 2;
        if (p + 2 > end) {
            ctx.truncatedJump("domain"); // GET_BE_U_2 of the prefix
            return;
        }
        int prefix = u16(b, p);
        if (prefix != length) {
            out.append(" [prefix length(").appendDecimal(prefix).append(") != length(").appendDecimal(length)
                    .append(")]");
            ctx.invalid();
            return;
        }
        out.append(' ');
        print(b, p + 2, end, length, false);
    }

    void print(byte[] b, int p, int end, int length, boolean mdns) {
        TextSink out = ctx.out;
        this.b = b;
        this.base = p;
        this.end = end;
        this.mdns = mdns;
        if (length < HEADER) {
            out.append("domain [length ").appendDecimal(length).append(" < 12]");
            ctx.invalid();
            return;
        }
        if (p + HEADER > end) {
            ctx.truncated("domain");
            return;
        }
        int flags = u16(b, p + FLAGS);
        int qdcount = u16(b, p + QDCOUNT);
        int ancount = u16(b, p + ANCOUNT);
        int nscount = u16(b, p + NSCOUNT);
        int arcount = u16(b, p + ARCOUNT);
        int rcode = extendedRcode(p, flags & 0x0f, qdcount, ancount, nscount, arcount);
        int opcode = (flags >> 11) & 0x0f;
        int verbose = ctx.options.verbose;
        int cp = p + HEADER;
        if ((flags & QR) != 0) {
            out.appendDecimal(u16(b, p + ID)).append(OPS[opcode]);
            if (rcode < RCODES.length) {
                out.append(RCODES[rcode]);
            } else {
                out.append(" Resp").appendDecimal(rcode & 0xfff);
            }
            if ((flags & AA) != 0) {
                out.append('*');
            }
            if ((flags & RA) == 0) {
                out.append('-');
            }
            if ((flags & TC) != 0) {
                out.append('|');
            }
            if ((flags & AD) != 0) {
                out.append('$');
            }
            if (qdcount != 1) {
                out.append(" [").appendDecimal(qdcount).append("q]");
            }
            for (int i = 0; i < qdcount; i++) {
                if (i != 0) {
                    out.append(',');
                }
                if (verbose > 1) {
                    out.append(" q:");
                    cp = question(cp);
                } else {
                    cp = skipName(cp);
                    if (cp >= 0) {
                        cp += 4;
                    }
                }
                if (cp < 0) {
                    ctx.truncated("domain");
                    return;
                }
            }
            out.append(' ').appendDecimal(ancount).append('/').appendDecimal(nscount).append('/')
                    .appendDecimal(arcount);
            cp = section(cp, ancount, null);
            if (cp < 0) {
                return;
            }
            if (verbose > 1) {
                cp = section(cp, nscount, " ns:");
                if (cp < 0) {
                    return;
                }
                cp = section(cp, arcount, " ar:");
                if (cp < 0) {
                    return;
                }
            }
        } else {
            out.appendDecimal(u16(b, p + ID)).append(OPS[opcode]);
            if ((flags & RD) != 0) {
                out.append('+');
            }
            if ((flags & CD) != 0) {
                out.append('%');
            }
            if ((flags & 0x6cf) != 0) {
                out.append(" [b2&3=0x").appendHex(flags, 1).append(']');
            }
            if (opcode == 1) {
                if (qdcount != 0) {
                    out.append(" [").appendDecimal(qdcount).append("q]");
                }
                if (ancount != 1) {
                    out.append(" [").appendDecimal(ancount).append("a]");
                }
            } else {
                if (ancount != 0) {
                    out.append(" [").appendDecimal(ancount).append("a]");
                }
                if (qdcount != 1) {
                    out.append(" [").appendDecimal(qdcount).append("q]");
                }
            }
            if (nscount != 0) {
                out.append(" [").appendDecimal(nscount).append("n]");
            }
            if (arcount != 0) {
                out.append(" [").appendDecimal(arcount).append("au]");
            }
            if (qdcount != 0) {
                cp = question(cp);
                if (cp < 0) {
                    ctx.truncated("domain");
                    return;
                }
                qdcount--;
                while (cp < end && qdcount != 0) {
                    cp = question(cp);
                    if (cp < 0) {
                        ctx.truncated("domain");
                        return;
                    }
                    qdcount--;
                }
            }
            if (qdcount != 0) {
                ctx.truncated("domain");
                return;
            }
            if (verbose > 1) {
                cp = section(cp, ancount, null);
                if (cp < 0) {
                    return;
                }
                cp = section(cp, nscount, " ns:");
                if (cp < 0) {
                    return;
                }
                cp = section(cp, arcount, " ar:");
                if (cp < 0) {
                    return;
                }
            }
        }
        out.append(" (").appendDecimal(length).append(')');
    }

    /**
     * Prints count records after label (null: the answer section, always printed when count > 0; otherwise only
     * when data remains). Returns the next offset, or -1 after printing the truncation marker.
     */
    private int section(int cp, int count, String label) {
        TextSink out = ctx.out;
        if (count > 0 && (label == null || cp < end)) {
            if (label != null) {
                out.append(label);
            }
            cp = record(cp);
            if (cp < 0) {
                ctx.truncated("domain");
                return -1;
            }
            count--;
            while (cp < end && count != 0) {
                out.append(',');
                cp = record(cp);
                if (cp < 0) {
                    ctx.truncated("domain");
                    return -1;
                }
                count--;
            }
        }
        if (count != 0) {
            ctx.truncated("domain");
            return -1;
        }
        return cp;
    }

    /** The rcode extended by an OPT record's high bits, found by skipping to the additional section. */
    private int extendedRcode(int p, int rcode, int qd, int an, int ns, int ar) {
        int cp = p + HEADER;
        for (int i = 0; i < qd; i++) {
            cp = skipName(cp);
            if (cp < 0) {
                return rcode;
            }
            cp += 4;
            if (cp >= end) {
                return rcode;
            }
        }
        for (int i = 0; i < an + ns; i++) {
            cp = skipName(cp);
            if (cp < 0) {
                return rcode;
            }
            cp += 8;
            if (cp + 2 > end) {
                return rcode;
            }
            cp += 2 + u16(b, cp);
            if (cp >= end) {
                return rcode;
            }
        }
        for (int i = 0; i < ar; i++) {
            cp = skipName(cp);
            if (cp < 0 || cp + 2 > end) {
                return rcode;
            }
            int type = u16(b, cp);
            cp += 4;
            if (cp + 1 > end) {
                return rcode;
            }
            if (type == T_OPT) {
                return rcode | (u8(b, cp) << 4);
            }
            cp += 4;
            if (cp + 2 > end) {
                return rcode;
            }
            cp += 2 + u16(b, cp);
            if (cp >= end) {
                return rcode;
            }
        }
        return rcode;
    }

    /** {@code ns_nskip()}: the offset after the name at cp, or -1. */
    private int skipName(int cp) {
        if (cp >= end) {
            return -1;
        }
        int i = u8(b, cp++);
        while (i != 0) {
            switch (i & 0xc0) {
                case 0xc0 -> {
                    return cp + 1;
                }
                case 0x40 -> {
                    if ((i & 0x3f) != 1 || cp >= end) {
                        return -1;
                    }
                    int bitlen = u8(b, cp);
                    if (bitlen == 0) {
                        bitlen = 256;
                    }
                    cp += 1 + (bitlen + 7) / 8;
                }
                case 0x80 -> {
                    return -1;
                }
                default -> cp += i;
            }
            if (cp >= end) {
                return -1;
            }
            i = u8(b, cp++);
        }
        return cp;
    }

    /** {@code ns_qprint()}: " TYPE[ CLASS]? name."; the offset after the question, or -1. */
    private int question(int cp) {
        TextSink out = ctx.out;
        int np = cp;
        cp = skipName(cp);
        if (cp < 0 || cp + 4 > end) {
            return -1;
        }
        out.append(' ');
        typeName(u16(b, cp), out);
        int i = u16(b, cp + 2);
        int cls = mdns ? i & 0x7fff : i;
        if (cls != 1) {
            out.append(' ');
            className(cls, out);
        }
        if (mdns) {
            out.append((i & 0x8000) != 0 ? " (QU)" : " (QM)");
        }
        out.append("? ");
        return name(np) < 0 ? -1 : cp + 4;
    }

    /** The 16-bit fields of a TSIG record after its time signed, as ns_rprint() prints them (RFC 8945 §4.2). */
    private static final String TSIG_MAC_LENGTH = " maclen=";
    private static final String[] TSIG_FIELDS = {" fudge=", TSIG_MAC_LENGTH, " origid=", " error=", " otherlen="};

    /** {@code ns_rprint()}: one resource record; the offset after it, {@link #end} when cut short, or -1. */
    private int record(int cp) {
        TextSink out = ctx.out;
        int verbose = ctx.options.verbose;
        if (verbose > 0) {
            out.append(' ');
            cp = name(cp);
            if (cp < 0) {
                return -1;
            }
        } else {
            cp = skipName(cp);
        }
        if (cp < 0 || cp + 10 > end) {
            return end;
        }
        int type = u16(b, cp);
        int i = u16(b, cp + 2);
        int cls = mdns ? i & 0x7fff : i;
        if (cls != 1 && type != T_OPT) {
            out.append(' ');
            className(cls, out);
        }
        if (mdns && (i & 0x8000) != 0) {
            out.append(" (Cache flush)");
        }
        int optFlags = 0;
        if (type == T_OPT) {
            optFlags = u16(b, cp + 6);
        } else if (verbose > 2) {
            out.append(" [");
            relativeTime(u32(b, cp + 4), out);
            out.append(']');
        }
        int len = u16(b, cp + 8);
        cp += 10;
        int rp = cp + len;
        out.append(' ');
        typeName(type, out);
        if (rp > end) {
            return -1;
        }
        switch (type) {
            case T_A -> {
                if (cp + 4 > end) {
                    return -1;
                }
                out.append(' ');
                AddressText.ipv4(b, cp, out);
            }
            case T_NS, T_CNAME, T_PTR, T_DNAME -> {
                out.append(' ');
                if (name(cp) < 0) {
                    return -1;
                }
            }
            case T_SOA -> {
                if (verbose == 0) {
                    break;
                }
                out.append(' ');
                cp = name(cp);
                if (cp < 0) {
                    return -1;
                }
                out.append(' ');
                cp = name(cp);
                if (cp < 0 || cp + 20 > end) {
                    return -1;
                }
                for (int k = 0; k < 5; k++) {
                    out.append(' ').appendDecimal(u32(b, cp + 4 * k));
                }
            }
            case T_MX -> {
                out.append(' ');
                if (cp + 2 > end || name(cp + 2) < 0) {
                    return -1;
                }
                out.append(' ').appendDecimal(u16(b, cp));
            }
            case T_TXT -> {
                while (cp < rp) {
                    out.append(" \"");
                    if (cp >= end) {
                        return -1;
                    }
                    int n = u8(b, cp++);
                    if (printN(cp, n)) {
                        return -1;
                    }
                    cp += n;
                    out.append('"');
                }
            }
            case T_SRV -> {
                out.append(' ');
                if (cp + 6 > end || name(cp + 6) < 0) {
                    return -1;
                }
                out.append(':').appendDecimal(u16(b, cp + 4)).append(' ').appendDecimal(u16(b, cp)).append(' ')
                        .appendDecimal(u16(b, cp + 2));
            }
            case T_AAAA -> {
                if (cp + 16 > end) {
                    return -1;
                }
                out.append(' ');
                AddressText.ipv6(b, cp, out);
            }
            case T_URI -> {
                if (cp + len > end || len < 4) {
                    return -1;
                }
                out.append(' ').appendDecimal(u16(b, cp)).append(' ').appendDecimal(u16(b, cp + 2)).append(' ');
                if (printN(cp + 4, len - 4)) {
                    return -1;
                }
            }
            case T_OPT -> {
                out.append(" UDPsize=").appendDecimal(cls);
                if ((optFlags & 0x8000) != 0) {
                    out.append(" DO");
                }
                if (cp < rp) {
                    out.append(" [");
                    while (cp < rp) {
                        cp = ednsOption(cp);
                        if (cp < 0) {
                            return -1;
                        }
                        if (cp < rp) {
                            out.append(',');
                        }
                    }
                    out.append(']');
                }
            }
            case T_TSIG -> {
                if (verbose == 0) {
                    break;
                }
                out.append(' ');
                cp = name(cp);
                if (cp < 0) {
                    return -1;
                }
                cp += 6; // time signed
                for (String field : TSIG_FIELDS) {
                    if (cp + 2 > end) {
                        return -1;
                    }
                    int v = u16(b, cp);
                    out.append(field).appendDecimal(v);
                    cp += field == TSIG_MAC_LENGTH ? 2 + v : 2; // the MAC follows its length
                }
            }
            default -> { }
        }
        return rp;
    }

    /** {@code edns_opt_print()}; the offset after the option, or -1. */
    private int ednsOption(int cp) {
        TextSink out = ctx.out;
        if (cp + 2 > end) {
            return -1;
        }
        int opt = u16(b, cp);
        cp += 2;
        String name = switch (opt) {
            case 1 -> "LLQ";
            case 2 -> "UL";
            case 3 -> "NSID";
            case 5 -> "DAU";
            case 6 -> "DHU";
            case 7 -> "N3U";
            case 8 -> "ECS";
            case 9 -> "EXPIRE";
            case 10 -> "COOKIE";
            case 11 -> "KEEPALIVE";
            case 12 -> "PADDING";
            case 13 -> "CHAIN";
            case 14 -> "KEY-TAG";
            case 16 -> "CLIENT-TAG";
            case 17 -> "SERVER-TAG";
            default -> null;
        };
        if (name == null) {
            out.append("Opt").appendDecimal(opt);
        } else {
            out.append(name);
        }
        if (cp + 2 > end) {
            return -1;
        }
        int len = u16(b, cp);
        cp += 2;
        if (cp + len > end) {
            return -1;
        }
        if (len > 0) {
            out.append(' ');
            switch (opt) {
                case 8 -> clientSubnet(cp, len, out);
                case 10 -> {
                    if (len < 8 || (len > 8 && len < 16) || len > 40) {
                        ctx.invalid();
                    } else {
                        for (int i = 0; i < len; i++) {
                            if (i == 8) {
                                out.append(' ');
                            }
                            out.appendHex(u8(b, cp + i), 2);
                        }
                    }
                }
                case 11 -> {
                    if (len != 2) {
                        ctx.invalid();
                    } else {
                        int v = u16(b, cp);
                        out.appendDecimal(v / 10).append('.').appendDecimal(v % 10).append(" sec");
                    }
                }
                case 9 -> {
                    if (len != 4) {
                        ctx.invalid();
                    } else {
                        out.appendDecimal(u32(b, cp)).append(" sec");
                    }
                }
                case 12 -> out.append('(').appendDecimal(len).append(')');
                case 14 -> {
                    if (len % 2 != 0) {
                        ctx.invalid();
                    } else {
                        for (int i = 0; i < len; i += 2) {
                            if (i > 0) {
                                out.append(' ');
                            }
                            out.appendDecimal(u16(b, cp + i));
                        }
                    }
                }
                case 5, 6, 7 -> {
                    for (int i = 0; i < len; i++) {
                        if (i > 0) {
                            out.append(' ');
                        }
                        out.appendDecimal(u8(b, cp + i));
                    }
                }
                default -> {
                    for (int i = 0; i < len; i++) {
                        out.appendHex(u8(b, cp + i), 2);
                    }
                }
            }
        }
        return cp + len;
    }

    private final byte[] padded = new byte[16];

    private void clientSubnet(int cp, int len, TextSink out) {
        if (len < 4) {
            ctx.invalid();
            return;
        }
        int family = u16(b, cp);
        int srcLen = u8(b, cp + 2);
        int scopeLen = u8(b, cp + 3);
        int bits = family == 1 ? 32 : family == 2 ? 128 : 0;
        if (bits == 0 || len - 4 > bits / 8 || srcLen > bits || scopeLen > bits || (srcLen + 7) / 8 != len - 4) {
            ctx.invalid();
            return;
        }
        java.util.Arrays.fill(padded, (byte) 0);
        System.arraycopy(b, cp + 4, padded, 0, len - 4);
        if (family == 1) {
            AddressText.ipv4(padded, 0, out);
        } else {
            AddressText.ipv6(padded, 0, out);
        }
        out.append('/').appendDecimal(srcLen).append('/').appendDecimal(scopeLen);
    }

    /** {@code fqdn_print()}: the name at cp; returns the offset after it in the record, or -1. */
    private int name(int cp) {
        TextSink out = ctx.out;
        int l = labelLength(cp);
        if (l < 0 || cp >= end) {
            return -1;
        }
        int maxOffset = cp - base;
        int i = u8(b, cp++);
        boolean compressed = false;
        int rp = -1;
        if ((i & 0xc0) != 0xc0) {
            rp = cp + l;
        }
        if (i == 0) {
            out.append('.');
            return rp;
        }
        int nameChars = 0;
        while (i != 0 && cp < end) {
            if ((i & 0xc0) == 0xc0) {
                if (!compressed) {
                    rp = cp + 1;
                    compressed = true;
                }
                if (cp >= end) {
                    return -1;
                }
                int offset = ((i << 8) | u8(b, cp)) & 0x3fff;
                if (offset >= maxOffset) {
                    out.append("<BAD PTR>");
                    return -1;
                }
                maxOffset = offset;
                cp = base + offset;
                l = labelLength(cp);
                if (l < 0 || cp >= end) {
                    return -1;
                }
                i = u8(b, cp++);
                continue;
            }
            if ((i & 0xc0) == 0x40) {
                int elt = i & 0x3f;
                if (elt != 1) {
                    out.append("<ELT ").appendDecimal(elt).append('>');
                    return -1;
                }
                if (!bitLabel(cp)) {
                    return -1;
                }
            } else {
                if (nameChars + l <= MAXDNAME) {
                    if (printN(cp, l)) {
                        return -1;
                    }
                } else if (nameChars < MAXDNAME) {
                    if (printN(cp, MAXDNAME - nameChars)) {
                        return -1;
                    }
                }
                nameChars += l;
            }
            cp += l;
            if (nameChars <= MAXDNAME) {
                out.append('.');
            }
            nameChars++;
            l = labelLength(cp);
            if (l < 0 || cp >= end) {
                return -1;
            }
            i = u8(b, cp++);
            if (!compressed) {
                rp += l + 1;
            }
        }
        if (nameChars > MAXDNAME) {
            out.append("<DOMAIN NAME TOO LONG>");
        }
        return rp;
    }

    /** {@code blabel_print()}: an RFC 2673 bit-string label as {@code \[xHEX/BITS]}. */
    private boolean bitLabel(int cp) {
        TextSink out = ctx.out;
        if (cp >= end) {
            return false;
        }
        int bitlen = u8(b, cp);
        if (bitlen == 0) {
            bitlen = 256;
        }
        int slen = (bitlen + 3) / 4;
        int lim = cp + 1 + slen;
        out.append("\\[x");
        int bitp = cp + 1;
        int full = bitlen / 8;
        for (int k = 0; k < full; k++, bitp++) {
            if (bitp >= end) {
                return false;
            }
            out.appendHex(u8(b, bitp), 2);
        }
        int rem = bitlen % 8;
        if (rem != 0) {
            if (bitp >= end) {
                return false;
            }
            int tc = u8(b, bitp);
            if (rem > 4) {
                out.appendHex(tc & (0xff << (8 - rem)) & 0xff, 2);
            } else {
                out.appendHex(((tc >> 4) & (0x0f << (4 - rem))) & 0x0f, 1);
            }
        }
        out.append('/').appendDecimal(bitlen).append(']');
        return lim > 0;
    }

    /** {@code labellen()}: the length of the label at cp, or -1. */
    private int labelLength(int cp) {
        if (cp >= end) {
            return -1;
        }
        int i = u8(b, cp);
        switch (i & 0xc0) {
            case 0x40 -> {
                int elt = i & 0x3f;
                if (elt != 1) {
                    ctx.out.append("<ELT ").appendDecimal(elt).append('>');
                    return -1;
                }
                if (cp + 1 >= end) {
                    return -1;
                }
                int bitlen = u8(b, cp + 1);
                if (bitlen == 0) {
                    bitlen = 256;
                }
                return (bitlen + 7) / 8 + 1;
            }
            case 0xc0, 0x00 -> {
                return i;
            }
            default -> {
                return -1;
            }
        }
    }

    /** {@code nd_printn()} up to the captured end; true when it ran out before n characters. */
    private boolean printN(int cp, int n) {
        TextSink out = ctx.out;
        while (n > 0 && cp < end) {
            n--;
            TextProtocolPrinter.printableChar(u8(b, cp++), out);
        }
        return n != 0;
    }

    /** {@code unsigned_relts_print()}: 1y2w3d4h5m6s. */
    static void relativeTime(long secs, TextSink out) {
        if (secs == 0) {
            out.append("0s");
            return;
        }
        long[] units = UNITS;
        for (int k = 0; k < units.length && secs > 0; k++) {
            if (secs >= units[k]) {
                out.appendDecimal(secs / units[k]).append(UNIT_NAMES[k]);
                secs -= secs / units[k] * units[k];
            }
        }
    }

    private static final long[] UNITS = {31536000, 604800, 86400, 3600, 60, 1};
    private static final char[] UNIT_NAMES = {'y', 'w', 'd', 'h', 'm', 's'};

    private static void className(int cls, TextSink out) {
        switch (cls) {
            case 1 -> out.append("IN");
            case 3 -> out.append("CHAOS");
            case 4 -> out.append("HS");
            case 255 -> out.append("ANY");
            default -> out.append("(Class ").appendDecimal(cls).append(')');
        }
    }

    /** {@code ns_type2str[]} of tcpdump 4.99.3 (which has no SVCB, HTTPS or CAA yet). */
    private static void typeName(int type, TextSink out) {
        String name = switch (type) {
            case 1 -> "A";
            case 2 -> "NS";
            case 3 -> "MD";
            case 4 -> "MF";
            case 5 -> "CNAME";
            case 6 -> "SOA";
            case 7 -> "MB";
            case 8 -> "MG";
            case 9 -> "MR";
            case 10 -> "NULL";
            case 11 -> "WKS";
            case 12 -> "PTR";
            case 13 -> "HINFO";
            case 14 -> "MINFO";
            case 15 -> "MX";
            case 16 -> "TXT";
            case 17 -> "RP";
            case 18 -> "AFSDB";
            case 19 -> "X25";
            case 20 -> "ISDN";
            case 21 -> "RT";
            case 22 -> "NSAP";
            case 23 -> "NSAP_PTR";
            case 24 -> "SIG";
            case 25 -> "KEY";
            case 26 -> "PX";
            case 27 -> "GPOS";
            case 28 -> "AAAA";
            case 29 -> "LOC";
            case 30 -> "NXT";
            case 31 -> "EID";
            case 32 -> "NIMLOC";
            case 33 -> "SRV";
            case 34 -> "ATMA";
            case 35 -> "NAPTR";
            case 36 -> "KX";
            case 37 -> "CERT";
            case 38 -> "A6";
            case 39 -> "DNAME";
            case 40 -> "SINK";
            case 41 -> "OPT";
            case 42 -> "APL";
            case 43 -> "DS";
            case 44 -> "SSHFP";
            case 45 -> "IPSECKEY";
            case 46 -> "RRSIG";
            case 47 -> "NSEC";
            case 48 -> "DNSKEY";
            case 49 -> "DHCID";
            case 50 -> "NSEC3";
            case 51 -> "NSEC3PARAM";
            case 52 -> "TLSA";
            case 53 -> "SMIMEA";
            case 55 -> "HIP";
            case 56 -> "NINFO";
            case 57 -> "RKEY";
            case 58 -> "TALINK";
            case 59 -> "CDS";
            case 61 -> "OPENPGPKEY";
            case 62 -> "CSYNC";
            case 99 -> "SPF";
            case 100 -> "UINFO";
            case 101 -> "UID";
            case 102 -> "GID";
            case 103 -> "UNSPEC";
            case 104 -> "NID";
            case 105 -> "L32";
            case 106 -> "L64";
            case 107 -> "LP";
            case 108 -> "EUI48";
            case 109 -> "EUI64";
            case 249 -> "TKEY";
            case 250 -> "TSIG";
            case 251 -> "IXFR";
            case 252 -> "AXFR";
            case 253 -> "MAILB";
            case 254 -> "MAILA";
            case 255 -> "ANY";
            case 256 -> "URI";
            case 32768 -> "TA";
            case 32769 -> "DLV";
            default -> null;
        };
        if (name == null) {
            out.append("Type").appendDecimal(type);
        } else {
            out.append(name);
        }
    }
}
