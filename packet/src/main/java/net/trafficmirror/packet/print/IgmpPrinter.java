package net.trafficmirror.packet.print;

import static net.trafficmirror.packet.print.NetworkOrder.u16;
import static net.trafficmirror.packet.print.NetworkOrder.u8;

/**
 * IGMP, as {@code print-igmp.c:igmp_print()} of tcpdump 4.99.3 (RFC 1112, RFC 2236, RFC 3376): queries, v1/v2/v3
 * reports and leaves, with -v a bad checksum note.
 *
 * <pre>
 * +---------------+---------------+-------------------------------+
 * |     Type      | Max Resp Code |           Checksum            |
 * +---------------+---------------+-------------------------------+
 * |                         Group Address                         |
 * +---------------------------------------------------------------+
 * </pre>
 */
final class IgmpPrinter {
    static final int TYPE = 0, MAX_RESP = 1, CHECKSUM = 2, GROUP = 4;

    private IgmpPrinter() {}

    static void print(PrintContext ctx, byte[] b, int p, int end, int len) {
        TextSink out = ctx.out;
        if (ctx.options.quiet) {
            out.append("igmp");
            return;
        }
        if (p + 1 > end) {
            ctx.truncated("igmp");
            return;
        }
        int type = u8(b, p);
        switch (type) {
            case 0x11 -> {
                out.append("igmp query");
                if (len >= 12) {
                    if (!v3Query(ctx, b, p, end, len)) {
                        return;
                    }
                } else {
                    if (p + 8 > end) {
                        ctx.truncated("igmp");
                        return;
                    }
                    int mrc = u8(b, p + MAX_RESP);
                    out.append(mrc == 0 ? " v1" : " v2");
                    if (mrc != 0 && mrc != 100) {
                        out.append(" [max resp time ").appendDecimal(mrc).append(']');
                    }
                    if (NetworkOrder.u32(b, p + GROUP) != 0) {
                        out.append(" [gaddr ");
                        AddressText.ipv4(b, p + GROUP, out);
                        out.append(']');
                    }
                    if (len != 8) {
                        out.append(" [len ").appendDecimal(len).append(']');
                    }
                }
            }
            case 0x12, 0x16, 0x17 -> {
                if (p + 8 > end) {
                    ctx.truncated("igmp");
                    return;
                }
                out.append(type == 0x12 ? "igmp v1 report " : type == 0x16 ? "igmp v2 report " : "igmp leave ");
                AddressText.ipv4(b, p + GROUP, out);
                if (type == 0x12 && len != 8) {
                    out.append(" [len ").appendDecimal(len).append(']');
                }
            }
            case 0x22 -> {
                out.append("igmp v3 report");
                if (len < 8) {
                    out.append(" [invalid len ").appendDecimal(len).append(']');
                } else {
                    if (p + 8 > end) {
                        ctx.truncated("igmp");
                        return;
                    }
                    int ngroups = u16(b, p + 6);
                    out.append(", ").appendDecimal(ngroups).append(" group record(s)");
                    if (ctx.options.verbose > 0 && !v3Groups(ctx, b, p, end, len, ngroups)) {
                        return;
                    }
                }
            }
            default -> out.append("igmp-").appendDecimal(type);
        }
        if (ctx.options.verbose > 0 && len >= 4 && p + len <= end
                && InternetChecksum.finish(InternetChecksum.add(b, p, len, 0)) != 0) {
            out.append(" bad igmp cksum ").appendHex(u16(b, p + CHECKSUM), 1).append('!');
        }
    }

    /** {@code igmpv3_report_print()} with -v: each group record. False after a truncation marker. */
    private static boolean v3Groups(PrintContext ctx, byte[] b, int p, int end, int len, int ngroups) {
        TextSink out = ctx.out;
        int group = 8;
        for (int i = 0; i < ngroups; i++) {
            if (len < group + 8) {
                out.append(" [invalid number of groups]");
                return true;
            }
            if (p + group + 8 > end) {
                ctx.truncated("igmp");
                return false;
            }
            out.append(" [gaddr ");
            AddressText.ipv4(b, p + group + 4, out);
            int type = u8(b, p + group);
            switch (type) {
                case 1 -> out.append(" is_in");
                case 2 -> out.append(" is_ex");
                case 3 -> out.append(" to_in");
                case 4 -> out.append(" to_ex");
                case 5 -> out.append(" allow");
                case 6 -> out.append(" block");
                default -> out.append("  [v3-report-#").appendDecimal(type).append(']');
            }
            int nsrcs = u16(b, p + group + 2);
            if (len < group + 8 + (nsrcs << 2)) {
                out.append(" [invalid number of sources ").appendDecimal(nsrcs).append(']');
                return true;
            }
            if (ctx.options.verbose == 1) {
                out.append(", ").appendDecimal(nsrcs).append(" source(s)");
            } else {
                out.append(" {");
                for (int j = 0; j < nsrcs; j++) {
                    if (p + group + 12 + 4 * j > end) {
                        ctx.truncated("igmp");
                        return false;
                    }
                    out.append(' ');
                    AddressText.ipv4(b, p + group + 8 + 4 * j, out);
                }
                out.append(" }");
            }
            group += 8 + (nsrcs << 2);
            out.append(']');
        }
        return true;
    }

    private static boolean v3Query(PrintContext ctx, byte[] b, int p, int end, int len) {
        TextSink out = ctx.out;
        if (p + 12 > end) {
            ctx.truncated("igmp");
            return false;
        }
        out.append(" v3");
        int mrc = u8(b, p + MAX_RESP);
        long mrt = mrc < 128 ? mrc : (long) ((mrc & 0x0f) | 0x10) << (((mrc & 0x70) >> 4) + 3);
        if (mrc != 100) {
            out.append(" [max resp time ");
            if (mrt < 600) {
                out.appendDecimal(mrt / 10).append('.').appendDecimal(mrt % 10).append('s');
            } else {
                long secs = mrt / 10;
                DnsPrinter.relativeTime(secs, out);
            }
            out.append(']');
        }
        if (NetworkOrder.u32(b, p + GROUP) == 0) {
            return true;
        }
        out.append(" [gaddr ");
        AddressText.ipv4(b, p + GROUP, out);
        int nsrcs = u16(b, p + 10);
        if (nsrcs > 0) {
            if (len < 12 + (nsrcs << 2)) {
                out.append(" [invalid number of sources]");
            } else if (ctx.options.verbose > 1) {
                out.append(" {");
                for (int i = 0; i < nsrcs; i++) {
                    if (p + 16 + 4 * i > end) {
                        ctx.truncated("igmp");
                        return false;
                    }
                    out.append(' ');
                    AddressText.ipv4(b, p + 12 + 4 * i, out);
                }
                out.append(" }");
            } else {
                out.append(", ").appendDecimal(nsrcs).append(" source(s)");
            }
        }
        out.append(']');
        return true;
    }
}
