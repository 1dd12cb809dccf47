package net.trafficmirror.packet.print;

import static net.trafficmirror.packet.print.NetworkOrder.u16;
import static net.trafficmirror.packet.print.NetworkOrder.u8;

/**
 * ARP and RARP, as {@code print-arp.c:arp_print()} of tcpdump 4.99.3 (RFC 826, RFC 903, RFC 2390).
 * {@code length N} is everything after the link header, padding included.
 *
 * <pre>
 * +-------------------------------+-------------------------------+
 * |      hardware type (2)        |       protocol type (2)       |
 * +---------------+---------------+-------------------------------+
 * |  hw len (1)   | proto len (1) |          opcode (2)           |
 * +---------------+---------------+-------------------------------+
 * | sender hw addr | sender proto addr | target hw addr | target proto addr |
 * +-------------------------------+-------------------------------+
 * </pre>
 */
final class ArpPrinter {
    static final int HARDWARE = 0, PROTOCOL = 2, HW_LEN = 4, PROTO_LEN = 5, OPCODE = 6, ADDRESSES = 8;

    private final PrintContext ctx;

    ArpPrinter(PrintContext ctx) {
        this.ctx = ctx;
    }

    void print(byte[] b, int p, int end, int length) {
        TextSink out = ctx.out;
        if (p + ADDRESSES > end) {
            ctx.truncatedJump("arp");
            return;
        }
        int hrd = u16(b, p + HARDWARE);
        int pro = u16(b, p + PROTOCOL);
        int hln = u8(b, p + HW_LEN);
        int pln = u8(b, p + PROTO_LEN);
        int op = u16(b, p + OPCODE);
        int sha = p + ADDRESSES;
        int spa = sha + hln;
        int tha = spa + pln;
        int tpa = tha + hln;
        if (tpa + pln > end) {
            ctx.truncatedJump("arp");
            return;
        }
        if (!ctx.options.linkHeader) {
            out.append("ARP, ");
        }
        boolean verbose = ctx.options.verbose > 0;
        if ((pro != 0x0800 && pro != 0x1000) || pln != 4 || hln != 6 || verbose) {
            String hw = switch (hrd) {
                case 1 -> "Ethernet";
                case 6 -> "TokenRing";
                case 15 -> "FrameRelay";
                case 19 -> "ATM";
                case 24 -> "IEEE1394";
                case 32 -> "InfiniBand";
                default -> null;
            };
            if (hw == null) {
                out.append("Unknown Hardware (").appendDecimal(hrd).append(')');
            } else {
                out.append(hw);
            }
            out.append(" (len ").appendDecimal(hln).append("), ");
            String proto = EtherPrinter.name(pro);
            if (proto == null) {
                out.append("Unknown Protocol (0x").appendHex(pro, 4).append(')');
            } else {
                out.append(proto);
            }
            out.append(" (len ").appendDecimal(pln).append(')');
            if (!verbose) {
                out.append(", length ").appendDecimal(length);
                return;
            }
        }
        if (verbose) {
            out.append(", ");
        }
        String opName = switch (op) {
            case 1 -> "Request";
            case 2 -> "Reply";
            case 3 -> "Reverse Request";
            case 4 -> "Reverse Reply";
            case 8 -> "Inverse Request";
            case 9 -> "Inverse Reply";
            case 10 -> "NACK Reply";
            default -> null;
        };
        if (opName == null) {
            out.append("Unknown (").appendDecimal(op).append(')');
        } else {
            out.append(opName);
        }
        out.append(' ');
        switch (op) {
            case 1 -> {
                out.append("who-has ");
                protocolAddress(b, tpa, pro, pln, out);
                if (nonZero(b, tha, hln)) {
                    out.append(" (");
                    linkAddress(b, tha, hln);
                    out.append(')');
                }
                out.append(" tell ");
                protocolAddress(b, spa, pro, pln, out);
            }
            case 2 -> {
                protocolAddress(b, spa, pro, pln, out);
                out.append(" is-at ");
                linkAddress(b, sha, hln);
            }
            case 3, 8 -> {
                out.append("who-is ");
                linkAddress(b, tha, hln);
                out.append(" tell ");
                linkAddress(b, sha, hln);
            }
            case 4 -> {
                linkAddress(b, tha, hln);
                out.append(" at ");
                protocolAddress(b, tpa, pro, pln, out);
            }
            case 9 -> {
                linkAddress(b, sha, hln);
                out.append(" at ");
                protocolAddress(b, spa, pro, pln, out);
            }
            default -> {
                if (ctx.defaultPrint()) {
                    HexDump.print(b, p, end - p, true, out);
                }
                return;
            }
        }
        out.append(", length ").appendDecimal(length);
    }

    private static boolean nonZero(byte[] b, int p, int n) {
        for (int i = 0; i < n; i++) {
            if (b[p + i] != 0) {
                return true;
            }
        }
        return false;
    }

    private static void protocolAddress(byte[] b, int p, int pro, int pln, TextSink out) {
        if (pro != 0x0800 && pro != 0x1000) {
            out.append("<wrong proto type>");
        } else if (pln != 4) {
            out.append("<wrong len>");
        } else {
            AddressText.ipv4(b, p, out);
        }
    }

    /** {@code linkaddr_string()}: a MAC for 6 bytes, else colon-separated hex bytes. */
    private void linkAddress(byte[] b, int p, int n) {
        TextSink out = ctx.out;
        if (n == 6) {
            ctx.mac(b, p);
            return;
        }
        if (n == 0) {
            out.append("<empty>");
            return;
        }
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                out.append(':');
            }
            out.appendHex(u8(b, p + i), 2);
        }
    }
}
