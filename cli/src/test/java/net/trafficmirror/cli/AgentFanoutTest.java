package net.trafficmirror.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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
import net.trafficmirror.packet.FrameSummary;
import net.trafficmirror.packet.LinkType;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code tmirror agent --threads 3}: three capture rings in one PACKET_FANOUT hash group on Client01's interface,
 * with many flows at once: iperf3 with four parallel TCP streams, then four parallel UDP streams, and pings from four
 * addresses. The real tcpdump captures Client01's interface and, on Client02 (the target, reached through the
 * mirrored interface), UDP 4789.
 *
 * <p>The check, against those two captures: every frame of Client01's capture that the configuration accepts
 * (decided by the mirror model's evaluator) arrives exactly once, byte for byte (GRO/TSO super-packets cut to what
 * the 1500-byte path carries); within each flow and direction the frames arrive in the order Client01's capture shows
 * (the two directions of a flow are captured by separate tcpdump and agent sockets, which may interleave them
 * differently, so their relative order is not compared); every thread got some of the flows; and the summed counters
 * add up as with one thread: seen = mirrored + skipped + not mirrored, nothing skipped.
 */
@Tag("netns")
class AgentFanoutTest {
    private static final int THREADS = 3;

    @Test
    void everyAcceptedFrameArrivesOnceAndInFlowOrder() throws Exception {
        TestNamespaces.requireRootAndTools("tcpdump", "iperf3", "ping", "nft", "curl");
        try {
            scenario();
        } catch (AssertionError first) {
            // On the 2-core machine shared with the rest of the suite, a starved receiver can lose a frame between the
            // agent and the target's tcpdump (veth backlog). One more run on fresh namespaces must then be exact.
            System.err.println("AgentFanoutTest: first run failed, retrying once: " + first.getMessage());
            scenario();
        }
    }

    private void scenario() throws Exception {
        Path dir = Files.createTempDirectory("tmfanout");
        try (TestNamespaces lab = new TestNamespaces()) {
            String c1 = lab.namespace("f1"), c2 = lab.namespace("f2");
            for (String ns : List.of(c1, c2))
                lab.exec(ns, "sysctl", "-qw", "net.ipv6.conf.all.disable_ipv6=1", "net.ipv6.conf.default.disable_ipv6=1");
            String if1 = "tmf1" + lab.suffix, if2 = "tmf2" + lab.suffix;
            lab.veth(c1, if1, "10.101.0.1/24", c2, if2, "10.101.0.2/24");
            List<String> pingSources = List.of("10.101.0.11", "10.101.0.12", "10.101.0.13", "10.101.0.14");
            for (String a : pingSources) lab.exec(c1, "ip", "addr", "add", a + "/24", "dev", if1);
            // The target has no VXLAN socket: drop the tunnel before it answers with ICMP port unreachable (tcpdump,
            // on the device, still sees every packet).
            lab.exec(c2, "nft", "add table inet tmf" + lab.suffix + " { chain pre { type filter hook prerouting priority -300 ; "
                    + "udp dport 4789 drop ; } ; }");
            lab.spawn(c2, dir.resolve("iperf3.log").toFile(), "iperf3", "-s", "-B", "10.101.0.2");

            Path config = dir.resolve("mirror.yaml");
            Files.writeString(config, MirrorTestbed.mirrorEverything(if1, "10.101.0.1", "10.101.0.2", 4711, "ingress", "egress"));

            File agentLog = dir.resolve("agent.log").toFile();
            String java = ProcessHandle.current().info().command().orElseThrow();
            Process agent = lab.spawn(c1, agentLog, java, "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                    Tmirror.class.getName(), "agent", "--interface", if1, "--config", config.toString(), "--threads", Integer.toString(THREADS),
                    "--metrics", "127.0.0.1:0");
            NamespacePair.awaitText(agentLog.toPath(), "tmirror agent: capturing", agent);
            assertThat(Files.readString(agentLog.toPath())).contains(" on " + THREADS + " threads (PACKET_FANOUT hash by flow)");

            Path c1Pcap = dir.resolve("c1.pcap"), c2Pcap = dir.resolve("c2.pcap");
            Process tcpdump2 = lab.spawn(c2, dir.resolve("c2.txt").toFile(), "tcpdump", "--immediate-mode", "-B", "65536", "-i", if2, "-n", "-U",
                    "-w", c2Pcap.toString(), "udp", "port", "4789");
            Process tcpdump1 = lab.spawn(c1, dir.resolve("c1.txt").toFile(), "tcpdump", "--immediate-mode", "-B", "65536", "-i", if1, "-U",
                    "-w", c1Pcap.toString());
            NamespacePair.awaitText(dir.resolve("c1.txt"), "listening on", tcpdump1);
            NamespacePair.awaitText(dir.resolve("c2.txt"), "listening on", tcpdump2);
            Thread.sleep(500);

            // Bounded load: 4 TCP streams at 2 Mbit/s each, then 4 UDP streams of 400-byte datagrams at 1 Mbit/s each,
            // for 2 s; then 5 pings from each of four addresses, in parallel.
            lab.exec(c1, "iperf3", "-c", "10.101.0.2", "-P", "4", "-b", "2M", "-t", "2");
            lab.exec(c1, "iperf3", "-c", "10.101.0.2", "-u", "-P", "4", "-b", "1M", "-l", "400", "-t", "2");
            List<Process> pings = new ArrayList<>();
            for (String a : pingSources)
                pings.add(lab.spawn(c1, dir.resolve("ping" + a + ".txt").toFile(), "ping", "-c", "5", "-i", "0.2", "-I", a, "10.101.0.2"));
            for (Process p : pings) assertThat(p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0).as("ping").isTrue();
            Thread.sleep(1000);
            stop(tcpdump1);
            assertThat(Files.readString(dir.resolve("c1.txt"))).as("the reference capture is complete").containsPattern("(?m)^0 packets dropped by kernel");
            int settled = -1;
            for (int i = 0; i < 30; i++) { // the agent may still be sending on a busy machine
                Thread.sleep(1000);
                int n = MirrorTestbed.frames(c2Pcap).size();
                if (n == settled) break;
                settled = n;
            }
            stop(tcpdump2);
            assertThat(Files.readString(dir.resolve("c2.txt"))).as("the target's capture is complete").containsPattern("(?m)^0 packets dropped by kernel");
            Matcher endpoint = Pattern.compile("metrics at (http://\\S+/metrics)").matcher(Files.readString(agentLog.toPath()));
            assertThat(endpoint.find()).isTrue();
            String metrics = lab.exec(c1, "curl", "-s", endpoint.group(1));
            NamespacePair.terminate(agent);
            String agentOut = Files.readString(agentLog.toPath()) + "veth tx_dropped "
                    + lab.exec(c1, "cat", "/sys/class/net/" + if1 + "/statistics/tx_dropped").trim() + ", rx_dropped "
                    + lab.exec(c2, "cat", "/sys/class/net/" + if2 + "/statistics/rx_dropped").trim();

            // What should arrive, per flow and direction in capture order: Client01's frames the model accepts.
            MirrorState state = MirrorConfig.load(config).state();
            InterfacePlan plan = PlanCompiler.compile(state, state.interfaceNamed(null, if1).orElseThrow().id(), EvalOptions.DEFAULT);
            byte[] mac1 = HexFormat.ofDelimiter(":").parseHex(lab.exec(c1, "cat", "/sys/class/net/" + if1 + "/address").trim());
            Map<String, List<String>> expected = new TreeMap<>();
            FrameSummary s = new FrameSummary();
            int superPackets = 0, expectedFrames = 0;
            for (byte[] f : MirrorTestbed.frames(c1Pcap)) {
                s.decode(f, 0, f.length, f.length, LinkType.ETHERNET);
                if (s.protocol == FrameSummary.PROTO_UDP && s.dstPort == 4789) continue; // the agent's own tunnel
                if (s.protocol == 2) continue; // IGMP: sent when the interface came up, at the kernel's own times
                Direction d = Arrays.equals(Arrays.copyOfRange(f, 6, 12), mac1) ? Direction.EGRESS : Direction.INGRESS;
                if (plan.decide(s, d) < 0) continue;
                int keep = Math.min(f.length, 1500 - 36); // what the 1500-byte path carries inside VXLAN
                if (keep < f.length) superPackets++;
                expected.computeIfAbsent(flow(s), k -> new ArrayList<>()).add(HexFormat.of().formatHex(f, 0, keep));
                expectedFrames++;
            }
            Map<String, List<String>> arrived = new TreeMap<>();
            for (byte[] f : MirrorTestbed.frames(c2Pcap)) {
                assertThat((f[46] & 0xff) << 16 | (f[47] & 0xff) << 8 | f[48] & 0xff).as("VNI").isEqualTo(4711);
                s.decode(f, 50, f.length - 50, f.length - 50, LinkType.ETHERNET);
                if (s.protocol == 2) continue;
                arrived.computeIfAbsent(flow(s), k -> new ArrayList<>()).add(HexFormat.of().formatHex(f, 50, f.length));
            }
            long tcpFlows = expected.keySet().stream().filter(k -> k.startsWith("6 ")).map(k -> k.substring(0, k.lastIndexOf(' '))).distinct().count();
            long udpFlows = expected.keySet().stream().filter(k -> k.startsWith("17 ")).map(k -> k.substring(0, k.lastIndexOf(' '))).distinct().count();
            assertThat(tcpFlows).as("4 TCP streams, 2 control connections").isGreaterThanOrEqualTo(6);
            assertThat(udpFlows).as("4 UDP streams").isGreaterThanOrEqualTo(4);
            assertThat(expectedFrames).isGreaterThan(1000);
            assertThat(arrived.keySet()).isEqualTo(expected.keySet());
            for (Map.Entry<String, List<String>> e : expected.entrySet()) {
                List<String> got = arrived.get(e.getKey());
                List<String> extra = new ArrayList<>(got), missing = new ArrayList<>(e.getValue());
                e.getValue().forEach(extra::remove);
                got.forEach(missing::remove);
                assertThat(got).as("flow %s: %d frames expected, %d arrived; missing %s, extra %s; agent: %s", e.getKey(), e.getValue().size(),
                        got.size(), missing, extra, agentOut).hasSameSizeAs(e.getValue());
                for (int i = 0; i < got.size(); i++)
                    assertThat(got.get(i)).as("flow %s frame %d of %d, in order", e.getKey(), i, got.size()).isEqualTo(e.getValue().get(i));
            }

            // The summed counters add up as one thread's do; every thread had flows to mirror.
            for (String way : List.of("ingress", "egress")) {
                Matcher m = Pattern.compile(if1 + " " + way + ": seen (\\d+) = mirrored (\\d+) \\+ skipped (\\d+) \\+ not mirrored (\\d+)").matcher(agentOut);
                assertThat(m.find()).as(agentOut).isTrue();
                assertThat(Long.parseLong(m.group(1))).as(way).isEqualTo(Long.parseLong(m.group(2)) + Long.parseLong(m.group(3)) + Long.parseLong(m.group(4)));
                assertThat(m.group(3)).as("%s skipped", way).isEqualTo("0");
            }
            Matcher mirrored = Pattern.compile("session \\S+ vni 4711: mirrored in (\\d+) out (\\d+) packets").matcher(agentOut);
            assertThat(mirrored.find()).as(agentOut).isTrue();
            assertThat(Long.parseLong(mirrored.group(1)) + Long.parseLong(mirrored.group(2))).isGreaterThanOrEqualTo(expectedFrames);
            // The endpoint reports the same sums (nothing was mirrored after the traffic settled).
            assertThat(metrics).contains("NetworkPacketsMirrorIn_total{interface=\"" + if1 + "\"} " + mirrored.group(1) + ".0")
                    .contains("NetworkPacketsMirrorOut_total{interface=\"" + if1 + "\"} " + mirrored.group(2) + ".0");
            Matcher byThread = Pattern.compile(if1 + ": seen by capture thread (\\d+), (\\d+), (\\d+)\n").matcher(agentOut);
            assertThat(byThread.find()).as(agentOut).isTrue();
            for (int t = 1; t <= THREADS; t++) assertThat(Long.parseLong(byThread.group(t))).as("thread %d", t).isPositive();
            Matcher cut = Pattern.compile(if1 + " (?:ingress|egress): .*to path MTU (\\d+)").matcher(agentOut);
            long cutToMtu = 0;
            while (cut.find()) cutToMtu += Long.parseLong(cut.group(1));
            assertThat(cutToMtu).as("super-packets cut to the path MTU").isGreaterThanOrEqualTo(superPackets);
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** A flow and direction: protocol, the two endpoints sorted (ports where the protocol has them), then which way. */
    private static String flow(FrameSummary s) {
        String src = s.srcHi + ":" + s.srcPort, dst = s.dstHi + ":" + s.dstPort;
        boolean forward = src.compareTo(dst) <= 0;
        return s.protocol + " " + (forward ? src + "-" + dst : dst + "-" + src) + " " + (forward ? ">" : "<");
    }

    private static void stop(Process p) throws InterruptedException {
        p.destroy();
        p.waitFor(10, TimeUnit.SECONDS);
    }
}
