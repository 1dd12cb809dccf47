package net.trafficmirror.packet.print;

import static net.trafficmirror.packet.print.NetworkOrder.u16;
import static net.trafficmirror.packet.print.NetworkOrder.u32;
import static net.trafficmirror.packet.print.NetworkOrder.u8;

/**
 * BOOTP/DHCP (RFC 951, RFC 2131, RFC 2132), as {@code print-bootp.c:bootp_print()} and {@code rfc1048_print()} of
 * tcpdump 4.99.3: the one-liner, and with -v the header fields worth showing and the RFC 1048 vendor options, each
 * printed by the format letter of tcpdump's {@code tag2str[]} table (i: addresses, l/L: 32-bit numbers, s: 16-bit,
 * b/x: bytes, a: text, B: booleans, p: address pairs, $: decoded one by one). The CMU vendor area is not decoded.
 *
 * <pre>
 * op | htype | hlen | hops | xid (4) | secs (2) | flags (2) | ciaddr | yiaddr | siaddr | giaddr | chaddr (16) |
 * sname (64) | file (128) | vendor area (magic cookie 99.130.83.99, options)
 * </pre>
 */
final class BootpPrinter {
    private static final int HTYPE = 1, HLEN = 2, HOPS = 3, XID = 4, SECS = 8, FLAGS = 10, CIADDR = 12, YIADDR = 16,
            SIADDR = 20, GIADDR = 24, CHADDR = 28, SNAME = 44, FILE = 108, VENDOR = 236;
    private static final long RFC1048_COOKIE = 0x63825363L;
    private static final int PAD = 0, END = 255, DHCP_MESSAGE = 53, PARAMETER_REQUEST = 55, NETBIOS_NODE = 46,
            OVERLOAD = 52, CLIENT_ID = 61, USER_CLASS = 77, CLIENT_FQDN = 81, AGENT_INFORMATION = 82,
            CLASSLESS_ROUTE = 121, CLASSLESS_ROUTE_MS = 249;
    /** {@code tag2str[]}, split: each tag's name (null if unknown) and format letter ('?' if unknown). */
    private static final String[] TAG_NAMES = new String[256];
    private static final char[] TAG_FORMATS = new char[256];
    private static final String[] DHCP_MESSAGES = {null, "Discover", "Offer", "Request", "Decline", "ACK", "NACK",
        "Release", "Inform"};

    static {
        String[] table = {
            "0", " PAD", "1", "iSubnet-Mask", "2", "LTime-Zone", "3", "iDefault-Gateway", "4", "iTime-Server",
            "5", "iIEN-Name-Server", "6", "iDomain-Name-Server", "7", "iLOG", "8", "iCS", "9", "iLPR-Server",
            "10", "iIM", "11", "iRL", "12", "aHostname", "13", "sBS", "255", " END", "14", "aDP",
            "15", "aDomain-Name", "16", "iSS", "17", "aRP", "18", "aEP", "19", "BIPF", "20", "BSRT", "21", "pPF",
            "22", "sRSZ", "23", "bTTL", "24", "lMTU-Timeout", "25", "sMTU-Table", "26", "sMTU", "27", "BLSN",
            "28", "iBR", "29", "BMD", "30", "BMS", "31", "BRouter-Discovery", "32", "iRSA", "33", "pStatic-Route",
            "34", "BUT", "35", "lAT", "36", "BIE", "37", "bTT", "38", "lKI", "39", "BKG", "40", "aYD", "41", "iYS",
            "42", "iNTP", "43", "bVendor-Option", "44", "iNetbios-Name-Server", "45", "iWDD",
            "46", "$Netbios-Node", "47", "aNetbios-Scope", "48", "iXFS", "49", "iXDM", "64", "sN+D", "65", "iN+S",
            "68", "iMH", "69", "iSMTP", "70", "iPOP3", "71", "iNNTP", "72", "iWWW", "73", "iFG", "74", "iIRC",
            "75", "iSTS", "76", "iSTDA", "50", "iRequested-IP", "51", "lLease-Time", "52", "$OO", "66", "aTFTP",
            "67", "aBF", "53", " DHCP-Message", "54", "iServer-ID", "55", "bParameter-Request", "56", "aMSG",
            "57", "sMSZ", "58", "lRN", "59", "lRB", "60", "aVendor-Class", "61", "$Client-ID", "98", "aUAP",
            "116", "BNOAUTO", "78", "bSLP-DA", "79", "bSLP-SCOPE", "117", "sNSSEARCH", "77", "$User-Class",
            "118", "iSUBNET", "121", "$Classless-Static-Route", "249", "$Classless-Static-Route-Microsoft",
            "150", "iTFTP-Server-Address", "80", "aSLP-NA", "81", "$FQDN", "82", "$Agent-Information",
            "83", "bARMT", "84", "bAMSK", "88", "aTZSTR", "89", "bFQDNS", "90", "bAUTH", "91", "iVINES",
            "92", "sRANK", "93", "sARCH", "94", "bNDI", "97", "bGUID", "95", "aLDAP", "96", "i6o4",
            "100", "aPOSIX-TZ", "101", "aTZ-Name", "110", "bIPX", "112", "iNI", "113", "aNITAG", "114", "aURL",
            "115", "bFAIL", "161", "aMUD-URL"};
        java.util.Arrays.fill(TAG_FORMATS, '?');
        for (int i = 0; i < table.length; i += 2) {
            int tag = Integer.parseInt(table[i]);
            TAG_FORMATS[tag] = table[i + 1].charAt(0);
            TAG_NAMES[tag] = table[i + 1].substring(1);
        }
    }

    private BootpPrinter() {}

    static void print(PrintContext ctx, byte[] b, int p, int end, int length) {
        TextSink out = ctx.out;
        out.append("BOOTP/DHCP");
        if (p + 1 > end) {
            ctx.truncated("bootp");
            return;
        }
        int op = u8(b, p);
        if (op == 1) {
            out.append(", Request");
            if (p + CHADDR + 6 > end) {
                ctx.truncated("bootp");
                return;
            }
            if (u8(b, p + HTYPE) == 1 && u8(b, p + HLEN) == 6) {
                out.append(" from ");
                ctx.mac(b, p + CHADDR);
            }
        } else if (op == 2) {
            out.append(", Reply");
        } else {
            out.append(", op ").appendDecimal(op);
        }
        out.append(", length ").appendDecimal(length);
        if (ctx.options.verbose > 0) {
            verbose(ctx, b, p, end);
        }
    }

    private static void verbose(PrintContext ctx, byte[] b, int p, int end) {
        TextSink out = ctx.out;
        if (!need(ctx, p + SECS + 2, end)) {
            return;
        }
        int htype = u8(b, p + HTYPE);
        int hlen = u8(b, p + HLEN);
        if (htype != 1) {
            out.append(", htype ").appendDecimal(htype);
        }
        if (htype != 1 || hlen != 6) {
            out.append(", hlen ").appendDecimal(hlen);
        }
        if (u8(b, p + HOPS) != 0) {
            out.append(", hops ").appendDecimal(u8(b, p + HOPS));
        }
        long xid = u32(b, p + XID);
        if (xid != 0) {
            out.append(", xid 0x").appendHex(xid, 1);
        }
        int secs = u16(b, p + SECS);
        if (secs != 0) {
            out.append(", secs ").appendDecimal(secs);
        }
        if (!need(ctx, p + FLAGS + 2, end)) {
            return;
        }
        int flags = u16(b, p + FLAGS);
        out.append(", Flags [").append((flags & 0x8000) != 0 ? "Broadcast" : "none").append(']');
        if (ctx.options.verbose > 1) {
            out.append(" (0x").appendHex(flags, 4).append(')');
        }
        if (!address(ctx, b, p + CIADDR, end, "\n\t  Client-IP ")
                || !address(ctx, b, p + YIADDR, end, "\n\t  Your-IP ")
                || !address(ctx, b, p + SIADDR, end, "\n\t  Server-IP ")
                || !address(ctx, b, p + GIADDR, end, "\n\t  Gateway-IP ")) {
            return;
        }
        if (htype == 1 && hlen == 6) {
            if (!need(ctx, p + CHADDR + 6, end)) {
                return;
            }
            out.append("\n\t  Client-Ethernet-Address ");
            ctx.mac(b, p + CHADDR);
        }
        if (!text(ctx, b, p + SNAME, 64, end, "\n\t  sname \"") || !text(ctx, b, p + FILE, 128, end,
                "\n\t  file \"")) {
            return;
        }
        if (p + VENDOR + 4 > end) {
            ctx.truncated("bootp");
            return;
        }
        long magic = u32(b, p + VENDOR);
        if (magic == RFC1048_COOKIE) {
            rfc1048(ctx, b, p + VENDOR, end);
        } else if (magic != 0 && magic != 0x434d5500L) {
            out.append("\n\t  Vend-#0x").appendHex(magic, 1);
        }
    }

    private static boolean address(PrintContext ctx, byte[] b, int p, int end, String label) {
        if (!need(ctx, p + 4, end)) {
            return false;
        }
        if (u32(b, p) != 0) {
            ctx.out.append(label);
            AddressText.ipv4(b, p, ctx.out);
        }
        return true;
    }

    /** The sname or file field, when its first octet is set: {@code nd_printztn()} up to the NUL. */
    private static boolean text(PrintContext ctx, byte[] b, int p, int size, int end, String label) {
        if (!need(ctx, p + 1, end)) {
            return false;
        }
        if (b[p] == 0) {
            return true;
        }
        TextSink out = ctx.out;
        out.append(label);
        for (int i = 0; i < size; i++) {
            if (p + i >= end) {
                out.append('"');
                ctx.truncated("bootp");
                return false;
            }
            int c = u8(b, p + i);
            if (c == 0) {
                break;
            }
            TextProtocolPrinter.printableChar(c, out);
        }
        out.append('"');
        return true;
    }

    private static void rfc1048(PrintContext ctx, byte[] b, int bp, int end) {
        TextSink out = ctx.out;
        int verbose = ctx.options.verbose;
        out.append("\n\t  Vendor-rfc1048 Extensions\n\t    Magic Cookie 0x").appendHex(u32(b, bp), 8);
        bp += 4;
        while (bp < end) {
            int tag = u8(b, bp++);
            if ((tag == PAD || tag == END) && verbose < 3) {
                if (tag == END) {
                    return;
                }
                continue;
            }
            char format = TAG_FORMATS[tag];
            int len = 0;
            if (tag != PAD && tag != END) {
                if (bp >= end) {
                    ctx.truncatedJump("bootp");
                    return;
                }
                len = u8(b, bp++);
            }
            out.append("\n\t    ");
            tagName(tag, out);
            out.append(" (").appendDecimal(tag).append("), length ").appendDecimal(len).append(len > 0 ? ": " : "");
            if (tag == PAD) {
                int count = 1;
                while (bp < end && b[bp] == PAD) {
                    bp++;
                    count++;
                }
                if (count > 1) {
                    out.append(", occurs ").appendDecimal(count);
                }
            }
            if (bp + len > end) {
                ctx.truncated("bootp"); // ND_TCHECK_LEN: no longjmp
                return;
            }
            if (tag == DHCP_MESSAGE && len == 1) {
                int type = u8(b, bp++);
                if (type >= 1 && type < DHCP_MESSAGES.length) {
                    out.append(DHCP_MESSAGES[type]);
                } else {
                    out.append("Unknown (").appendDecimal(type).append(')');
                }
                continue;
            }
            if (tag == PARAMETER_REQUEST) {
                for (int i = 0; i < len; i++) {
                    int inner = u8(b, bp++);
                    out.append(i % 4 == 0 ? "\n\t      " : ", ");
                    tagName(inner, out);
                    out.append(" (").appendDecimal(inner).append(')');
                }
                continue;
            }
            if (format == '?') {
                format = (len & 1) != 0 ? 'b' : (len & 2) != 0 ? 's' : 'l';
            }
            int left = format == '$' ? special(ctx, b, bp, len, tag) : values(ctx, b, bp, len, format);
            bp += len;
            if (left > 0) {
                out.append("\n\t  trailing data length ").appendDecimal(left);
            }
        }
    }

    private static void tagName(int tag, TextSink out) {
        out.append(TAG_NAMES[tag] == null ? "Unknown" : TAG_NAMES[tag]);
    }

    /** The option value in one of the table's plain formats; returns the octets left over. */
    private static int values(PrintContext ctx, byte[] b, int bp, int len, char format) {
        TextSink out = ctx.out;
        boolean first = true;
        switch (format) {
            case 'a' -> {
                out.append('"');
                for (int i = 0; i < len; i++) {
                    TextProtocolPrinter.printableChar(u8(b, bp + i), out);
                }
                out.append('"');
                return 0;
            }
            case 'i', 'l', 'L' -> {
                for (; len >= 4; len -= 4, bp += 4, first = false) {
                    if (!first) {
                        out.append(',');
                    }
                    if (format == 'i') {
                        AddressText.ipv4(b, bp, out);
                    } else if (format == 'L') {
                        out.appendDecimal((int) u32(b, bp));
                    } else {
                        out.appendDecimal(u32(b, bp));
                    }
                }
                return len;
            }
            case 'p' -> {
                for (; len >= 8; len -= 8, bp += 8, first = false) {
                    if (!first) {
                        out.append(',');
                    }
                    out.append('(');
                    AddressText.ipv4(b, bp, out);
                    out.append(':');
                    AddressText.ipv4(b, bp + 4, out);
                    out.append(')');
                }
                return len;
            }
            case 's' -> {
                for (; len >= 2; len -= 2, bp += 2, first = false) {
                    if (!first) {
                        out.append(',');
                    }
                    out.appendDecimal(u16(b, bp));
                }
                return len;
            }
            case 'B' -> {
                for (; len > 0; len--, bp++, first = false) {
                    if (!first) {
                        out.append(',');
                    }
                    int v = u8(b, bp);
                    if (v == 0) {
                        out.append('N');
                    } else if (v == 1) {
                        out.append('Y');
                    } else {
                        out.appendDecimal(v).append('?');
                    }
                }
                return 0;
            }
            default -> {
                for (; len > 0; len--, bp++, first = false) {
                    if (!first) {
                        out.append(format == 'x' ? ':' : '.');
                    }
                    if (format == 'x') {
                        out.appendHex(u8(b, bp), 2);
                    } else {
                        out.appendDecimal(u8(b, bp));
                    }
                }
                return 0;
            }
        }
    }

    /** The '$' options tcpdump decodes one by one; returns the octets left over. */
    private static int special(PrintContext ctx, byte[] b, int bp, int len, int tag) {
        TextSink out = ctx.out;
        switch (tag) {
            case NETBIOS_NODE, OVERLOAD -> {
                if (len < 1) {
                    out.append("[ERROR: length < 1 bytes]");
                    return 0;
                }
                int v = u8(b, bp);
                String name = tag == NETBIOS_NODE ? switch (v) {
                    case 1 -> "b-node";
                    case 2 -> "p-node";
                    case 4 -> "m-node";
                    case 8 -> "h-node";
                    default -> null;
                } : switch (v) {
                    case 1 -> "file";
                    case 2 -> "sname";
                    case 3 -> "file+sname";
                    default -> null;
                };
                if (name == null) {
                    out.append('#').appendDecimal(v);
                } else {
                    out.append(name);
                }
                return len - 1;
            }
            case CLIENT_ID -> {
                if (len < 1) {
                    out.append("[ERROR: length < 1 bytes]");
                    return 0;
                }
                int type = u8(b, bp);
                if (type == 0) {
                    out.append('"');
                    for (int i = 1; i < len; i++) {
                        TextProtocolPrinter.printableChar(u8(b, bp + i), out);
                    }
                    out.append('"');
                    return 0;
                }
                String name = switch (type) {
                    case 0x1 -> "ether";
                    case 0x6 -> "ieee802";
                    case 0x7 -> "arcnet";
                    case 0xf -> "frelay";
                    case 0x17 -> "strip";
                    case 0x18 -> "ieee1394";
                    default -> null;
                };
                if (name == null) {
                    out.append("hardware-type ").appendDecimal(type).append(',');
                } else {
                    out.append(name);
                }
                out.append(' ');
                for (int i = 1; i < len; i++) {
                    if (i > 1) {
                        out.append(':');
                    }
                    out.appendHex(u8(b, bp + i), 2);
                }
                return 0;
            }
            case CLIENT_FQDN -> {
                if (len < 3) {
                    out.append("[ERROR: length < 3 bytes]");
                    return 0;
                }
                int flags = u8(b, bp);
                if (flags != 0) {
                    out.append('[');
                    if ((flags & 0x08) != 0) {
                        out.append('N');
                    }
                    if ((flags & 0x04) != 0) {
                        out.append('E');
                    }
                    if ((flags & 0x02) != 0) {
                        out.append('O');
                    }
                    if ((flags & 0x01) != 0) {
                        out.append('S');
                    }
                    out.append("] ");
                }
                if (b[bp + 1] != 0 || b[bp + 2] != 0) {
                    out.appendDecimal(u8(b, bp + 1)).append('/').appendDecimal(u8(b, bp + 2)).append(' ');
                }
                out.append('"');
                for (int i = 3; i < len; i++) {
                    TextProtocolPrinter.printableChar(u8(b, bp + i), out);
                }
                out.append('"');
                return 0;
            }
            case USER_CLASS -> {
                if (len < 2) {
                    out.append("[ERROR: length < 2 bytes]");
                    return 0;
                }
                int instance = 1;
                while (len > 0) {
                    int sub = u8(b, bp++);
                    len--;
                    out.append("\n\t      instance#").appendDecimal(instance).append(": ");
                    if (sub == 0) {
                        out.append("[ERROR: suboption length must be non-zero]");
                        return 0;
                    }
                    if (len < sub) {
                        out.append("[ERROR: invalid option]");
                        return 0;
                    }
                    out.append('"');
                    for (int i = 0; i < sub; i++) {
                        TextProtocolPrinter.printableChar(u8(b, bp + i), out);
                    }
                    out.append("\", length ").appendDecimal(sub);
                    instance++;
                    len -= sub;
                    bp += sub;
                }
                return 0;
            }
            case AGENT_INFORMATION -> {
                while (len >= 2) {
                    int sub = u8(b, bp);
                    int subLen = u8(b, bp + 1);
                    bp += 2;
                    len -= 2;
                    out.append("\n\t      ").append(switch (sub) {
                        case 1 -> "Circuit-ID";
                        case 2 -> "Remote-ID";
                        case 6 -> "Subscriber-ID";
                        default -> "Unknown";
                    }).append(" SubOption ").appendDecimal(sub).append(", length ").appendDecimal(subLen);
                    if (subLen > len) {
                        out.append(": length goes past end of option");
                        return 0;
                    }
                    out.append(": ");
                    if (sub == 1 || sub == 2 || sub == 6) {
                        for (int i = 0; i < subLen; i++) {
                            TextProtocolPrinter.printableChar(u8(b, bp + i), out);
                        }
                    } else {
                        HexDump.print(b, bp, subLen, false, "\n\t\t", out);
                    }
                    len -= subLen;
                    bp += subLen;
                }
                return len;
            }
            case CLASSLESS_ROUTE, CLASSLESS_ROUTE_MS -> {
                if (len < 5) {
                    out.append("[ERROR: length < 5 bytes]");
                    return 0;
                }
                boolean first = true;
                while (len > 0) {
                    if (!first) {
                        out.append(',');
                    }
                    int width = u8(b, bp++);
                    len--;
                    if (width > 32) {
                        out.append("[ERROR: Mask width (").appendDecimal(width).append(") > 32]");
                        return 0;
                    }
                    int octets = (width + 7) / 8;
                    if (len < octets + 4) {
                        out.append("[ERROR: Remaining length (").appendDecimal(len).append(") < ")
                                .appendDecimal(octets + 4).append(" bytes]");
                        return 0;
                    }
                    out.append('(');
                    if (width == 0) {
                        out.append("default");
                    } else {
                        for (int i = 0; i < octets; i++) {
                            if (i > 0) {
                                out.append('.');
                            }
                            out.appendDecimal(u8(b, bp++));
                        }
                        for (int i = octets; i < 4; i++) {
                            out.append(".0");
                        }
                        out.append('/').appendDecimal(width);
                    }
                    out.append(':');
                    AddressText.ipv4(b, bp, out);
                    out.append(')');
                    bp += 4;
                    len -= octets + 4;
                    first = false;
                }
                return 0;
            }
            default -> {
                out.append("[unknown special tag ").appendDecimal(tag).append(", size ").appendDecimal(len)
                        .append(']');
                return 0;
            }
        }
    }

    private static boolean need(PrintContext ctx, int upTo, int end) {
        if (upTo > end) {
            ctx.truncatedJump("bootp");
            return false;
        }
        return true;
    }
}
