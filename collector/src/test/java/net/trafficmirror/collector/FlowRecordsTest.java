package net.trafficmirror.collector;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import net.trafficmirror.packet.LinkType;
import net.trafficmirror.packet.io.PcapWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Flow records: NetFlow-style idle and active timeouts, and totals checked against tshark's reading of the frames. */
class FlowRecordsTest {
    static final ObjectMapper JSON = new ObjectMapper();
    @TempDir Path dir;

    static List<JsonNode> records(StringWriter w) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String line : w.toString().split("\n")) if (!line.isEmpty()) out.add(JSON.readTree(line));
        return out;
    }

    @Test void idleTimeoutExportsQuietFlows() throws Exception {
        StringWriter w = new StringWriter();
        FlowRecords flows = new FlowRecords(w, 15, 1800, new CollectorCounters());
        MirrorSessionTraffic s = Datagrams.session(7348185, "web");
        byte[] a = TestFrames.tcp("10.100.0.223", "18.209.184.162", 33962, 80, 0x02, 1, 0);
        byte[] a2 = TestFrames.tcp("10.100.0.223", "18.209.184.162", 33962, 80, 0x11, 1, 10);
        byte[] b = TestFrames.udp("10.100.0.223", "10.100.0.2", 40000, 53, 30);
        flows.accept(Datagrams.of(s, a, 1000, 0));
        flows.accept(Datagrams.of(s, b, 1000, 500));
        flows.accept(Datagrams.of(s, a2, 1002, 0));
        flows.tick(1010, 0);
        assertThat(w.toString()).isEmpty();
        flows.tick(1016, 0);
        List<JsonNode> r = records(w);
        assertThat(r).hasSize(1);
        assertThat(r.getFirst().get("proto").asInt()).isEqualTo(17);
        assertThat(r.getFirst().get("end").asText()).isEqualTo("idle");
        flows.tick(1017, 0);
        r = records(w);
        assertThat(r).hasSize(2);
        JsonNode tcp = r.get(1);
        assertThat(tcp.get("vni").asInt()).isEqualTo(7348185);
        assertThat(tcp.get("name").asText()).isEqualTo("web");
        assertThat(tcp.get("src").asText()).isEqualTo("10.100.0.223");
        assertThat(tcp.get("sport").asInt()).isEqualTo(33962);
        assertThat(tcp.get("dport").asInt()).isEqualTo(80);
        assertThat(tcp.get("packets").asLong()).isEqualTo(2);
        assertThat(tcp.get("bytes").asLong()).isEqualTo(40 + 50);
        assertThat(tcp.get("tcp_flags_text").asText()).isEqualTo("FS.");
        assertThat(tcp.get("first").asText()).isEqualTo("1970-01-01T00:16:40Z");
        assertThat(tcp.get("last").asText()).isEqualTo("1970-01-01T00:16:42Z");
        flows.close();
        assertThat(records(w)).hasSize(2);
    }

    @Test void activeTimeoutSplitsLongFlows() throws Exception {
        StringWriter w = new StringWriter();
        FlowRecords flows = new FlowRecords(w, 15, 60, new CollectorCounters());
        MirrorSessionTraffic s = Datagrams.session(1, "");
        byte[] a = TestFrames.udp("10.0.0.1", "10.0.0.2", 5000, 5001, 100);
        for (int t = 0; t <= 90; t++) {
            flows.accept(Datagrams.of(s, a, t, 0));
            flows.tick(t, 1);
        }
        flows.close();
        List<JsonNode> r = records(w);
        assertThat(r).extracting(n -> n.get("end").asText()).containsExactly("active", "forced");
        assertThat(r.get(0).get("packets").asLong()).isEqualTo(61);
        assertThat(r.get(1).get("packets").asLong()).isEqualTo(30);
    }

    /** Many flows with removals in between (backward-shift deletion) lose nothing: totals equal tshark's count of the same frames. */
    @Test void totalsMatchTsharkOverTheSameFrames() throws Exception {
        RealTools.requireTool("tshark");
        StringWriter w = new StringWriter();
        FlowRecords flows = new FlowRecords(w, 2, 1800, new CollectorCounters());
        MirrorSessionTraffic s = Datagrams.session(9, "");
        Path pcap = dir.resolve("frames.pcap");
        Random r = new Random(11);
        try (var out = Files.newOutputStream(pcap)) {
            PcapWriter pw = new PcapWriter(out, LinkType.ETHERNET, 262144, false);
            for (int i = 0; i < 3000; i++) {
                int host = r.nextInt(200);
                byte[] f = r.nextBoolean()
                        ? TestFrames.tcp("10.1.0." + host, "10.2.0.1", 1024 + r.nextInt(3), 443, 0x10, i, r.nextInt(200))
                        : TestFrames.udp("10.1.0." + host, "10.2.0.1", 2000, 53, r.nextInt(100));
                long sec = i / 100;
                flows.accept(Datagrams.of(s, f, sec, 0));
                if (i % 100 == 99) flows.tick(sec, 500_000_000);
                pw.write(sec, 0, f, 0, f.length, f.length);
            }
            pw.flush();
        }
        flows.close();
        Map<String, long[]> ours = new TreeMap<>();
        for (JsonNode n : records(w)) {
            String key = n.get("src").asText() + " " + n.get("dst").asText() + " " + n.get("proto").asInt() + " " + n.get("sport").asInt() + " " + n.get("dport").asInt();
            long[] t = ours.computeIfAbsent(key, k -> new long[2]);
            t[0] += n.get("packets").asLong();
            t[1] += n.get("bytes").asLong();
        }
        Map<String, long[]> theirs = new TreeMap<>();
        String fields = RealTools.run(List.of("tshark", "-r", pcap.toString(), "-T", "fields", "-E", "separator=,",
                "-e", "ip.src", "-e", "ip.dst", "-e", "ip.proto", "-e", "tcp.srcport", "-e", "tcp.dstport",
                "-e", "udp.srcport", "-e", "udp.dstport", "-e", "ip.len"), null, 120);
        for (String line : fields.split("\n")) {
            String[] f = line.split(",", -1);
            String sp = f[3].isEmpty() ? f[5] : f[3], dp = f[4].isEmpty() ? f[6] : f[4];
            long[] t = theirs.computeIfAbsent(f[0] + " " + f[1] + " " + f[2] + " " + sp + " " + dp, k -> new long[2]);
            t[0]++;
            t[1] += Long.parseLong(f[7]);
        }
        assertThat(ours.keySet()).isEqualTo(theirs.keySet());
        for (String k : ours.keySet()) assertThat(ours.get(k)).as(k).containsExactly(theirs.get(k));
    }
}
