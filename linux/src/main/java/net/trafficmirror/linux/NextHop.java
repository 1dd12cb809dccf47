package net.trafficmirror.linux;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Where the kernel would send an IPv4 packet: the outgoing interface and the gateway, if any, as {@code ip route
 * get ADDRESS} asks for them, through one rtnetlink RTM_GETROUTE request (rtnetlink(7), linux/rtnetlink.h), so
 * policy routing, metrics and every table are honoured exactly as for the host's own packets.
 *
 * <pre>
 *  struct nlmsghdr  { u32 nlmsg_len; u16 nlmsg_type; u16 nlmsg_flags; u32 nlmsg_seq; u32 nlmsg_pid; }   16 bytes
 *  struct rtmsg     { u8 family, dst_len, src_len, tos, table, protocol, scope, type; u32 flags; }      12 bytes
 *  struct rtattr    { u16 rta_len; u16 rta_type; } + payload, each padded to 4 bytes
 *  reply: RTM_NEWROUTE with RTA_OIF (u32), RTA_GATEWAY (4 bytes) when the route has one, RTA_PREFSRC;
 *         or NLMSG_ERROR { s32 error; struct nlmsghdr request; } with a negative errno (e.g. -ENETUNREACH)
 * </pre>
 *
 * @param ifindex the outgoing interface
 * @param gateway the next hop when it is not the destination itself (null on a directly connected route)
 */
public record NextHop(int ifindex, Inet4Address gateway) {
    private static final int NETLINK_ROUTE = 0, NLMSG_ERROR = 2, RTM_NEWROUTE = 24, RTM_GETROUTE = 26, NLM_F_REQUEST = 1;
    private static final int RTA_DST = 1, RTA_OIF = 4, RTA_GATEWAY = 5;
    private static final int NLMSGHDR = 16, RTMSG = 12;

    /** The address the next hop's MAC belongs to: the gateway, or the destination on a connected route. */
    public Inet4Address neighbour(Inet4Address destination) { return gateway != null ? gateway : destination; }

    /** Looks up the route to {@code destination} in the caller's network namespace. */
    public static NextHop toward(Inet4Address destination) throws ErrnoException {
        int fd = Libc.check(Libc.socket(Libc.AF_NETLINK, Libc.SOCK_RAW | Libc.SOCK_CLOEXEC, NETLINK_ROUTE), "socket(AF_NETLINK)");
        try (Arena a = Arena.ofConfined()) {
            int length = NLMSGHDR + RTMSG + 8;
            MemorySegment req = a.allocate(length, 4);
            req.set(JAVA_INT, 0, length);
            req.set(JAVA_SHORT, 4, (short) RTM_GETROUTE);
            req.set(JAVA_SHORT, 6, (short) NLM_F_REQUEST);
            req.set(JAVA_INT, 8, 1);
            req.set(JAVA_BYTE, NLMSGHDR, (byte) Libc.AF_INET);
            req.set(JAVA_BYTE, NLMSGHDR + 1, (byte) 32);
            req.set(JAVA_SHORT, NLMSGHDR + RTMSG, (short) 8);
            req.set(JAVA_SHORT, NLMSGHDR + RTMSG + 2, (short) RTA_DST);
            MemorySegment.copy(destination.getAddress(), 0, req, JAVA_BYTE, NLMSGHDR + RTMSG + 4, 4);
            MemorySegment kernel = a.allocate(12, 4); // struct sockaddr_nl, pid 0: the kernel
            kernel.set(JAVA_SHORT, 0, (short) Libc.AF_NETLINK);
            if (Libc.sendto(fd, req, length, 0, kernel, 12) < 0) throw new ErrnoException("sendto(RTM_GETROUTE)", Libc.errno());
            MemorySegment reply = a.allocate(8192, 4);
            long n = Libc.recv(fd, reply, reply.byteSize(), 0);
            if (n < NLMSGHDR) throw new ErrnoException("recv(RTM_GETROUTE)", n < 0 ? Libc.errno() : Libc.EINVAL);
            return parse(reply.asSlice(0, n), destination);
        } finally {
            Libc.close(fd);
        }
    }

    private static NextHop parse(MemorySegment m, Inet4Address destination) throws ErrnoException {
        int type = Short.toUnsignedInt(m.get(JAVA_SHORT, 4));
        if (type == NLMSG_ERROR) {
            int error = -m.get(JAVA_INT, NLMSGHDR);
            throw new ErrnoException("route to " + destination.getHostAddress(), error);
        }
        if (type != RTM_NEWROUTE) throw new ErrnoException("route to " + destination.getHostAddress() + ": netlink message type " + type, Libc.EINVAL);
        int end = Math.min((int) m.byteSize(), m.get(JAVA_INT, 0));
        int ifindex = 0;
        Inet4Address gateway = null;
        for (int at = NLMSGHDR + RTMSG; at + 4 <= end; ) {
            int len = Short.toUnsignedInt(m.get(JAVA_SHORT, at)), attr = m.get(JAVA_SHORT, at + 2) & 0x3fff;
            if (len < 4 || at + len > end) break;
            if (attr == RTA_OIF && len >= 8) ifindex = m.get(JAVA_INT, at + 4);
            if (attr == RTA_GATEWAY && len >= 8) gateway = address(m.asSlice(at + 4, 4).toArray(JAVA_BYTE));
            at += (len + 3) & ~3;
        }
        if (ifindex == 0) throw new ErrnoException("route to " + destination.getHostAddress() + ": no outgoing interface", Libc.ENETUNREACH);
        return new NextHop(ifindex, gateway);
    }

    private static Inet4Address address(byte[] a) {
        try {
            return (Inet4Address) InetAddress.getByAddress(a);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // 4 bytes are always an address
        }
    }
}
