package net.trafficmirror.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.trafficmirror.linux.TestNamespaces;
import net.trafficmirror.mirror.Direction;
import net.trafficmirror.mirror.MirrorState;
import net.trafficmirror.mirror.config.MirrorConfig;
import net.trafficmirror.mirror.eval.EvalOptions;
import net.trafficmirror.mirror.eval.InterfacePlan;
import net.trafficmirror.mirror.eval.PlanCompiler;
import net.trafficmirror.mirror.eval.SessionPlan;
import net.trafficmirror.packet.FrameSummary;
import net.trafficmirror.packet.LinkType;
import net.trafficmirror.packet.io.CaptureReader;
import net.trafficmirror.packet.io.PacketRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The seed scenario in namespaces, with the real {@code tmirror agent} process: Client01, Client02 and a web/DNS
 * server on one bridge, so Client02 (the target) is reached through Client01's mirrored interface. Client01 runs
 * curl, a DNS query and ping. The real tcpdump captures Client01's interface and, on Client02, UDP 4789.
 *
 * <p>The check: every frame of Client01's capture that the configuration's filters accept (decided by the mirror
 * model's evaluator, independently of the agent) arrives on Client02 exactly once, byte for byte, inside VXLAN
 * with its session's VNI and cut to its packet length (and the GRO super-packets of a 300 kB download cut to what
 * the 1500-byte path carries, and counted); nothing else arrives (the rejected DNS queries, ARP, the
 * agent's own VXLAN, which also leaves through Client01's interface, and the ICMP port unreachable errors Client02
 * answers it with, which come back through it); tcpdump on Client02 prints the seed's VXLAN
 * lines; the agent's counters add up and its Prometheus endpoint agrees.
 */
@Tag("netns")
class AgentEndToEndTest {
    private static final int PROTO_IGMP = 2;

    static final String VNI = "7348185";

    @Test
    void mirrorsWhatTheFiltersAcceptExactlyOnce() throws Exception {
        TestNamespaces.requireRootAndTools("tcpdump", "ping", "curl", "python3");
        try {
            scenario();
        } catch (AssertionError first) {
            // On a 2-core machine shared with the rest of the suite, a starved capture can lose a frame that the
            // separately running tcpdump saw. One more run on fresh namespaces must then be exact.
            System.err.println("AgentEndToEndTest: first run failed, retrying once: " + first.getMessage());
            scenario();
        }
    }

    private void scenario() throws Exception {
        Path dir = Files.createTempDirectory("tmagent");
        try (TestNamespaces lab = new TestNamespaces()) {
            String sw = lab.namespace("sw"), c1 = lab.namespace("c1"), c2 = lab.namespace("c2"), web = lab.namespace("wb");
            for (String ns : List.of(sw, c1, c2, web))
                lab.exec(ns, "sysctl", "-qw", "net.ipv6.conf.all.disable_ipv6=1", "net.ipv6.conf.default.disable_ipv6=1");
            String bridge = "tmbr" + lab.suffix, if1 = "tmc1" + lab.suffix, if2 = "tmc2" + lab.suffix, ifw = "tmwb" + lab.suffix;
            lab.exec(sw, "ip", "link", "add", bridge, "type", "bridge");
            lab.exec(sw, "ip", "link", "set", bridge, "up");
            lab.veth(c1, if1, "10.100.0.223/24", sw, "tmp1" + lab.suffix, null);
            lab.veth(c2, if2, "10.100.0.177/24", sw, "tmp2" + lab.suffix, null);
            lab.veth(web, ifw, "10.100.0.10/24", sw, "tmpw" + lab.suffix, null);
            for (String port : List.of("tmp1", "tmp2", "tmpw")) lab.exec(sw, "ip", "link", "set", port + lab.suffix, "master", bridge);

            Path config = dir.resolve("mirror.yaml");
            Files.writeString(config, configYaml(if1));
            Path www = Files.createDirectories(dir.resolve("www"));
            Files.writeString(www.resolve("index.html"), "checkip 203.0.113.7\n");
            Files.write(www.resolve("big.bin"), new byte[300_000]); // TSO/GRO super-packets on the way in
            lab.spawn(web, dir.resolve("http.log").toFile(), "python3", "-m", "http.server", "--bind", "10.100.0.10",
                    "--directory", www.toString(), "8000");
            lab.spawn(web, dir.resolve("dns.log").toFile(), "python3", "-c", DNS_RESPONDER);

            File agentLog = dir.resolve("agent.log").toFile();
            String java = ProcessHandle.current().info().command().orElse(System.getProperty("java.home") + "/bin/java");
            Process agent = lab.spawn(c1, agentLog, java, "--enable-native-access=ALL-UNNAMED", "-cp",
                    System.getProperty("java.class.path"), Tmirror.class.getName(), "agent", "--interface", if1,
                    "--config", config.toString(), "--metrics", "127.0.0.1:9464");
            waitFor(agentLog, "tmirror agent: capturing", 30);

            Path c1Pcap = dir.resolve("c1.pcap"), c2Pcap = dir.resolve("c2.pcap");
            Process tcpdump2 = lab.spawn(c2, dir.resolve("c2.txt").toFile(), "tcpdump", "--immediate-mode", "-i", if2, "-n", "-U", "-w", c2Pcap.toString(), "udp", "port", "4789");
            Process tcpdump2Text = lab.spawn(c2, dir.resolve("c2-text.txt").toFile(), "tcpdump", "--immediate-mode", "-i", if2, "-n", "-l", "udp", "port", "4789");
            Thread.sleep(1000);
            Process tcpdump1 = lab.spawn(c1, dir.resolve("c1.txt").toFile(), "tcpdump", "--immediate-mode", "-i", if1, "-U", "-w", c1Pcap.toString());
            Thread.sleep(1500);

            String page = lab.exec(c1, "curl", "-s", "http://10.100.0.10:8000/index.html");
            assertThat(page).isEqualTo("checkip 203.0.113.7\n");
            assertThat(lab.exec(c1, "curl", "-s", "-o", "/dev/null", "-w", "%{size_download}", "http://10.100.0.10:8000/big.bin")).isEqualTo("300000");
            String answer = lab.exec(c1, "python3", "-c", DNS_QUERY);
            assertThat(answer.trim()).isEqualTo("10.100.0.10");
            lab.exec(c1, "ping", "-c", "3", "-i", "0.2", "-s", "200", "10.100.0.10");
            Thread.sleep(1000);
            stop(tcpdump1);
            // The agent runs at nice 10: on a busy machine it may still be sending. Wait until Client02 has it all.
            int settled = -1;
            for (int i = 0; i < 30; i++) {
                Thread.sleep(1000);
                int n = frames(c2Pcap).size();
                if (n == settled) break;
                settled = n;
            }
            stop(tcpdump2);
            // The text tcpdump prints more slowly than the other writes: let it catch up before stopping it.
            int vxlanFrames = frames(c2Pcap).size();
            long printed = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            while (System.nanoTime() < printed
                    && Files.readAllLines(dir.resolve("c2-text.txt")).stream().filter(l -> l.contains(".4789: VXLAN")).count() < vxlanFrames)
                Thread.sleep(200);
            stop(tcpdump2Text);
            String metrics = lab.exec(c1, "curl", "-s", "http://127.0.0.1:9464/metrics");
            stop(agent);
            String agentOut = Files.readString(agentLog.toPath());

            // What should arrive: Client01's frames the mirror model accepts, cut to the session's packet length.
            MirrorState state = MirrorConfig.load(config).state();
            String eni = state.interfaceNamed(null, if1).orElseThrow().id();
            InterfacePlan plan = PlanCompiler.compile(state, eni, EvalOptions.DEFAULT);
            byte[] mac1 = HexFormat.ofDelimiter(":").parseHex(lab.exec(c1, "cat", "/sys/class/net/" + if1 + "/address").trim());
            Map<String, Integer> expected = new HashMap<>();
            int ownTunnel = 0, tunnelErrors = 0, rejectedDns = 0, icmpTruncated = 0, superPackets = 0;
            FrameSummary s = new FrameSummary();
            for (byte[] f : frames(c1Pcap)) {
                s.decode(f, 0, f.length, f.length, LinkType.ETHERNET);
                if (s.protocol == FrameSummary.PROTO_UDP && s.dstPort == 4789) { ownTunnel++; continue; }
                if (s.protocol == PROTO_IGMP) continue; // see below
                // Client02 has no socket on 4789: it answers VXLAN with ICMP port unreachable, quoting it (RFC 792).
                if (s.protocol == FrameSummary.PROTO_ICMP && s.icmpType == 3 && f.length > 14 + 20 + 8 + 20 + 4
                        && ((f[14 + 20 + 8 + 20 + 2] & 0xff) << 8 | f[14 + 20 + 8 + 20 + 3] & 0xff) == 4789) { tunnelErrors++; continue; }
                Direction d = Arrays.equals(Arrays.copyOfRange(f, 6, 12), mac1) ? Direction.EGRESS : Direction.INGRESS;
                int i = plan.decide(s, d);
                if (s.protocol == FrameSummary.PROTO_UDP && s.dstPort == 53) { assertThat(i).isNegative(); rejectedDns++; }
                if (i < 0) continue;
                SessionPlan session = plan.sessions().get(i);
                int keep = session.truncatedLength(f.length, s.ipVersion);
                if (keep < f.length) icmpTruncated++;
                // What the 1500-byte path to Client02 carries: 1500 minus outer IPv4, UDP and VXLAN (36 bytes).
                if (keep > 1500 - 36) { keep = 1500 - 36; superPackets++; }
                expected.merge(session.vni() + "/" + HexFormat.of().formatHex(f, 0, keep), 1, Integer::sum);
            }
            Map<String, Integer> arrived = new HashMap<>();
            for (byte[] f : frames(c2Pcap)) {
                assertThat(f[42]).as("VXLAN flags").isEqualTo((byte) 0x08);
                int vni = (f[46] & 0xff) << 16 | (f[47] & 0xff) << 8 | f[48] & 0xff;
                // The kernel sends unsolicited IGMP reports when an interface comes up, at times of its own: the
                // agent may see one that tcpdump on Client01, started separately, does not. Neither side counts them.
                s.decode(f, 50, f.length - 50, f.length - 50, LinkType.ETHERNET);
                if (s.protocol == PROTO_IGMP) continue;
                arrived.merge(vni + "/" + HexFormat.of().formatHex(f, 50, f.length), 1, Integer::sum);
            }
            assertThat(ownTunnel).as("the target is reached through the mirrored interface").isPositive();
            assertThat(tunnelErrors).as("the target's ICMP errors about the tunnel come back through it").isPositive();
            assertThat(rejectedDns).as("DNS queries were sent and rejected by the filter").isPositive();
            assertThat(icmpTruncated).as("pings were cut to the packet length").isPositive();
            assertThat(superPackets).as("the download arrived as super-packets larger than the path MTU").isPositive();
            assertThat(expected).isNotEmpty();
            java.util.Set<String> missing = new java.util.TreeSet<>(), extra = new java.util.TreeSet<>();
            expected.forEach((k, v) -> { if (!v.equals(arrived.get(k))) missing.add(k.substring(0, Math.min(140, k.length())) + " len " + k.length() + " x" + v + "/" + arrived.get(k)); });
            arrived.forEach((k, v) -> { if (!expected.containsKey(k)) extra.add(k.substring(0, Math.min(140, k.length())) + " len " + k.length() + " x" + v); });
            assertThat(missing).as("expected but not arrived exactly once").isEmpty();
            assertThat(extra).as("arrived but not expected").isEmpty();

            // tcpdump on Client02 prints the seed's outer lines: one source port per flow, from the dynamic range.
            Pattern line = Pattern.compile("^\\d\\d:\\d\\d:\\d\\d\\.\\d{6} IP 10\\.100\\.0\\.223\\.(\\d+) > 10\\.100\\.0\\.177\\.4789: "
                    + "VXLAN, flags \\[I\\] \\(0x08\\), vni (\\d+)$");
            List<String> text = Files.readAllLines(dir.resolve("c2-text.txt"), StandardCharsets.UTF_8);
            Map<String, Set<Integer>> portsByHttpFlow = new HashMap<>();
            Pattern httpFlow = Pattern.compile("IP 10\\.100\\.0\\.(?:223\\.(\\d+) > 10\\.100\\.0\\.10\\.8000|10\\.8000 > 10\\.100\\.0\\.223\\.(\\d+)):");
            int outer = 0;
            for (int i = 0; i < text.size(); i++) {
                Matcher m = line.matcher(text.get(i));
                if (!m.matches()) continue;
                outer++;
                int port = Integer.parseInt(m.group(1));
                assertThat(port).isBetween(49152, 65535);
                Matcher flow = i + 1 < text.size() ? httpFlow.matcher(text.get(i + 1)) : null;
                if (flow != null && flow.find())
                    portsByHttpFlow.computeIfAbsent(flow.group(1) != null ? flow.group(1) : flow.group(2), k -> new TreeSet<>()).add(port);
            }
            // A printing tcpdump can fall behind and drop on a busy machine; the pcap above is the exact record.
            assertThat(outer).isPositive().isLessThanOrEqualTo(arrived.values().stream().mapToInt(Integer::intValue).sum());
            assertThat(portsByHttpFlow).as("the two HTTP flows").hasSize(2);
            portsByHttpFlow.forEach((flow, ports) -> assertThat(ports).as("both directions of HTTP flow %s share one outer source port", flow).hasSize(1));

            // Counters: seen = mirrored + skipped + not mirrored, nothing skipped, and the endpoint agrees.
            Matcher in = Pattern.compile(if1 + " ingress: seen (\\d+) = mirrored (\\d+) \\+ skipped (\\d+) \\+ not mirrored (\\d+)").matcher(agentOut);
            assertThat(in.find()).as(agentOut).isTrue();
            assertThat(Long.parseLong(in.group(1))).isEqualTo(Long.parseLong(in.group(2)) + Long.parseLong(in.group(3)) + Long.parseLong(in.group(4)));
            assertThat(in.group(3)).isEqualTo("0");
            Matcher cut = Pattern.compile(if1 + " ingress: .*to path MTU (\\d+)").matcher(agentOut);
            assertThat(cut.find()).isTrue();
            assertThat(Integer.parseInt(cut.group(1))).as("super-packets cut to the path MTU are counted").isEqualTo(superPackets);
            assertThat(metrics).contains("NetworkPacketsMirrorIn_total{interface=\"" + if1 + "\"}");
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void stop(Process p) throws InterruptedException {
        p.destroy();
        p.waitFor(10, TimeUnit.SECONDS);
    }

    private static void waitFor(File log, String text, int seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            if (log.exists() && Files.readString(log.toPath()).contains(text)) return;
            Thread.sleep(100);
        }
        throw new AssertionError("no '" + text + "' in " + log + ": " + (log.exists() ? Files.readString(log.toPath()) : ""));
    }

    static List<byte[]> frames(Path pcap) throws IOException {
        List<byte[]> out = new ArrayList<>();
        try (CaptureReader r = CaptureReader.open(pcap)) {
            PacketRecord rec = new PacketRecord();
            while (r.next(rec)) out.add(Arrays.copyOfRange(rec.buffer, rec.offset, rec.offset + rec.caplen));
        }
        return out;
    }

    /** The seed's configuration, with two sessions so that truncation and session order are exercised too. */
    static String configYaml(String device) {
        return """
                AWSTemplateFormatVersion: '2010-09-09'
                Resources:
                  Client01Interface:
                    Type: AWS::EC2::NetworkInterface
                    Properties:
                      PrivateIpAddress: 10.100.0.223
                      Tags:
                        - {Key: tmirror:interface, Value: %s}
                  Client02Interface:
                    Type: AWS::EC2::NetworkInterface
                    Properties:
                      PrivateIpAddress: 10.100.0.177
                  Target:
                    Type: AWS::EC2::TrafficMirrorTarget
                    Properties:
                      NetworkInterfaceId: !Ref Client02Interface
                  Main:
                    Type: AWS::EC2::TrafficMirrorFilter
                  InAll:
                    Type: AWS::EC2::TrafficMirrorFilterRule
                    Properties: {TrafficMirrorFilterId: !Ref Main, TrafficDirection: ingress, RuleNumber: 100, RuleAction: accept,
                                 SourceCidrBlock: 0.0.0.0/0, DestinationCidrBlock: 0.0.0.0/0}
                  OutNoDns:
                    Type: AWS::EC2::TrafficMirrorFilterRule
                    Properties: {TrafficMirrorFilterId: !Ref Main, TrafficDirection: egress, RuleNumber: 100, RuleAction: reject,
                                 Protocol: 17, DestinationPortRange: {FromPort: 53, ToPort: 53},
                                 SourceCidrBlock: 0.0.0.0/0, DestinationCidrBlock: 0.0.0.0/0}
                  OutTcp:
                    Type: AWS::EC2::TrafficMirrorFilterRule
                    Properties: {TrafficMirrorFilterId: !Ref Main, TrafficDirection: egress, RuleNumber: 200, RuleAction: accept,
                                 Protocol: 6, SourceCidrBlock: 0.0.0.0/0, DestinationCidrBlock: 0.0.0.0/0}
                  Pings:
                    Type: AWS::EC2::TrafficMirrorFilter
                  OutIcmp:
                    Type: AWS::EC2::TrafficMirrorFilterRule
                    Properties: {TrafficMirrorFilterId: !Ref Pings, TrafficDirection: egress, RuleNumber: 100, RuleAction: accept,
                                 Protocol: 1, SourceCidrBlock: 0.0.0.0/0, DestinationCidrBlock: 0.0.0.0/0}
                  Session1:
                    Type: AWS::EC2::TrafficMirrorSession
                    Properties: {NetworkInterfaceId: !Ref Client01Interface, TrafficMirrorTargetId: !Ref Target,
                                 TrafficMirrorFilterId: !Ref Main, SessionNumber: 1, VirtualNetworkId: %s}
                  Session2:
                    Type: AWS::EC2::TrafficMirrorSession
                    Properties: {NetworkInterfaceId: !Ref Client01Interface, TrafficMirrorTargetId: !Ref Target,
                                 TrafficMirrorFilterId: !Ref Pings, SessionNumber: 2, VirtualNetworkId: 4242, PacketLength: 64}
                """.formatted(device, VNI);
    }

    /** A DNS server that answers every A query with 10.100.0.10 (RFC 1035 §4.1: header, question echoed, one answer). */
    static final String DNS_RESPONDER = """
            import socket
            s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            s.bind(('10.100.0.10', 53))
            while True:
                q, peer = s.recvfrom(512)
                s.sendto(q[:2] + b'\\x81\\x80' + q[4:6] + b'\\x00\\x01\\x00\\x00\\x00\\x00' + q[12:]
                         + b'\\xc0\\x0c\\x00\\x01\\x00\\x01\\x00\\x00\\x00\\x3c\\x00\\x04' + bytes([10, 100, 0, 10]), peer)
            """;

    /** A query for checkip.amazonaws.com; prints the answer's address. */
    static final String DNS_QUERY = """
            import socket
            s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            s.settimeout(5)
            name = b''.join(bytes([len(p)]) + p for p in b'checkip.amazonaws.com'.split(b'.')) + b'\\x00'
            s.sendto(b'\\x12\\x34\\x01\\x00\\x00\\x01\\x00\\x00\\x00\\x00\\x00\\x00' + name + b'\\x00\\x01\\x00\\x01', ('10.100.0.10', 53))
            r = s.recv(512)
            print('.'.join(str(b) for b in r[-4:]))
            """;
}
