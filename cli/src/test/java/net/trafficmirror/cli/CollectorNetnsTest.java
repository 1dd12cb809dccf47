package net.trafficmirror.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import net.trafficmirror.packet.io.CaptureReader;
import net.trafficmirror.packet.io.PacketRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tmirror collector} on "Client02" receiving what the kernel's own vxlan device on "Client01" sends
 * (RFC 7348 as Linux implements it), over veths with a 9001-byte MTU, while the real {@code tcpdump -n port 4789}
 * runs on the same interface: the collector's text must be tcpdump's, line for line (timestamps aside); its pcap
 * must hold exactly the frames the vxlan device sent (captured by tcpdump on that device), jumbo frames whole.
 */
@Tag("netns")
class CollectorNetnsTest {
    static final int VNI = 7348185;
    @TempDir Path dir;

    static List<String> tmirror(String... args) {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-XX:+UseSerialGC", "-cp", cp, Tmirror.class.getName()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** Through UDP sockets: the outer headers are rebuilt, so the comparison is at tcpdump's default verbosity. */
    @Test void socketTextEqualsTcpdumpOnTheTargetAndFilesEqualWhatWasSent() throws Exception {
        scenario(List.of("--listen", "0.0.0.0:4789", "-n"), List.of("-n"));
    }

    /** From the interface ring: the real outer headers and kernel timestamps, so even -v and -e output match. */
    @Test void ringTextEqualsTcpdumpVerboseAndFilesEqualWhatWasSent() throws Exception {
        scenario(List.of("--capture", "IFACE", "--nft-drop", "-n", "-v", "-e"), List.of("-n", "-v", "-e"));
    }

    void scenario(List<String> collectorArgs, List<String> tcpdumpFlags) throws Exception {
        NamespacePair.requirePrivileges();
        NamespacePair.requireTool("tcpdump");
        NamespacePair.requireTool("nft");
        try (NamespacePair net = new NamespacePair()) {
            String vx = "tmx" + net.suffix;
            net.exec(net.source, "ip", "link", "add", vx, "type", "vxlan", "id", Integer.toString(VNI), "remote",
                    NamespacePair.TARGET_IP, "local", NamespacePair.SOURCE_IP, "dstport", "4789", "dev", net.sourceLink);
            net.exec(net.source, "sysctl", "-qw", "net.ipv6.conf." + vx + ".disable_ipv6=1");
            net.exec(net.source, "ip", "addr", "add", "192.168.77.1/24", "dev", vx);
            net.exec(net.source, "ip", "link", "set", vx, "up");
            net.exec(net.source, "ip", "neigh", "add", "192.168.77.2", "lladdr", "02:00:00:00:77:02", "dev", vx);

            Process sent = net.start(net.source, dir.resolve("sent.out"), dir.resolve("sent.err"),
                    "tcpdump", "-i", vx, "-U", "-w", dir.resolve("sent.pcap").toString());
            List<String> tcpdump = new ArrayList<>(List.of("tcpdump", "-i", net.targetLink));
            tcpdump.addAll(tcpdumpFlags);
            tcpdump.add("udp port 4789 or udp port 6081");
            Process seen = net.start(net.target, dir.resolve("tcpdump.txt"), dir.resolve("tcpdump.err"), tcpdump.toArray(String[]::new));
            NamespacePair.awaitText(dir.resolve("sent.err"), "listening on", sent);
            NamespacePair.awaitText(dir.resolve("tcpdump.err"), "listening on", seen);
            Path files = dir.resolve("pcap");
            List<String> args = new ArrayList<>(List.of("collector", "--print", "-w", files.toString(),
                    "--flows", dir.resolve("flows.json").toString(), "--sessions", VNI + "=Client01"));
            for (String a : collectorArgs) args.add(a.equals("IFACE") ? net.targetLink : a);
            Process collector = net.start(net.target, dir.resolve("collector.txt"), dir.resolve("collector.err"),
                    tmirror(args.toArray(String[]::new)).toArray(String[]::new));
            NamespacePair.awaitText(dir.resolve("collector.err"), "listening on", collector);

            // Traffic through the vxlan device: pings (one of them jumbo), a UDP datagram, a TCP SYN.
            // Nobody answers behind the static neighbour entry: ping exits 1 by design.
            net.exec(net.source, "bash", "-c", "ping -c 3 -i 0.2 -W 1 192.168.77.2 >/dev/null; ping -c 2 -i 0.2 -s 8900 -W 1 192.168.77.2 >/dev/null; true");
            net.exec(net.source, "bash", "-c", "echo hello > /dev/udp/192.168.77.2/9999");
            net.exec(net.source, "bash", "-c", "timeout 0.5 bash -c 'echo > /dev/tcp/192.168.77.2/80' || true");
            // GENEVE-wrapped VXLAN as a Gateway Load Balancer delivers it, crafted and sent over a socket.
            net.exec(net.source, "python3", "-c", GWLB_SENDER);
            Thread.sleep(1500);

            assertThat(NamespacePair.terminate(collector)).isZero();
            // The collector removed its nftables table (if it made one) on SIGTERM.
            assertThat(net.exec(net.target, "nft", "list", "tables")).doesNotContain("tmirror_collector");
            NamespacePair.terminate(seen);
            NamespacePair.terminate(sent);

            List<byte[]> sentFrames = MirrorTestbed.frames(dir.resolve("sent.pcap"));
            Path sessionFile;
            try (Stream<Path> s = Files.list(files)) {
                sessionFile = s.filter(p -> p.getFileName().toString().startsWith("Client01_vni" + VNI + "_")).findFirst().orElseThrow();
            }
            List<byte[]> recorded = MirrorTestbed.frames(sessionFile);
            assertThat(recorded).hasSameSizeAs(sentFrames);
            for (int i = 0; i < recorded.size(); i++) assertThat(recorded.get(i)).as("frame %d", i).isEqualTo(sentFrames.get(i));
            assertThat(recorded).anyMatch(f -> f.length == 14 + 20 + 8 + 8900);
            String err = Files.readString(dir.resolve("collector.err"));
            assertThat(err).contains("session Client01 (vni " + VNI + "): " + sentFrames.size() + " packets");
            assertThat(err).contains("session vni-99 (vni 99): 1 packets");
            assertThat(Files.readString(dir.resolve("flows.json"))).contains("\"proto\":1,").contains("\"packets\":5,");
            List<String> want = new ArrayList<>(withoutTimestamps(Files.readAllLines(dir.resolve("tcpdump.txt"))));
            // tcpdump ends with one empty line when stopped by a signal (checked by hand: not part of any packet).
            if (!want.isEmpty() && want.getLast().isEmpty()) want.removeLast();
            List<String> got = withoutTimestamps(Files.readAllLines(dir.resolve("collector.txt")));
            assertThat(want).hasSizeGreaterThanOrEqualTo(2 * 8);
            assertThat(got).as(Files.readString(dir.resolve("collector.err"))).isEqualTo(want);

        }
    }

    /** GENEVE (proto IPv4, an AWS-style option) around 10.100.0.223 → 10.100.0.177 UDP 4789 VXLAN VNI 99 → a UDP frame. */
    static final String GWLB_SENDER = """
            import socket, struct
            def csum(b):
                s = sum(struct.unpack('!%dH' % (len(b) // 2), b))
                while s >> 16: s = (s & 0xffff) + (s >> 16)
                return ~s & 0xffff
            def ipv4(src, dst, proto, payload):
                h = struct.pack('!BBHHHBBH4s4s', 0x45, 0, 20 + len(payload), 1, 0x4000, 64, proto, 0, socket.inet_aton(src), socket.inet_aton(dst))
                return h[:10] + struct.pack('!H', csum(h)) + h[12:] + payload
            udp_inner = struct.pack('!HHHH', 5000, 6000, 8 + 4, 0) + b'gwlb'
            frame = bytes.fromhex('020000000002' '020000000001' '0800') + ipv4('172.16.0.1', '172.16.0.2', 17, udp_inner)
            vxlan = struct.pack('!II', 0x08000000, 99 << 8) + frame
            mirror = ipv4('10.100.0.223', '10.100.0.177', 17, struct.pack('!HHHH', 51000, 4789, 8 + len(vxlan), 0) + vxlan)
            geneve = struct.pack('!BBHI', 2, 0, 0x0800, 0x123456 << 8) + bytes.fromhex('0108010200000002') + mirror
            s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            s.sendto(geneve, ('10.100.0.177', 6081))
            """;

    static List<String> withoutTimestamps(List<String> lines) {
        return lines.stream().map(l -> l.replaceFirst("^\\d\\d:\\d\\d:\\d\\d\\.\\d{6} ", "")).toList();
    }
}
