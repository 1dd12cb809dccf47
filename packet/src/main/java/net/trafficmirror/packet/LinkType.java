package net.trafficmirror.packet;

/** pcap LINKTYPE_ values this project decodes (https://www.tcpdump.org/linktypes.html). */
public final class LinkType {
    public static final int NULL = 0;        // BSD loopback: 4-byte host-order address family
    public static final int ETHERNET = 1;    // EN10MB
    public static final int RAW = 101;       // raw IPv4/IPv6
    public static final int LINUX_SLL = 113; // Linux cooked v1
    public static final int LINUX_SLL2 = 276;// Linux cooked v2
    public static final int IPV4 = 228;
    public static final int IPV6 = 229;

    private LinkType() {}
}
