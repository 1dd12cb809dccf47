package net.trafficmirror.packet.print;

import net.trafficmirror.packet.LinkType;

/**
 * Prints packets exactly as Debian 12's tcpdump 4.99.3 does ({@code print.c:pretty_print_packet()}): optional packet
 * number, timestamp, the link-layer printer and everything it dispatches to, the optional hex dump, and one newline.
 *
 * <p>One instance prints one capture: it keeps tcpdump's per-run state (TCP relative-sequence table, previous and
 * first timestamp, packet counter). It allocates nothing per packet once its buffers have grown. Not thread-safe.
 */
public final class TcpdumpPrinter {
    /** tcpdump's MAXIMUM_SNAPLEN: larger record lengths are reported as an invalid header. */
    static final int MAXIMUM_SNAPLEN = 262144;

    private final PrintOptions options;
    private final PrintContext ctx;
    private final TimestampPrinter timestamps;
    private long packetNumber;

    public TcpdumpPrinter(PrintOptions options) {
        this.options = options;
        this.ctx = new PrintContext(options);
        this.timestamps = new TimestampPrinter(options);
    }

    /**
     * Appends one packet's complete text (number, timestamp, all lines, hex dump, final '\n'). Never throws on any
     * bytes.
     */
    public void print(long epochSecond, int nanos, byte[] frame, int off, int caplen, int wirelen, int linkType,
            TextSink out) {
        packetNumber++;
        ctx.out = out;
        ctx.stopped = false;
        ctx.jumped = false;
        if (options.packetNumbers) {
            for (long limit = 10000; limit > 1 && packetNumber < limit; limit /= 10) {
                out.append(' '); // "%5u"
            }
            out.appendDecimal(packetNumber).append("  ");
        }
        if (invalidHeader(caplen, wirelen, out)) {
            return;
        }
        caplen = Math.max(0, Math.min(caplen, frame.length - off));
        timestamps.print(epochSecond, nanos, out);
        int end = off + caplen;
        int header;
        try {
            header = link(frame, off, end, wirelen, linkType, out);
        } catch (IndexOutOfBoundsException e) {
            // Last resort only: every printer checks its bounds, so this means a printer bug. tcpdump would have
            // stopped at the captured end too; the packet still gets its marker and newline.
            out.append(" [|").append("ip").append(']');
            header = 0;
        }
        if (ctx.jumped) {
            header = 0;
        }
        switch (options.hex) {
            case 1 -> { if (caplen > header) HexDump.print(frame, off + header, caplen - header, false, out); }
            case 2 -> HexDump.print(frame, off, caplen, false, out);
            case 3 -> { if (caplen > header) HexDump.print(frame, off + header, caplen - header, true, out); }
            case 4 -> HexDump.print(frame, off, caplen, true, out);
            default -> { }
        }
        out.append('\n');
    }

    private int link(byte[] frame, int off, int end, int wirelen, int linkType, TextSink out) {
        return switch (linkType) {
            case LinkType.ETHERNET -> ctx.ether.print(frame, off, end, wirelen);
            case LinkType.LINUX_SLL -> LinuxCookedPrinter.sll(ctx, frame, off, end, wirelen);
            case LinkType.LINUX_SLL2 -> LinuxCookedPrinter.sll2(ctx, frame, off, end, wirelen);
            case LinkType.RAW, LinkType.IPV4, LinkType.IPV6, 12, 14 -> RawIpPrinter.print(ctx, frame, off, end, wirelen);
            case LinkType.NULL -> NullPrinter.print(ctx, frame, off, end, wirelen);
            default -> {
                out.append("[unsupported link type ").appendDecimal(linkType).append(']');
                yield 0;
            }
        };
    }

    /** The record header checks of pretty_print_packet(): such a record is reported, not decoded. */
    private static boolean invalidHeader(int caplen, int wirelen, TextSink out) {
        int start = out.length();
        if (caplen == 0) {
            out.append("[Invalid header: caplen==0");
        }
        if (wirelen == 0) {
            out.append(out.length() == start ? "[Invalid header:" : ",").append(" len==0");
        } else if (wirelen < caplen) {
            out.append(out.length() == start ? "[Invalid header:" : ",").append(" len(").appendDecimal(wirelen)
                    .append(") < caplen(").appendDecimal(caplen).append(')');
        }
        if (caplen > MAXIMUM_SNAPLEN) {
            out.append(out.length() == start ? "[Invalid header:" : ",").append(" caplen(").appendDecimal(caplen)
                    .append(") > ").appendDecimal(MAXIMUM_SNAPLEN);
        }
        if ((wirelen & 0xffffffffL) > MAXIMUM_SNAPLEN) {
            out.append(out.length() == start ? "[Invalid header:" : ",").append(" len(")
                    .appendDecimal(wirelen & 0xffffffffL).append(") > ").appendDecimal(MAXIMUM_SNAPLEN);
        }
        if (out.length() == start) {
            return false;
        }
        out.append("]\n");
        return true;
    }

}
