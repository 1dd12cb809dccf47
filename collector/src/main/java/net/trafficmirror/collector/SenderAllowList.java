package net.trafficmirror.collector;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * The senders that may deliver mirror traffic ({@code --allow CIDR,...}), like the target security group rule the
 * AWS guide asks for (UDP 4789 from the sources). An empty list allows everyone.
 */
public final class SenderAllowList {
    private final List<byte[]> networks = new ArrayList<>();
    private final List<Integer> prefixes = new ArrayList<>();

    /** Parses {@code 10.0.0.0/8,2001:db8::/32,192.0.2.7}; a bare address means just that host. */
    public static SenderAllowList parse(String spec) {
        SenderAllowList l = new SenderAllowList();
        if (spec == null || spec.isBlank()) return l;
        for (String part : spec.split(",")) {
            String cidr = part.strip();
            if (cidr.isEmpty()) continue;
            int slash = cidr.indexOf('/');
            String addr = slash < 0 ? cidr : cidr.substring(0, slash);
            if (!addr.matches("[0-9.]+|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*")) {
                throw new IllegalArgumentException("--allow: '" + cidr + "' is not an address or CIDR block");
            }
            byte[] net;
            try {
                net = InetAddress.getByName(addr).getAddress();
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("--allow: '" + cidr + "' is not an address or CIDR block");
            }
            int bits = net.length * 8;
            int prefix = bits;
            if (slash >= 0) {
                try {
                    prefix = Integer.parseInt(cidr.substring(slash + 1));
                } catch (NumberFormatException e) {
                    prefix = -1;
                }
                if (prefix < 0 || prefix > bits) {
                    throw new IllegalArgumentException("--allow: '" + cidr + "' has a prefix length outside 0-" + bits);
                }
            }
            l.networks.add(net);
            l.prefixes.add(prefix);
        }
        return l;
    }

    public boolean isEmpty() { return networks.isEmpty(); }

    /** True when the address lies in one of the blocks (or the list is empty). */
    public boolean allows(byte[] address) {
        if (networks.isEmpty()) return true;
        for (int i = 0; i < networks.size(); i++) {
            if (matches(networks.get(i), prefixes.get(i), address)) return true;
        }
        return false;
    }

    private static boolean matches(byte[] net, int prefix, byte[] a) {
        if (net.length != a.length) return false;
        int full = prefix / 8;
        for (int i = 0; i < full; i++) if (net[i] != a[i]) return false;
        int rest = prefix % 8;
        if (rest == 0) return true;
        int mask = (0xff << (8 - rest)) & 0xff;
        return (net[full] & mask) == (a[full] & mask);
    }
}
