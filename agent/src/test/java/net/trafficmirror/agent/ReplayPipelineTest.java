package net.trafficmirror.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import net.trafficmirror.mirror.eval.InterfacePlan;
import net.trafficmirror.mirror.eval.SessionPlan;
import net.trafficmirror.packet.FrameSummary;
import net.trafficmirror.packet.io.CaptureReader;
import net.trafficmirror.packet.io.PacketRecord;
import org.junit.jupiter.api.Test;

/**
 * The pipeline end to end over loopback, unprivileged: the shared synthetic capture (24 frames, see
 * /work/shared/testdata) is replayed, a UDP socket receives what the agent sends, and every datagram must be a
 * VXLAN header with the session's VNI followed by exactly the frame's bytes (cut to the packet length where the
 * session has one), in capture order; the counters must add up.
 */
class ReplayPipelineTest {
    static final byte[] LOCAL_MAC = HexFormat.ofDelimiter(":").parseHex("02:00:00:00:00:0a");

    static Path capture() throws URISyntaxException {
        return Path.of(ReplayPipelineTest.class.getResource("/synthetic.pcap").toURI());
    }

    @Test
    void mirrorsAcceptedFramesByteForByteAndCountersAddUp() throws Exception {
        try (DatagramChannel receiver = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
             DatagramSink sink = new DatagramSink(16, 65536, new InetSocketAddress("127.0.0.1", 0))) {
            InetAddress lo = InetAddress.getByName("127.0.0.1");
            int port = ((InetSocketAddress) receiver.getLocalAddress()).getPort();
            SessionPlan tcp = new SessionPlan("tms-0000000000000000a", 1, 100, 0, "tmt-1", lo, port, 0);
            SessionPlan udp = new SessionPlan("tms-0000000000000000b", 2, 7348185, 60, "tmt-1", lo, port, 0);
            InterfacePlan plan = new ProtocolPlan(List.of(tcp, udp), Map.of(FrameSummary.PROTO_TCP, 0, FrameSummary.PROTO_UDP, 1));
            MirrorPipeline pipeline = new MirrorPipeline(new InterfaceCounters("replay"), sink,
                    (Inet4Address) InetAddress.getByName("127.0.0.1"), null);
            pipeline.offer(plan);
            pipeline.applyOfferedPlan();

            long frames = new ReplayCapture(capture(), LOCAL_MAC, List.of(), false).run(pipeline, () -> true);
            assertThat(frames).isEqualTo(24);

            List<byte[]> expected = new ArrayList<>();
            FrameSummary s = new FrameSummary();
            try (CaptureReader r = CaptureReader.open(capture())) {
                PacketRecord rec = new PacketRecord();
                while (r.next(rec)) {
                    int d = plan.decide(s.decode(rec.buffer, rec.offset, rec.caplen, rec.wirelen, rec.linkType), null);
                    if (d < 0) continue;
                    SessionPlan sp = plan.sessions().get(d);
                    int len = sp.packetLength() > 0 ? Math.min(sp.packetLength(), rec.caplen) : rec.caplen;
                    byte[] vxlan = {0x08, 0, 0, 0, (byte) (sp.vni() >>> 16), (byte) (sp.vni() >>> 8), (byte) sp.vni(), 0};
                    byte[] e = Arrays.copyOf(vxlan, 8 + len);
                    System.arraycopy(rec.buffer, rec.offset, e, 8, len);
                    expected.add(e);
                }
            }
            receiver.configureBlocking(false);
            List<byte[]> got = new ArrayList<>();
            ByteBuffer b = ByteBuffer.allocate(70000);
            long deadline = System.currentTimeMillis() + 5000;
            while (got.size() < expected.size() && System.currentTimeMillis() < deadline) {
                b.clear();
                if (receiver.receive(b) == null) { Thread.sleep(5); continue; }
                got.add(Arrays.copyOf(b.array(), b.position()));
            }
            assertThat(got).hasSameSizeAs(expected);
            for (int i = 0; i < got.size(); i++) assertThat(got.get(i)).as("datagram %d", i).isEqualTo(expected.get(i));

            InterfaceCounters c = pipeline.counters();
            for (int d = 0; d < 2; d++)
                assertThat(c.seen[d]).isEqualTo(c.mirroredPackets[d] + c.skippedPackets[d] + c.notMirrored(d));
            assertThat(c.seen[0] + c.seen[1]).isEqualTo(24);
            assertThat(c.seen[TrafficCounters.IN]).isPositive();
            assertThat(c.seen[TrafficCounters.OUT]).isPositive();
            assertThat(c.mirroredPackets[0] + c.mirroredPackets[1]).isEqualTo(expected.size());
            assertThat(c.notMirrored[0][NotMirroredReason.NEVER_MIRRORED.ordinal()]
                    + c.notMirrored[1][NotMirroredReason.NEVER_MIRRORED.ordinal()]).isEqualTo(2); // the ARP request and reply
            // the two sessions' packets add up to the interface's
            long bySession = pipeline.sessionCounters().stream().mapToLong(x -> x.mirroredPackets[0] + x.mirroredPackets[1]).sum();
            assertThat(bySession).isEqualTo(expected.size());
            long udpTruncated = c.truncatedToPacketLength[0] + c.truncatedToPacketLength[1];
            assertThat(udpTruncated).isPositive();
        }
    }

    @Test
    void anEmptyPlanMirrorsNothingAndSaysWhy() throws Exception {
        try (DatagramSink sink = new DatagramSink(4, 2048, new InetSocketAddress("127.0.0.1", 0))) {
            MirrorPipeline pipeline = new MirrorPipeline(new InterfaceCounters("replay"), sink,
                    (Inet4Address) InetAddress.getByName("127.0.0.1"), null);
            new ReplayCapture(capture(), LOCAL_MAC, List.of(), false).run(pipeline, () -> true);
            InterfaceCounters c = pipeline.counters();
            assertThat(c.notMirrored[0][NotMirroredReason.NO_SESSIONS.ordinal()] + c.notMirrored[1][NotMirroredReason.NO_SESSIONS.ordinal()])
                    .isEqualTo(24);
        }
    }
}
