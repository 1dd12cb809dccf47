package net.trafficmirror.collector;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import net.trafficmirror.mirror.encap.Decapsulated;
import net.trafficmirror.packet.LinkType;
import net.trafficmirror.packet.filter.CaptureFilter;
import net.trafficmirror.packet.io.CaptureReader;
import net.trafficmirror.packet.io.PcapWriter;
import net.trafficmirror.packet.io.PacketRecord;
import net.trafficmirror.packet.print.PrintOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The receive loop over loopback: decapsulation of every tunnel kind, refusals, allow-list, sessions, files. */
class CollectorTest {
    @TempDir Path dir;

    @Test void decapsulatesEveryTunnelKindAndCountsRefusals() throws Exception {
        byte[] web = TestFrames.tcp("10.100.0.223", "18.209.184.162", 33962, 80, 0x02, 7, 0);
        byte[] dns = TestFrames.udp("10.100.0.223", "10.100.0.2", 40000, 53, 30);
        byte[] ping = TestFrames.ping("10.100.0.223", "10.100.0.177", 1, 1, 56);
        CaptureFiles files = new CaptureFiles(dir, CaptureFiles.Format.PCAP, 0, 0, 0, 0, false, new CollectorCounters());
        try (RunningCollector c = new RunningCollector(List.of(files), "127.0.0.0/30",
                null, Map.of(7348185, new SessionLabel("tms-0123456789abcdef0", "web")))) {
            c.send("127.0.0.1", c.vxlan, TestFrames.vxlan(7348185, web), TestFrames.vxlan(7348185, dns), TestFrames.vxlan(42, ping));
            c.send("127.0.0.2", c.geneve, TestFrames.geneveEthernet(43, ping), TestFrames.gwlb(0x123456, "10.100.0.223", "10.100.0.177", 7348185, web));
            c.send("127.0.0.1", c.vxlan,
                    new byte[] {0x08, 0, 0},                                  // short header
                    Arrays.copyOf(TestFrames.vxlan(7, web), 20),              // broken inner frame
                    withFlags(TestFrames.vxlan(7, web), 0));                  // I flag clear
            c.send("127.0.0.1", c.geneve, withFlags(TestFrames.geneveEthernet(9, ping), 0x40)); // GENEVE version 1
            c.send("127.0.0.9", c.vxlan, TestFrames.vxlan(7348185, web));      // outside --allow
            c.awaitReceived(10);
            c.stop();
            CollectorCounters n = c.counters;
            assertThat(n.received).isEqualTo(10);
            assertThat(n.decapsulated).isEqualTo(5);
            assertThat(n.notAllowed).isEqualTo(1);
            assertThat(n.malformed[Decapsulated.SHORT_HEADER]).isEqualTo(1);
            assertThat(n.malformed[Decapsulated.BROKEN_INNER_FRAME]).isEqualTo(1);
            assertThat(n.malformed[Decapsulated.NO_VNI]).isEqualTo(1);
            assertThat(n.malformed[Decapsulated.BAD_VERSION]).isEqualTo(1);
            assertThat(c.collector.sessions()).extracting(s -> s.vni).containsExactly(7348185, 42, 43);
            MirrorSessionTraffic webSession = c.collector.sessions().getFirst();
            assertThat(webSession.display()).isEqualTo("web");
            assertThat(webSession.packets).isEqualTo(3);
            assertThat(webSession.bytes).isEqualTo(2L * web.length + dns.length);
            // The pcap file of session "web" holds exactly the three inner frames, GWLB's included.
            Path webFile;
            try (var list = Files.list(dir)) {
                webFile = list.filter(p -> p.getFileName().toString().startsWith("web_vni7348185_")).findFirst().orElseThrow();
            }
            assertThat(frames(webFile)).containsExactly(web, dns, web);
        }
    }

    @Test void frameCutAtTheSourceKeepsItsOriginalLength() throws Exception {
        byte[] big = TestFrames.tcp("10.0.0.1", "10.0.0.2", 1000, 80, 0x18, 1, 1400);
        byte[] cut = Arrays.copyOf(big, 14 + 20 + 20 + 100); // as a session PacketLength would cut it
        CaptureFiles files = new CaptureFiles(dir, CaptureFiles.Format.PCAP, 0, 0, 0, 0, false, new CollectorCounters());
        try (RunningCollector c = new RunningCollector(List.of(files), null, null, Map.of())) {
            c.send("127.0.0.1", c.vxlan, TestFrames.vxlan(5, cut));
            c.awaitReceived(1);
            c.stop();
            assertThat(c.counters.truncatedAtSource).isEqualTo(1);
            assertThat(c.collector.sessions().getFirst().bytes).isEqualTo(big.length);
        }
        try (var list = Files.list(dir); CaptureReader r = CaptureReader.open(list.findFirst().orElseThrow())) {
            PacketRecord rec = new PacketRecord();
            assertThat(r.next(rec)).isTrue();
            assertThat(rec.caplen).isEqualTo(cut.length);
            assertThat(rec.wirelen).isEqualTo(big.length);
        }
    }

    /** The inner filter keeps exactly the frames the real tcpdump selects with the same expression. */
    @Test void innerFilterSelectsWhatTcpdumpSelects() throws Exception {
        RealTools.requireTool("tcpdump");
        String expression = "tcp port 80 or (udp and dst host 10.0.0.9) or icmp";
        List<byte[]> frames = List.of(
                TestFrames.tcp("10.0.0.1", "10.0.0.2", 1000, 80, 0x02, 1, 0),
                TestFrames.tcp("10.0.0.1", "10.0.0.2", 1000, 443, 0x02, 1, 0),
                TestFrames.udp("10.0.0.1", "10.0.0.9", 53, 53, 10),
                TestFrames.udp("10.0.0.1", "10.0.0.8", 53, 53, 10),
                TestFrames.ping("10.0.0.1", "10.0.0.2", 1, 1, 8),
                TestFrames.tcp("10.0.0.2", "10.0.0.1", 80, 1000, 0x12, 1, 0));
        Path all = dir.resolve("all.pcap");
        try (var out = Files.newOutputStream(all)) {
            PcapWriter w = new PcapWriter(out, LinkType.ETHERNET, 262144, false);
            for (byte[] f : frames) w.write(0, 0, f, 0, f.length, f.length);
            w.flush();
        }
        Path selected = dir.resolve("selected.pcap");
        RealTools.run(List.of("tcpdump", "-r", all.toString(), "-w", selected.toString(), expression), null, 30);
        List<byte[]> want = frames(selected);

        CaptureFilter filter = CaptureFilter.compile(expression);
        Path out = dir.resolve("out");
        CaptureFiles files = new CaptureFiles(out, CaptureFiles.Format.PCAP, 0, 0, 0, 0, false, new CollectorCounters());
        try (RunningCollector c = new RunningCollector(List.of(files), null,
                (b, off, caplen, wirelen) -> filter.matches(b, off, caplen, wirelen, LinkType.ETHERNET), Map.of())) {
            for (byte[] f : frames) c.send("127.0.0.1", c.vxlan, TestFrames.vxlan(3, f));
            c.awaitReceived(frames.size());
            c.stop();
            assertThat(c.counters.filteredOut).isEqualTo(frames.size() - want.size());
        }
        try (var list = Files.list(out)) {
            assertThat(frames(list.findFirst().orElseThrow())).containsExactlyElementsOf(want);
        }
    }

    static byte[] withFlags(byte[] d, int firstByte) {
        byte[] c = d.clone();
        c[0] = (byte) firstByte;
        return c;
    }

    static List<byte[]> frames(Path file) throws IOException {
        List<byte[]> out = new ArrayList<>();
        try (CaptureReader r = CaptureReader.open(file)) {
            PacketRecord rec = new PacketRecord();
            while (r.next(rec)) out.add(Arrays.copyOfRange(rec.buffer, rec.offset, rec.offset + rec.caplen));
        }
        return out;
    }
}
