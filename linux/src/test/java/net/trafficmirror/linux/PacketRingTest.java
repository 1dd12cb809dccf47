package net.trafficmirror.linux;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import net.trafficmirror.packet.FrameSummary;
import net.trafficmirror.packet.LinkType;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The TPACKET_V3 ring against the kernel: a ping between two namespaces, captured in one of them by the ring and
 * by the real tcpdump at the same time; both must see the same ICMP frames, byte for byte, and the ring must tell
 * the direction by sll_pkttype (requests arrive as PACKET_HOST, replies leave as PACKET_OUTGOING). The interface
 * facts (ioctl) are checked against sysfs and ip(8).
 */
@Tag("netns")
class PacketRingTest {
    record Frame(byte[] bytes, int type, long ts) {}

    @Test
    void capturesPingLikeTcpdumpWithDirectionAndStatistics() throws Exception {
        TestNamespaces.requireRootAndTools("tcpdump", "ping");
        try (TestNamespaces lab = new TestNamespaces()) {
            String a = lab.namespace("ra"), b = lab.namespace("rb");
            String ifA = "tmra" + lab.suffix, ifB = "tmrb" + lab.suffix;
            lab.veth(a, ifA, "10.99.0.1/24", b, ifB, "10.99.0.2/24");
            java.io.File pcap = java.io.File.createTempFile("tmring", ".pcap");
            java.io.File log = java.io.File.createTempFile("tmring", ".log");
            Process tcpdump = lab.spawn(a, log, "tcpdump", "--immediate-mode", "-i", ifA, "-U", "-w", pcap.getPath(), "icmp");

            List<Frame> frames = new ArrayList<>();
            InterfaceFacts[] seen = new InterfaceFacts[1];
            CompletableFuture<PacketStatistics> captured = TestNamespaces.inside(a, () -> {
                InterfaceFacts facts = InterfaceFacts.of(ifA);
                seen[0] = facts;
                try (PacketRing ring = PacketRing.open(facts.index(), 1 << 16, 8, 5)) {
                    FrameSummary s = new FrameSummary();
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                    while (frames.stream().filter(f -> f.type != 9).count() < 6 && System.nanoTime() < deadline) {
                        ring.read((MemorySegment seg, long off, int cap, int len, int type, long ts, int tci, int tpid) -> {
                            byte[] bytes = seg.asSlice(off, cap).toArray(ValueLayout.JAVA_BYTE);
                            s.decode(bytes, 0, cap, len, LinkType.ETHERNET);
                            if (s.protocol == FrameSummary.PROTO_ICMP) frames.add(new Frame(bytes, type, ts));
                        }, 100);
                    }
                    return ring.statistics();
                }
            });
            Thread.sleep(1500); // tcpdump and the ring are listening
            lab.exec(b, "ping", "-c", "3", "-i", "0.2", "10.99.0.1");
            PacketStatistics stats = captured.get(30, TimeUnit.SECONDS);
            Thread.sleep(500);
            tcpdump.destroy();
            tcpdump.waitFor(5, TimeUnit.SECONDS);

            // The interface facts read through ioctl agree with what ip(8) and sysfs say.
            InterfaceFacts facts = seen[0];
            assertThat(facts.ipv4().getHostAddress()).isEqualTo("10.99.0.1");
            assertThat(lab.exec(a, "ip", "-o", "-4", "addr", "show", "dev", ifA)).contains("inet 10.99.0.1/24");
            assertThat(facts.macText()).isEqualTo(lab.exec(a, "cat", "/sys/class/net/" + ifA + "/address").trim());
            assertThat(facts.mtu()).isEqualTo(Integer.parseInt(lab.exec(a, "cat", "/sys/class/net/" + ifA + "/mtu").trim()));
            assertThat(facts.index()).isEqualTo(Integer.parseInt(lab.exec(a, "cat", "/sys/class/net/" + ifA + "/ifindex").trim()));

            assertThat(frames).hasSize(6);
            assertThat(frames.stream().filter(f -> f.type == PacketRing.PACKET_HOST).count()).isEqualTo(3);
            assertThat(frames.stream().filter(f -> f.type == PacketRing.PACKET_OUTGOING).count()).isEqualTo(3);
            assertThat(stats.packets()).isGreaterThanOrEqualTo(6);
            assertThat(stats.drops()).isZero();
            List<byte[]> tcpdumpFrames = MinimalPcap.frames(pcap.toPath());
            assertThat(tcpdumpFrames).hasSize(6);
            for (int i = 0; i < 6; i++) assertThat(frames.get(i).bytes).isEqualTo(tcpdumpFrames.get(i));
            pcap.delete();
            log.delete();
        }
    }
}
