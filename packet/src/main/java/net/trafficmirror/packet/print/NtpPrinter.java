package net.trafficmirror.packet.print;

import static net.trafficmirror.packet.print.NetworkOrder.u16;
import static net.trafficmirror.packet.print.NetworkOrder.u32;
import static net.trafficmirror.packet.print.NetworkOrder.u8;

/**
 * NTP (RFC 5905), as {@code print-ntp.c:ntp_print()} and {@code ntp.c:p_ntp_time()} of tcpdump 4.99.3: version,
 * mode and length; with -v the leap indicator, stratum, poll and precision, root delay and dispersion, reference id,
 * the four timestamps (with their UTC date) and the originator deltas, or a control message's header.
 *
 * <pre>
 * |LI | VN  |Mode |    Stratum    |     Poll      |   Precision   |
 * | root delay (16.16) | root dispersion (16.16) | reference id | reference, originate, receive, transmit (32.32 each)
 * </pre>
 */
final class NtpPrinter {
    private static final String[] MODES = {"unspecified", "symmetric active", "symmetric passive", "Client",
        "Server", "Broadcast", "Control Message", "Reserved"};
    private static final int TIME_MESSAGE = 48, CONTROL_MESSAGE = 12;
    private static final int ROOT_DELAY = 4, ROOT_DISPERSION = 8, REFID = 12, REFERENCE = 16, ORIGINATE = 24,
            RECEIVE = 32, TRANSMIT = 40, KEY_ID = 48, DIGEST = 52;
    /** Seconds from the NTP era start (1900) to the Unix epoch. */
    private static final long JAN_1970 = 2208988800L;

    private NtpPrinter() {}

    static void print(PrintContext ctx, byte[] b, int p, int end, int length) {
        TextSink out = ctx.out;
        if (p >= end) {
            ctx.truncatedJump("ntp");
            return;
        }
        int status = u8(b, p);
        int mode = status & 7;
        out.append("NTPv").appendDecimal((status >> 3) & 7).append(", ").append(MODES[mode]).append(", length ")
                .appendDecimal(length);
        if (ctx.options.verbose == 0) {
            return;
        }
        int leap = status & 0xc0;
        out.append("\n\tLeap indicator: ").append(switch (leap) {
            case 0x00 -> "";
            case 0x40 -> "+1s";
            case 0x80 -> "-1s";
            default -> "clock unsynchronized";
        }).append(" (").appendDecimal(leap).append(')');
        if (mode == 6) {
            control(ctx, b, p, end, length);
        } else if (mode != 7) {
            time(ctx, b, p, end, length);
        }
    }

    private static void time(PrintContext ctx, byte[] b, int p, int end, int length) {
        TextSink out = ctx.out;
        if (length < TIME_MESSAGE) {
            invalid(ctx, p, end, length);
            return;
        }
        if (!need(ctx, p + 4, end, true)) {
            return;
        }
        int stratum = u8(b, p + 1);
        out.append(", Stratum ").appendDecimal(stratum).append(" (").append(switch (stratum) {
            case 0 -> "unspecified";
            case 1 -> "primary reference";
            default -> stratum <= 15 ? "secondary reference" : "reserved";
        }).append(')');
        int poll = b[p + 2];
        out.append(", poll ").appendDecimal(poll);
        if (poll > -32 && poll < 32) {
            if (poll >= 0) {
                out.append(" (").appendDecimal(1L << poll).append("s)");
            } else {
                out.append(" (1/").appendDecimal(1L << -poll).append("s)");
            }
        }
        out.append(", precision ").appendDecimal(b[p + 3]);
        if (!need(ctx, p + ROOT_DELAY + 4, end, false)) {
            return;
        }
        out.append("\n\tRoot Delay: ");
        shortFixed(b, p + ROOT_DELAY, out);
        if (!need(ctx, p + ROOT_DISPERSION + 4, end, false)) {
            return;
        }
        out.append(", Root dispersion: ");
        shortFixed(b, p + ROOT_DISPERSION, out);
        if (!need(ctx, p + REFID + 4, end, false)) {
            return;
        }
        out.append(", Reference-ID: ");
        switch (stratum) {
            case 0 -> out.append("(unspec)");
            case 1 -> {
                for (int i = 0; i < 4; i++) {
                    TextProtocolPrinter.printableChar(u8(b, p + REFID + i), out);
                }
            }
            case 62, 63 -> {
                AddressText.ipv4(b, p + REFID, out);
                out.append(stratum == 62 ? " INFO_QUERY" : " INFO_REPLY");
                return;
            }
            default -> out.append("0x").appendHex(u32(b, p + REFID), 8);
        }
        if (!timestamp(ctx, b, p + REFERENCE, end, "\n\t  Reference Timestamp:  ")
                || !timestamp(ctx, b, p + ORIGINATE, end, "\n\t  Originator Timestamp: ")
                || !timestamp(ctx, b, p + RECEIVE, end, "\n\t  Receive Timestamp:    ")
                || !timestamp(ctx, b, p + TRANSMIT, end, "\n\t  Transmit Timestamp:   ")) {
            return;
        }
        out.append("\n\t    Originator - Receive Timestamp:  ");
        delta(b, p + ORIGINATE, p + RECEIVE, out);
        out.append("\n\t    Originator - Transmit Timestamp: ");
        delta(b, p + ORIGINATE, p + TRANSMIT, out);
        if (length == TIME_MESSAGE + 4 || length == TIME_MESSAGE + 20 || length == TIME_MESSAGE + 24) {
            if (!need(ctx, p + KEY_ID + 4, end, true)) {
                return;
            }
            out.append("\n\tKey id: ").appendDecimal(u32(b, p + KEY_ID));
            int digest = length - TIME_MESSAGE - 4;
            if (digest > 0) {
                if (!need(ctx, p + DIGEST + digest, end, false)) {
                    return;
                }
                out.append("\n\tAuthentication: ");
                for (int i = 0; i < digest; i += 4) {
                    out.appendHex(u32(b, p + DIGEST + i), 8);
                }
            }
        } else if (length > TIME_MESSAGE) {
            out.append("\n\t(").appendDecimal(length - TIME_MESSAGE).append(" more bytes after the header)");
        }
    }

    private static void control(PrintContext ctx, byte[] b, int p, int end, int length) {
        TextSink out = ctx.out;
        if (length < CONTROL_MESSAGE) {
            invalid(ctx, p, end, length);
            return;
        }
        if (!need(ctx, p + CONTROL_MESSAGE, end, true)) {
            return;
        }
        int control = u8(b, p + 1);
        out.append(", ").append((control & 0x80) != 0 ? "Response" : "Request").append(", ")
                .append((control & 0x40) != 0 ? "Error" : "OK").append(", ")
                .append((control & 0x20) != 0 ? "More" : "Last").append(", OpCode=").appendDecimal(control & 0x1f)
                .append("\n\tSequence=").appendDecimal(u16(b, p + 2));
        int status = u16(b, p + 4);
        out.append(", Status=");
        if (status == 0) {
            out.append('0'); // C's %#hx prints a zero without the 0x
        } else {
            out.append("0x").appendHex(status, 1);
        }
        int count = u16(b, p + 10);
        out.append(", Assoc.=").appendDecimal(u16(b, p + 6)).append(", Offset=").appendDecimal(u16(b, p + 8))
                .append(", Count=").appendDecimal(count);
        if (CONTROL_MESSAGE + count > length) {
            invalid(ctx, p, end, length);
            return;
        }
        if (count != 0 && need(ctx, p + CONTROL_MESSAGE + count, end, false)) {
            out.append("\n\tTO-BE-DONE: data not interpreted");
        }
    }

    private static void invalid(PrintContext ctx, int p, int end, int length) {
        ctx.invalid();
        need(ctx, p + length, end, true);
    }

    /** A bounds check: tcpdump's GET macros longjmp ({@code jump}), its ND_TCHECKs print the marker and return. */
    private static boolean need(PrintContext ctx, int upTo, int end, boolean jump) {
        if (upTo <= end) {
            return true;
        }
        if (jump) {
            ctx.truncatedJump("ntp");
        } else {
            ctx.truncated("ntp");
        }
        return false;
    }

    /** {@code p_sfix()}: a 16.16 fixed-point value as "%d.%06d" (the fraction truncated to millionths). */
    private static void shortFixed(byte[] b, int p, TextSink out) {
        int fraction = (int) (u16(b, p + 2) / 65536.0 * 1000000.0);
        out.appendDecimal(u16(b, p)).append('.').appendDecimal(fraction, 6);
    }

    private static boolean timestamp(PrintContext ctx, byte[] b, int p, int end, String label) {
        if (!need(ctx, p + 8, end, false)) {
            return false;
        }
        ctx.out.append(label);
        time(u32(b, p), u32(b, p + 4), ctx.out);
        return true;
    }

    /** {@code p_ntp_time()}: "SECONDS.NANOSECONDS" and, unless zero, " (YYYY-MM-DDTHH:MM:SSZ)". */
    private static void time(long seconds, long fraction, TextSink out) {
        out.appendDecimal(seconds).append('.').appendDecimal(billionths(fraction), 9);
        if (seconds != 0) {
            out.append(" (");
            utc(seconds - JAN_1970, out);
            out.append(')');
        }
    }

    /** The 32-bit binary fraction in parts per billion, truncated as tcpdump's double arithmetic does. */
    private static long billionths(long fraction) {
        return (long) (fraction / 4294967296.0 * 1000000000.0);
    }

    /** {@code p_ntp_delta()}: the signed difference of two timestamps, or the second one if the first is zero. */
    private static void delta(byte[] b, int older, int newer, TextSink out) {
        long u = u32(b, newer);
        long uf = u32(b, newer + 4);
        long ou = u32(b, older);
        long ouf = u32(b, older + 4);
        if (ou == 0 && ouf == 0) {
            time(u, uf, out);
            return;
        }
        boolean negative;
        long i;
        long f;
        if (u > ou) {
            negative = false;
            i = u - ou;
            f = (uf - ouf) & 0xffffffffL;
            if (ouf > uf) {
                i -= 1;
            }
        } else if (u < ou) {
            negative = true;
            i = ou - u;
            f = (ouf - uf) & 0xffffffffL;
            if (uf > ouf) {
                i -= 1;
            }
        } else {
            i = 0;
            negative = uf <= ouf;
            f = negative ? ouf - uf : uf - ouf;
        }
        out.append(negative ? '-' : '+').appendDecimal(i).append('.').appendDecimal(billionths(f), 9);
    }

    /** Unix seconds (possibly negative) as ISO 8601 UTC, like strftime("%Y-%m-%dT%H:%M:%SZ", gmtime()). */
    private static void utc(long unix, TextSink out) {
        long secs = Math.floorMod(unix, 86400);
        TimestampPrinter.date(Math.floorDiv(unix, 86400), out);
        out.append('T').appendDecimal(secs / 3600, 2).append(':').appendDecimal(secs / 60 % 60, 2).append(':')
                .appendDecimal(secs % 60, 2).append('Z');
    }
}
