package net.trafficmirror.linux;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import net.trafficmirror.packet.FrameSummary;
import net.trafficmirror.packet.LinkType;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Two rings in one PACKET_FANOUT hash group against the kernel and tcpdump: sixteen hosts (addresses) ping one
 * namespace, and sixteen UDP flows (source ports) get their datagrams echoed by it; the two rings and the real tcpdump
 * capture there. Every ICMP and UDP frame tcpdump saw must be on exactly one ring, byte for byte; each flow (address
 * pair for ICMP, port pair for UDP), requests in and replies out, entirely on one ring (the kernel's fanout hash is
 * symmetric in addresses and ports); both rings must have flows (32 flows all hashing to one of two rings has a
 * chance of 2^-31). The rings are opened accepting nothing and take frames once both have joined and dropped that
 * filter, as the agent opens them. A second group in the same namespace gets another id.
 */
@Tag("netns")
class PacketRingFanoutTest {
    private static final int FLOWS = 16, FRAMES = 2 * 2 * FLOWS * 3; // ICMP and UDP, 3 exchanges of 2 frames per flow
    /** Echoes UDP datagrams on 10.98.0.1:7007. */
    private static final String ECHO = """
            import socket
            s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            s.bind(('10.98.0.1', 7007))
            while True:
                d, peer = s.recvfrom(2048)
                s.sendto(d, peer)
            """;
    /** Three exchanges from each of 16 source ports, one after the other. */
    private static final String CLIENT = """
            import socket
            for p in range(16):
                s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
                s.bind(('10.98.0.2', 40000 + p))
                s.settimeout(5)
                for i in range(3):
                    s.sendto(bytes([p, i]) * 20, ('10.98.0.1', 7007))
                    s.recv(2048)
                s.close()
            """;

    @Test
    void hashGroupSplitsFlowsBothDirectionsTogether() throws Exception {
        TestNamespaces.requireRootAndTools("tcpdump", "ping", "python3");
        try (TestNamespaces lab = new TestNamespaces()) {
            String a = lab.namespace("fa"), b = lab.namespace("fb");
            String ifA = "tmfa" + lab.suffix, ifB = "tmfb" + lab.suffix;
            lab.veth(a, ifA, "10.98.0.1/24", b, ifB, "10.98.0.2/24");
            for (int i = 0; i < FLOWS; i++) lab.exec(b, "ip", "addr", "add", "10.98.0." + (100 + i) + "/24", "dev", ifB);
            java.io.File pcap = java.io.File.createTempFile("tmfanout", ".pcap");
            java.io.File log = java.io.File.createTempFile("tmfanout", ".log");
            Process tcpdump = lab.spawn(a, log, "tcpdump", "--immediate-mode", "-i", ifA, "-U", "-w", pcap.getPath(), "icmp", "or", "udp", "port", "7007");
            lab.spawn(a, null, "python3", "-c", ECHO);

            List<List<String>> rings = List.of(new ArrayList<>(), new ArrayList<>());
            int[] groups = new int[2];
            CompletableFuture<Void> captured = TestNamespaces.inside(a, () -> {
                int index = InterfaceFacts.of(ifA).index();
                int[][] acceptNothing = {{0x06, 0, 0, 0}}; // until both have joined, as the agent opens them
                try (PacketRing r0 = PacketRing.open(index, 1 << 16, 8, 5, acceptNothing);
                     PacketRing r1 = PacketRing.open(index, 1 << 16, 8, 5, acceptNothing);
                     PacketRing other = PacketRing.open(index, 1 << 16, 8, 5)) {
                    groups[0] = r0.startFanout();
                    r1.joinFanout(groups[0]);
                    r0.detachFilter();
                    r1.detachFilter();
                    groups[1] = other.startFanout();
                    FrameSummary s = new FrameSummary();
                    List<PacketRing> both = List.of(r0, r1);
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                    while (rings.get(0).size() + rings.get(1).size() < FRAMES && System.nanoTime() < deadline) {
                        for (int i = 0; i < 2; i++) {
                            List<String> into = rings.get(i);
                            both.get(i).read((MemorySegment seg, long off, int cap, int len, int type, long ts, int tci, int tpid) -> {
                                byte[] bytes = seg.asSlice(off, cap).toArray(ValueLayout.JAVA_BYTE);
                                s.decode(bytes, 0, cap, len, LinkType.ETHERNET);
                                if (s.protocol == FrameSummary.PROTO_ICMP || s.protocol == FrameSummary.PROTO_UDP && (s.srcPort == 7007 || s.dstPort == 7007))
                                    into.add(HexFormat.of().formatHex(bytes));
                            }, 20);
                        }
                    }
                }
                return null;
            });
            long listening = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!java.nio.file.Files.readString(log.toPath()).contains("listening on") && System.nanoTime() < listening) Thread.sleep(50);
            Thread.sleep(1000); // the rings and the echo server are ready too
            List<Process> pings = new ArrayList<>();
            for (int i = 0; i < FLOWS; i++)
                pings.add(lab.spawn(b, null, "ping", "-c", "3", "-i", "0.2", "-I", "10.98.0." + (100 + i), "10.98.0.1"));
            lab.exec(b, "python3", "-c", CLIENT);
            for (Process p : pings) assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
            captured.get(40, TimeUnit.SECONDS);
            long written = System.nanoTime() + TimeUnit.SECONDS.toNanos(15); // a starved tcpdump may still be writing
            while (MinimalPcap.frames(pcap.toPath()).size() < FRAMES && System.nanoTime() < written) Thread.sleep(100);
            Thread.sleep(200);
            tcpdump.destroy();
            tcpdump.waitFor(5, TimeUnit.SECONDS);

            assertThat(groups[1]).as("a second group gets its own id").isNotEqualTo(groups[0]);
            Map<String, Integer> fromTcpdump = new HashMap<>(), fromRings = new HashMap<>();
            for (byte[] f : MinimalPcap.frames(pcap.toPath())) fromTcpdump.merge(HexFormat.of().formatHex(f), 1, Integer::sum);
            Map<String, Set<Integer>> ringsByFlow = new HashMap<>();
            FrameSummary s = new FrameSummary();
            for (int i = 0; i < 2; i++) {
                for (String hex : rings.get(i)) {
                    fromRings.merge(hex, 1, Integer::sum);
                    byte[] f = HexFormat.of().parseHex(hex);
                    s.decode(f, 0, f.length, f.length, LinkType.ETHERNET);
                    String flow = s.protocol == FrameSummary.PROTO_UDP ? "udp port " + Math.max(s.srcPort, s.dstPort) // 40000 + p
                            : "ping from ." + (Math.max(s.srcHi, s.dstHi) & 0xff); // 10.98.0.1xx, whichever way the frame went
                    ringsByFlow.computeIfAbsent(flow, k -> new TreeSet<>()).add(i);
                }
            }
            assertThat(fromTcpdump.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(FRAMES);
            assertThat(fromRings).as("every frame on exactly one ring, as tcpdump saw it").isEqualTo(fromTcpdump);
            assertThat(ringsByFlow).hasSize(2 * FLOWS);
            ringsByFlow.forEach((flow, used) -> assertThat(used).as("%s: requests and replies on one ring", flow).hasSize(1));
            assertThat(rings.get(0)).as("ring 0 has flows").isNotEmpty();
            assertThat(rings.get(1)).as("ring 1 has flows").isNotEmpty();
            pcap.delete();
            log.delete();
        }
    }
}
