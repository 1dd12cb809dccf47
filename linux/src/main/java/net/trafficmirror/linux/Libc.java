package net.trafficmirror.linux;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * The libc calls the data plane needs, bound through the FFM API (JEP 454) with no JNI: sockets and their options,
 * mmap, poll, batched send/receive (sendmmsg(2), recvmmsg(2)), ioctl and if_nametoindex(3).
 *
 * <p>Every binding captures errno right after the call ({@link Linker.Option#captureCallState}), into a segment
 * owned by the calling thread, so {@link #errno()} is exact even with other threads making calls. The raw
 * methods return the C result unchanged (-1 on failure), which keeps the hot path (poll, sendmmsg, recvmmsg)
 * free of exceptions and allocations; {@link #check} turns a failure into an {@link ErrnoException}.
 *
 * <p>Constants are the x86-64/aarch64 Linux values from the kernel UAPI headers (asm-generic/errno-base.h,
 * asm-generic/socket.h, linux/in.h, linux/if_packet.h, linux/if_ether.h, linux/sockios.h).
 */
public final class Libc {
    // errno (asm-generic/errno-base.h, errno.h)
    public static final int EPERM = 1, ENOENT = 2, EINTR = 4, ENXIO = 6, EAGAIN = 11, ENOMEM = 12, EACCES = 13,
            ENODEV = 19, EINVAL = 22, EMSGSIZE = 90, EPROTONOSUPPORT = 93, EAFNOSUPPORT = 97,
            EADDRNOTAVAIL = 99, ENETDOWN = 100, ENETUNREACH = 101, ENOBUFS = 105, ECONNREFUSED = 111,
            EHOSTUNREACH = 113;

    // socket(2)
    public static final int AF_INET = 2, AF_INET6 = 10, AF_NETLINK = 16, AF_PACKET = 17;
    public static final int SOCK_DGRAM = 2, SOCK_RAW = 3, SOCK_CLOEXEC = 0x80000, SOCK_NONBLOCK = 0x800;
    public static final int IPPROTO_IP = 0, IPPROTO_UDP = 17, IPPROTO_IPV6 = 41, IPPROTO_RAW = 255;
    /** ETH_P_ALL (linux/if_ether.h): every protocol, as AF_PACKET's protocol argument in network byte order. */
    public static final int ETH_P_ALL = 0x0003;

    // setsockopt(2) levels and names
    public static final int SOL_SOCKET = 1, SOL_PACKET = 263;
    public static final int SO_SNDBUF = 7, SO_RCVBUF = 8, SO_PRIORITY = 12, SO_ATTACH_FILTER = 26, SO_DETACH_FILTER = 27,
            SO_SNDBUFFORCE = 32, SO_RCVBUFFORCE = 33, SO_RXQ_OVFL = 40;
    public static final int IP_HDRINCL = 3, IP_RECVERR = 11, IP_MTU_DISCOVER = 10, IP_MTU = 14;
    public static final int IP_PMTUDISC_DONT = 0;
    public static final int PACKET_RX_RING = 5, PACKET_STATISTICS = 6, PACKET_VERSION = 10, PACKET_TX_RING = 13,
            PACKET_LOSS = 14, PACKET_FANOUT = 18, PACKET_QDISC_BYPASS = 20;
    public static final int TPACKET_V2 = 1, TPACKET_V3 = 2;

    // mmap(2), poll(2), send flags
    public static final int PROT_READ = 1, PROT_WRITE = 2, MAP_SHARED = 1, MAP_LOCKED = 0x2000;
    public static final short POLLIN = 1, POLLOUT = 4, POLLERR = 8;
    public static final int MSG_DONTWAIT = 0x40;
    public static final int O_RDONLY = 0, O_CLOEXEC = 0x80000, CLONE_NEWNET = 0x40000000;

    // ioctl(2) requests (linux/sockios.h) and struct ifreq (net/if.h): 16-byte name + 24-byte union
    public static final long SIOCGIFADDR = 0x8915, SIOCGIFMTU = 0x8921, SIOCGIFHWADDR = 0x8927;
    public static final int IFNAMSIZ = 16, IFREQ_SIZE = 40;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CALL_STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final ThreadLocal<MemorySegment> STATE =
            ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(CALL_STATE));

    private static final MethodHandle SOCKET = bind("socket", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle BIND = bind("bind", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle CONNECT = bind("connect", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle CLOSE = bind("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle SETSOCKOPT = bind("setsockopt",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle GETSOCKOPT = bind("getsockopt",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle MMAP = bind("mmap",
            FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG));
    private static final MethodHandle MUNMAP = bind("munmap", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG));
    private static final MethodHandle POLL = bind("poll", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
    private static final MethodHandle SENDMMSG = bind("sendmmsg",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
    private static final MethodHandle RECVMMSG = bind("recvmmsg",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, ADDRESS));
    private static final MethodHandle SENDTO = bind("sendto",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle RECV = bind("recv", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
    private static final MethodHandle IOCTL = LINKER.downcallHandle(LINKER.defaultLookup().findOrThrow("ioctl"),
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, ADDRESS),
            Linker.Option.firstVariadicArg(2), Linker.Option.captureCallState("errno"));
    private static final MethodHandle OPEN = bind("open", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle SETNS = bind("setns", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle SETPRIORITY = bind("setpriority", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle IF_NAMETOINDEX = bind("if_nametoindex", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle STRERROR = LINKER.downcallHandle(LINKER.defaultLookup().findOrThrow("strerror"),
            FunctionDescriptor.of(ADDRESS, JAVA_INT));

    private Libc() {}

    private static MethodHandle bind(String name, FunctionDescriptor fd) {
        return LINKER.downcallHandle(LINKER.defaultLookup().findOrThrow(name), fd, Linker.Option.captureCallState("errno"));
    }

    /** errno left by this thread's most recent call through this class. */
    public static int errno() { return (int) ERRNO.get(STATE.get(), 0L); }

    /** Returns {@code result} unless it is negative, in which case throws with this thread's errno. */
    public static int check(int result, String call) throws ErrnoException {
        if (result < 0) throw new ErrnoException(call, errno());
        return result;
    }

    public static int socket(int domain, int type, int protocol) {
        try { return (int) SOCKET.invokeExact(STATE.get(), domain, type, protocol); }
        catch (Throwable t) { throw rethrow(t); }
    }

    public static int bind(int fd, MemorySegment addr, int len) {
        try { return (int) BIND.invokeExact(STATE.get(), fd, addr, len); }
        catch (Throwable t) { throw rethrow(t); }
    }

    public static int connect(int fd, MemorySegment addr, int len) {
        try { return (int) CONNECT.invokeExact(STATE.get(), fd, addr, len); }
        catch (Throwable t) { throw rethrow(t); }
    }

    public static int close(int fd) {
        try { return (int) CLOSE.invokeExact(STATE.get(), fd); }
        catch (Throwable t) { throw rethrow(t); }
    }

    public static int setsockopt(int fd, int level, int name, MemorySegment value, int len) {
        try { return (int) SETSOCKOPT.invokeExact(STATE.get(), fd, level, name, value, len); }
        catch (Throwable t) { throw rethrow(t); }
    }

    /** setsockopt with an int value; throws on failure. */
    public static void setIntOption(int fd, int level, int name, int value, String what) throws ErrnoException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment v = a.allocate(JAVA_INT);
            v.set(JAVA_INT, 0, value);
            check(setsockopt(fd, level, name, v, 4), "setsockopt(" + what + ")");
        }
    }

    /** getsockopt into {@code value}; {@code lenInOut} is a 4-byte socklen_t holding the size, updated by the kernel. */
    public static int getsockopt(int fd, int level, int name, MemorySegment value, MemorySegment lenInOut) {
        try { return (int) GETSOCKOPT.invokeExact(STATE.get(), fd, level, name, value, lenInOut); }
        catch (Throwable t) { throw rethrow(t); }
    }

    /** getsockopt for an int option; throws on failure. */
    public static int getIntOption(int fd, int level, int name, String what) throws ErrnoException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment v = a.allocate(JAVA_INT), len = a.allocate(JAVA_INT);
            len.set(JAVA_INT, 0, 4);
            check(getsockopt(fd, level, name, v, len), "getsockopt(" + what + ")");
            return v.get(JAVA_INT, 0);
        }
    }

    /** mmap(2); returns {@link MemorySegment#NULL} on failure (errno set), else a segment of {@code length} bytes. */
    public static MemorySegment mmap(long length, int prot, int flags, int fd, long offset) {
        try {
            MemorySegment p = (MemorySegment) MMAP.invokeExact(STATE.get(), MemorySegment.NULL, length, prot, flags, fd, offset);
            return p.address() == -1L ? MemorySegment.NULL : p.reinterpret(length);
        } catch (Throwable t) { throw rethrow(t); }
    }

    public static int munmap(MemorySegment addr, long length) {
        try { return (int) MUNMAP.invokeExact(STATE.get(), addr, length); }
        catch (Throwable t) { throw rethrow(t); }
    }

    /** poll(2) over {@code nfds} struct pollfd (8 bytes each: int fd, short events, short revents). */
    public static int poll(MemorySegment fds, long nfds, int timeoutMillis) {
        try { return (int) POLL.invokeExact(STATE.get(), fds, nfds, timeoutMillis); }
        catch (Throwable t) { throw rethrow(t); }
    }

    /** sendmmsg(2) over {@code vlen} struct mmsghdr (see {@link MessageVector}). */
    public static int sendmmsg(int fd, MemorySegment msgvec, int vlen, int flags) {
        try { return (int) SENDMMSG.invokeExact(STATE.get(), fd, msgvec, vlen, flags); }
        catch (Throwable t) { throw rethrow(t); }
    }

    /** recvmmsg(2); {@code timeout} is a struct timespec or {@link MemorySegment#NULL}. */
    public static int recvmmsg(int fd, MemorySegment msgvec, int vlen, int flags, MemorySegment timeout) {
        try { return (int) RECVMMSG.invokeExact(STATE.get(), fd, msgvec, vlen, flags, timeout); }
        catch (Throwable t) { throw rethrow(t); }
    }

    public static long sendto(int fd, MemorySegment buf, long len, int flags, MemorySegment addr, int addrLen) {
        try { return (long) SENDTO.invokeExact(STATE.get(), fd, buf, len, flags, addr, addrLen); }
        catch (Throwable t) { throw rethrow(t); }
    }

    public static long recv(int fd, MemorySegment buf, long len, int flags) {
        try { return (long) RECV.invokeExact(STATE.get(), fd, buf, len, flags); }
        catch (Throwable t) { throw rethrow(t); }
    }

    /** ioctl(2) with a pointer argument (struct ifreq and friends). */
    public static int ioctl(int fd, long request, MemorySegment arg) {
        try { return (int) IOCTL.invokeExact(STATE.get(), fd, request, arg); }
        catch (Throwable t) { throw rethrow(t); }
    }

    /** open(2) of a path with {@code flags} (O_RDONLY = 0, O_CLOEXEC = 0x80000). */
    public static int open(String path, int flags) {
        try (Arena a = Arena.ofConfined()) {
            return (int) OPEN.invokeExact(STATE.get(), a.allocateFrom(path), flags);
        } catch (Throwable t) { throw rethrow(t); }
    }

    /** setns(2): moves the calling thread into the namespace open at {@code fd}. */
    public static int setns(int fd, int nstype) {
        try { return (int) SETNS.invokeExact(STATE.get(), fd, nstype); }
        catch (Throwable t) { throw rethrow(t); }
    }

    /**
     * Sets the calling thread's nice value (setpriority(2) with PRIO_PROCESS and who 0: on Linux the nice value
     * belongs to the thread). Raising it needs no privilege.
     */
    public static int niceThisThread(int nice) {
        try { return (int) SETPRIORITY.invokeExact(STATE.get(), 0, 0, nice); }
        catch (Throwable t) { throw rethrow(t); }
    }

    /** if_nametoindex(3): the interface index, or 0 when there is no such interface (errno ENODEV). */
    public static int ifNameToIndex(String name) {
        try (Arena a = Arena.ofConfined()) {
            return (int) IF_NAMETOINDEX.invokeExact(STATE.get(), a.allocateFrom(name));
        } catch (Throwable t) { throw rethrow(t); }
    }

    /** strerror(3) text for an errno value. */
    public static String strerror(int errno) {
        try {
            MemorySegment s = (MemorySegment) STRERROR.invokeExact(errno);
            return s.reinterpret(256).getString(0);
        } catch (Throwable t) { throw rethrow(t); }
    }

    /** The symbolic name of the errno values this project meets, else {@code errno N}. */
    public static String errnoName(int errno) {
        return switch (errno) {
            case EPERM -> "EPERM"; case ENOENT -> "ENOENT"; case EINTR -> "EINTR"; case ENXIO -> "ENXIO";
            case EAGAIN -> "EAGAIN"; case ENOMEM -> "ENOMEM"; case EACCES -> "EACCES"; case ENODEV -> "ENODEV";
            case EINVAL -> "EINVAL"; case EMSGSIZE -> "EMSGSIZE"; case EPROTONOSUPPORT -> "EPROTONOSUPPORT";
            case EAFNOSUPPORT -> "EAFNOSUPPORT"; case EADDRNOTAVAIL -> "EADDRNOTAVAIL"; case ENETDOWN -> "ENETDOWN";
            case ENETUNREACH -> "ENETUNREACH"; case ENOBUFS -> "ENOBUFS"; case ECONNREFUSED -> "ECONNREFUSED";
            case EHOSTUNREACH -> "EHOSTUNREACH";
            default -> "errno " + errno;
        };
    }

    /** htons(3). */
    public static short htons(int v) { return Short.reverseBytes((short) v); }

    private static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) return r;
        if (t instanceof Error e) throw e;
        return new IllegalStateException(t);
    }
}
