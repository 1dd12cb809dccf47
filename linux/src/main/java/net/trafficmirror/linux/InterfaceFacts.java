package net.trafficmirror.linux;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;

/**
 * What the agent must know about a local interface, read in the caller's network namespace: its index
 * (if_nametoindex(3)), MAC (SIOCGIFHWADDR), MTU (SIOCGIFMTU) and primary IPv4 address (SIOCGIFADDR: the
 * interface's first, non-secondary address, which is what AWS calls the ENI's primary private IP), plus the first
 * global IPv6 address from /proc/net/if_inet6 (netdevice(7), proc(5)).
 *
 * @param mac  6 bytes, or empty for interfaces without one (e.g. tun)
 * @param ipv4 null when the interface has no IPv4 address
 * @param ipv6 null when the interface has no global IPv6 address
 */
public record InterfaceFacts(String name, int index, byte[] mac, int mtu, Inet4Address ipv4, Inet6Address ipv6) {

    /** Reads the facts of interface {@code name}; throws {@link NoSuchInterfaceException} when there is none. */
    public static InterfaceFacts of(String name) throws IOException {
        if (name.isEmpty() || name.length() >= Libc.IFNAMSIZ || name.indexOf('/') >= 0)
            throw new NoSuchInterfaceException(name);
        int index = Libc.ifNameToIndex(name);
        if (index == 0) throw new NoSuchInterfaceException(name);
        int fd = Libc.check(Libc.socket(Libc.AF_INET, Libc.SOCK_DGRAM | Libc.SOCK_CLOEXEC, 0), "socket(AF_INET)");
        try (Arena a = Arena.ofConfined()) {
            MemorySegment ifr = a.allocate(Libc.IFREQ_SIZE, 8);
            setName(ifr, name);
            Libc.check(Libc.ioctl(fd, Libc.SIOCGIFMTU, ifr), "ioctl(SIOCGIFMTU, " + name + ")");
            int mtu = ifr.get(JAVA_INT, 16);
            setName(ifr, name);
            Libc.check(Libc.ioctl(fd, Libc.SIOCGIFHWADDR, ifr), "ioctl(SIOCGIFHWADDR, " + name + ")");
            // ARPHRD_ETHER = 1 (linux/if_arp.h): only Ethernet-like interfaces have a 6-byte MAC worth keeping.
            byte[] mac = Short.toUnsignedInt(ifr.get(java.lang.foreign.ValueLayout.JAVA_SHORT, 16)) == 1
                    ? ifr.asSlice(18, 6).toArray(JAVA_BYTE) : new byte[0];
            setName(ifr, name);
            Inet4Address v4 = null;
            if (Libc.ioctl(fd, Libc.SIOCGIFADDR, ifr) == 0) {
                v4 = (Inet4Address) InetAddress.getByAddress(ifr.asSlice(20, 4).toArray(JAVA_BYTE));
            } else if (Libc.errno() != Libc.EADDRNOTAVAIL) {
                throw new ErrnoException("ioctl(SIOCGIFADDR, " + name + ")", Libc.errno());
            }
            return new InterfaceFacts(name, index, mac, mtu, v4, globalIpv6(name));
        } finally {
            Libc.close(fd);
        }
    }

    private static void setName(MemorySegment ifr, String name) {
        ifr.fill((byte) 0);
        ifr.setString(0, name);
    }

    /** /proc/net/if_inet6 lines: address (32 hex), ifindex, prefix length, scope, flags, name; scope 0 is global. */
    private static Inet6Address globalIpv6(String name) throws IOException {
        Path p = Path.of("/proc/net/if_inet6");
        if (!Files.isReadable(p)) return null;
        List<String> lines = Files.readAllLines(p);
        for (String line : lines) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 6 && f[5].equals(name) && f[3].equals("00")) {
                return (Inet6Address) InetAddress.getByAddress(HexFormat.of().parseHex(f[0]));
            }
        }
        return null;
    }

    /** The MAC as {@code 02:00:00:aa:bb:cc}, or empty. */
    public String macText() { return HexFormat.ofDelimiter(":").formatHex(mac); }
}
