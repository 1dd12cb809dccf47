package net.trafficmirror.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tmirror collector}'s options: one-line errors with exit 1 for bad values, exit 2 for usage errors, metrics. */
class CollectorCommandTest {
    @TempDir Path dir;

    @Test void badValuesAreOneLineErrors() {
        record Case(List<String> args, String message) {}
        List<Case> cases = List.of(
                new Case(List.of("--allow", "10.0.0.0/33"), "tmirror: --allow: '10.0.0.0/33' has a prefix length outside 0-32\n"),
                new Case(List.of("--allow", "bogus"), "tmirror: --allow: 'bogus' is not an address or CIDR block\n"),
                new Case(List.of("--listen", "10.0.0.1:99999"), "tmirror: --listen: '10.0.0.1:99999' needs a port number (0-65535)\n"),
                new Case(List.of("--listen", "example.com:4789"), "tmirror: --listen: 'example.com' is not an IP address\n"),
                new Case(List.of("-w", dir.toString(), "--format", "pcapx"), "tmirror: --format: 'pcapx' is not pcap or pcapng\n"),
                new Case(List.of("-w", dir.toString(), "--rotate-size", "12Q"), "tmirror: --rotate-size: '12Q' is not a size like 100M\n"),
                new Case(List.of("--flows", "-", "--flow-idle", "soon"), "tmirror: --flow-idle: 'soon' is not a duration like 30s, 5m, 1h or 7d\n"),
                new Case(List.of("--sessions", "x=web"), "tmirror: --sessions: 'x' is not a VNI (0-16777215)\n"),
                new Case(List.of("--nft-drop"), "tmirror: --nft-drop: only with --capture IFACE\n"),
                new Case(List.of("--config", dir.resolve("missing.yaml").toString()), "tmirror: " + dir.resolve("missing.yaml") + ": No such file or directory\n"));
        for (Case c : cases) {
            String[] args = new java.util.ArrayList<String>() {{ add("collector"); addAll(c.args()); }}.toArray(String[]::new);
            InProcess.Run r = InProcess.run(args);
            assertThat(r.err()).as(String.join(" ", c.args())).isEqualTo(c.message());
            assertThat(r.exit()).as(String.join(" ", c.args())).isEqualTo(1);
        }
    }

    @Test void badFilterExpressionIsOneLine() {
        InProcess.Run r = InProcess.run("collector", "--listen", "127.0.0.1:0", "tcp", "prot", "80");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).startsWith("tmirror: filter: ").contains("column").endsWith("\n").hasLineCount(1);
    }

    @Test void unknownOptionIsAUsageError() {
        InProcess.Run r = InProcess.run("collector", "--no-such-option");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("--no-such-option");
    }

    @Test void portInUseIsOneLine() throws Exception {
        try (java.nio.channels.DatagramChannel ch = java.nio.channels.DatagramChannel.open()) {
            ch.bind(new java.net.InetSocketAddress("127.0.0.1", 0));
            int port = ((java.net.InetSocketAddress) ch.getLocalAddress()).getPort();
            InProcess.Run r = InProcess.run("collector", "--listen", "127.0.0.1:" + port, "--geneve-port", "0");
            assertThat(r.exit()).isEqualTo(1);
            assertThat(r.err()).isEqualTo("tmirror: cannot listen on 127.0.0.1:" + port + ": Address already in use\n");
        }
    }

    /** The Prometheus endpoint of a running collector shows the counters by name. */
    @Test void metricsEndpointServesCounters() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Process p = new ProcessBuilder(CollectorNetnsTest.tmirror("collector", "--listen", "127.0.0.1:" + CollectorDurabilityTest.freeUdpPort(),
                "--geneve-port", "0", "--flows", dir.resolve("f.json").toString(), "--metrics", "127.0.0.1:" + port))
                .redirectError(dir.resolve("err.txt").toFile()).redirectOutput(dir.resolve("out.txt").toFile()).start();
        try {
            NamespacePair.awaitText(dir.resolve("err.txt"), "metrics on http://127.0.0.1:" + port + "/metrics", p);
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).contains("tmirror_collector_received_total 0.0").contains("tmirror_collector_malformed_total{reason=\"i_flag_clear\"} 0.0")
                    .contains("tmirror_collector_dropped_backpressure_total").contains("tmirror_collector_socket_drops_total");
        } finally {
            NamespacePair.terminate(p);
        }
        assertThat(Files.readString(dir.resolve("err.txt"))).contains("0 datagrams received");
    }
}
