package net.trafficmirror.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.lang.foreign.MemorySegment;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import net.trafficmirror.linux.MinimalPcap;
import net.trafficmirror.linux.PacketRing;
import net.trafficmirror.linux.TestNamespaces;
import net.trafficmirror.mirror.eval.SessionPlan;
import net.trafficmirror.packet.FrameSummary;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The agent's encapsulation against Linux's own vxlan device (drivers/net/vxlan): the kernel encapsulates an ICMP
 * frame for VNI 7348185; the agent encapsulates the very same inner frame for the same VNI, source and target, once through its raw socket and once as a whole frame on its packet ring (the IPv4
 * checksum is then the agent's own, and must verify); the real tcpdump on the target captures both. Every outer byte must match except those
 * that legitimately differ: the IPv4 id and hence header checksum, and the UDP source port (each side's own flow
 * hash; ours must lie in 49152–65535). The kernel device is set up with {@code noudpcsum}: RFC 7348 §5 says the
 * outer UDP checksum over IPv4 "SHOULD be transmitted as zero", which the agent does (Linux computes one by default).
 */
@Tag("netns")
class KernelVxlanComparisonTest {
    enum Sink { RAW_SOCKET, FRAME_RING }

    @ParameterizedTest
    @EnumSource(Sink.class)
    void outerHeadersMatchTheKernelVxlanDevice(Sink kind) throws Exception {
        TestNamespaces.requireRootAndTools("tcpdump", "ping");
        try (TestNamespaces lab = new TestNamespaces()) {
            String a = lab.namespace("ka"), b = lab.namespace("kb");
            // No IPv6 in the source namespace: the vxlan device would otherwise send its own ND/MLD frames.
            lab.exec(a, "sysctl", "-qw", "net.ipv6.conf.all.disable_ipv6=1", "net.ipv6.conf.default.disable_ipv6=1");
            String ifA = "tmka" + lab.suffix, ifB = "tmkb" + lab.suffix, vx = "tmkx" + lab.suffix;
            lab.veth(a, ifA, "10.97.0.1/24", b, ifB, "10.97.0.2/24");
            lab.exec(a, "ip", "link", "add", vx, "type", "vxlan", "id", "7348185", "remote", "10.97.0.2",
                    "local", "10.97.0.1", "dstport", "4789", "noudpcsum", "dev", ifA);
            lab.exec(a, "ip", "addr", "add", "192.168.97.1/24", "dev", vx);
            lab.exec(a, "ip", "link", "set", vx, "up");
            lab.exec(a, "ip", "neigh", "add", "192.168.97.2", "lladdr", "02:00:00:00:00:02", "dev", vx, "nud", "permanent");
            File pcap = File.createTempFile("tmvx", ".pcap");
            Process tcpdump = lab.spawn(b, null, "tcpdump", "--immediate-mode", "-i", ifB, "-U", "-w", pcap.getPath(), "udp", "port", "4789");
            Thread.sleep(1500);
            lab.exec(a, "sh", "-c", "ping -c 1 -W 1 192.168.97.2 > /dev/null || true");
            Thread.sleep(300);
            byte[] kernel = vxlan(MinimalPcap.frames(pcap.toPath())).getFirst();
            byte[] inner = Arrays.copyOfRange(kernel, 50, kernel.length);

            TestNamespaces.inside(a, () -> {
                try (TunnelSink sink = kind == Sink.RAW_SOCKET ? new RawSocketSink(4, 2048, 1 << 16)
                        : new FrameRingSink(4, 2048, 64, 1 << 16)) {
                    InetAddress target = InetAddress.getByName("10.97.0.2");
                    SessionPlan session = new SessionPlan("tms-1", 1, 7348185, 0, "tmt-1", target, 4789, 0);
                    MirrorPipeline p = new MirrorPipeline(new InterfaceCounters(ifA), sink,
                            (Inet4Address) InetAddress.getByName("10.97.0.1"), null);
                    p.offer(new ProtocolPlan(List.of(session), Map.of(FrameSummary.PROTO_ICMP, 0)));
                    p.applyOfferedPlan();
                    p.onFrame(MemorySegment.ofArray(inner), 0, inner.length, inner.length, PacketRing.PACKET_OUTGOING, 0, -1, 0);
                    p.flush();
                    assertThat(p.counters().mirroredPackets[TrafficCounters.OUT]).isEqualTo(1);
                    // The kernel's vxlan device has resolved the target's MAC: the frame must have gone on the ring.
                    if (sink instanceof FrameRingSink ring) assertThat(ring.ringPackets()).isEqualTo(1);
                }
                return null;
            }).get(20, TimeUnit.SECONDS);
            Thread.sleep(300);
            tcpdump.destroy();
            tcpdump.waitFor(5, TimeUnit.SECONDS);

            List<byte[]> frames = vxlan(MinimalPcap.frames(pcap.toPath()));
            assertThat(frames).hasSize(2);
            byte[] ours = frames.get(1);
            assertThat(ours.length).isEqualTo(kernel.length);
            assertThat(range(ours, 0, 14)).as("outer Ethernet").isEqualTo(range(kernel, 0, 14));
            assertThat(range(ours, 14, 18)).as("IPv4 version, IHL, TOS, total length").isEqualTo(range(kernel, 14, 18));
            assertThat(range(ours, 20, 24)).as("IPv4 flags, fragment offset, TTL, protocol").isEqualTo(range(kernel, 20, 24));
            assertThat(range(ours, 26, 34)).as("IPv4 addresses").isEqualTo(range(kernel, 26, 34));
            assertThat(onesComplementSum(ours, 14, 34)).as("IPv4 header checksum verifies").isEqualTo(0xffff);
            assertThat(range(ours, 36, 42)).as("UDP destination port, length, checksum").isEqualTo(range(kernel, 36, 42));
            assertThat(range(ours, 42, 50)).as("VXLAN header").isEqualTo(range(kernel, 42, 50));
            assertThat(range(ours, 50, ours.length)).as("inner frame").isEqualTo(inner);
            int sourcePort = (ours[34] & 0xff) << 8 | ours[35] & 0xff;
            assertThat(sourcePort).isBetween(49152, 65535);
            pcap.delete();
        }
    }

    /** The IPv4 UDP frames to port 4789 (ARP and anything else the link carries left out). */
    private static List<byte[]> vxlan(List<byte[]> frames) {
        return frames.stream().filter(f -> f.length > 50 && f[12] == 8 && f[13] == 0 && f[23] == 17
                && ((f[36] & 0xff) << 8 | f[37] & 0xff) == 4789).toList();
    }

    private static byte[] range(byte[] b, int from, int to) { return Arrays.copyOfRange(b, from, to); }

    /** RFC 1071: a header with a correct checksum sums to 0xffff. */
    private static int onesComplementSum(byte[] b, int from, int to) {
        int sum = 0;
        for (int i = from; i < to; i += 2) sum += (b[i] & 0xff) << 8 | b[i + 1] & 0xff;
        while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
        return sum;
    }
}
