package net.trafficmirror.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.lang.foreign.MemorySegment;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import net.trafficmirror.linux.MinimalPcap;
import net.trafficmirror.linux.PacketRing;
import net.trafficmirror.linux.TestNamespaces;
import net.trafficmirror.mirror.eval.SessionPlan;
import net.trafficmirror.packet.FrameSummary;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@link FrameRingSink} between two namespaces, watched by the real tcpdump on the target: the target's MAC is not
 * known at first, so the first packets go through the IP stack, which resolves it; within about a second the sink
 * picks the MAC up and sends on its ring. Every packet must arrive exactly once and in order across that switch,
 * every ring frame addressed to the target's MAC from the source's, and both paths must have been used.
 */
@Tag("netns")
class FrameRingSinkTest {
    private static final int PACKETS = 250;

    @Test
    void switchesFromTheIpStackToTheRingOnceTheNeighbourIsKnownWithoutLosingOrReordering() throws Exception {
        TestNamespaces.requireRootAndTools("tcpdump");
        try (TestNamespaces lab = new TestNamespaces()) {
            String a = lab.namespace("ra"), b = lab.namespace("rb");
            String ifA = "tmra" + lab.suffix, ifB = "tmrb" + lab.suffix;
            lab.veth(a, ifA, "10.98.0.1/24", b, ifB, "10.98.0.2/24");
            String macA = lab.exec(a, "cat", "/sys/class/net/" + ifA + "/address").trim();
            String macB = lab.exec(b, "cat", "/sys/class/net/" + ifB + "/address").trim();
            File pcap = File.createTempFile("tmring", ".pcap");
            Process tcpdump = lab.spawn(b, null, "tcpdump", "--immediate-mode", "-i", ifB, "-U", "-w", pcap.getPath(), "udp", "port", "4789");
            Thread.sleep(1500);
            long[] paths = new long[2];
            TestNamespaces.inside(a, () -> {
                try (FrameRingSink sink = new FrameRingSink(8, 2048, 64, 1 << 20)) {
                    InetAddress target = InetAddress.getByName("10.98.0.2");
                    SessionPlan session = new SessionPlan("tms-1", 1, 77, 0, "tmt-1", target, 4789, 0);
                    MirrorPipeline p = new MirrorPipeline(new InterfaceCounters(ifA), sink,
                            (Inet4Address) InetAddress.getByName("10.98.0.1"), null);
                    p.offer(new ProtocolPlan(List.of(session), Map.of(FrameSummary.PROTO_ICMP, 0)));
                    p.applyOfferedPlan();
                    for (int seq = 0; seq < PACKETS; seq++) {
                        byte[] frame = echoRequest(seq);
                        p.onFrame(MemorySegment.ofArray(frame), 0, frame.length, frame.length, PacketRing.PACKET_OUTGOING, 0, -1, 0);
                        if (seq % 3 == 2) p.flush();
                        Thread.sleep(10);
                    }
                    p.flush();
                    assertThat(p.counters().mirroredPackets[TrafficCounters.OUT]).isEqualTo(PACKETS);
                    paths[0] = sink.ringPackets();
                    paths[1] = sink.stackPackets();
                }
                return null;
            }).get(30, TimeUnit.SECONDS);
            Thread.sleep(300);
            tcpdump.destroy();
            tcpdump.waitFor(5, TimeUnit.SECONDS);

            assertThat(paths[0]).as("sent on the ring").isPositive();
            assertThat(paths[1]).as("sent through the IP stack (before the MAC was known, and the neighbour refreshes)").isPositive();
            assertThat(paths[0] + paths[1]).isEqualTo(PACKETS);
            List<Integer> sequence = new ArrayList<>();
            for (byte[] f : MinimalPcap.frames(pcap.toPath())) {
                if (f.length < 50 + 42) continue;
                assertThat(HexFormat.ofDelimiter(":").formatHex(f, 0, 6)).as("outer destination MAC").isEqualTo(macB);
                assertThat(HexFormat.ofDelimiter(":").formatHex(f, 6, 12)).as("outer source MAC").isEqualTo(macA);
                sequence.add(ByteBuffer.wrap(f, 50 + 14 + 20 + 6, 2).getShort() & 0xffff);
            }
            List<Integer> expected = new ArrayList<>();
            for (int i = 0; i < PACKETS; i++) expected.add(i);
            assertThat(sequence).as("every packet once, in order").isEqualTo(expected);
            pcap.delete();
        }
    }

    /**
     * The sending interface goes down under the ring: what cannot go out is counted as skipped, never lost silently
     * and never an exception; once it is back up (and the neighbour resolved again), packets flow on.
     */
    @Test
    void aDeviceThatGoesDownShedsCountedAndSendingResumesWhenItComesBack() throws Exception {
        TestNamespaces.requireRootAndTools("tcpdump", "ping");
        try (TestNamespaces lab = new TestNamespaces()) {
            String a = lab.namespace("da"), b = lab.namespace("db");
            String ifA = "tmda" + lab.suffix, ifB = "tmdb" + lab.suffix;
            lab.veth(a, ifA, "10.98.2.1/24", b, ifB, "10.98.2.2/24");
            lab.exec(a, "ping", "-c", "1", "-W", "2", "10.98.2.2");
            File pcap = File.createTempFile("tmringdown", ".pcap");
            Process tcpdump = lab.spawn(b, null, "tcpdump", "--immediate-mode", "-i", ifB, "-U", "-w", pcap.getPath(), "udp", "port", "4789");
            Thread.sleep(1500);
            long[] counts = TestNamespaces.inside(a, () -> {
                try (FrameRingSink sink = new FrameRingSink(8, 2048, 64, 1 << 20)) {
                    SessionPlan session = new SessionPlan("tms-1", 1, 78, 0, "tmt-1", InetAddress.getByName("10.98.2.2"), 4789, 0);
                    MirrorPipeline p = new MirrorPipeline(new InterfaceCounters(ifA), sink,
                            (Inet4Address) InetAddress.getByName("10.98.2.1"), null);
                    p.offer(new ProtocolPlan(List.of(session), Map.of(FrameSummary.PROTO_ICMP, 0)));
                    p.applyOfferedPlan();
                    send(p, 0, 20);
                    long ringBefore = sink.ringPackets();
                    lab.exec(a, "ip", "link", "set", ifA, "down");
                    send(p, 100, 20);
                    long mirroredWhileDown = p.counters().mirroredPackets[TrafficCounters.OUT] - 20;
                    long skippedWhileDown = p.counters().skippedPackets[TrafficCounters.OUT];
                    lab.exec(a, "ip", "link", "set", ifA, "up");
                    lab.exec(b, "ip", "link", "set", ifB, "up");
                    lab.exec(a, "ping", "-c", "1", "-W", "3", "10.98.2.2");
                    Thread.sleep(1500); // the resolver reads the neighbour again
                    long mirroredBefore = p.counters().mirroredPackets[TrafficCounters.OUT];
                    send(p, 200, 20);
                    return new long[] {ringBefore, mirroredWhileDown, skippedWhileDown,
                            p.counters().mirroredPackets[TrafficCounters.OUT] - mirroredBefore};
                }
            }).get(60, TimeUnit.SECONDS);
            Thread.sleep(300);
            tcpdump.destroy();
            tcpdump.waitFor(5, TimeUnit.SECONDS);

            assertThat(counts[0]).as("the first 20 went on the ring").isEqualTo(20);
            assertThat(counts[1] + counts[2]).as("while down: every packet counted, mirrored or skipped").isEqualTo(20);
            assertThat(counts[2]).as("while down: skipped").isEqualTo(20);
            assertThat(counts[3]).as("after: mirrored again").isEqualTo(20);
            List<Integer> arrived = new ArrayList<>();
            for (byte[] f : MinimalPcap.frames(pcap.toPath()))
                if (f.length >= 50 + 42) arrived.add(ByteBuffer.wrap(f, 50 + 14 + 20 + 6, 2).getShort() & 0xffff);
            List<Integer> expected = new ArrayList<>();
            for (int i = 0; i < 20; i++) expected.add(i);
            for (int i = 200; i < 220; i++) expected.add(i);
            assertThat(arrived).as("the packets sent while up, each once, in order").isEqualTo(expected);
            pcap.delete();
        }
    }

    /** A ring the kernel refuses (here: absurdly large) leaves the sending to the IP stack, and says why. */
    @Test
    void aRefusedRingLeavesEverythingToTheIpStack() throws Exception {
        TestNamespaces.requireRootAndTools("ping");
        try (TestNamespaces lab = new TestNamespaces()) {
            String a = lab.namespace("fa"), b = lab.namespace("fb");
            String ifA = "tmfa" + lab.suffix, ifB = "tmfb" + lab.suffix;
            lab.veth(a, ifA, "10.98.4.1/24", b, ifB, "10.98.4.2/24");
            lab.exec(a, "ping", "-c", "1", "-W", "2", "10.98.4.2");
            Object[] result = TestNamespaces.inside(a, () -> {
                try (FrameRingSink sink = new FrameRingSink(8, 2048, 1 << 30, 1 << 20)) {
                    SessionPlan session = new SessionPlan("tms-1", 1, 79, 0, "tmt-1", InetAddress.getByName("10.98.4.2"), 4789, 0);
                    MirrorPipeline p = new MirrorPipeline(new InterfaceCounters(ifA), sink,
                            (Inet4Address) InetAddress.getByName("10.98.4.1"), null);
                    p.offer(new ProtocolPlan(List.of(session), Map.of(FrameSummary.PROTO_ICMP, 0)));
                    p.applyOfferedPlan();
                    send(p, 0, 10);
                    return new Object[] {sink.ringRefused(), sink.ringPackets(), sink.stackPackets(),
                            p.counters().mirroredPackets[TrafficCounters.OUT]};
                }
            }).get(30, TimeUnit.SECONDS);
            assertThat((String) result[0]).contains("PACKET_TX_RING");
            assertThat(result).containsExactly(result[0], 0L, 10L, 10L);
        }
    }

    private static void send(MirrorPipeline p, int first, int count) {
        for (int seq = first; seq < first + count; seq++) {
            byte[] frame = echoRequest(seq);
            p.onFrame(MemorySegment.ofArray(frame), 0, frame.length, frame.length, PacketRing.PACKET_OUTGOING, 0, -1, 0);
            if (seq % 4 == 3) p.flush();
        }
        p.flush();
    }

    /** An Ethernet/IPv4/ICMP echo request from 10.98.0.1 to 10.98.1.1 with ICMP sequence number {@code seq}. */
    private static byte[] echoRequest(int seq) {
        ByteBuffer b = ByteBuffer.allocate(14 + 20 + 8 + 16);
        b.put(HexFormat.of().parseHex("020000000002" + "020000000001" + "0800"));
        b.put(HexFormat.of().parseHex("4500002a00004000" + "4001" + "0000" + "0a620001" + "0a620101"));
        b.put((byte) 8).put((byte) 0).putShort((short) 0).putShort((short) 1).putShort((short) seq);
        return b.array();
    }
}
