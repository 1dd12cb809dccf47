package net.trafficmirror.linux;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.MemorySegment;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Writes and reads the C socket address structures: struct sockaddr_in (16 bytes) and sockaddr_in6 (28 bytes)
 * from netinet/in.h, and struct sockaddr_ll (20 bytes) from linux/if_packet.h. Multi-byte fields are in network
 * byte order where the C API says so (ports, addresses, sll_protocol).
 */
public final class SocketAddresses {
    /** The largest of the structures, enough room for any of them. */
    public static final int MAX_LENGTH = 28;
    public static final int SOCKADDR_IN = 16, SOCKADDR_IN6 = 28, SOCKADDR_LL = 20;

    private SocketAddresses() {}

    /** Writes a sockaddr_in or sockaddr_in6 for {@code address}:{@code port}; returns its length. */
    public static int writeInet(MemorySegment seg, InetAddress address, int port) {
        seg.asSlice(0, MAX_LENGTH).fill((byte) 0);
        byte[] a = address.getAddress();
        seg.set(JAVA_SHORT, 2, Libc.htons(port));
        if (address instanceof Inet4Address) {
            seg.set(JAVA_SHORT, 0, (short) Libc.AF_INET);
            MemorySegment.copy(a, 0, seg, JAVA_BYTE, 4, 4);
            return SOCKADDR_IN;
        }
        seg.set(JAVA_SHORT, 0, (short) Libc.AF_INET6);
        MemorySegment.copy(a, 0, seg, JAVA_BYTE, 8, 16);
        if (address instanceof Inet6Address v6) seg.set(JAVA_INT, 24, v6.getScopeId());
        return SOCKADDR_IN6;
    }

    /** Reads a sockaddr_in or sockaddr_in6; null for any other family. */
    public static InetAddress readInet(MemorySegment seg) {
        int family = seg.get(JAVA_SHORT, 0);
        try {
            if (family == Libc.AF_INET) return InetAddress.getByAddress(seg.asSlice(4, 4).toArray(JAVA_BYTE));
            if (family == Libc.AF_INET6) return InetAddress.getByAddress(seg.asSlice(8, 16).toArray(JAVA_BYTE));
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // cannot happen: the lengths are right
        }
        return null;
    }

    /** The port of a sockaddr_in/in6 (host byte order). */
    public static int readPort(MemorySegment seg) { return Short.toUnsignedInt(Libc.htons(seg.get(JAVA_SHORT, 2))); }

    /** Writes a sockaddr_ll binding to {@code ifindex} for ethertype {@code protocol} (host order); returns its length. */
    public static int writePacket(MemorySegment seg, int ifindex, int protocol) {
        seg.asSlice(0, SOCKADDR_LL).fill((byte) 0);
        seg.set(JAVA_SHORT, 0, (short) Libc.AF_PACKET);
        seg.set(JAVA_SHORT, 2, Libc.htons(protocol));
        seg.set(JAVA_INT, 4, ifindex);
        return SOCKADDR_LL;
    }
}
