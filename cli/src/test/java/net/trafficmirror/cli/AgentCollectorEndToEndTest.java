package net.trafficmirror.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seed scenario end to end with both real processes: {@code tmirror agent} on Client01 (10.100.0.223) mirrors
 * its interface by examples/seed-mirror.yaml (inbound only, VNI 7348185) to {@code tmirror collector} on Client02
 * (10.100.0.177), while Client01 runs curl against a web server on Client02 and pings it. Checked against the real
 * tcpdump: the collector prints, per packet, the two lines tcpdump -n port 4789 prints on Client02, and its pcap
 * holds exactly the inbound frames tcpdump captured on Client01 (all of them pass the seed's inbound rule).
 */
@Tag("netns")
class AgentCollectorEndToEndTest {
    static final Path SEED = Path.of("..", "examples", "seed-mirror.yaml");
    @TempDir Path dir;

    @Test void seedCurlSeenOnClient02AsTcpdumpSeesIt() throws Exception {
        NamespacePair.requirePrivileges();
        for (String tool : List.of("tcpdump", "curl", "python3", "ping")) NamespacePair.requireTool(tool);
        try (NamespacePair net = new NamespacePair()) {
            Path www = Files.createDirectories(dir.resolve("www"));
            Files.writeString(www.resolve("index.html"), "203.0.113.7\n");
            net.start(net.target, dir.resolve("http.out"), dir.resolve("http.err"),
                    "python3", "-m", "http.server", "--bind", NamespacePair.TARGET_IP, "--directory", www.toString(), "80");

            Process seen = net.start(net.target, dir.resolve("tcpdump.txt"), dir.resolve("tcpdump.err"),
                    "tcpdump", "-n", "-i", net.targetLink, "udp port 4789");
            Process sent = net.start(net.source, dir.resolve("c1.out"), dir.resolve("c1.err"),
                    "tcpdump", "-i", net.sourceLink, "-Q", "in", "-U", "-w", dir.resolve("c1.pcap").toString(), "ip");
            NamespacePair.awaitText(dir.resolve("tcpdump.err"), "listening on", seen);
            NamespacePair.awaitText(dir.resolve("c1.err"), "listening on", sent);
            Path files = dir.resolve("pcap");
            Process collector = net.start(net.target, dir.resolve("collector.txt"), dir.resolve("collector.err"),
                    CollectorNetnsTest.tmirror("collector", "--config", SEED.toString(), "-n", "--print",
                            "-w", files.toString()).toArray(String[]::new));
            NamespacePair.awaitText(dir.resolve("collector.err"), "listening on", collector);
            Process agent = net.start(net.source, dir.resolve("agent.out"), dir.resolve("agent.err"),
                    CollectorNetnsTest.tmirror("agent", "--interface", net.sourceLink, "--config", SEED.toString(),
                            "--param", "SourceDevice=" + net.sourceLink).toArray(String[]::new));
            NamespacePair.awaitText(dir.resolve("agent.err"), "tmirror agent: capturing", agent);

            String page = net.exec(net.source, "curl", "-s", "http://" + NamespacePair.TARGET_IP + "/index.html");
            assertThat(page).isEqualTo("203.0.113.7\n");
            net.exec(net.source, "ping", "-c", "2", "-i", "0.2", NamespacePair.TARGET_IP);
            Thread.sleep(1500);

            assertThat(NamespacePair.terminate(agent)).as(Files.readString(dir.resolve("agent.err"))).isZero();
            NamespacePair.terminate(sent);
            Thread.sleep(300);
            assertThat(NamespacePair.terminate(collector)).isZero();
            NamespacePair.terminate(seen);

            List<String> want = new ArrayList<>(CollectorNetnsTest.withoutTimestamps(Files.readAllLines(dir.resolve("tcpdump.txt"))));
            if (!want.isEmpty() && want.getLast().isEmpty()) want.removeLast(); // tcpdump's newline at a signal
            List<String> got = CollectorNetnsTest.withoutTimestamps(Files.readAllLines(dir.resolve("collector.txt")));
            assertThat(want).anyMatch(l -> l.startsWith("IP 10.100.0.223.") && l.endsWith(" > 10.100.0.177.4789: VXLAN, flags [I] (0x08), vni 7348185"));
            assertThat(want).anyMatch(l -> l.startsWith("IP 10.100.0.177.80 > 10.100.0.223.") && l.contains("HTTP: HTTP/1.0 200 OK"));
            assertThat(got).as(Files.readString(dir.resolve("collector.err"))).isEqualTo(want);

            Path sessionFile;
            try (Stream<Path> s = Files.list(files)) {
                sessionFile = s.filter(p -> p.getFileName().toString().startsWith("Client01_to_Client02_vni7348185_")).findFirst().orElseThrow();
            }
            List<byte[]> inbound = MirrorTestbed.frames(dir.resolve("c1.pcap"));
            List<byte[]> recorded = MirrorTestbed.frames(sessionFile);
            assertThat(recorded).hasSameSizeAs(inbound);
            for (int i = 0; i < recorded.size(); i++) assertThat(recorded.get(i)).as("frame %d", i).isEqualTo(inbound.get(i));
        }
    }
}
