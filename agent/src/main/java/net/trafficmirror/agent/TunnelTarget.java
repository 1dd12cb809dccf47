package net.trafficmirror.agent;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import net.trafficmirror.linux.SocketAddresses;

/**
 * Where one session's VXLAN goes, prepared once per configuration so the hot path only copies: the address as
 * the outer header's 32-bit value, the C socket address for sendmmsg, the Java one for the portable sender, and
 * {@code maxInner}, the largest inner frame the path carries (path MTU minus the 36 outer bytes). Its link-layer
 * next hop may change while it is in use (see {@link #nextHopMac}).
 */
public final class TunnelTarget {
    public final InetAddress address;
    public final int port;
    public final int address32;
    public final InetSocketAddress socketAddress;
    public final MemorySegment sockaddr;
    public final int sockaddrLength;
    public final int maxInner;
    /**
     * For {@link FrameRingSink}: the next hop's MAC (48 bits) when frames for this target may be built and sent on
     * the sink's ring, or -1 to send through the IP stack; and a request to send the next packet through the IP
     * stack anyway, which keeps the kernel's neighbour entry fresh. Written by the sink's resolver thread.
     */
    volatile long nextHopMac = -1;
    volatile boolean refreshNeighbour;

    /** An IPv4 address as the unsigned 32-bit value of the outer header. */
    static int address32(InetAddress address) {
        byte[] a = address.getAddress();
        return (a[0] & 0xff) << 24 | (a[1] & 0xff) << 16 | (a[2] & 0xff) << 8 | a[3] & 0xff;
    }

    TunnelTarget(InetAddress address, int port, int maxInner) {
        if (!(address instanceof Inet4Address))
            throw new IllegalArgumentException("target " + address.getHostAddress()
                    + ": the agent sends VXLAN over IPv4 only; give the target an IPv4 address");
        this.address = address;
        this.port = port;
        address32 = address32(address);
        socketAddress = new InetSocketAddress(address, port);
        sockaddr = Arena.ofAuto().allocate(SocketAddresses.MAX_LENGTH, 8);
        sockaddrLength = SocketAddresses.writeInet(sockaddr, address, port);
        this.maxInner = maxInner;
    }
}
