package net.trafficmirror.packet.print;

import static net.trafficmirror.packet.print.Frames.concat;
import static net.trafficmirror.packet.print.Frames.ether;
import static net.trafficmirror.packet.print.Frames.hex;
import static net.trafficmirror.packet.print.Frames.ipv4;
import static net.trafficmirror.packet.print.Frames.ipv6;
import static net.trafficmirror.packet.print.Frames.tcp;
import static net.trafficmirror.packet.print.Frames.udp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Hand-built frames for every protocol and option the printer decodes (DNS record types, TCP options, ICMP and
 * ICMPv6 types, IPv6 extension headers, tunnels, text protocols), written as a pcap and printed by the real tcpdump
 * 4.99.3 with each flag set: the output must be identical. Runs without -n happen in an empty network namespace
 * (unshare -n) so reverse DNS fails and hosts stay numeric.
 */
@Tag("netns")
class CraftedFramesOracleTest {
    private static final Path TCPDUMP = Path.of("/usr/bin/tcpdump");

    @TempDir
    static Path dir;
    private static Path capture;

    @BeforeAll
    static void writeCapture() throws IOException {
        capture = dir.resolve("crafted.pcap");
        try (OutputStream out = Files.newOutputStream(capture)) {
            Frames.writePcap(out, 1, frames().toArray(new byte[0][]));
        }
    }

    @ParameterizedTest(name = "tcpdump {0}")
    @ValueSource(strings = {"-n", "", "-e", "-n -e", "-n -v", "-n -vv", "-n -vvv", "-n -q", "-n -S", "-n -x",
        "-n -X", "-n -xx", "-n -XX", "-n -#", "-n -tt", "-n -ttt", "-n -ttttt", "-n -tttt --nano", "-v -e"})
    void printsExactlyWhatTcpdumpPrints(String flags) throws Exception {
        boolean namespaced = !flags.contains("-n");
        requireTools(namespaced);
        String expected = tcpdump(capture, flags, namespaced);
        String ours = SyntheticCaptureTest.print(capture, SyntheticCaptureTest.Flags.parse(flags));
        assertEquals(expected, ours, () -> "first difference: " + firstDifference(expected, ours));
    }

    static void requireTools(boolean namespaced) {
        String missing = !Files.isExecutable(TCPDUMP) ? "tcpdump is not installed"
                : namespaced && !"root".equals(System.getProperty("user.name")) ? "unshare -n needs root" : null;
        if (missing == null) {
            return;
        }
        if ("true".equals(System.getenv("CI"))) {
            fail(missing + " (CI must provide it)");
        }
        Assumptions.abort(missing);
    }

    static String tcpdump(Path capture, String flags, boolean namespaced) throws Exception {
        List<String> cmd = new ArrayList<>();
        if (namespaced) {
            cmd.addAll(List.of("unshare", "-n"));
        }
        cmd.addAll(List.of(TCPDUMP.toString(), "-r", capture.toString()));
        for (String f : flags.split(" ")) {
            if (!f.isEmpty()) {
                cmd.add(f);
            }
        }
        Path out = Files.createTempFile(dir, "tcpdump", ".out");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD).redirectInput(new File("/dev/null"));
        pb.environment().put("TZ", "GMT0");
        Process p = pb.start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("tcpdump did not finish");
        }
        return Files.readString(out, StandardCharsets.ISO_8859_1);
    }

    static String firstDifference(String a, String b) {
        String[] x = a.split("\n", -1);
        String[] y = b.split("\n", -1);
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            String l = i < x.length ? x[i] : "<none>";
            String r = i < y.length ? y[i] : "<none>";
            if (!l.equals(r)) {
                return "line " + (i + 1) + "\n tcpdump: " + l + "\n ours:    " + r;
            }
        }
        return "none";
    }

    static List<byte[]> frames() {
        List<byte[]> f = new ArrayList<>();
        // DNS over UDP: query with EDNS, responses with many record types
        byte[] q = dns(0x1234, 0x0100, question("www.example.com", 1), new byte[0], 0, 0,
                hex("0000291000000080000000"), 1);
        f.add(ether(0x0800, ipv4(17, udp(40000, 53, q))));
        byte[] answers = concat(
                rr("www.example.com", 5, hex("03777777066578616d706c6503636f6d00")),
                rr("www.example.com", 1, hex("5db8d822")),
                rr("www.example.com", 28, hex("20010db8000000000000000000000042")),
                rr("example.com", 15, concat(hex("000a"), name("mail.example.com"))),
                rr("example.com", 16, hex("0568656c6c6f05776f726c64")),
                rr("_sip._tcp.example.com", 33, concat(hex("000a0014 13c4"), name("sip.example.com"))),
                rr("1.0.0.10.in-addr.arpa", 12, name("host.example.com")),
                rr("example.com", 2, name("ns1.example.com")),
                rr("example.com", 6, concat(name("ns1.example.com"), name("admin.example.com"),
                        hex("0000000100000e1000000384000927c000000e10"))),
                rr("example.com", 43, hex("1234080201020304")),
                rr("example.com", 65, hex("0001000001000302683200")));
        f.add(ether(0x0800, ipv4(17, udp(53, 40000, dns(0x1234, 0x8180, question("www.example.com", 1), answers,
                11, 0, hex("00002910000000000000"), 1)))));
        f.add(ether(0x0800, ipv4(17, udp(53, 40001, dns(7, 0x8583, question("nope.example", 28), new byte[0], 0,
                0, new byte[0], 0)))));
        // TSIG (RFC 8945): the 16-bit fields after the MAC, whose length says where they start
        f.add(ether(0x0800, ipv4(17, udp(40003, 53, dns(0x2468, 0x0100, question("example.net", 1), new byte[0], 0, 0,
                rr("key.example", 250, concat(name("hmac-sha1"), hex("00005f000000 012c 0004 deadbeef 10e1 0000 0000"))), 1)))));
        byte[] tcpDns = dns(0x4321, 0x0120, question("example.org", 15), new byte[0], 0, 0, new byte[0], 0);
        f.add(ether(0x0800, ipv4(6, tcp(40002, 53, 1000, 2000, 0x18, new byte[0],
                concat(new byte[] {0, (byte) tcpDns.length}, tcpDns)))));
        f.add(ether(0x86dd, ipv6(17, udp(5353, 5353, dns(0, 0, question("printer.local", 12), new byte[0], 0, 0,
                new byte[0], 0)))));
        // TCP: handshake with options, data, HTTP, SACK, FIN, RST, odd options
        byte[] synOpts = hex("020405b40402080a000003e8000000000103030701010101");
        f.add(ether(0x0800, ipv4(6, tcp(40003, 80, 100, 0, 0x02, synOpts, new byte[0]))));
        f.add(ether(0x0800, ipv4(6, tcp(80, 40003, 500, 101, 0x12, synOpts, new byte[0]))));
        f.add(ether(0x0800, ipv4(6, tcp(40003, 80, 101, 501, 0x18, new byte[0],
                "GET /index.html HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII)))));
        f.add(ether(0x0800, ipv4(6, tcp(80, 40003, 501, 137, 0x18, new byte[0],
                "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII)))));
        f.add(ether(0x0800, ipv4(6, tcp(40003, 80, 137, 547, 0x18, new byte[0],
                "PATCH /x HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII)))));
        f.add(ether(0x0800, ipv4(6, tcp(40003, 80, 137, 547, 0x10, hex("0101050a000002590000025e"),
                new byte[0]))));
        f.add(ether(0x0800, ipv4(6, tcp(40003, 80, 137, 547, 0x11, new byte[0], new byte[0]))));
        f.add(ether(0x0800, ipv4(6, tcp(80, 40003, 547, 0, 0x04, new byte[0], new byte[0]))));
        f.add(ether(0x0800, ipv4(6, tcp(41000, 5001, 1, 0, 0x02, concat(hex("1c02 0001"), hex("1d05 0102 03"),
                hex("2202"), hex("fe06 f989 0102"), hex("220a 0011 2233 4455 6677"), hex("4804 0a0b"),
                hex("000000")), new byte[0]))));
        f.add(ether(0x0800, ipv4(6, tcp(41000, 5001, 1, 0, 0x02, concat(hex("1e0c 0081 0102030405060708"),
                hex("00000000")), new byte[0]))));
        f.add(ether(0x0800, ipv4(6, tcp(41001, 22, 1, 1, 0x18, new byte[0],
                "SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n".getBytes(StandardCharsets.US_ASCII)))));
        f.add(ether(0x0800, ipv4(6, tcp(25, 41002, 1, 1, 0x18, new byte[0],
                "220 mail.example ESMTP\r\n".getBytes(StandardCharsets.US_ASCII)))));
        f.add(ether(0x0800, ipv4(6, tcp(41003, 21, 1, 1, 0x18, new byte[0],
                "USER anonymous\r\n".getBytes(StandardCharsets.US_ASCII)))));
        f.add(ether(0x0800, ipv4(6, tcp(41004, 443, 1, 1, 0xff, new byte[0], new byte[] {1, 2, 3}))));
        // ICMP
        byte[] quotedUdp = ipv4(17, Frames.IP_B, Frames.IP_A, new byte[0], udp(33000, 53, new byte[4]));
        f.add(ether(0x0800, ipv4(1, concat(hex("0303 0000 00000000"), quotedUdp))));
        byte[] quotedTcp = ipv4(6, Frames.IP_B, Frames.IP_A, new byte[0], tcp(33001, 443, 1, 0, 2, new byte[0],
                new byte[0]));
        f.add(ether(0x0800, ipv4(1, concat(hex("0304 0000 000005dc"), quotedTcp))));
        f.add(ether(0x0800, ipv4(1, concat(hex("030d 0000 00000000"), quotedTcp))));
        f.add(ether(0x0800, ipv4(1, concat(hex("0b00 0000 00000000"), quotedUdp))));
        f.add(ether(0x0800, ipv4(1, concat(hex("0501 0000 0a0101fe"), quotedUdp))));
        f.add(ether(0x0800, ipv4(1, concat(hex("0c00 0000 14000000"), quotedUdp))));
        f.add(ether(0x0800, ipv4(1, hex("0800 0000 1234 0001 6162636465666768"))));
        f.add(ether(0x0800, ipv4(1, hex("0d00 0000 1234 0002 00000001 00000000 00000000"))));
        f.add(ether(0x0800, ipv4(1, hex("2a00 0000 0000 0000"))));
        // IPv4 options, fragments, unknown protocol, GRE with key
        f.add(ether(0x0800, ipv4(17, Frames.IP_A, Frames.IP_B, hex("94040000"), udp(1000, 2000, new byte[3]))));
        f.add(ether(0x0800, ipv4(99, new byte[12])));
        f.add(ether(0x0800, ipv4(47, concat(hex("2000 0800 0000002a"), ipv4(1, hex("0800 0000 0001 0001"))))));
        // IPv6: TCP, ICMPv6 types, extension headers
        f.add(ether(0x86dd, ipv6(6, tcp(50000, 443, 7, 0, 0x02, hex("020405a0"), new byte[0]))));
        f.add(ether(0x86dd, ipv6(58, hex("8000 0000 0009 0001 61626364"))));
        f.add(ether(0x86dd, ipv6(58, concat(hex("8700 0000 00000000"), Frames.IP6_B, hex("0101 020000000a01")))));
        f.add(ether(0x86dd, ipv6(58, concat(hex("8800 0000 60000000"), Frames.IP6_A, hex("0201 020000000b02")))));
        f.add(ether(0x86dd, ipv6(58, concat(hex("8600 0000 4000 0708 00000000 00000000"),
                hex("0304 40c0 00278d00 00093a80 00000000"), Frames.IP6_B, hex("0501 0000 000005dc")))));
        byte[] quoted6 = ipv6(17, udp(50001, 9999, new byte[4]));
        f.add(ether(0x86dd, ipv6(58, concat(hex("0104 0000 00000000"), quoted6))));
        f.add(ether(0x86dd, ipv6(58, concat(hex("0200 0000 000005dc"), quoted6))));
        f.add(ether(0x86dd, ipv6(58, concat(hex("0300 0000 00000000"), quoted6))));
        f.add(ether(0x86dd, ipv6(58, concat(hex("0401 0000 00000028"), quoted6))));
        f.add(ether(0x86dd, ipv6(0, concat(hex("3a00 0502 0000 0100"),
                hex("8f00 0000 0000 0001 04000000 ff0200000000000000000001ff000001")))));
        f.add(ether(0x86dd, ipv6(44, concat(hex("1100 0001 0000abcd"), udp(1, 2, new byte[8])))));
        f.add(ether(0x86dd, ipv6(44, concat(hex("1100 0100 0000abcd"), new byte[16]))));
        // mobility headers (binding update, ack with a refresh option, error, home test init, unknown, old number)
        f.add(ether(0x86dd, ipv6(135, hex("3b01 0500 0000 0007 c000 0010 0102 0000"))));
        f.add(ether(0x86dd, ipv6(135, hex("3b01 0600 0000 0080 0005 0020 0202 0003"))));
        f.add(ether(0x86dd, ipv6(135, concat(hex("3b02 0700 0000 0100"), Frames.IP6_B))));
        f.add(ether(0x86dd, ipv6(135, hex("3b01 0100 0000 0000 0102 0304 0506 0708"))));
        f.add(ether(0x86dd, ipv6(135, hex("3b00 0900 0000 0000"))));
        f.add(ether(0x86dd, ipv6(62, hex("3b01 0300 0000 0042 0102 0304 0506 0708"))));
        // UDP under a loose source route: the checksum covers the route's last address
        f.add(ether(0x0800, ipv4(17, Frames.IP_A, Frames.IP_B, hex("8307040a03030300"), udp(1000, 2000, new byte[3]))));
        // 802.3 with LLC: STP config, RSTP, TCN; I, S and U frames; SNAP with an ethertype and with another OUI
        f.add(llc(hex("424203 0000 00 00 01 8000020000000a01 00000004 8000020000000b02 8001 0180 1400 0003 0f00")));
        f.add(llc(hex("424203 0000 02 02 7c 8000020000000a01 00000014 8000020000000b02 8002 0000 1400 0200 0f00 00")));
        f.add(llc(hex("424203 0000 00 80")));
        f.add(llc(hex("0200 7700 616263")));
        f.add(llc(hex("f0f1 0103")));
        f.add(llc(hex("0405 af 81 0102")));
        f.add(llc(hex("e0e0 f3 1234")));
        f.add(llc(concat(hex("aaaa03 000000 0800"), ipv4(1, hex("0800 0000 0004 0001")))));
        f.add(llc(hex("aaaa03 00000d 1234 0102")));
        f.add(llc(hex("42")));
        // MPLS stacks (IPv4 under explicit NULL, IPv6 guessed, unknown payload), LLDP, MACsec, loopback
        byte[] echo = ipv4(1, hex("0800 0000 0005 0001"));
        f.add(ether(0x8847, concat(hex("00010a40 00000101"), echo)));
        f.add(ether(0x8847, concat(hex("00064140"), ipv6(58, hex("8000 0000 0009 0001")))));
        f.add(ether(0x8848, hex("00064140 0102030405")));
        f.add(ether(0x88cc, concat(hex("0207 04"), Frames.MAC_A, hex("0405 05 65746830 0602 0078 0804 706f7274"),
                hex("0a03 737731 0c05 4c696e7578 0e04 0014 0004 100c 05 01 0a010101 02 00000003 00"),
                hex("fe06 123456 010203 1202 abcd 0000"))));
        f.add(ether(0x9000, hex("0000 0100 0500 aabb")));
        f.add(ether(0x9000, concat(hex("0000 0200"), Frames.MAC_B, hex("cc"))));
        f.add(ether(0x9000, hex("0300 0000 0000")));
        f.add(ether(0x88e5, hex("0d00 00000005 0102030405060708090a0b0c0d0e0f1011121314")));
        f.add(ether(0x88e5, concat(hex("2000 00000007 0200000000000001 0800"), echo, new byte[16])));
        f.add(ether(0x88e5, concat(hex("0010 00000009 0800"), echo, new byte[16])));
        // ICMPv6 node information: KAME who-are-you, queries by subject kind, replies
        byte[] nonce = hex("0102030405060708");
        f.add(ether(0x86dd, ipv6(58, hex("8b00 0000 0000 0000 00000000"))));
        f.add(ether(0x86dd, ipv6(58, concat(hex("8b00 0000 0003 003e"), nonce, Frames.IP6_B))));
        f.add(ether(0x86dd, ipv6(58, concat(hex("8b01 0000 0002 0000"), nonce, name("host.example")))));
        f.add(ether(0x86dd, ipv6(58, concat(hex("8b00 0000 0001 0001"), nonce))));
        f.add(ether(0x86dd, ipv6(58, concat(hex("8b02 0000 0004 0000"), nonce, Frames.IP_A))));
        f.add(ether(0x86dd, ipv6(58, concat(hex("8c00 0000 0003 0001"), nonce, Frames.IP6_A, hex("00000e10")))));
        f.add(ether(0x86dd, ipv6(58, concat(hex("8c01 0000 0003 0000"), nonce))));
        f.add(ether(0x86dd, ipv6(58, concat(hex("8c00 0000 0002 0001"), nonce, hex("0000003c"),
                name("host.example")))));
        // NTP: client, server with fractions and a key, primary reference, negative delta, old era, control
        f.add(ether(0x0800, ipv4(17, udp(40123, 123, concat(hex("e3 00 06 ec 00000000 00000000 00000000"),
                new byte[24], hex("eeb3b6dd00000000"))))));
        f.add(ether(0x0800, ipv4(17, udp(123, 40123, concat(hex("24 02 fa e9 00011234 0000fffe 0a4d0002"),
                hex("eeb3b6dd80000000 eeb3b6dd00000001 eeb3b6dc40000000 eeb3b6de12345678 00000007"),
                hex("00112233445566778899aabbccddeeff"))))));
        f.add(ether(0x0800, ipv4(17, udp(123, 123, concat(hex("1c 01 11 e0 00000000 00000000 47505300"),
                hex("10000000ffffffff 0000000000000000 0000000000000000 0000000000000000 0102"))))));
        f.add(ether(0x0800, ipv4(17, udp(123, 123, hex("16 82 0001 0615 0000 0000 0004 61626364")))));
        // BOOTP/DHCP: a discover with client options, an ACK from a server with addresses, names and routes
        byte[] chaddr = concat(Frames.MAC_A, new byte[10]);
        byte[] sname = new byte[64];
        sname[0] = 's';
        sname[1] = 'r';
        byte[] discover = concat(hex("01010600 3903f326 0003 8000"), new byte[16], chaddr, new byte[192],
                hex("63825363 3501 01 3d07 01020000000a01 3204 0a010164 0c06 746d686f7374 3704 01030f06 3902 05dc"),
                hex("3c04 74657374 5106 010000 612e62 5208 0102 6331 0202 6332 4d07 0361626302 6465 2e01 08 ff"));
        f.add(ether(0x0800, ipv4(17, Frames.IP_A, Frames.IP_B, new byte[0], udp(68, 67, discover))));
        byte[] ack = concat(hex("02010601 3903f326 0000 0000 00000000 0a010164 0a010101 0a0101fe"), chaddr, sname,
                new byte[128], hex("63825363 3501 05 3604 0a010101 3304 00000e10 0104 ffffff00 0308 0a010101 0a0101fe"),
                hex("0604 08080808 0f07 6578616d706c65 3a04 00000708 3b04 00000c4e 1c04 0a0101ff 1a02 05dc 1301 00"),
                hex("2e01 08 3401 03 7908 18 0a0200 0a010101 00 0a0101fe 4d06 0361626302 6465 c803 010203 00 00 ff"));
        f.add(ether(0x0800, ipv4(17, Frames.IP_B, Frames.IP_A, new byte[0], udp(67, 68, ack))));
        // ICMP time exceeded with an RFC 4884 length and an RFC 4950 MPLS label stack extension (checksum 0x..)
        byte[] original = concat(quotedUdp, new byte[128 - quotedUdp.length]);
        byte[] extension = hex("2000 0000 0008 0101 00010140");
        int sum = 0;
        for (int i = 0; i < extension.length; i += 2) {
            sum += (extension[i] & 0xff) << 8 | (extension[i + 1] & 0xff);
        }
        sum = ~((sum & 0xffff) + (sum >>> 16)) & 0xffff;
        extension[2] = (byte) (sum >> 8);
        extension[3] = (byte) sum;
        f.add(ether(0x0800, ipv4(1, concat(hex("0b00 0000 00200000"), original, extension))));
        f.add(ether(0x0800, ipv4(1, concat(hex("0300 0000 00000000"), original, hex("1000 0000")))));
        // tunnels: VXLAN (inner TCP), Geneve (inner IPv4 and Ethernet)
        byte[] inner = ether(0x0800, ipv4(6, tcp(80, 33962, 2590301871L, 2020809952, 0x12, synOpts, new byte[0])));
        f.add(ether(0x0800, ipv4(17, udp(65431, 4789, concat(hex("0800 0000 701fd900"), inner)))));
        f.add(ether(0x0800, ipv4(17, udp(6081, 6081, concat(hex("0000 0800 000001 00"),
                ipv4(1, hex("0800 0000 0002 0001")))))));
        f.add(ether(0x0800, ipv4(17, udp(6081, 6081, concat(hex("0240 6558 000002 00 0102 8001 00000000"),
                ether(0x0806, arp(1)))))));
        // ARP, VLAN, QinQ, unknown ethertype
        f.add(ether(0x0806, arp(1)));
        f.add(ether(0x0806, arp(2)));
        f.add(ether(0x8100, concat(hex("2064 0800"), ipv4(1, hex("0800 0000 0003 0001")))));
        f.add(ether(0x88a8, concat(hex("00c8 8100 07d1 0806"), arp(1))));
        f.add(ether(0x88b5, hex("0102030405060708090a0b0c0d0e0f1011")));
        // IGMP (with the router alert option), syslog
        byte[] group = {(byte) 224, 0, 0, (byte) 251};
        f.add(ether(0x0800, ipv4(2, Frames.IP_A, group, hex("94040000"), hex("1600 fa0a e00000fb"))));
        f.add(ether(0x0800, ipv4(2, Frames.IP_A, new byte[] {(byte) 224, 0, 0, 22}, hex("94040000"),
                hex("2200 0000 0000 0001 04000000 e00000fb"))));
        f.add(ether(0x0800, ipv4(2, Frames.IP_A, new byte[] {(byte) 224, 0, 0, 1}, new byte[0],
                hex("1164 ee9b 00000000"))));
        f.add(ether(0x0800, ipv4(17, udp(40514, 514, "<34>Nov 27 01:00:00 host x: y".getBytes(
                StandardCharsets.US_ASCII)))));
        // plain UDP and a truncated UDP length
        f.add(ether(0x0800, ipv4(17, udp(1234, 5678, new byte[4]))));
        return f;
    }

    /** An 802.3 frame: the type field holds the LLC payload's length. */
    static byte[] llc(byte[] payload) {
        return ether(payload.length, payload);
    }

    static byte[] arp(int op) {
        return concat(hex("0001 0800 0604 000" + op), Frames.MAC_A, Frames.IP_A,
                op == 1 ? new byte[6] : Frames.MAC_B, Frames.IP_B);
    }

    static byte[] name(String n) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        for (String label : n.split("\\.")) {
            o.write(label.length());
            o.writeBytes(label.getBytes(StandardCharsets.US_ASCII));
        }
        o.write(0);
        return o.toByteArray();
    }

    static byte[] question(String n, int type) {
        return concat(name(n), new byte[] {0, (byte) type, 0, 1});
    }

    static byte[] rr(String owner, int type, byte[] rdata) {
        return concat(name(owner), new byte[] {0, (byte) type, 0, 1, 0, 0, 0x0e, 0x10, 0, (byte) rdata.length},
                rdata);
    }

    static byte[] dns(int id, int flags, byte[] question, byte[] answers, int ancount, int nscount, byte[] additional,
            int arcount) {
        return concat(new byte[] {(byte) (id >> 8), (byte) id, (byte) (flags >> 8), (byte) flags, 0, 1, 0,
            (byte) ancount, 0, (byte) nscount, 0, (byte) arcount}, question, answers, additional);
    }
}
