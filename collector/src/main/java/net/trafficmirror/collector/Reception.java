package net.trafficmirror.collector;

import java.net.InetSocketAddress;

/** How the collector receives tunnel datagrams. */
public sealed interface Reception {
    /**
     * Through UDP sockets: portable, works unprivileged, but every datagram costs the kernel's UDP path and a
     * system call. The outer headers are rebuilt for text output ({@link OuterHeaders}).
     *
     * @param vxlan  where to receive VXLAN (null: not at all)
     * @param geneve where to receive GENEVE (null: not at all)
     */
    record Sockets(InetSocketAddress vxlan, InetSocketAddress geneve, int receiveBuffer) implements Reception {}

    /**
     * From an AF_PACKET TPACKET_V3 ring on an interface, with a kernel BPF filter that passes only UDP to the
     * tunnel ports, as tcpdump captures: no system call per datagram and the real outer headers. Needs
     * CAP_NET_RAW. The kernel still delivers the datagrams to its UDP stack: without a socket on the port it
     * answers with ICMP port unreachable, so pair it with an nftables drop rule ({@code dropInKernel}).
     *
     * @param genevePort 0 for none
     * @param dropInKernel add an nftables table that drops the tunnel datagrams after capture, removed at exit
     */
    record InterfaceRing(String interfaceName, int vxlanPort, int genevePort, int ringBytes, boolean dropInKernel) implements Reception {}
}
