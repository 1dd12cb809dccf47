package net.trafficmirror.packet.print;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * TCP and UDP port names as tcpdump shows them without {@code -n} ({@code addrtoname.c:init_servarray()}): the primary
 * name of the first {@code /etc/services} entry for each port and protocol; aliases are not used. The table is the
 * Debian 12 netbase 6.4 services file, bundled so the output does not depend on the host.
 */
final class ServiceNames {
    private static final byte[][] TCP = new byte[65536][];
    private static final byte[][] UDP = new byte[65536][];

    static {
        try (InputStream in = ServiceNames.class.getResourceAsStream("services")) {
            if (in == null) {
                throw new IllegalStateException("services table resource is missing from the jar");
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
            for (String line; (line = r.readLine()) != null; ) {
                int hash = line.indexOf('#');
                String[] f = (hash >= 0 ? line.substring(0, hash) : line).trim().split("\\s+");
                if (f.length < 2) {
                    continue;
                }
                int slash = f[1].indexOf('/');
                if (slash < 0) {
                    continue;
                }
                int port = Integer.parseInt(f[1].substring(0, slash));
                String proto = f[1].substring(slash + 1);
                byte[][] table = proto.equals("tcp") ? TCP : proto.equals("udp") ? UDP : null;
                if (table != null && port >= 0 && port < 65536 && table[port] == null) {
                    table[port] = f[0].getBytes(StandardCharsets.US_ASCII);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private ServiceNames() {}

    static void tcp(int port, boolean named, TextSink out) {
        byte[] name = named ? TCP[port] : null;
        if (name != null) {
            out.append(name);
        } else {
            out.appendDecimal(port);
        }
    }

    static void udp(int port, boolean named, TextSink out) {
        byte[] name = named ? UDP[port] : null;
        if (name != null) {
            out.append(name);
        } else {
            out.appendDecimal(port);
        }
    }
}
