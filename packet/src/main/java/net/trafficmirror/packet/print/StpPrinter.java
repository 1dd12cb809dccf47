package net.trafficmirror.packet.print;

import static net.trafficmirror.packet.print.NetworkOrder.u16;
import static net.trafficmirror.packet.print.NetworkOrder.u32;
import static net.trafficmirror.packet.print.NetworkOrder.u8;

/**
 * Spanning tree BPDUs (IEEE 802.1D/802.1w/802.1s), as {@code print-stp.c:stp_print()} of tcpdump 4.99.3: the
 * protocol and BPDU type, the flags and bridge id, and with -v the timers and the root. The MSTP/SPB parts beyond
 * the CIST flags are not decoded.
 *
 * <pre>
 * protocol id (2) | version (1) | type (1) | flags (1) | root id (8) | root path cost (4) | bridge id (8) |
 * port id (2) | message age (2) | max age (2) | hello time (2) | forward delay (2) | [v1 length (1)]
 * </pre>
 */
final class StpPrinter {
    private static final int VERSION = 2, TYPE = 3, FLAGS = 4, ROOT_ID = 5, ROOT_PATH_COST = 13, BRIDGE_ID = 17,
            PORT_ID = 25, MESSAGE_AGE = 27, MAX_AGE = 29, HELLO_TIME = 31, FORWARD_DELAY = 33, V1_LENGTH = 35;
    private static final int CONFIG_LENGTH = 35, RSTP_LENGTH = 36, MSTP_MIN_LENGTH = 102, V3_LENGTH = 36;

    private StpPrinter() {}

    static void print(PrintContext ctx, byte[] b, int p, int end, int length) {
        TextSink out = ctx.out;
        if (length < 4) {
            ctx.invalid();
            return;
        }
        if (!need(ctx, p + 2, end)) {
            return;
        }
        if (u16(b, p) != 0) {
            out.append("unknown STP version, length ").appendDecimal(length);
            return;
        }
        if (!need(ctx, p + VERSION + 1, end)) {
            return;
        }
        int version = u8(b, p + VERSION);
        out.append("STP ");
        switch (version) {
            case 0 -> out.append("802.1d");
            case 2 -> out.append("802.1w");
            case 3 -> out.append("802.1s");
            case 4 -> out.append("802.1aq");
            default -> {
                out.append("Unknown STP protocol (0x").appendHex(version, 2).append(')');
                return;
            }
        }
        if (!need(ctx, p + TYPE + 1, end)) {
            return;
        }
        int type = u8(b, p + TYPE);
        switch (type) {
            case 0x00 -> out.append(", Config");
            case 0x02 -> out.append(", Rapid STP");
            case 0x80 -> out.append(", Topology Change");
            default -> out.append(", Unknown BPDU Type (0x").appendHex(type, 2).append(')');
        }
        if (type == 0x00) {
            if (length < CONFIG_LENGTH) {
                ctx.invalid();
                return;
            }
            config(ctx, b, p, end, length, version);
        } else if (type == 0x02) {
            if (version == 2) {
                if (length < RSTP_LENGTH) {
                    ctx.invalid();
                    return;
                }
                config(ctx, b, p, end, length, version);
            } else if (version == 3 || version == 4) {
                if (length < MSTP_MIN_LENGTH || !need(ctx, p + V3_LENGTH + 2, end)) {
                    if (length < MSTP_MIN_LENGTH) {
                        ctx.invalid();
                    }
                    return;
                }
                if (u8(b, p + V1_LENGTH) != 0 || length < RSTP_LENGTH + u16(b, p + V3_LENGTH) + 2) {
                    ctx.invalid();
                    return;
                }
                out.append(", CIST Flags [");
                flags(u8(b, p + FLAGS), out);
                out.append("], length ").appendDecimal(length);
            }
        }
    }

    private static void config(PrintContext ctx, byte[] b, int p, int end, int length, int version) {
        TextSink out = ctx.out;
        if (!need(ctx, p + FLAGS + 1, end)) {
            return;
        }
        int flags = u8(b, p + FLAGS);
        out.append(", Flags [");
        flags(flags, out);
        out.append(']');
        if (!need(ctx, p + PORT_ID + 2, end)) {
            return;
        }
        out.append(", bridge-id ");
        bridgeId(b, p + BRIDGE_ID, out);
        out.append('.').appendHex(u16(b, p + PORT_ID), 4).append(", length ").appendDecimal(length);
        if (ctx.options.verbose == 0) {
            return;
        }
        if (!need(ctx, p + FORWARD_DELAY + 2, end)) {
            return;
        }
        out.append("\n\tmessage-age ");
        seconds(u16(b, p + MESSAGE_AGE), out);
        out.append(", max-age ");
        seconds(u16(b, p + MAX_AGE), out);
        out.append(", hello-time ");
        seconds(u16(b, p + HELLO_TIME), out);
        out.append(", forwarding-delay ");
        seconds(u16(b, p + FORWARD_DELAY), out);
        out.append("\n\troot-id ");
        bridgeId(b, p + ROOT_ID, out);
        out.append(", root-pathcost ").appendDecimal(u32(b, p + ROOT_PATH_COST));
        if (version == 2) {
            out.append(", port-role ");
            switch ((flags & 0x0c) >> 2) {
                case 1 -> out.append("Alternate");
                case 2 -> out.append("Root");
                case 3 -> out.append("Designated");
                default -> out.append("Unknown");
            }
        }
    }

    /** {@code bittok2str(stp_bpdu_flag_values, "none", flags)}. */
    private static void flags(int flags, TextSink out) {
        int start = out.length();
        flag(flags, 0x01, "Topology change", start, out);
        flag(flags, 0x02, "Proposal", start, out);
        flag(flags, 0x10, "Learn", start, out);
        flag(flags, 0x20, "Forward", start, out);
        flag(flags, 0x40, "Agreement", start, out);
        flag(flags, 0x80, "Topology change ACK", start, out);
        if (out.length() == start) {
            out.append("none");
        }
    }

    private static void flag(int flags, int bit, String name, int start, TextSink out) {
        if ((flags & bit) != 0) {
            if (out.length() != start) {
                out.append(", ");
            }
            out.append(name);
        }
    }

    /** "pppp.aa:bb:cc:dd:ee:ff": priority and MAC address. */
    private static void bridgeId(byte[] b, int p, TextSink out) {
        out.appendHex(u8(b, p), 2).appendHex(u8(b, p + 1), 2).append('.');
        for (int i = 2; i < 8; i++) {
            if (i > 2) {
                out.append(':');
            }
            out.appendHex(u8(b, p + i), 2);
        }
    }

    /**
     * A timer in 1/256 s as C's {@code "%.2fs"}: v/256 is exact in binary, so the hundredths round to nearest with
     * ties to even, as glibc's printf does.
     */
    private static void seconds(int v, TextSink out) {
        long scaled = v * 25L; // v/256 s = v*25/64 hundredths
        long hundredths = scaled >> 6;
        long rest = scaled & 63;
        if (rest > 32 || (rest == 32 && (hundredths & 1) == 1)) {
            hundredths++;
        }
        out.appendDecimal(hundredths / 100).append('.').appendDecimal(hundredths % 100, 2).append('s');
    }

    private static boolean need(PrintContext ctx, int upTo, int end) {
        if (upTo > end) {
            ctx.truncatedJump("stp");
            return false;
        }
        return true;
    }
}
