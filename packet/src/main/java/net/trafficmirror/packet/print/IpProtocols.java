package net.trafficmirror.packet.print;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * IP protocol number names: tcpdump's {@code ipproto.c:ipproto_values[]} (the -v header's {@code proto TCP (6)}) and
 * its built-in netdb table ({@code netdb_protoname()}, IANA keywords as /etc/protocols spells them) used without -n,
 * bundled as the resource {@code protocols}.
 */
final class IpProtocols {
    private IpProtocols() {}

    /** {@code ipproto_values[]}, or "unknown". */
    static String verboseName(int p) {
        return switch (p) {
            case 0 -> "Options";
            case 1 -> "ICMP";
            case 2 -> "IGMP";
            case 4 -> "IPIP";
            case 6 -> "TCP";
            case 8 -> "EGP";
            case 9 -> "IGRP";
            case 17 -> "UDP";
            case 33 -> "DCCP";
            case 41 -> "IPv6";
            case 43 -> "Routing";
            case 44 -> "Fragment";
            case 46 -> "RSVP";
            case 47 -> "GRE";
            case 50 -> "ESP";
            case 51 -> "AH";
            case 55 -> "Mobile IP";
            case 58 -> "ICMPv6";
            case 62 -> "Mobile IP (old)";
            case 88 -> "EIGRP";
            case 89 -> "OSPF";
            case 103 -> "PIM";
            case 108 -> "Compressed IP";
            case 112 -> "VRRP";
            case 113 -> "PGM";
            case 132 -> "SCTP";
            case 135 -> "Mobility";
            case 240 -> "pfsync";
            default -> "unknown";
        };
    }

    /** IANA keyword as tcpdump's netdb_protoname() returns it, or null. */
    static String netdbName(int p) {
        return NETDB[p & 0xff];
    }

    private static final String[] NETDB = new String[256];

    static {
        try (InputStream in = IpProtocols.class.getResourceAsStream("protocols")) {
            if (in == null) {
                throw new IllegalStateException("protocols table resource is missing from the jar");
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
            for (String line; (line = r.readLine()) != null; ) {
                if (line.isEmpty() || line.charAt(0) == '#') {
                    continue;
                }
                int space = line.indexOf(' ');
                NETDB[Integer.parseInt(line.substring(0, space))] = line.substring(space + 1);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
