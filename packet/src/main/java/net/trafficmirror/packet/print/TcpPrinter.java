package net.trafficmirror.packet.print;

import static net.trafficmirror.packet.print.NetworkOrder.u16;
import static net.trafficmirror.packet.print.NetworkOrder.u32;
import static net.trafficmirror.packet.print.NetworkOrder.u8;

/**
 * TCP, as {@code print-tcp.c:tcp_print()} of tcpdump 4.99.3 (RFC 9293): flags, relative sequence numbers, options,
 * checksum with -v, and the port-based payload printers (HTTP, DNS, SMTP, FTP, WHOIS, RTSP, SSH banner).
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |          Source Port          |       Destination Port        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                        Sequence Number                        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                    Acknowledgment Number                      |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  Data |       |C|E|U|A|P|R|S|F|                               |
 * | Offset| Rsrvd |W|C|R|C|S|S|Y|I|            Window             |
 * |       |       |R|E|G|K|H|T|N|N|                               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |           Checksum            |         Urgent Pointer        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                    Options                    |    Padding    |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
final class TcpPrinter {
    static final int SPORT = 0, DPORT = 2, SEQ = 4, ACK = 8, OFFSET = 12, FLAGS = 13, WINDOW = 14, CHECKSUM = 16,
            URGENT = 18, HEADER = 20;
    static final int FIN = 0x01, SYN = 0x02, RST = 0x04, PSH = 0x08, ACK_FLAG = 0x10, URG = 0x20, ECE = 0x40,
            CWR = 0x80;
    private static final char[] FLAG_LETTERS = {'F', 'S', 'R', 'P', '.', 'U', 'E', 'W'};

    private final PrintContext ctx;
    private final TcpSeqTable seqTable = new TcpSeqTable();

    TcpPrinter(PrintContext ctx) {
        this.ctx = ctx;
    }

    void print(byte[] b, int p, int end, int length, int ip, boolean fragmented) {
        TextSink out = ctx.out;
        boolean v4 = (b[ip] & 0xf0) == 0x40;
        if (end - p < 4) {
            ctx.addresses(b, ip);
            out.append(':');
            ctx.truncated("tcp");
            return;
        }
        int sport = u16(b, p + SPORT);
        int dport = u16(b, p + DPORT);
        boolean named = ctx.symbolic;
        if (PrintContext.ipNextHeader(b, ip) == 6) {
            ctx.address(b, ip, true);
            out.append('.');
            ServiceNames.tcp(sport, named, out);
            out.append(" > ");
            ctx.address(b, ip, false);
            out.append('.');
            ServiceNames.tcp(dport, named, out);
            out.append(": ");
        } else {
            ServiceNames.tcp(sport, named, out);
            out.append(" > ");
            ServiceNames.tcp(dport, named, out);
            out.append(": ");
        }
        if (end - p < HEADER) {
            ctx.truncated("tcp");
            return;
        }
        int hlen = (u8(b, p + OFFSET) >> 4) * 4;
        if (hlen < HEADER) {
            out.append(" tcp ").appendDecimal(length - hlen).append(" [bad hdr length ").appendDecimal(hlen)
                    .append(" - too short, < 20]");
            return;
        }
        long seq = u32(b, p + SEQ);
        long ack = u32(b, p + ACK);
        int win = u16(b, p + WINDOW);
        int urp = u16(b, p + URGENT);
        if (ctx.options.quiet) {
            out.append("tcp ").appendDecimal((length - hlen) & 0xffffffffL);
            if (hlen > length) {
                out.append(" [bad hdr length ").appendDecimal(hlen).append(" - too long, > ").appendDecimal(length)
                        .append(']');
            }
            return;
        }
        int flags = u8(b, p + FLAGS);
        out.append("Flags [");
        if (flags == 0) {
            out.append("none");
        } else {
            for (int i = 0; i < 8; i++) {
                if ((flags & (1 << i)) != 0) {
                    out.append(FLAG_LETTERS[i]);
                }
            }
        }
        out.append(']');
        boolean rev = false;
        long thSeq = 0, thAck = 0;
        if (!ctx.options.absoluteSeq && (flags & ACK_FLAG) != 0) {
            long s0, s1, d0, d1;
            if (v4) {
                s0 = u32(b, ip + IpPrinter.SRC);
                s1 = 0;
                d0 = u32(b, ip + IpPrinter.DST);
                d1 = 0;
            } else {
                s0 = u32(b, ip + 8) << 32 | u32(b, ip + 12);
                s1 = u32(b, ip + 16) << 32 | u32(b, ip + 20);
                d0 = u32(b, ip + 24) << 32 | u32(b, ip + 28);
                d1 = u32(b, ip + 32) << 32 | u32(b, ip + 36);
            }
            if (sport > dport) {
                rev = true;
            } else if (sport == dport) {
                int c = Long.compareUnsigned(s0, d0);
                if (c == 0) {
                    c = Long.compareUnsigned(s1, d1);
                }
                rev = c > 0;
            }
            int slot;
            if (rev) {
                slot = seqTable.find(d0, d1, s0, s1, dport << 16 | sport);
            } else {
                slot = seqTable.find(s0, s1, d0, d1, sport << 16 | dport);
            }
            if (slot < 0 || (flags & SYN) != 0) {
                if (rev) {
                    slot = seqTable.put(d0, d1, s0, s1, dport << 16 | sport, (ack - 1) & 0xffffffffL, seq);
                } else {
                    slot = seqTable.put(s0, s1, d0, d1, sport << 16 | dport, seq, (ack - 1) & 0xffffffffL);
                }
            } else if (rev) {
                seq = (seq - seqTable.ack(slot)) & 0xffffffffL;
                ack = (ack - seqTable.seq(slot)) & 0xffffffffL;
            } else {
                seq = (seq - seqTable.seq(slot)) & 0xffffffffL;
                ack = (ack - seqTable.ack(slot)) & 0xffffffffL;
            }
            thSeq = seqTable.seq(slot);
            thAck = seqTable.ack(slot);
        }
        if (hlen > length) {
            out.append(" [bad hdr length ").appendDecimal(hlen).append(" - too long, > ").appendDecimal(length)
                    .append(']');
            return;
        }
        if (ctx.options.verbose > 0 && !fragmented && p + length <= end) {
            long sum = InternetChecksum.pseudoHeader(b, ip, end, 6, length);
            int result = InternetChecksum.finish(InternetChecksum.add(b, p, length, sum));
            int field = u16(b, p + CHECKSUM);
            out.append(", cksum 0x").appendHex(field, 4);
            if (result != 0) {
                out.append(" (incorrect -> 0x").appendHex(InternetChecksum.shouldBe(field, result), 4).append(')');
            } else {
                out.append(" (correct)");
            }
        }
        int payload = length - hlen;
        if (ctx.options.verbose > 1 || payload > 0 || (flags & (SYN | FIN | RST)) != 0) {
            out.append(", seq ").appendDecimal(seq);
            if (payload > 0) {
                out.append(':').appendDecimal((seq + payload) & 0xffffffffL);
            }
        }
        if ((flags & ACK_FLAG) != 0) {
            out.append(", ack ").appendDecimal(ack);
        }
        out.append(", win ").appendDecimal(win);
        if ((flags & URG) != 0) {
            out.append(", urg ").appendDecimal(urp);
        }
        if (hlen > HEADER) {
            segmentCaptured = p + length <= end;
            options(b, p + HEADER, end, hlen - HEADER, flags, rev, thSeq, thAck, out);
            if (ctx.stopped) {
                return;
            }
        }
        out.append(", length ").appendDecimal(payload);
        if (payload <= 0) {
            return;
        }
        if (end - p < hlen) { // options that ended early (EOL) left the rest of the header uncaptured
            ctx.remainingCaplen(end - p, hlen, "tcp");
            return;
        }
        int data = p + hlen;
        if ((flags & RST) != 0 && ctx.options.verbose > 0) {
            resetData(b, data, end, payload, out);
            return;
        }
        payload(b, data, end, payload, sport, dport);
    }

    private void payload(byte[] b, int data, int end, int length, int sport, int dport) {
        TextSink out = ctx.out;
        if (sport == 25 || dport == 25) {
            out.append(": ");
            ctx.text.print(b, data, end, length, "SMTP", "smtp", false);
        } else if (sport == 43 || dport == 43) {
            out.append(": ");
            ctx.text.print(b, data, end, length, "WHOIS", "whois", false);
        } else if (sport == 22 || dport == 22) {
            ssh(b, data, end, length, out);
        } else if (sport == 21 || dport == 21) {
            out.append(": ");
            ctx.text.print(b, data, end, length, "FTP", "ftp", false);
        } else if (sport == 80 || dport == 80 || sport == 8080 || dport == 8080) {
            out.append(": ");
            ctx.text.print(b, data, end, length, "HTTP", "http", true);
        } else if (sport == 554 || dport == 554 || sport == 8554 || dport == 8554) {
            out.append(": ");
            ctx.text.print(b, data, end, length, "RTSP", "rtsp", true);
        } else if (sport == 53 || dport == 53) {
            ctx.dns.printOverTcp(b, data, end, length);
        }
    }

    /** {@code print-ssh.c:ssh_print()}: only the version banner line. */
    private void ssh(byte[] b, int p, int end, int length, TextSink out) {
        for (int i = 0; i < 4; i++) {
            if (p + i >= end) {
                ctx.truncatedJump("ssh");
                return;
            }
            if (b[p + i] != "SSH-".charAt(i)) {
                return;
            }
        }
        for (int idx = 4; idx < length; idx++) {
            if (p + idx >= end) {
                ctx.truncatedJump("ssh");
                return;
            }
            int c = u8(b, p + idx);
            int lineLength;
            if (c == '\n') {
                lineLength = idx;
            } else if (c == '\r') {
                if (idx + 1 >= length) {
                    return;
                }
                if (p + idx + 1 >= end) {
                    ctx.truncatedJump("ssh");
                    return;
                }
                if (b[p + idx + 1] != '\n') {
                    return;
                }
                lineLength = idx;
            } else if (c < 0x20 || c > 0x7e) {
                return;
            } else {
                continue;
            }
            out.append(": SSH: ").append(b, p, lineLength);
            return;
        }
    }

    /** {@code print_tcp_rst_data()}: at most 30 bytes of RST payload, '+' when there is more. */
    private void resetData(byte[] b, int p, int end, int length, TextSink out) {
        out.append(p + length > end ? " [!RST" : " [RST");
        if (length > 30) {
            length = 30;
            out.append('+');
        }
        out.append(' ');
        for (int i = 0; i < length && p + i < end; i++) {
            TextProtocolPrinter.printableChar(u8(b, p + i), out);
        }
        out.append(']');
    }

    /** Whether the whole segment was captured, which tcpdump checks before it looks for an MD5 secret. */
    private boolean segmentCaptured;

    private void options(byte[] b, int cp, int end, int hlen, int flags, boolean rev, long thSeq, long thAck,
            TextSink out) {
        out.append(", options [");
        char ch = 0;
        while (hlen > 0) {
            if (ch != 0) {
                out.append(ch);
            }
            if (cp >= end) {
                ctx.truncatedJump("tcp");
                return;
            }
            int opt = u8(b, cp);
            cp++;
            int len;
            if (opt == 0 || opt == 1) {
                len = 1;
            } else {
                if (cp >= end) {
                    ctx.truncatedJump("tcp");
                    return;
                }
                len = u8(b, cp);
                cp++;
                if (len < 2 || len > hlen) {
                    badOption(ch, out);
                    return;
                }
                --hlen;
            }
            --hlen;
            int datalen = 0;
            String name = optionName(opt);
            if (name == null) {
                out.append("unknown-").appendDecimal(opt);
            } else {
                out.append(name);
            }
            switch (opt) {
                case 2 -> {
                    datalen = 2;
                    if (lenCheck(datalen, hlen, cp, end, ch, out)) {
                        return;
                    }
                    out.append(' ').appendDecimal(u16(b, cp));
                }
                case 3 -> {
                    datalen = 1;
                    if (lenCheck(datalen, hlen, cp, end, ch, out)) {
                        return;
                    }
                    out.append(' ').appendDecimal(u8(b, cp));
                }
                case 5 -> {
                    datalen = len - 2;
                    if (datalen % 8 != 0) {
                        out.append(" invalid sack");
                    } else {
                        out.append(' ').appendDecimal(datalen / 8).append(' ');
                        for (int i = 0; i < datalen; i += 8) {
                            if (lenCheck(i + 4, hlen, cp, end, ch, out)) {
                                return;
                            }
                            long s = u32(b, cp + i);
                            if (lenCheck(i + 8, hlen, cp, end, ch, out)) {
                                return;
                            }
                            long e = u32(b, cp + i + 4);
                            if (rev) {
                                s -= thSeq;
                                e -= thSeq;
                            } else {
                                s -= thAck;
                                e -= thAck;
                            }
                            out.append('{').appendDecimal(s & 0xffffffffL).append(':').appendDecimal(e & 0xffffffffL)
                                    .append('}');
                        }
                    }
                }
                case 6, 7, 11, 12, 13 -> {
                    datalen = 4;
                    if (lenCheck(datalen, hlen, cp, end, ch, out)) {
                        return;
                    }
                    out.append(' ').appendDecimal(u32(b, cp));
                }
                case 8 -> {
                    datalen = 8;
                    if (lenCheck(datalen, hlen, cp, end, ch, out)) {
                        return;
                    }
                    out.append(" val ").appendDecimal(u32(b, cp)).append(" ecr ").appendDecimal(u32(b, cp + 4));
                }
                case 19 -> {
                    datalen = 16;
                    if (lenCheck(datalen, hlen, cp, end, ch, out)) {
                        return;
                    }
                    // tcp_verify_signature(): the whole segment must be captured before the secret matters
                    out.append(segmentCaptured ? " shared secret not supplied with -M, can't check - "
                            : " snaplen too short, can't check - ");
                    for (int i = 0; i < 16; i++) {
                        out.appendHex(u8(b, cp + i), 2);
                    }
                }
                case 20 -> {
                    datalen = 2;
                    if (lenCheck(datalen, hlen, cp, end, ch, out)) {
                        return;
                    }
                    out.append(" cap ").appendHex(u8(b, cp), 2).append(" id ").appendDecimal(u8(b, cp + 1));
                }
                case 28 -> {
                    datalen = 2;
                    if (lenCheck(datalen, hlen, cp, end, ch, out)) {
                        return;
                    }
                    int uto = u16(b, cp);
                    out.append(" 0x").appendHex(uto, 1);
                    uto = (uto & 1) != 0 ? (uto >> 1) * 60 : uto >> 1;
                    out.append(' ').appendDecimal(uto);
                }
                case 29 -> {
                    datalen = len - 2;
                    if (datalen < 2) {
                        ctx.invalid();
                    } else {
                        if (lenCheck(1, hlen, cp, end, ch, out)) {
                            return;
                        }
                        out.append(" keyid ").appendDecimal(u8(b, cp));
                        if (lenCheck(2, hlen, cp, end, ch, out)) {
                            return;
                        }
                        out.append(" rnextkeyid ").appendDecimal(u8(b, cp + 1));
                        if (datalen > 2) {
                            out.append(" mac 0x");
                            for (int i = 2; i < datalen; i++) {
                                if (lenCheck(i + 1, hlen, cp, end, ch, out)) {
                                    return;
                                }
                                out.appendHex(u8(b, cp + i), 2);
                            }
                        }
                    }
                }
                case 30 -> {
                    datalen = len - 2;
                    if (lenCheck(datalen, hlen, cp, end, ch, out)) {
                        return;
                    }
                    if (!MptcpOptionPrinter.print(ctx, b, cp - 2, len, flags)) {
                        badOption(ch, out);
                        return;
                    }
                }
                case 34 -> {
                    datalen = len - 2;
                    if (lenCheck(datalen, hlen, cp, end, ch, out)) {
                        return;
                    }
                    out.append(' ');
                    fastOpen(b, cp, datalen, false, out);
                }
                case 254 -> {
                    datalen = len - 2;
                    if (lenCheck(datalen, hlen, cp, end, ch, out)) {
                        return;
                    }
                    if (datalen < 2) {
                        badOption(ch, out);
                        return;
                    }
                    int magic = u16(b, cp);
                    out.append('-');
                    if (magic == 0xf989) {
                        fastOpen(b, cp + 2, datalen - 2, true, out);
                    } else {
                        out.appendHex(magic, 4);
                    }
                }
                case 0, 1, 4 -> { }
                default -> {
                    datalen = len - 2;
                    if (datalen != 0) {
                        out.append(" 0x");
                    }
                    for (int i = 0; i < datalen; i++) {
                        if (lenCheck(i + 1, hlen, cp, end, ch, out)) {
                            return;
                        }
                        out.appendHex(u8(b, cp + i), 2);
                    }
                }
            }
            cp += datalen;
            hlen -= datalen;
            ++datalen;
            if (opt != 0 && opt != 1) {
                ++datalen;
            }
            if (datalen != len) {
                out.append("[len ").appendDecimal(len).append(']');
            }
            ch = ',';
            if (opt == 0) {
                break;
            }
        }
        out.append(']');
    }

    /** tcpdump's LENCHECK: true (and the marker printed) when l bytes are not in the option or not captured. */
    private boolean lenCheck(int l, int hlen, int cp, int end, char ch, TextSink out) {
        if (l > hlen) {
            badOption(ch, out);
            return true;
        }
        if (cp + l > end) {
            ctx.truncated("tcp");
            if (ch != 0) {
                out.append('>');
            }
            return true;
        }
        return false;
    }

    private void badOption(char ch, TextSink out) {
        out.append("[bad opt]");
        if (ch != 0) {
            out.append(']');
        }
        ctx.stopped = true;
    }

    private void fastOpen(byte[] b, int cp, int datalen, boolean experimental, TextSink out) {
        if (experimental) {
            out.append("tfo");
        }
        if (datalen == 0) {
            out.append(" cookiereq");
        } else if (datalen % 2 != 0 || datalen < 4 || datalen > 16) {
            ctx.invalid();
        } else {
            out.append(" cookie ");
            for (int i = 0; i < datalen; i++) {
                out.appendHex(u8(b, cp + i), 2);
            }
        }
    }

    private static String optionName(int opt) {
        return switch (opt) {
            case 0 -> "eol";
            case 1 -> "nop";
            case 2 -> "mss";
            case 3 -> "wscale";
            case 4 -> "sackOK";
            case 5 -> "sack";
            case 6 -> "echo";
            case 7 -> "echoreply";
            case 8 -> "TS";
            case 11 -> "cc";
            case 12 -> "ccnew";
            case 13 -> "";
            case 19 -> "md5";
            case 20 -> "scps";
            case 28 -> "uto";
            case 29 -> "tcp-ao";
            case 30 -> "mptcp";
            case 34 -> "tfo";
            case 254 -> "exp";
            default -> null;
        };
    }
}
