package net.trafficmirror.packet.print;

/**
 * What the protocol printers share while one packet is printed: the options, the output, the printers they hand
 * payloads to, and tcpdump's "stop decoding this packet" state. tcpdump leaves a packet with longjmp when a printer
 * runs past the captured bytes ({@code util-print.c:nd_trunc_longjmp()}); here the printer writes the marker, sets
 * {@link #stopped}, and every caller returns when it sees it.
 */
final class PrintContext {
    final PrintOptions options;
    /** No -n: ports, IP protocols and MAC vendors print as names (hosts stay numeric: no DNS). */
    final boolean symbolic;
    TextSink out;
    boolean stopped;
    /** True once a printer stopped at the captured end the way tcpdump's longjmp does: the -x dump then starts at 0. */
    boolean jumped;

    final EtherPrinter ether;
    final ArpPrinter arp;
    final LlcPrinter llc;
    final IpPrinter ip;
    final Ip6Printer ip6;
    final TcpPrinter tcp;
    final UdpPrinter udp;
    final IcmpPrinter icmp;
    final Icmp6Printer icmp6;
    final VxlanPrinter vxlan;
    final GenevePrinter geneve;
    final GrePrinter gre;
    final DnsPrinter dns;
    final TextProtocolPrinter text;

    PrintContext(PrintOptions options) {
        this.options = options;
        this.symbolic = options.portNames();
        ether = new EtherPrinter(this);
        arp = new ArpPrinter(this);
        llc = new LlcPrinter(this);
        ip = new IpPrinter(this);
        ip6 = new Ip6Printer(this);
        tcp = new TcpPrinter(this);
        udp = new UdpPrinter(this);
        icmp = new IcmpPrinter(this);
        icmp6 = new Icmp6Printer(this);
        vxlan = new VxlanPrinter(this);
        geneve = new GenevePrinter(this);
        gre = new GrePrinter(this);
        dns = new DnsPrinter(this);
        text = new TextProtocolPrinter(this);
    }

    /** The source (or destination) address of the IPv4 or IPv6 header at {@code ip}. */
    void address(byte[] b, int ip, boolean source) {
        if ((b[ip] & 0xf0) == 0x40) {
            AddressText.ipv4(b, ip + (source ? IpPrinter.SRC : IpPrinter.DST), out);
        } else {
            AddressText.ipv6(b, ip + (source ? Ip6Printer.SRC : Ip6Printer.DST), out);
        }
    }

    /** "SRC > DST" of the IP header at {@code ip}. */
    void addresses(byte[] b, int ip) {
        address(b, ip, true);
        out.append(" > ");
        address(b, ip, false);
    }

    /** The protocol field of an IPv4 header, or the first next-header field of an IPv6 header. */
    static int ipNextHeader(byte[] b, int ip) {
        return (b[ip] & 0xf0) == 0x40 ? b[ip + IpPrinter.PROTOCOL] & 0xff : b[ip + Ip6Printer.NEXT_HEADER] & 0xff;
    }

    /**
     * tcpdump's {@code nd_print_trunc()} after a bounds check ({@code ND_TCHECK}, "goto trunc"): " [|proto]", and
     * the rest of the packet is not decoded.
     */
    void truncated(String protocol) {
        out.append(" [|").append(protocol).append(']');
        stopped = true;
    }

    /**
     * The same marker where tcpdump reads past the captured end with a GET_ macro and longjmps out of the printers
     * (text lines, TCP option kinds, ARP): the -x/-X dump then starts at the link header.
     */
    void truncatedJump(String protocol) {
        truncated(protocol);
        jumped = true;
    }

    /**
     * tcpdump 4.99.3's check that a whole header was captured before the payload is decoded: the message, then the
     * truncation marker with a longjmp.
     */
    void remainingCaplen(int caplen, int headerLength, String protocol) {
        out.append(" [remaining caplen(").appendDecimal(caplen).append(") < header length(")
                .appendDecimal(headerLength).append(")]");
        truncatedJump(protocol);
    }

    /** A MAC address as {@code etheraddr_string()} prints it: with " (oui Vendor)" unless -n. */
    void mac(byte[] b, int p) {
        if (symbolic && isBroadcast(b, p)) {
            out.append("Broadcast"); // addrtoname.c's built-in ether name
            return;
        }
        AddressText.mac(b, p, out);
        if (symbolic) {
            out.append(" (oui ").append(OuiNames.name(NetworkOrder.u24(b, p))).append(')');
        }
    }

    private static boolean isBroadcast(byte[] b, int p) {
        for (int i = 0; i < 6; i++) {
            if (b[p + i] != (byte) 0xff) {
                return false;
            }
        }
        return true;
    }

    /** Whether tcpdump's ND_DEFAULTPRINT hex dump of an undecoded payload is on (not with -x/-X, and not with -q). */
    boolean defaultPrint() {
        return options.hex == 0 && !options.quiet;
    }

    /** tcpdump's {@code nd_print_invalid()}. */
    void invalid() {
        out.append(" (invalid)");
    }

    /** Dispatch on an ethertype, as {@code print-ether.c:ethertype_print()}; false if the type has no printer. */
    boolean etherType(int type, byte[] b, int p, int end, int length) {
        switch (type) {
            case 0x0800 -> ip.print(b, p, end, length);
            case 0x86dd -> ip6.print(b, p, end, length);
            case 0x0806, 0x8035 -> arp.print(b, p, end, length);
            case 0x8847, 0x8848 -> MplsPrinter.print(this, b, p, end, length);
            case 0x88cc -> LldpPrinter.print(this, b, p, end, length);
            case 0x9000 -> LoopbackPrinter.print(this, b, p, end, length);
            default -> {
                return false;
            }
        }
        return true;
    }
}
