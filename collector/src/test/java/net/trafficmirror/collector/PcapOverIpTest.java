package net.trafficmirror.collector;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import net.trafficmirror.packet.LinkType;
import net.trafficmirror.packet.io.PcapWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PCAP-over-IP read the way the issue says users read it: {@code nc HOST PORT | tcpdump -r -}. */
class PcapOverIpTest {
    @TempDir Path dir;

    @Test void ncPipedIntoTcpdumpSeesTheDecapsulatedFrames() throws Exception {
        RealTools.requireTool("tcpdump");
        RealTools.requireTool("nc");
        CollectorCounters counters = new CollectorCounters();
        PcapOverIp server = new PcapOverIp(new InetSocketAddress("127.0.0.1", 0), counters);
        List<byte[]> frames = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            frames.add(i % 2 == 0 ? TestFrames.tcp("10.0.0.1", "10.0.0.2", 40000 + i, 80, 0x18, i, i * 20)
                    : TestFrames.udp("10.0.0.3", "10.0.0.4", 5353, 53, i));
        }
        frames.add(TestFrames.udp("10.0.0.3", "10.0.0.4", 9000, 9001, 8900)); // a jumbo frame, whole
        try (RunningCollector c = new RunningCollector(List.of(server), null, null, Map.of())) {
            int port = server.address().getPort();
            // ncat (Debian's nc) needs --recv-only to keep reading after its empty stdin ends.
            ProcessBuilder pb = new ProcessBuilder("sh", "-c", "nc --recv-only 127.0.0.1 " + port + " | tcpdump -r - -nn -tt -v");
            pb.redirectError(dir.resolve("tcpdump.err").toFile());
            pb.redirectOutput(dir.resolve("live.txt").toFile());
            Process p = pb.start();
            try {
                long deadline = System.nanoTime() + 10_000_000_000L;
                while (server.clients() == 0 && System.nanoTime() < deadline) Thread.sleep(10);
                assertThat(server.clients()).isEqualTo(1);
                for (byte[] f : frames) c.send("127.0.0.1", c.vxlan, TestFrames.vxlan(77, f));
                c.awaitReceived(frames.size());
                c.stop(); // closes the stream: nc and tcpdump end
                assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
            } finally {
                p.destroyForcibly();
            }
        }
        assertThat(counters.written).isEqualTo(frames.size());
        Path expected = dir.resolve("expected.pcap");
        try (var out = Files.newOutputStream(expected)) {
            PcapWriter w = new PcapWriter(out, LinkType.ETHERNET, 262144, false);
            for (byte[] f : frames) w.write(0, 0, f, 0, f.length, f.length);
            w.flush();
        }
        String want = RealTools.run(List.of("tcpdump", "-r", expected.toString(), "-nn", "-tt", "-v"), null, 30);
        List<String> live = Files.readAllLines(dir.resolve("live.txt"));
        List<String> wanted = List.of(want.split("\n"));
        assertThat(live).hasSize(wanted.size());
        // Timestamps differ (arrival time vs. 0): compare the lines without them.
        for (int i = 0; i < wanted.size(); i++) {
            assertThat(live.get(i).replaceFirst("^\\d+\\.\\d{6} ", "")).isEqualTo(wanted.get(i).replaceFirst("^\\d+\\.\\d{6} ", ""));
        }
    }
}
