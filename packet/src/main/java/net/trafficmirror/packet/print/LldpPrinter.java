package net.trafficmirror.packet.print;

import static net.trafficmirror.packet.print.NetworkOrder.u16;
import static net.trafficmirror.packet.print.NetworkOrder.u24;
import static net.trafficmirror.packet.print.NetworkOrder.u32;
import static net.trafficmirror.packet.print.NetworkOrder.u8;

/**
 * LLDP (IEEE 802.1AB), as {@code print-lldp.c:lldp_print()} of tcpdump 4.99.3: "LLDP, length N" (plus the system
 * name, which tcpdump shows at every verbosity), and with -v one line per TLV: chassis and port id, TTL, descriptions,
 * capabilities, management address; with -vv, or for a TLV it does not decode, the TLV's value in hex. The
 * organisation-specific TLVs print their OUI and are dumped in hex (tcpdump's 802.1/802.3/TIA/DCBX decoders are
 * not reproduced).
 *
 * <pre>
 * | type (7 bits) | length (9 bits) | value ... |   repeated, ended by type 0
 * </pre>
 */
final class LldpPrinter {
    private static final String INDENT = "\n\t  ";
    /** {@code lldp_cap_values[]}, bit 0 first. */
    private static final String[] CAPABILITIES = {"Other", "Repeater", "Bridge", "WLAN AP", "Router", "Telephone",
        "Docsis", "Station Only"};

    private LldpPrinter() {}

    static void print(PrintContext ctx, byte[] b, int p, int end, int length) {
        TextSink out = ctx.out;
        int verbose = ctx.options.verbose;
        out.append("LLDP, length ").appendDecimal(length);
        int tlen = length;
        while (tlen >= 2) {
            if (p + 2 > end) {
                ctx.truncated("lldp");
                return;
            }
            int tlv = u16(b, p);
            int type = tlv >>> 9;
            int len = tlv & 0x1ff;
            tlen -= 2;
            p += 2;
            if (verbose > 0) {
                out.append("\n\t").append(tlvName(type)).append(" TLV (").appendDecimal(type).append("), length ")
                        .appendDecimal(len);
            }
            if (type == 0 || len == 0) {
                return;
            }
            if (p + len > end) {
                ctx.truncated("lldp");
                return;
            }
            if (tlen < len) {
                ctx.truncated("lldp");
                return;
            }
            boolean hexdump = false;
            switch (type) {
                case 1, 2 -> {
                    if (verbose > 0) {
                        if (len < 2) {
                            ctx.truncated("lldp");
                            return;
                        }
                        int subtype = u8(b, p);
                        out.append(INDENT).append("Subtype ")
                                .append(type == 1 ? chassisSubtype(subtype) : portSubtype(subtype)).append(" (")
                                .appendDecimal(subtype).append("): ");
                        // the two subtype lists number the same kinds differently
                        int kind = type == 1 ? subtype : switch (subtype) {
                            case 1 -> 2;
                            case 2 -> 3;
                            case 3 -> 4;
                            case 4 -> 5;
                            case 5 -> 6;
                            case 6 -> 1;
                            default -> subtype;
                        };
                        switch (kind) {
                            case 4 -> {
                                if (len < 7) {
                                    ctx.truncated("lldp");
                                    return;
                                }
                                ctx.mac(b, p + 1);
                            }
                            case 1, 2, 3, 6, 7 -> printzp(b, p + 1, len - 1, out);
                            case 5 -> {
                                if (!networkAddress(ctx, b, p + 1, len - 1)) {
                                    ctx.truncated("lldp");
                                    return;
                                }
                            }
                            default -> hexdump = true;
                        }
                    }
                }
                case 3 -> {
                    if (verbose > 0) {
                        if (len < 2) {
                            ctx.truncated("lldp");
                            return;
                        }
                        out.append(": TTL ").appendDecimal(u16(b, p)).append('s');
                    }
                }
                case 4 -> {
                    if (verbose > 0) {
                        out.append(": ");
                        printzp(b, p, len, out);
                    }
                }
                case 5 -> {
                    out.append(": ");
                    printzp(b, p, len, out);
                }
                case 6 -> {
                    if (verbose > 0) {
                        out.append(INDENT);
                        printzp(b, p, len, out);
                    }
                }
                case 7 -> {
                    if (verbose > 0) {
                        if (len < 4) {
                            ctx.truncated("lldp");
                            return;
                        }
                        int cap = u16(b, p);
                        int enabled = u16(b, p + 2);
                        out.append(INDENT).append("System  Capabilities [");
                        capabilities(cap, out);
                        out.append("] (0x").appendHex(cap, 4).append(')');
                        out.append(INDENT).append("Enabled Capabilities [");
                        capabilities(enabled, out);
                        out.append("] (0x").appendHex(enabled, 4).append(')');
                    }
                }
                case 8 -> {
                    if (verbose > 0 && !managementAddress(ctx, b, p, len)) {
                        ctx.truncated("lldp");
                        return;
                    }
                }
                case 127 -> {
                    if (verbose > 0) {
                        if (len < 3) {
                            ctx.truncated("lldp");
                            return;
                        }
                        int oui = u24(b, p);
                        out.append(": OUI ").append(OuiNames.name(oui)).append(" (0x").appendHex(oui, 6).append(')');
                        hexdump = true;
                    }
                }
                default -> hexdump = true;
            }
            if (verbose > 1 || (verbose > 0 && hexdump)) {
                HexDump.print(b, p, len, false, INDENT, out);
            }
            tlen -= len;
            p += len;
        }
    }

    private static String tlvName(int type) {
        return switch (type) {
            case 0 -> "End";
            case 1 -> "Chassis ID";
            case 2 -> "Port ID";
            case 3 -> "Time to Live";
            case 4 -> "Port Description";
            case 5 -> "System Name";
            case 6 -> "System Description";
            case 7 -> "System Capabilities";
            case 8 -> "Management Address";
            case 127 -> "Organization specific";
            default -> "Unknown";
        };
    }

    private static String chassisSubtype(int subtype) {
        return switch (subtype) {
            case 1 -> "Chassis component";
            case 2 -> "Interface alias";
            case 3 -> "Port component";
            case 4 -> "MAC address";
            case 5 -> "Network address";
            case 6 -> "Interface name";
            case 7 -> "Local";
            default -> "Unknown";
        };
    }

    private static String portSubtype(int subtype) {
        return switch (subtype) {
            case 1 -> "Interface alias";
            case 2 -> "Port component";
            case 3 -> "MAC address";
            case 4 -> "Network Address";
            case 5 -> "Interface Name";
            case 6 -> "Agent circuit ID";
            case 7 -> "Local";
            default -> "Unknown";
        };
    }

    /** {@code bittok2str(lldp_cap_values, "none", cap)}. */
    private static void capabilities(int cap, TextSink out) {
        int start = out.length();
        for (int bit = 0; bit < CAPABILITIES.length; bit++) {
            if ((cap & (1 << bit)) != 0) {
                if (out.length() != start) {
                    out.append(", ");
                }
                out.append(CAPABILITIES[bit]);
            }
        }
        if (out.length() == start) {
            out.append("none");
        }
    }

    /** {@code lldp_network_addr_print()}: "AFI NAME (N): ADDRESS"; false when too short. */
    private static boolean networkAddress(PrintContext ctx, byte[] b, int p, int len) {
        TextSink out = ctx.out;
        if (len < 1) {
            return false;
        }
        int af = u8(b, p);
        int need = af == 1 ? 4 : af == 2 ? 16 : af == 6 ? 6 : 0;
        if (len - 1 < need) {
            return false;
        }
        out.append("AFI ").append(switch (af) {
            case 1 -> "IPv4";
            case 2 -> "IPv6";
            case 6 -> "802";
            default -> "Unknown";
        }).append(" (").appendDecimal(af).append(')');
        switch (af) {
            case 1 -> AddressText.ipv4(b, p + 1, out.append(": "));
            case 2 -> AddressText.ipv6(b, p + 1, out.append(": "));
            case 6 -> {
                out.append(": ");
                ctx.mac(b, p + 1);
            }
            default -> out.append(", no AF printer !");
        }
        return true;
    }

    /** {@code lldp_mgmt_addr_tlv_print()}; false when a length does not fit. */
    private static boolean managementAddress(PrintContext ctx, byte[] b, int p, int len) {
        TextSink out = ctx.out;
        if (len < 1) {
            return false;
        }
        int addrLen = u8(b, p);
        p++;
        len--;
        if (len < addrLen) {
            return false;
        }
        int mark = out.length();
        out.append("\n\t  Management Address length ").appendDecimal(addrLen).append(", ");
        if (!networkAddress(ctx, b, p, addrLen)) {
            out.truncate(mark);
            return false;
        }
        p += addrLen;
        len -= addrLen;
        if (len < 5) {
            return false;
        }
        int numbering = u8(b, p);
        out.append("\n\t  ").append(switch (numbering) {
            case 1 -> "Unknown";
            case 2 -> "Interface Index";
            case 3 -> "System Port Number";
            default -> "Unknown";
        }).append(" Interface Numbering (").appendDecimal(numbering).append("): ").appendDecimal(u32(b, p + 1));
        p += 5;
        len -= 5;
        if (len > 0) {
            int oidLen = u8(b, p);
            if (len < 1 + oidLen) {
                return false;
            }
            if (oidLen > 0) {
                out.append("\n\t  OID length ").appendDecimal(oidLen);
                printzp(b, p + 1, oidLen, out);
            }
        }
        return true;
    }

    /** {@code nd_printzp()}: up to {@code n} characters, stopping at a NUL, escaped as fn_print_char(). */
    private static void printzp(byte[] b, int p, int n, TextSink out) {
        for (int i = 0; i < n; i++) {
            int c = u8(b, p + i);
            if (c == 0) {
                return;
            }
            TextProtocolPrinter.printableChar(c, out);
        }
    }
}
