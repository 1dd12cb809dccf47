package net.trafficmirror.mirror;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * An IPv4 or IPv6 CIDR block as AWS filter rules carry them (SourceCidrBlock / DestinationCidrBlock), held as
 * longs in the same layout as {@link net.trafficmirror.packet.FrameSummary}: IPv4 in the low 32 bits of
 * {@code hi} with {@code lo} = 0, IPv6 as its high and low 64 bits. Host bits below the prefix are cleared
 * (see CHOICES.md, "CIDR host bits").
 */
public record Cidr(int family, long hi, long lo, int prefixLength) {

    public Cidr {
        if (family != 4 && family != 6) throw new IllegalArgumentException("family " + family);
        int max = family == 4 ? 32 : 128;
        if (prefixLength < 0 || prefixLength > max) throw new IllegalArgumentException("prefix " + prefixLength);
        hi &= maskHi(family, prefixLength);
        lo &= maskLo(family, prefixLength);
    }

    /** Mask over {@code hi}: IPv4's 32-bit netmask, or IPv6's upper 64 bits. */
    public static long maskHi(int family, int prefix) {
        if (family == 4) return prefix == 0 ? 0 : (0xffff_ffffL << (32 - prefix)) & 0xffff_ffffL;
        return prefix == 0 ? 0 : prefix >= 64 ? -1L : -1L << (64 - prefix);
    }

    public static long maskLo(int family, int prefix) {
        if (family == 4 || prefix <= 64) return 0;
        return prefix == 128 ? -1L : -1L << (128 - prefix);
    }

    public long maskHi() { return maskHi(family, prefixLength); }

    public long maskLo() { return maskLo(family, prefixLength); }

    /** True if the address (in FrameSummary layout) of the given family lies in this block. */
    public boolean contains(int addressFamily, long addrHi, long addrLo) {
        return addressFamily == family && ((addrHi ^ hi) & maskHi()) == 0 && ((addrLo ^ lo) & maskLo()) == 0;
    }

    public boolean contains(InetAddress address) {
        long[] a = words(address);
        return contains(address instanceof Inet4Address ? 4 : 6, a[0], a[1]);
    }

    /** The block's first address plus {@code n} (e.g. n = 2 for the Amazon-provided DNS resolver at VPC base + 2). */
    public InetAddress addressPlus(long n) {
        if (family == 4) return toAddress(4, (hi + n) & 0xffff_ffffL, 0);
        long nlo = lo + n;
        return toAddress(6, Long.compareUnsigned(nlo, lo) < 0 ? hi + 1 : hi, nlo);
    }

    /**
     * Parses "a.b.c.d/n" or an IPv6 block "x::/n".
     *
     * @throws IllegalArgumentException with no message detail: callers turn it into their own error
     */
    public static Cidr parse(String text) {
        if (text == null) throw new IllegalArgumentException("null CIDR");
        int slash = text.indexOf('/');
        if (slash < 0 || slash != text.lastIndexOf('/')) throw new IllegalArgumentException(text);
        String addr = text.substring(0, slash);
        String len = text.substring(slash + 1);
        if (len.isEmpty() || len.length() > 3 || !len.chars().allMatch(Character::isDigit)) throw new IllegalArgumentException(text);
        int prefix = Integer.parseInt(len);
        InetAddress a = parseAddress(addr);
        int family = addr.indexOf(':') >= 0 ? 6 : 4;
        long[] w = words(a);
        if (family == 6 && a instanceof Inet4Address) w = new long[] {0, 0xffff_0000_0000L | w[0]};
        if (prefix > (family == 4 ? 32 : 128)) throw new IllegalArgumentException(text);
        return new Cidr(family, w[0], w[1], prefix);
    }

    /** Parses an IP address literal without ever asking DNS. */
    public static InetAddress parseAddress(String text) {
        if (text == null || text.isEmpty()) throw new IllegalArgumentException("empty address");
        boolean v6 = text.indexOf(':') >= 0;
        if (v6) {
            if (!text.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == ':' || c == '.')) throw new IllegalArgumentException(text);
        } else {
            String[] parts = text.split("\\.", -1);
            if (parts.length != 4) throw new IllegalArgumentException(text);
            for (String p : parts) {
                if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit) || Integer.parseInt(p) > 255)
                    throw new IllegalArgumentException(text);
            }
        }
        try {
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(text);
        }
    }

    /** An address as {hi, lo} in FrameSummary layout. */
    public static long[] words(InetAddress a) {
        byte[] b = a.getAddress();
        if (b.length == 4) return new long[] {be(b, 0, 4), 0};
        return new long[] {be(b, 0, 8), be(b, 8, 8)};
    }

    public static InetAddress toAddress(int family, long hi, long lo) {
        byte[] b = new byte[family == 4 ? 4 : 16];
        if (family == 4) put(b, 0, hi, 4);
        else { put(b, 0, hi, 8); put(b, 8, lo, 8); }
        try {
            return InetAddress.getByAddress(b);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    private static long be(byte[] b, int off, int n) {
        long v = 0;
        for (int i = 0; i < n; i++) v = v << 8 | (b[off + i] & 0xff);
        return v;
    }

    private static void put(byte[] b, int off, long v, int n) {
        for (int i = n - 1; i >= 0; i--) { b[off + i] = (byte) v; v >>>= 8; }
    }

    /** An address in the text form AWS returns: dotted quad, or RFC 5952 compressed IPv6. */
    public static String format(InetAddress a) {
        long[] w = words(a);
        return format(a instanceof Inet4Address ? 4 : 6, w[0], w[1]);
    }

    /** An address in FrameSummary layout as text, the way {@link #format(InetAddress)} writes it. */
    public static String format(int family, long hi, long lo) {
        if (family == 4) return (hi >>> 24 & 0xff) + "." + (hi >>> 16 & 0xff) + "." + (hi >>> 8 & 0xff) + "." + (hi & 0xff);
        int[] g = new int[8];
        for (int i = 0; i < 4; i++) { g[i] = (int) (hi >>> (48 - 16 * i)) & 0xffff; g[i + 4] = (int) (lo >>> (48 - 16 * i)) & 0xffff; }
        int bestStart = -1, bestLen = 1;
        for (int i = 0; i < 8; ) {
            if (g[i] != 0) { i++; continue; }
            int j = i;
            while (j < 8 && g[j] == 0) j++;
            if (j - i > bestLen) { bestStart = i; bestLen = j - i; }
            i = j;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) { sb.append("::"); i += bestLen - 1; continue; }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') sb.append(':');
            sb.append(Integer.toHexString(g[i]));
        }
        return sb.toString();
    }

    @Override public String toString() {
        return format(family, hi, lo) + "/" + prefixLength;
    }
}
