package net.trafficmirror.linux;

import java.io.IOException;
import java.net.Inet4Address;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;

/**
 * The kernel's IPv4 neighbour (ARP) table as /proc/net/arp shows it in the calling thread's network namespace (read
 * through /proc/thread-self, which follows a thread that entered another namespace; proc(5)):
 * {@code IP address, HW type, Flags, HW address, Mask, Device}. Flags 0x2 (ATF_COM) marks a resolved entry; an
 * entry still being resolved shows 00:00:00:00:00:00 without it.
 */
public final class Neighbours {
    private static final int ATF_COM = 0x2;

    private Neighbours() {}

    /** The MAC of {@code address} on interface {@code device} as a 48-bit value, or -1 when not resolved. */
    public static long mac(Inet4Address address, String device) throws IOException {
        String ip = address.getHostAddress();
        for (String line : Files.readAllLines(Path.of("/proc/thread-self/net/arp"))) {
            String[] f = line.trim().split("\\s+");
            if (f.length < 6 || !f[0].equals(ip) || !f[5].equals(device)) continue;
            if ((Integer.decode(f[2]) & ATF_COM) == 0) return -1;
            return HexFormat.fromHexDigitsToLong(f[3].replace(":", ""));
        }
        return -1;
    }
}
