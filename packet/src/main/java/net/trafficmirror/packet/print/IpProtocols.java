package net.trafficmirror.packet.print;

/**
 * IP protocol number names: tcpdump's {@code ipproto.c:ipproto_values[]} (the -v header's {@code proto TCP (6)}) and
 * its built-in netdb table ({@code netdb_protoname()}, IANA keywords in lower case) used without -n.
 */
final class IpProtocols {
    private IpProtocols() {}

    /** {@code ipproto_values[]}, or "unknown". */
    static String verboseName(int p) {
        return switch (p) {
            case 0 -> "Options";
            case 1 -> "ICMP";
            case 2 -> "IGMP";
            case 4 -> "IPIP";
            case 6 -> "TCP";
            case 8 -> "EGP";
            case 9 -> "IGRP";
            case 17 -> "UDP";
            case 33 -> "DCCP";
            case 41 -> "IPv6";
            case 43 -> "Routing";
            case 44 -> "Fragment";
            case 46 -> "RSVP";
            case 47 -> "GRE";
            case 50 -> "ESP";
            case 51 -> "AH";
            case 55 -> "Mobile IP";
            case 58 -> "ICMPv6";
            case 59 -> "NONE";
            case 60 -> "Destination Options";
            case 62 -> "Mobile IP (old)";
            case 88 -> "EIGRP";
            case 89 -> "OSPF";
            case 103 -> "PIM";
            case 108 -> "Compressed IP";
            case 112 -> "VRRP";
            case 113 -> "PGM";
            case 132 -> "SCTP";
            case 135 -> "Mobility";
            case 240 -> "CARP";
            default -> "unknown";
        };
    }

    /** IANA keyword as tcpdump's netdb_protoname() returns it, or null. */
    static String netdbName(int p) {
        return switch (p) {
            case 0 -> "hopopt";
            case 1 -> "icmp";
            case 2 -> "igmp";
            case 3 -> "ggp";
            case 4 -> "ipv4";
            case 5 -> "st";
            case 6 -> "tcp";
            case 7 -> "cbt";
            case 8 -> "egp";
            case 9 -> "igp";
            case 12 -> "pup";
            case 17 -> "udp";
            case 27 -> "rdp";
            case 33 -> "dccp";
            case 41 -> "ipv6";
            case 43 -> "ipv6-route";
            case 44 -> "ipv6-frag";
            case 46 -> "rsvp";
            case 47 -> "gre";
            case 50 -> "esp";
            case 51 -> "ah";
            case 58 -> "ipv6-icmp";
            case 59 -> "ipv6-nonxt";
            case 60 -> "ipv6-opts";
            case 88 -> "eigrp";
            case 89 -> "ospf";
            case 94 -> "ipip";
            case 103 -> "pim";
            case 108 -> "ipcomp";
            case 112 -> "vrrp";
            case 115 -> "l2tp";
            case 132 -> "sctp";
            case 135 -> "mobility-header";
            case 136 -> "udplite";
            case 137 -> "mpls-in-ip";
            default -> null;
        };
    }
}
