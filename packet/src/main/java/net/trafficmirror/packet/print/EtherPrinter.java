package net.trafficmirror.packet.print;

import static net.trafficmirror.packet.print.NetworkOrder.u16;

/**
 * Ethernet II with 802.1Q, 802.1ad and 0x9100/0x9200 tags, as {@code print-ether.c:ether_common_print()} of tcpdump
 * 4.99.3; 802.3 frames go to {@link LlcPrinter}. Without -e the link layer is silent; with -e it prints
 * {@code SRC > DST, ethertype NAME (0xTYPE), length N: } and, per tag,
 * {@code vlan VID, p PCP[, DEI], ethertype NAME (0xTYPE), }.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                  destination MAC (6 bytes)                    |
 * +                               +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                               |                               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+      source MAC (6 bytes)     +
 * |                                                               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |      type / length            |  [tag TCI, inner type]...     |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
final class EtherPrinter {
    static final int DST = 0, SRC = 6, TYPE = 12, HEADER = 14;
    static final int TAG_TCI = 0, TAG_TYPE = 2, TAG = 4;
    private static final int MACSEC = 0x88e5;

    private final PrintContext ctx;

    EtherPrinter(PrintContext ctx) {
        this.ctx = ctx;
    }

    /** Prints one frame; returns the link header length (for the -x dump), as ether_print() does. */
    int print(byte[] b, int p, int end, int length) {
        TextSink out = ctx.out;
        boolean e = ctx.options.linkHeader;
        int caplen = end - p;
        if (length < caplen) {
            out.append("[length ").appendDecimal(length).append(" < caplen ").appendDecimal(caplen).append(']');
            ctx.invalid();
            return length;
        }
        if (caplen < HEADER) {
            ctx.truncated("ether");
            return caplen;
        }
        if (length < HEADER) {
            ctx.truncated("ether");
            return length;
        }
        int frame = p;
        int origLength = length;
        if (e) {
            addresses(b, frame);
        }
        int type = u16(b, p + TYPE);
        p += HEADER;
        length -= HEADER;
        int header = HEADER;
        if (type <= 1500) {
            return header + llc(b, p, end, type, length, frame, false);
        }
        if (e && isTag(type) && (end - p < TAG || length < TAG)) {
            ctx.truncated("vlan"); // tcpdump checks the tag before it prints the outer type
            return header + Math.min(end - p, length);
        }
        if (e) {
            typeName(type, out);
            out.append(", length ").appendDecimal(origLength).append(": ");
        }
        if (type == MACSEC) {
            // print-macsec.c:macsec_print() and its caller: the SecTAG, then an encrypted payload in hex, or the
            // protected frame's own type field without the ICV
            int caplen2 = end - p;
            if (caplen2 < MacsecPrinter.SECTAG_NO_SCI || length < MacsecPrinter.SECTAG_NO_SCI) {
                ctx.truncated("macsec");
                return header + caplen2;
            }
            int tci = b[p] & 0xff;
            int sectag = (tci & MacsecPrinter.TCI_SC) != 0 ? MacsecPrinter.SECTAG_SCI : MacsecPrinter.SECTAG_NO_SCI;
            if (caplen2 < sectag || length < sectag) {
                ctx.truncated("macsec");
                return header + caplen2;
            }
            int shortLength = b[p + 1] & 0xff;
            if ((shortLength & ~MacsecPrinter.SL_MASK) != 0 || (tci & MacsecPrinter.TCI_VERSION) != 0) {
                ctx.invalid();
                return header + caplen2;
            }
            if (e) {
                MacsecPrinter.header(b, p, shortLength, out);
            }
            int tagStart = p;
            p += sectag;
            length -= sectag;
            if ((tci & MacsecPrinter.TCI_CONFIDENTIAL) != 0) {
                if (!e) {
                    ctx.mac(b, frame + SRC);
                    out.append(" > ");
                    ctx.mac(b, frame + DST);
                    out.append(" 802.1AE MACsec, ");
                    MacsecPrinter.header(b, tagStart, shortLength, out);
                }
                if (ctx.defaultPrint()) {
                    HexDump.print(b, p, end - p, true, out);
                }
                return header + sectag;
            }
            if (length < MacsecPrinter.ICV || end - p < MacsecPrinter.ICV) {
                ctx.truncated("macsec");
                return header + caplen2;
            }
            length -= MacsecPrinter.ICV;
            end -= MacsecPrinter.ICV;
            if (shortLength != 0) {
                if (shortLength > length || shortLength > end - p) {
                    ctx.truncated("macsec");
                    return header + caplen2;
                }
                length = shortLength; // tcpdump bounds the length, not the captured end
            }
            header += sectag;
            if (end - p < 2) {
                ctx.invalid();
                return header;
            }
            type = u16(b, p);
            p += 2;
            length -= 2;
            header += 2;
            if (e && type > 1500) {
                typeName(type, out);
                out.append(", ");
            }
        }
        if (type <= 1500) {
            return header + llc(b, p, end, type, length, frame, true);
        }
        while (type == 0x8100 || type == 0x88a8 || type == 0x9100 || type == 0x9200) {
            if (end - p < TAG) {
                ctx.truncated("vlan");
                return header + (end - p);
            }
            if (length < TAG) {
                ctx.truncated("vlan");
                return header + length;
            }
            if (e) {
                int tci = u16(b, p + TAG_TCI);
                out.append("vlan ").appendDecimal(tci & 0x0fff).append(", p ").appendDecimal(tci >>> 13);
                if ((tci & 0x1000) != 0) {
                    out.append(", DEI");
                }
                out.append(", ");
            }
            type = u16(b, p + TAG_TYPE);
            p += TAG;
            length -= TAG;
            header += TAG;
            if (e && type > 1500) {
                typeName(type, out);
                out.append(", ");
            }
            if (type <= 1500) {
                return header + llc(b, p, end, type, length, frame, true);
            }
        }
        if (!ctx.etherType(type, b, p, end, length)) {
            if (!e) {
                addresses(b, frame);
                typeName(type, out);
                out.append(", length ").appendDecimal(origLength).append(": ");
            }
            if (ctx.defaultPrint()) {
                HexDump.print(b, p, end - p, true, out);
            }
        }
        return header;
    }

    /**
     * An 802.3 frame: the type field is the payload length, which bounds what the LLC printer sees; an LLC frame
     * it does not decode is dumped in hex. Returns the LLC header length.
     */
    private int llc(byte[] b, int p, int end, int type, int length, int frame, boolean printedLength) {
        length = Math.min(type, length);
        if (ctx.options.linkHeader) {
            ctx.out.append("802.3");
            if (!printedLength) {
                ctx.out.append(", length ").appendDecimal(length).append(": ");
            }
        }
        end = Math.min(end, p + length);
        int llcHeader = ctx.llc.print(b, p, end, length, frame + SRC, frame + DST);
        if (llcHeader < 0) {
            if (ctx.defaultPrint()) {
                HexDump.print(b, p, end - p, true, ctx.out);
            }
            return -llcHeader;
        }
        return llcHeader;
    }

    private static boolean isTag(int type) {
        return type == 0x8100 || type == 0x88a8 || type == 0x9100 || type == 0x9200;
    }

    private void addresses(byte[] b, int frame) {
        ctx.mac(b, frame + SRC);
        ctx.out.append(" > ");
        ctx.mac(b, frame + DST);
        ctx.out.append(", ");
    }

    private void typeName(int type, TextSink out) {
        if (ctx.options.quiet) {
            String name = name(type);
            if (name == null) {
                out.append("Unknown Ethertype (0x").appendHex(type, 4).append(')');
            } else {
                out.append(name);
            }
            return;
        }
        String name = name(type);
        out.append("ethertype ").append(name == null ? "Unknown" : name).append(" (0x").appendHex(type, 4).append(')');
    }

    /** {@code print-ether.c:ethertype_values[]} of tcpdump 4.99.3, or null. */
    static String name(int type) {
        return switch (type) {
            case 0x0800 -> "IPv4";
            case 0x8847 -> "MPLS unicast";
            case 0x8848 -> "MPLS multicast";
            case 0x86dd -> "IPv6";
            case 0x8100 -> "802.1Q";
            case 0x9100 -> "802.1Q-9100";
            case 0x88a8 -> "802.1Q-QinQ";
            case 0x9200 -> "802.1Q-9200";
            case 0x88e5 -> "802.1AE MACsec";
            case 0x0200 -> "PUP";
            case 0x0806 -> "ARP";
            case 0x8035 -> "Reverse ARP";
            case 0x0600 -> "NS";
            case 0x0500 -> "Sprite";
            case 0x1000 -> "Trail";
            case 0x6001 -> "MOP DL";
            case 0x6002 -> "MOP RC";
            case 0x6003 -> "DN";
            case 0x6004 -> "LAT";
            case 0x6007 -> "SCA";
            case 0x6558 -> "TEB";
            case 0x8038 -> "Lanbridge";
            case 0x803c -> "DEC DNS";
            case 0x803e -> "DEC DTS";
            case 0x805b -> "VEXP";
            case 0x805c -> "VPROD";
            case 0x809b -> "Appletalk";
            case 0x80f3 -> "Appletalk ARP";
            case 0x8137 -> "IPX";
            case 0x880b -> "PPP";
            case 0x8808 -> "MPCP";
            case 0x8809 -> "Slow Protocols";
            case 0x8863 -> "PPPoE D";
            case 0x8864 -> "PPPoE S";
            case 0x888e -> "EAPOL";
            case 0x8899 -> "Realtek protocols";
            case 0x886f -> "MS NLB heartbeat";
            case 0x8870 -> "Jumbo";
            case 0x894f -> "NSH";
            case 0x9000 -> "Loopback";
            case 0xfefe -> "OSI";
            case 0x00fe -> "GRE-OSI";
            case 0xabcd -> "CFM (old)";
            case 0x8902 -> "CFM";
            case 0x893a -> "IEEE1905.1";
            case 0x88cc -> "LLDP";
            case 0x88ca -> "TIPC";
            case 0x0707 -> "GeoNet (old)";
            case 0x8947 -> "GeoNet";
            case 0x1111 -> "CALM FAST";
            case 0x88a2 -> "AoE";
            case 0x88f7 -> "PTP";
            case 0xd28b -> "Arista Vendor Specific Protocol";
            default -> null;
        };
    }
}
