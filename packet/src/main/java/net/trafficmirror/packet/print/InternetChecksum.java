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
    static long pseudoHeader(byte[] b, int ip, int protocol, int length) {
        long sum;
        if ((b[ip] & 0xf0) == 0x40) {
            sum = add(b, ip + 12, 8, 0);
        } else {
            sum = add(b, ip + 8, 32, 0);
        }
        return sum + protocol + (length & 0xffff) + (length >>> 16);
    }

    static int shouldBe(int fieldValue, int computed) {
        int s = fieldValue + computed;
        s = (s & 0xffff) + (s >>> 16);
        s = (s & 0xffff) + (s >>> 16);
        return s;
    }
}
