package net.trafficmirror.packet.print;

import static net.trafficmirror.packet.print.NetworkOrder.u16;
import static net.trafficmirror.packet.print.NetworkOrder.u24;
import static net.trafficmirror.packet.print.NetworkOrder.u8;

/**
 * IEEE 802.2 LLC under an 802.3 length field, as {@code print-llc.c:llc_print()} and {@code snap_print()} of
 * tcpdump 4.99.3: STP and IP SAPs and SNAP with an Ethernet OUI go to their printers; any other frame prints its
 * SAP names and the control field (Information, Supervisory or Unnumbered), and tcpdump's caller then dumps the
 * frame in hex ({@link #print} returns the negated header length for that).
 *
 * <pre>
 * | DSAP (1) | SSAP (1) | control (1: U frames, 2 little-endian: I and S frames) | [SNAP: OUI (3) | type (2)]
 * </pre>
 */
final class LlcPrinter {
    private static final int SAP_IP = 0x06, SAP_STP = 0x42, SAP_SNAP = 0xaa;
    private static final int UI = 0x03, U_POLL = 0x10, IS_POLL = 0x0100, XID = 0xaf, XID_FORMAT = 0x81;

    private final PrintContext ctx;

    LlcPrinter(PrintContext ctx) {
        this.ctx = ctx;
    }

    /**
     * Prints the LLC frame at {@code p} ({@code length} octets by the 802.3 header, captured to {@code end}) sent
     * from the MAC address at {@code src} to the one at {@code dst}. Returns the LLC (and SNAP) header length, negated
     * when the payload was not decoded and the caller should dump it.
     */
    int print(byte[] b, int p, int end, int length, int src, int dst) {
        TextSink out = ctx.out;
        int caplen = end - p;
        if (caplen < 3 || length < 3) {
            return cut(b, p, end, Math.min(caplen, length));
        }
        int dsapField = u8(b, p);
        int ssapField = u8(b, p + 1);
        int control = u8(b, p + 2);
        boolean unnumbered = (control & 3) == 3;
        int hdrlen = 3;
        if (!unnumbered) {
            if (caplen < 4 || length < 4) {
                return cut(b, p, end, Math.min(caplen, length));
            }
            control = u8(b, p + 2) | u8(b, p + 3) << 8;
            hdrlen = 4;
        }
        int dsap = dsapField & ~1;
        int ssap = ssapField & ~1;
        boolean e = ctx.options.linkHeader;
        if (e) {
            out.append("LLC, dsap ");
            sapName(dsap, null, out);
            out.append(" (0x").appendHex(dsap, 2).append(") ").append((dsapField & 1) == 0 ? "Individual" : "Group")
                    .append(", ssap ");
            sapName(ssap, null, out);
            out.append(" (0x").appendHex(ssap, 2).append(") ").append((ssapField & 1) == 0 ? "Command" : "Response")
                    .append(", ctrl 0x").appendHex(control, unnumbered ? 2 : 4).append(": ");
        }
        int payload = p + hdrlen;
        int payloadLength = length - hdrlen;
        if (ssap == dsap && control == UI) {
            switch (ssap) {
                case SAP_SNAP -> {
                    return snap(b, payload, end, payloadLength, src, dst, hdrlen);
                }
                case SAP_STP -> {
                    StpPrinter.print(ctx, b, payload, end, payloadLength);
                    return hdrlen;
                }
                case SAP_IP -> {
                    ctx.ip.print(b, payload, end, payloadLength);
                    return hdrlen;
                }
                default -> { }
            }
        }
        if (!e) {
            ctx.mac(b, src);
            if (ssap == dsap) {
                out.append(" > ");
                ctx.mac(b, dst);
                out.append(' ');
                sapName(dsap, "Unknown DSAP", out);
            } else {
                out.append(' ');
                sapName(ssap, "Unknown SSAP", out);
                out.append(" > ");
                ctx.mac(b, dst);
                out.append(' ');
                sapName(dsap, "Unknown DSAP", out);
            }
            out.append(' ');
        }
        if (unnumbered) {
            out.append("Unnumbered, ");
            command(control & ~U_POLL, out);
            out.append(", Flags [");
            pollFinal((ssapField & 1) | (control & U_POLL), out);
            out.append("], length ").appendDecimal(length);
            if ((control & ~U_POLL) == XID) {
                if (payloadLength == 0) {
                    return hdrlen;
                }
                if (end - payload < 1) {
                    ctx.truncated("llc");
                    return hdrlen;
                }
                if (u8(b, payload) == XID_FORMAT) {
                    if (end - payload < 3 || payloadLength < 3) {
                        ctx.truncated("llc");
                        HexDump.print(b, payload, end - payload, true, out);
                    } else {
                        out.append(": ").appendHex(u8(b, payload + 1), 2).append(' ')
                                .appendHex(u8(b, payload + 2), 2);
                    }
                    return hdrlen;
                }
            }
        } else if ((control & 1) == 1) {
            out.append("Supervisory, ");
            switch ((control >> 2) & 3) {
                case 0 -> out.append("Receiver Ready");
                case 1 -> out.append("Receiver not Ready");
                case 2 -> out.append("Reject");
                default -> out.append('?');
            }
            out.append(", rcv seq ").appendDecimal((control >> 9) & 0x7f).append(", Flags [");
            pollFinal((ssapField & 1) | (control & IS_POLL), out);
            out.append("], length ").appendDecimal(length);
            return hdrlen;
        } else {
            out.append("Information, send seq ").appendDecimal((control >> 1) & 0x7f).append(", rcv seq ")
                    .appendDecimal((control >> 9) & 0x7f).append(", Flags [");
            pollFinal((ssapField & 1) | (control & IS_POLL), out);
            out.append("], length ").appendDecimal(length);
        }
        return -hdrlen;
    }

    /**
     * Too short for the LLC header: " [|llc]" and the captured bytes in hex (tcpdump calls its default printer
     * here directly, so even -x and -q do not suppress it).
     */
    private int cut(byte[] b, int p, int end, int n) {
        ctx.truncated("llc");
        HexDump.print(b, p, end - p, true, ctx.out);
        return n;
    }

    /**
     * {@code snap_print()}: with an Ethernet OUI the payload goes to the ethertype printers; otherwise the SNAP
     * header is printed (with -e it already was) and the frame is left to the caller's hex dump.
     */
    private int snap(byte[] b, int p, int end, int length, int src, int dst, int hdrlen) {
        TextSink out = ctx.out;
        if (p + 5 > end) {
            ctx.truncatedJump("snap");
            return hdrlen;
        }
        int oui = u24(b, p);
        int type = u16(b, p + 3);
        if (ctx.options.linkHeader) {
            out.append("oui ").append(OuiNames.name(oui)).append(" (0x").appendHex(oui, 6).append("), ")
                    .append(oui == 0 ? "ethertype " : "pid ");
            snapTypeName(oui, type, out);
            out.append(" (0x").appendHex(type, 4).append("), length ").appendDecimal(length - 5).append(": ");
        }
        if ((oui == 0 || oui == 0xf8) && ctx.etherType(type, b, p + 5, end, length - 5)) {
            return hdrlen + 5;
        }
        if (!ctx.options.linkHeader) {
            ctx.mac(b, src);
            out.append(" > ");
            ctx.mac(b, dst);
            out.append(' ');
            if (oui == 0) {
                out.append("SNAP, ethertype ");
            } else {
                out.append("SNAP, oui ").append(OuiNames.name(oui)).append(" (0x").appendHex(oui, 6)
                        .append("), pid ");
            }
            snapTypeName(oui, type, out);
            out.append(" (0x").appendHex(type, 4).append("), length ").appendDecimal(length - 5).append(": ");
        }
        return -(hdrlen + 5);
    }

    /** The SNAP protocol id's name: an ethertype for the Ethernet-type OUIs, else unknown here. */
    private static void snapTypeName(int oui, int type, TextSink out) {
        String name = oui == 0 || oui == 0xf8 || oui == 0x080007 ? EtherPrinter.name(type) : null;
        out.append(name == null ? "Unknown" : name);
    }

    /** {@code llc_values[]}, else "{@code unknown} 0x%02x", or just "Unknown" when {@code unknown} is null (-e). */
    private static void sapName(int sap, String unknown, TextSink out) {
        String name = switch (sap) {
            case 0x00 -> "Null";
            case 0xff -> "Global";
            case 0x02 -> "802.1B I";
            case 0x03 -> "802.1B G";
            case 0x06 -> "IP";
            case 0x04 -> "SNA";
            case 0x0e -> "ProWay NM";
            case 0x42 -> "STP";
            case 0x4e -> "RS511";
            case 0x7e -> "ISO8208";
            case 0x8e -> "ProWay";
            case 0xaa -> "SNAP";
            case 0xe0 -> "IPX";
            case 0xf0 -> "NetBeui";
            case 0xfe -> "OSI";
            default -> null;
        };
        if (name != null) {
            out.append(name);
        } else if (unknown == null) {
            out.append("Unknown");
        } else {
            out.append(unknown).append(" 0x").appendHex(sap, 2);
        }
    }

    /** {@code llc_cmd_values[]}, else the command in hex. */
    private static void command(int cmd, TextSink out) {
        switch (cmd) {
            case 0x03 -> out.append("ui");
            case 0xe3 -> out.append("test");
            case 0xaf -> out.append("xid");
            case 0x63 -> out.append("ua");
            case 0x43 -> out.append("disc");
            case 0x0f -> out.append("dm");
            case 0x6f -> out.append("sabme");
            case 0x87 -> out.append("frmr");
            default -> out.appendHex(cmd, 2);
        }
    }

    /** {@code llc_flag_values[]}: the SSAP's command/response bit with the poll/final bit. */
    private static void pollFinal(int v, TextSink out) {
        switch (v) {
            case 0 -> out.append("Command");
            case 1 -> out.append("Response");
            case U_POLL, IS_POLL -> out.append("Poll");
            case U_POLL | 1, IS_POLL | 1 -> out.append("Final");
            default -> out.append('?');
        }
    }
}
