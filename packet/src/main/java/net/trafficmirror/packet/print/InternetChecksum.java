package net.trafficmirror.packet.print;

/**
 * The RFC 1071 ones'-complement sum, and tcpdump's {@code in_cksum_shouldbe()} (RFC 1624) that turns a wrong sum
 * into the value the checksum field should have held.
 */
final class InternetChecksum {
    private InternetChecksum() {}

    /** Adds the bytes [p, p+n) as big-endian 16-bit words to {@code sum} (unfolded). */
    static long add(byte[] b, int p, int n, long sum) {
        int i = p;
        int last = p + n - 1;
        for (; i < last; i += 2) {
            sum += (b[i] & 0xff) << 8 | (b[i + 1] & 0xff);
        }
        if (i == last) {
            sum += (b[i] & 0xff) << 8;
        }
        return sum;
    }

    /** ~fold(sum): 0 when the covered data, checksum field included, is correct. */
    static int finish(long sum) {
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xffff) + (sum >>> 16);
        }
        return (int) (~sum & 0xffff);
    }

    /** Pseudo-header sum for TCP/UDP/ICMPv6 over the IP header at {@code ip} (version 4 or 6). */
    static long pseudoHeader(byte[] b, int ip, int end, int protocol, int length) {
        long sum;
        if ((b[ip] & 0xf0) == 0x40) {
            sum = add(b, ip + 12, 4, 0);
            sum = add(b, finalDestination4(b, ip, end), 4, sum);
        } else {
            sum = add(b, ip + 8, 16, 0);
            sum = add(b, finalDestination(b, ip, end), 16, sum);
        }
        return sum + protocol + (length & 0xffff) + (length >>> 16);
    }

    /**
     * {@code print-ip.c:ip_finddst()}: a loose or strict source route option's last address is where the datagram
     * finally goes, so the checksum covers it instead of the header's destination.
     */
    private static int finalDestination4(byte[] b, int ip, int end) {
        int dst = ip + 16;
        int optionsEnd = Math.min(ip + ((b[ip] & 0x0f) << 2), end);
        int cp = ip + 20;
        while (cp < optionsEnd) {
            int type = b[cp] & 0xff;
            if (type == 0) {
                return dst;
            }
            int len = 1;
            if (type != 1) {
                if (cp + 1 >= optionsEnd) {
                    return dst;
                }
                len = b[cp + 1] & 0xff;
                if (len < 2) {
                    return dst;
                }
            }
            if (cp + len > optionsEnd) {
                return dst;
            }
            if ((type == 0x83 || type == 0x89) && len >= 7) {
                return cp + len - 4;
            }
            cp += len;
        }
        return dst;
    }

    /**
     * {@code print-ip6.c:ip6_finddst()}: the destination the upper-layer checksum covers, the last address of a
     * type 0/2 routing header or the first segment of a segment routing header, else the header's destination.
     */
    static int finalDestination(byte[] b, int ip, int end) {
        int dst = ip + Ip6Printer.DST;
        int cp = ip;
        int advance = Ip6Printer.HEADER;
        int nh = b[ip + Ip6Printer.NEXT_HEADER] & 0xff;
        while (cp < end) {
            cp += advance;
            switch (nh) {
                case Ip6Printer.HOPOPTS, Ip6Printer.DSTOPTS, Ip6Printer.MOBILITY_OLD, Ip6Printer.MOBILITY -> {
                    if (cp + 2 > end) {
                        return dst;
                    }
                    advance = ((b[cp + 1] & 0xff) + 1) << 3;
                    nh = b[cp] & 0xff;
                }
                case Ip6Printer.FRAGMENT -> {
                    if (cp + 1 > end) {
                        return dst;
                    }
                    advance = 8;
                    nh = b[cp] & 0xff;
                }
                case Ip6Printer.ROUTING -> {
                    if (cp + 4 > end) {
                        return dst;
                    }
                    int len = b[cp + 1] & 0xff;
                    int type = b[cp + 2] & 0xff;
                    if ((type == 0 || type == 2) && len % 2 == 0) {
                        for (int i = 0, q = cp + 8; i < len / 2 && q + 16 <= end; i++, q += 16) {
                            dst = q;
                        }
                    } else if (type == 4 && cp + 24 <= end) {
                        dst = cp + 8;
                    }
                    return dst;
                }
                default -> {
                    return dst;
                }
            }
        }
        return dst;
    }

    static int shouldBe(int fieldValue, int computed) {
        int s = fieldValue + computed;
        s = (s & 0xffff) + (s >>> 16);
        s = (s & 0xffff) + (s >>> 16);
        return s;
    }
}
