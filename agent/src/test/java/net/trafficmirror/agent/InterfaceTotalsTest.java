package net.trafficmirror.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.trafficmirror.mirror.eval.InterfacePlan;
import net.trafficmirror.mirror.eval.SessionPlan;
import net.trafficmirror.packet.FrameSummary;
import org.junit.jupiter.api.Test;

/**
 * Counters of several capture threads reported as one interface: the shared synthetic capture is replayed through
 * one pipeline (the single-thread reference) and through each of three pipelines (as three threads would see three
 * shares of the traffic; here each sees all of it). Every summed counter, per interface, per session and on the
 * Prometheus endpoint, must be three times the reference, and the sums must add up as one pipeline's do.
 */
class InterfaceTotalsTest {
    private static final int THREADS = 3;

    @Test
    void sumsEveryCounterOverThePipelines() throws Exception {
        try (DatagramChannel receiver = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0))) {
            InetAddress lo = InetAddress.getByName("127.0.0.1");
            int port = ((InetSocketAddress) receiver.getLocalAddress()).getPort();
            SessionPlan tcp = new SessionPlan("tms-0000000000000000a", 1, 100, 0, "tmt-1", lo, port, 0);
            SessionPlan udp = new SessionPlan("tms-0000000000000000b", 2, 7348185, 60, "tmt-1", lo, port, 0);
            InterfacePlan plan = new ProtocolPlan(List.of(tcp, udp), Map.of(FrameSummary.PROTO_TCP, 0, FrameSummary.PROTO_UDP, 1));

            List<DatagramSink> sinks = new ArrayList<>();
            try {
                MirrorPipeline reference = replayed(plan, sinks);
                List<MirrorPipeline> threads = new ArrayList<>();
                for (int i = 0; i < THREADS; i++) threads.add(replayed(plan, sinks));
                threads.getFirst().counters().kernelDrops = 5; // as the capture loop copies one ring's PACKET_STATISTICS
                InterfaceTotals totals = new InterfaceTotals(threads);

                InterfaceCounters r = reference.counters(), sum = totals.interfaceCounters();
                assertThat(sum.interfaceName).isEqualTo("replay");
                assertThat(sum.kernelDrops).isEqualTo(5);
                for (int d = 0; d < 2; d++) {
                    assertThat(sum.seen[d]).isEqualTo(THREADS * r.seen[d]);
                    for (int reason = 0; reason < NotMirroredReason.values().length; reason++)
                        assertThat(sum.notMirrored[d][reason]).isEqualTo(THREADS * r.notMirrored[d][reason]);
                    assertTrafficTimesThreads(sum, r, d);
                    assertThat(sum.seen[d]).isEqualTo(sum.mirroredPackets[d] + sum.skippedPackets[d] + sum.notMirrored(d));
                }
                assertThat(sum.seen[TrafficCounters.IN] + sum.seen[TrafficCounters.OUT]).isEqualTo(THREADS * 24L);
                assertThat(totals.seenByThread()).containsExactly(24, 24, 24);

                List<SessionCounters> sessions = List.copyOf(totals.sessionCounters());
                List<SessionCounters> referenceSessions = reference.sessionCounters().stream()
                        .sorted((a, b) -> a.sessionId.compareTo(b.sessionId)).toList();
                assertThat(sessions).extracting(s -> s.sessionId + "/" + s.vni)
                        .containsExactly("tms-0000000000000000a/100", "tms-0000000000000000b/7348185");
                for (int i = 0; i < sessions.size(); i++)
                    for (int d = 0; d < 2; d++) assertTrafficTimesThreads(sessions.get(i), referenceSessions.get(i), d);
                assertThat(sessions.get(0).mirroredPackets[0] + sessions.get(0).mirroredPackets[1]).isPositive();

                // The report and the endpoint show the sums, once.
                List<String> report = CounterReport.lines(totals);
                assertThat(report).filteredOn(l -> l.startsWith("replay ingress: seen " + sum.seen[TrafficCounters.IN] + " = ")).hasSize(1);
                assertThat(report).contains("replay: seen by capture thread 24, 24, 24", "replay: kernel drops 5");
                try (AgentMetrics metrics = new AgentMetrics(totals, new InetSocketAddress("127.0.0.1", 0));
                     HttpClient http = HttpClient.newHttpClient()) {
                    String text = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + metrics.address().getPort() + "/metrics")).build(),
                            HttpResponse.BodyHandlers.ofString()).body();
                    assertThat(text).contains("NetworkPacketsMirrorIn_total{interface=\"replay\"} " + sum.mirroredPackets[TrafficCounters.IN] + ".0")
                            .contains("tmirror_agent_kernel_drops_total{interface=\"replay\"} 5.0")
                            .contains("session_NetworkPacketsMirrorIn_total{interface=\"replay\",session=\"tms-0000000000000000a\",vni=\"100\"} "
                                    + sessions.get(0).mirroredPackets[TrafficCounters.IN] + ".0");
                }
            } finally {
                sinks.forEach(DatagramSink::close);
            }
        }
    }

    private static void assertTrafficTimesThreads(TrafficCounters sum, TrafficCounters one, int d) {
        assertThat(sum.mirroredPackets[d]).isEqualTo(THREADS * one.mirroredPackets[d]);
        assertThat(sum.mirroredBytes[d]).isEqualTo(THREADS * one.mirroredBytes[d]);
        assertThat(sum.skippedPackets[d]).isEqualTo(THREADS * one.skippedPackets[d]);
        assertThat(sum.skippedBytes[d]).isEqualTo(THREADS * one.skippedBytes[d]);
        assertThat(sum.truncatedToPacketLength[d]).isEqualTo(THREADS * one.truncatedToPacketLength[d]);
        assertThat(sum.truncatedToMtu[d]).isEqualTo(THREADS * one.truncatedToMtu[d]);
    }

    /** A pipeline with its own sink, after replaying the synthetic capture. */
    private static MirrorPipeline replayed(InterfacePlan plan, List<DatagramSink> sinks) throws Exception {
        DatagramSink sink = new DatagramSink(16, 65536, new InetSocketAddress("127.0.0.1", 0));
        sinks.add(sink);
        MirrorPipeline p = new MirrorPipeline(new InterfaceCounters("replay"), sink, (Inet4Address) InetAddress.getByName("127.0.0.1"), null);
        p.offer(plan);
        p.applyOfferedPlan();
        new ReplayCapture(ReplayPipelineTest.capture(), ReplayPipelineTest.LOCAL_MAC, List.of(), false).run(p, () -> true);
        return p;
    }
}
