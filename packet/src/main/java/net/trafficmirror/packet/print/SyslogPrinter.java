package net.trafficmirror.packet.print;

import static net.trafficmirror.packet.print.NetworkOrder.u8;

/**
 * Syslog over UDP ({@code print-syslog.c} of tcpdump 4.99.3, RFC 3164). NTP and BOOTP have their own printers
 * ({@link NtpPrinter}, {@link BootpPrinter}).
 */
final class SyslogPrinter {
    private static final String[] FACILITIES = {"kernel", "user", "mail", "daemon", "auth", "syslog", "lpr", "news",
        "uucp", "cron", "authpriv", "ftp", "ntp", "security", "console", "cron", "local0", "local1", "local2",
        "local3", "local4", "local5", "local6", "local7"};
    private static final String[] SEVERITIES = {"emergency", "alert", "critical", "error", "warning", "notice",
        "info", "debug"};

    private SyslogPrinter() {}

    static void print(PrintContext ctx, byte[] b, int p, int end, int length) {
        TextSink out = ctx.out;
        int off = 0;
        if (p >= end) {
            ctx.truncatedJump("syslog");
            return;
        }
        if (b[p] != '<') {
            ctx.truncatedJump("syslog");
            return;
        }
        off++;
        int pri = 0;
        while (off <= 3 && p + off < end && b[p + off] >= '0' && b[p + off] <= '9') {
            pri = pri * 10 + (b[p + off] - '0');
            off++;
        }
        if (p + off >= end || b[p + off] != '>') {
            ctx.truncatedJump("syslog");
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
                ctx.truncatedJump("syslog");
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
}
