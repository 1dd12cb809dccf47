package net.trafficmirror.cli;

import static org.assertj.core.api.Assertions.assertThat;

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
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
 * lines; the agent exits 0 on SIGTERM with counters that add up, and its Prometheus endpoint agrees.
 *
 * <p>Conclusive on a starved machine: missing frames are told apart by the agent's and tcpdump's counters
 * ({@link MirrorComparison}): accounted for, one more run on fresh namespaces; otherwise, like duplicates and
 * unexpected frames, a failure at once with the frames and the counters.
 */
@Tag("netns")
class AgentEndToEndTest {
    private static final int PROTO_IGMP = 2;

    static final String VNI = "7348185";

    @Test
    void mirrorsWhatTheFiltersAcceptExactlyOnce(@TempDir Path dir) throws Exception {
        TestNamespaces.requireRootAndTools("tcpdump", "ping", "curl", "python3");
        int[] run = {0};
        MirrorComparison.retryOnceWhenStarved("AgentEndToEndTest", () -> scenario(Files.createDirectories(dir.resolve("run" + ++run[0]))));
    }

    private MirrorComparison scenario(Path dir) throws Exception {
        try (MirrorTestbed bed = new MirrorTestbed(dir)) {
            TestNamespaces lab = bed.lab;
            String sw = bed.host("sw"), c1 = bed.host("c1"), c2 = bed.host("c2"), web = bed.host("wb");
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

            MirrorTestbed.Agent agent = bed.agent(c1, List.of(), "--interface", if1, "--config", config.toString(), "--metrics", "127.0.0.1:9464");
            // Buffers as large as the agent's ring (64 MiB), so that the references drop only when the machine starves.
            MirrorTestbed.Capture tcpdump2 = bed.tcpdump(c2, "c2", "--immediate-mode", "-B", "65536", "-i", if2, "-n", "-U", "udp", "port", "4789");
            Path c2Text = dir.resolve("c2-text.txt");
            Process tcpdump2Text = lab.spawn(c2, c2Text.toFile(), "tcpdump", "--immediate-mode", "-i", if2, "-n", "-l", "udp", "port", "4789");
            NamespacePair.awaitText(c2Text, "listening on", tcpdump2Text);
            MirrorTestbed.Capture tcpdump1 = bed.tcpdump(c1, "c1", "--immediate-mode", "-B", "65536", "-i", if1, "-U");
            Thread.sleep(500);

            String page = lab.exec(c1, "curl", "-s", "http://10.100.0.10:8000/index.html");
            assertThat(page).isEqualTo("checkip 203.0.113.7\n");
            assertThat(lab.exec(c1, "curl", "-s", "-o", "/dev/null", "-w", "%{size_download}", "http://10.100.0.10:8000/big.bin")).isEqualTo("300000");
            String answer = lab.exec(c1, "python3", "-c", DNS_QUERY);
            assertThat(answer.trim()).isEqualTo("10.100.0.10");
            lab.exec(c1, "ping", "-c", "3", "-i", "0.2", "-s", "200", "10.100.0.10");
            Thread.sleep(1000);
            long dropped1 = tcpdump1.stop();
            // The agent runs at nice 10: on a busy machine it may still be sending. Wait until Client02 has it all.
            int settled = -1;
            for (int i = 0; i < 30; i++) {
                Thread.sleep(1000);
                int n = tcpdump2.frames().size();
                if (n == settled) break;
                settled = n;
            }
            long dropped2 = tcpdump2.stop();
            // The text tcpdump prints more slowly than the other writes: let it catch up before stopping it.
            int vxlanFrames = tcpdump2.frames().size();
            long printed = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            while (System.nanoTime() < printed
                    && Files.readAllLines(c2Text).stream().filter(l -> l.contains(".4789: VXLAN")).count() < vxlanFrames)
                Thread.sleep(200);
            NamespacePair.terminate(tcpdump2Text);
            String metrics = lab.exec(c1, "curl", "-s", "http://127.0.0.1:9464/metrics");
            AgentReport report = agent.stop();

            // What should arrive: Client01's frames the mirror model accepts, cut to the session's packet length.
            MirrorState state = MirrorConfig.load(config).state();
            String eni = state.interfaceNamed(null, if1).orElseThrow().id();
            InterfacePlan plan = PlanCompiler.compile(state, eni, EvalOptions.DEFAULT);
            byte[] mac1 = HexFormat.ofDelimiter(":").parseHex(lab.exec(c1, "cat", "/sys/class/net/" + if1 + "/address").trim());
            Map<String, Integer> expected = new HashMap<>();
            int ownTunnel = 0, tunnelErrors = 0, rejectedDns = 0, icmpTruncated = 0, superPackets = 0;
            FrameSummary s = new FrameSummary();
            for (byte[] f : tcpdump1.frames()) {
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
            for (byte[] f : tcpdump2.frames()) {
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
            assertThat(expected).isNotEmpty();

            MirrorComparison comparison = MirrorComparison.of(expected, arrived, report, dropped1, dropped2);
            if (!comparison.exact()) return comparison;

            assertThat(superPackets).as("the download arrived as super-packets larger than the path MTU").isPositive();
            // tcpdump on Client02 prints the seed's outer lines: one source port per flow, from the dynamic range.
            Pattern line = Pattern.compile("^\\d\\d:\\d\\d:\\d\\d\\.\\d{6} IP 10\\.100\\.0\\.223\\.(\\d+) > 10\\.100\\.0\\.177\\.4789: "
                    + "VXLAN, flags \\[I\\] \\(0x08\\), vni (\\d+)$");
            List<String> text = Files.readAllLines(c2Text, StandardCharsets.UTF_8);
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

            // Counters (each direction adds up: AgentReport checks it); the endpoint agrees.
            assertThat(report.ingress().cutToMtu()).as("super-packets cut to the path MTU are counted").isEqualTo(superPackets);
            assertThat(metrics).contains("NetworkPacketsMirrorIn_total{interface=\"" + if1 + "\"}");
            return comparison;
        }
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
