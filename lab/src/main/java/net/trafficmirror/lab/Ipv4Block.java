package net.trafficmirror.lab;

/**
 * An IPv4 CIDR block (RFC 4632) with the address arithmetic the lab needs: the VPC's reserved addresses in
 * a subnet (AWS VPC User Guide, "Subnet CIDR blocks": the network address, base+1 for the router, base+2
 * for the DNS resolver, base+3 reserved, and the last address) and containment.
 */
record Ipv4Block(int base, int prefix) {
    Ipv4Block {
        if (prefix < 0 || prefix > 32) throw new IllegalArgumentException("prefix " + prefix);
        base &= mask(prefix);
    }

    /** Parses {@code a.b.c.d/n}; throws IllegalArgumentException with the text when it is not one. */
    static Ipv4Block parse(String cidr) {
        int slash = cidr.indexOf('/');
        try {
            if (slash < 0) throw new IllegalArgumentException();
            return new Ipv4Block(address(cidr.substring(0, slash)), Integer.parseInt(cidr.substring(slash + 1)));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + cidr + "' is not an IPv4 CIDR block (a.b.c.d/n)");
        }
    }

    static int address(String dotted) {
        String[] p = dotted.split("\\.", -1);
        if (p.length != 4) throw new IllegalArgumentException("'" + dotted + "' is not an IPv4 address");
        int a = 0;
        for (String s : p) {
            if (s.isEmpty() || s.length() > 3 || !s.chars().allMatch(Character::isDigit)) {
                throw new IllegalArgumentException("'" + dotted + "' is not an IPv4 address");
            }
            int v = Integer.parseInt(s);
            if (v > 255) throw new IllegalArgumentException("'" + dotted + "' is not an IPv4 address");
            a = a << 8 | v;
        }
        return a;
    }

    static String dotted(int a) {
        return (a >>> 24) + "." + (a >>> 16 & 255) + "." + (a >>> 8 & 255) + "." + (a & 255);
    }

    private static int mask(int prefix) {
        return prefix == 0 ? 0 : -1 << (32 - prefix);
    }

    long size() { return 1L << (32 - prefix); }

    /** The address {@code offset} from the base (negative: from the end, -1 is the last). */
    int at(long offset) { return (int) (base + (offset < 0 ? size() + offset : offset)); }

    boolean contains(int address) { return (address & mask(prefix)) == base; }

    boolean overlaps(Ipv4Block other) {
        int p = Math.min(prefix, other.prefix);
        return ((base ^ other.base) & mask(p)) == 0;
    }

    String withPrefix(int address) { return dotted(address) + "/" + prefix; }

    @Override public String toString() { return dotted(base) + "/" + prefix; }
}
