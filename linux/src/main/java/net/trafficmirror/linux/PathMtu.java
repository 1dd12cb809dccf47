package net.trafficmirror.linux;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.InetAddress;

/**
 * The MTU of the route toward an address, as the kernel knows it: a UDP socket connected to the address, then
 * getsockopt(IP_MTU) (ip(7)). Nothing is sent. This is the most a raw IPv4 packet to that address may carry
 * (raw(7) with IP_HDRINCL does not fragment).
 */
public final class PathMtu {
    private PathMtu() {}

    public static int toward(InetAddress address) throws ErrnoException {
        int fd = Libc.check(Libc.socket(Libc.AF_INET, Libc.SOCK_DGRAM | Libc.SOCK_CLOEXEC, 0), "socket(AF_INET)");
        try (Arena a = Arena.ofConfined()) {
            MemorySegment sa = a.allocate(SocketAddresses.MAX_LENGTH, 4);
            int len = SocketAddresses.writeInet(sa, address, 4789);
            Libc.check(Libc.connect(fd, sa, len), "connect(" + address.getHostAddress() + ")");
            return Libc.getIntOption(fd, Libc.IPPROTO_IP, Libc.IP_MTU, "IP_MTU");
        } finally {
            Libc.close(fd);
        }
    }
}
