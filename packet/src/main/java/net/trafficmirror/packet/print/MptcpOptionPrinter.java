package net.trafficmirror.packet.print;

import static net.trafficmirror.packet.print.NetworkOrder.u16;
import static net.trafficmirror.packet.print.NetworkOrder.u32;
import static net.trafficmirror.packet.print.NetworkOrder.u8;

/**
 * The MPTCP TCP option (kind 30, RFC 8684), as {@code print-mptcp.c:mptcp_print()} of tcpdump 4.99.3:
 * {@code mptcp LEN SUBTYPE details}. The caller has checked that the whole option was captured.
 *
 * <pre>
 * +---------------+---------------+-------+-----------------------+
 * |     Kind      |    Length     |Subtype|  subtype-specific ... |
 * +---------------+---------------+-------+-----------------------+
 * </pre>
 */
final class MptcpOptionPrinter {
    static final int KIND = 0, LENGTH = 1, SUBTYPE = 2;
    private static final String[] SUBTYPES = {"capable", "join", "dss", "add-addr", "rem-addr", "prio", "fail",
        "fast-close", "unknown"};

    private MptcpOptionPrinter() {}

    /** Returns false where tcpdump's printer returns 0 (the caller then prints "[bad opt]"). */
    static boolean print(PrintContext ctx, byte[] b, int opt, int len, int tcpFlags) {
        TextSink out = ctx.out;
        if (len < 3) {
            return false;
        }
        int subtype = Math.min(u8(b, opt + SUBTYPE) >> 4, 8);
        out.append(' ').appendDecimal(len).append(' ').append(SUBTYPES[subtype]);
        boolean syn = (tcpFlags & TcpPrinter.SYN) != 0;
        boolean ackOnly = (tcpFlags & (TcpPrinter.SYN | TcpPrinter.ACK_FLAG)) == TcpPrinter.ACK_FLAG;
        switch (subtype) {
            case 0 -> {
                if (!((len == 12 || len == 4) && syn) && !((len == 20 || len == 22) && ackOnly)) {
                    return false;
                }
                int version = u8(b, opt + 2) & 0x0f;
                if (version > 1) {
                    out.append(" Unknown Version (").appendDecimal(version).append(')');
                    return true;
                }
                out.append(" v").appendDecimal(version);
                if ((u8(b, opt + 3) & 0x80) != 0) {
                    out.append(" csum");
                }
                if (len == 12 || len >= 20) {
                    out.append(" {0x").appendHex(u64(b, opt + 4), 1);
                    if (len >= 20) {
                        out.append(",0x").appendHex(u64(b, opt + 12), 1);
                    }
                    if (len == 22) {
                        out.append(",data_len=").appendDecimal(u16(b, opt + 20));
                    }
                    out.append('}');
                }
            }
            case 1 -> {
                if (!((len == 12 && syn) || (len == 16 && (tcpFlags & 0x12) == 0x12)
                        || (len == 24 && (tcpFlags & TcpPrinter.ACK_FLAG) != 0))) {
                    return false;
                }
                if (len != 24) {
                    if ((u8(b, opt + 2) & 1) != 0) {
                        out.append(" backup");
                    }
                    out.append(" id ").appendDecimal(u8(b, opt + 3));
                }
                if (len == 12) {
                    out.append(" token 0x").appendHex(u32(b, opt + 4), 1).append(" nonce 0x")
                            .appendHex(u32(b, opt + 8), 1);
                } else if (len == 16) {
                    out.append(" hmac 0x").appendHex(u64(b, opt + 4), 1).append(" nonce 0x")
                            .appendHex(u32(b, opt + 12), 1);
                } else {
                    out.append(" hmac 0x");
                    for (int i = 0; i < 20; i++) {
                        out.appendHex(u8(b, opt + 4 + i), 2);
                    }
                }
            }
            case 2 -> {
                return dss(b, opt, len, tcpFlags, out);
            }
            case 3 -> {
                if (!(len == 8 || len == 10 || len == 16 || len == 18 || len == 20 || len == 22 || len == 28
                        || len == 30)) {
                    return false;
                }
                // the lengths that carry an HMAC exist only in MPTCP v1 (RFC 8684)
                int version = len == 16 || len == 18 || len == 28 || len == 30 ? 1 : 0;
                out.append(" v").appendDecimal(version).append(" id ").appendDecimal(u8(b, opt + 3))
                        .append(' ');
                if (len <= 18) {
                    AddressText.ipv4(b, opt + 4, out);
                    if (len == 10 || len == 18) {
                        out.append(':').appendDecimal(u16(b, opt + 8));
                    }
                    if (len == 16) {
                        out.append(" hmac 0x").appendHex(u64(b, opt + 8), 1);
                    }
                    if (len == 18) {
                        out.append(" hmac 0x").appendHex(u64(b, opt + 10), 1);
                    }
                } else {
                    AddressText.ipv6(b, opt + 4, out);
                    if (len == 22 || len == 30) {
                        out.append(':').appendDecimal(u16(b, opt + 20));
                    }
                    if (len == 28) {
                        out.append(" hmac 0x").appendHex(u64(b, opt + 20), 1);
                    }
                    if (len == 30) {
                        out.append(" hmac 0x").appendHex(u64(b, opt + 22), 1);
                    }
                }
            }
            case 4 -> {
                if (len < 4) {
                    return false;
                }
                out.append(" id");
                for (int i = 0; i < len - 3; i++) {
                    out.append(' ').appendDecimal(u8(b, opt + 3 + i));
                }
            }
            case 5 -> {
                if (len != 3 && len != 4) {
                    return false;
                }
                out.append((u8(b, opt + 2) & 1) != 0 ? " backup" : " non-backup");
                if (len == 4) {
                    out.append(" id ").appendDecimal(u8(b, opt + 3));
                }
            }
            case 6 -> {
                if (len != 12) {
                    return false;
                }
                out.append(" seq ").appendUnsignedDecimal(u64(b, opt + 4));
            }
            case 7 -> {
                if (len != 12) {
                    return false;
                }
                out.append(" key 0x").appendHex(u64(b, opt + 4), 1);
            }
            default -> { }
        }
        return true;
    }

    private static boolean dss(byte[] b, int opt, int len, int tcpFlags, TextSink out) {
        if (len < 4 || (tcpFlags & TcpPrinter.SYN) != 0) {
            return false;
        }
        int flags = u8(b, opt + 3);
        if ((flags & 0x10) != 0) {
            out.append(" fin");
        }
        int p = opt + 4;
        int left = len - 4;
        if ((flags & 0x01) != 0) {
            out.append(" ack ");
            int n = sequenceNumber(b, p, left, (flags & 0x02) != 0, out);
            if (n < 0) {
                return false;
            }
            p += n;
            left -= n;
        }
        if ((flags & 0x04) != 0) {
            out.append(" seq ");
            int n = sequenceNumber(b, p, left, (flags & 0x08) != 0, out);
            if (n < 0) {
                return false;
            }
            p += n;
            left -= n;
            if (left < 4) {
                return false;
            }
            out.append(" subseq ").appendDecimal(u32(b, p));
            p += 4;
            left -= 4;
            if (left < 2) {
                return false;
            }
            out.append(" len ").appendDecimal(u16(b, p));
            p += 2;
            left -= 2;
            if (left >= 2) {
                out.append(" csum 0x").appendHex(u16(b, p), 1);
                left -= 2;
            }
        }
        return left == 0;
    }

    /**
     * A DSS data ACK or data sequence number at {@code p}: 8 bytes when {@code wide} (flag a or m), else 4; the
     * bytes it took, or -1 when fewer than that are {@code left}.
     */
    private static int sequenceNumber(byte[] b, int p, int left, boolean wide, TextSink out) {
        int n = wide ? 8 : 4;
        if (left < n) {
            return -1;
        }
        if (wide) {
            out.appendUnsignedDecimal(u64(b, p));
        } else {
            out.appendDecimal(u32(b, p));
        }
        return n;
    }

    private static long u64(byte[] b, int p) {
        return u32(b, p) << 32 | u32(b, p + 4);
    }
}
