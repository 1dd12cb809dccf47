package net.trafficmirror.collector;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads how many datagrams the kernel dropped on our receive sockets (receive buffer full, the "silent loss" users
 * of capture tools complain about): the last column, {@code drops}, of /proc/net/udp and /proc/net/udp6
 * (net/ipv4/udp.c udp4_format_sock()), for the lines whose local port is one we listen on.
 * Read once a second, off the per-packet path.
 */
final class UdpSocketDrops {
    private final int[] ports;

    UdpSocketDrops(int[] ports) { this.ports = ports.clone(); }

    /** Sum of the drops of all sockets bound to our ports in this network namespace, or -1 if unreadable. */
    long read() {
        long total = 0;
        boolean any = false;
        for (String table : new String[] {"/proc/net/udp", "/proc/net/udp6"}) {
            List<String> lines;
            try {
                lines = Files.readAllLines(Path.of(table));
            } catch (IOException | SecurityException e) {
                continue;
            }
            any = true;
            for (int i = 1; i < lines.size(); i++) {
                String[] f = lines.get(i).trim().split("\\s+");
                if (f.length < 13) continue;
                String local = f[1];
                int port = Integer.parseInt(local.substring(local.indexOf(':') + 1), 16);
                for (int p : ports) {
                    if (p == port) total += Long.parseLong(f[f.length - 1]);
                }
            }
        }
        return any ? total : -1;
    }
}
