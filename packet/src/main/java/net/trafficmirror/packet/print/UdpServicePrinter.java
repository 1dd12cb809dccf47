package net.trafficmirror.packet.print;

import static net.trafficmirror.packet.print.NetworkOrder.u8;

/**
 * Two common UDP services as tcpdump 4.99.3 prints them: syslog ({@code print-syslog.c}, RFC 3164) and the BOOTP/DHCP
 * one-liner ({@code print-bootp.c}, RFC 2131; its -v decode is not reproduced). NTP is {@link NtpPrinter}.
 */
final class UdpServicePrinter {
    private static final String[] FACILITIES = {"kernel", "user", "mail", "daemon", "auth", "syslog", "lpr", "news",
        "uucp", "cron", "authpriv", "ftp", "ntp", "security", "console", "cron", "local0", "local1", "local2",
        "local3", "local4", "local5", "local6", "local7"};
    private static final String[] SEVERITIES = {"emergency", "alert", "critical", "error", "warning", "notice",
        "info", "debug"};

    private UdpServicePrinter() {}

    static void syslog(PrintContext ctx, byte[] b, int p, int end, int length) {
        TextSink out = ctx.out;
        int off = 0;
        if (p >= end) {
            ctx.truncated("syslog");
            return;
        }
        if (b[p] != '<') {
            ctx.truncated("syslog");
            return;
        }
        off++;
        int pri = 0;
        while (off <= 3 && p + off < end && b[p + off] >= '0' && b[p + off] <= '9') {
            pri = pri * 10 + (b[p + off] - '0');
            off++;
        }
        if (p + off >= end || b[p + off] != '>') {
            ctx.truncated("syslog");
            return;
        }
        off++;
        int facility = (pri & 0x3f8) >> 3;
        int severity = pri & 7;
        if (ctx.options.verbose == 0) {
            out.append("SYSLOG ");
            facility(facility, out);
            out.append('.').append(SEVERITIES[severity]).append(", length: ").appendDecimal(length);
            return;
        }
        out.append("SYSLOG, length: ").appendDecimal(length).append("\n\tFacility ");
        facility(facility, out);
        out.append(" (").appendDecimal(facility).append("), Severity ").append(SEVERITIES[severity]).append(" (")
                .appendDecimal(severity).append(")\n\tMsg: ");
        for (; off < length; off++) {
            if (p + off >= end) {
                ctx.truncated("syslog");
                return;
            }
            TextProtocolPrinter.printableChar(u8(b, p + off), out);
        }
        if (ctx.options.verbose > 1) {
            HexDump.print(b, p, Math.min(length, end - p), false, out);
        }
    }

    private static void facility(int facility, TextSink out) {
        if (facility < FACILITIES.length) {
            out.append(FACILITIES[facility]);
        } else {
            out.append("unknown (").appendDecimal(facility).append(')');
        }
    }

    static void bootp(PrintContext ctx, byte[] b, int p, int end, int length) {
        TextSink out = ctx.out;
        out.append("BOOTP/DHCP");
        if (p + 1 > end) {
            ctx.truncated("bootp");
            return;
        }
        int op = u8(b, p);
        if (op == 1) {
            out.append(", Request");
            if (p + 34 > end) {
                ctx.truncated("bootp");
                return;
            }
            if (u8(b, p + 1) == 1 && u8(b, p + 2) == 6) {
                out.append(" from ");
                ctx.mac(b, p + 28);
            }
        } else if (op == 2) {
            out.append(", Reply");
        } else {
            out.append(", op ").appendDecimal(op);
        }
        out.append(", length ").appendDecimal(length);
    }
}
