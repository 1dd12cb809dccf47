package net.trafficmirror.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.trafficmirror.packet.io.CaptureReader;
import net.trafficmirror.packet.io.PacketRecord;
import net.trafficmirror.packet.io.PcapWriter;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tmirror agent} as a user meets it, without namespaces: a replay over loopback (unprivileged), and the
 * one-line errors with exit code 1 for a bad configuration, an unknown interface and a missing capability.
 */
class AgentCommandTest {
    private static final Path SYNTHETIC = Path.of(System.getProperty("user.dir")).resolveSibling("agent/src/test/resources/synthetic.pcap");

    record Run(int exit, String err) {}

    static synchronized Run run(String... args) {
        PrintStream old = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            int exit = Tmirror.execute(args);
            return new Run(exit, buf.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(old);
        }
    }

    static String config(String device, String targetAddress, int port) {
        return """
                Resources:
                  Source:
                    Type: AWS::EC2::NetworkInterface
                    Properties:
                      PrivateIpAddress: 10.1.1.10
                      Tags: [{Key: tmirror:interface, Value: %s}, {Key: tmirror:mac, Value: '02:00:00:00:00:0a'}]
                  Target:
                    Type: AWS::EC2::TrafficMirrorTarget
                    Properties:
                      NetworkInterfaceId: !Ref TargetInterface
                      Tags: [{Key: tmirror:address, Value: %s}, {Key: tmirror:port, Value: '%d'}]
                  TargetInterface:
                    Type: AWS::EC2::NetworkInterface
                    Properties: {PrivateIpAddress: 10.1.1.99}
                  All:
                    Type: AWS::EC2::TrafficMirrorFilter
                  In:
                    Type: AWS::EC2::TrafficMirrorFilterRule
                    Properties: {TrafficMirrorFilterId: !Ref All, TrafficDirection: ingress, RuleNumber: 100, RuleAction: accept,
                                 SourceCidrBlock: 0.0.0.0/0, DestinationCidrBlock: 0.0.0.0/0}
                  Out:
                    Type: AWS::EC2::TrafficMirrorFilterRule
                    Properties: {TrafficMirrorFilterId: !Ref All, TrafficDirection: egress, RuleNumber: 100, RuleAction: accept,
                                 SourceCidrBlock: 0.0.0.0/0, DestinationCidrBlock: 0.0.0.0/0}
                  Session:
                    Type: AWS::EC2::TrafficMirrorSession
                    Properties: {NetworkInterfaceId: !Ref Source, TrafficMirrorTargetId: !Ref Target, TrafficMirrorFilterId: !Ref All,
                                 SessionNumber: 1, VirtualNetworkId: 7348185}
                """.formatted(device, targetAddress, port);
    }

    @Test
    void replaySendsEveryAcceptedFrameOverLoopback(@TempDir Path dir) throws Exception {
        Path pcap = SYNTHETIC;
        try (DatagramChannel receiver = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0))) {
            int port = ((InetSocketAddress) receiver.getLocalAddress()).getPort();
            Path cfg = dir.resolve("mirror.yaml");
            Files.writeString(cfg, config("eth0", "127.0.0.1", port));
            Run r = run("agent", "--replay", pcap.toString(), "--config", cfg.toString());
            assertThat(r.exit()).as(r.err()).isZero();
            assertThat(r.err()).startsWith("tmirror agent: replaying " + pcap + " as eni-");
            Matcher in = Pattern.compile("ingress: seen (\\d+) = mirrored (\\d+) \\+ skipped 0").matcher(r.err());
            Matcher out = Pattern.compile("egress: seen (\\d+) = mirrored (\\d+) \\+ skipped 0").matcher(r.err());
            assertThat(in.find() && out.find()).as(r.err()).isTrue();
            int mirrored = Integer.parseInt(in.group(2)) + Integer.parseInt(out.group(2));
            assertThat(Integer.parseInt(in.group(1)) + Integer.parseInt(out.group(1))).isEqualTo(24);

            // Every IPv4 frame, VLAN-tagged too, is accepted (IPv6 has no ::/0 rule; ARP is never mirrored), in capture order.
            List<byte[]> ipv4 = new ArrayList<>();
            try (CaptureReader reader = CaptureReader.open(pcap)) {
                PacketRecord rec = new PacketRecord();
                while (reader.next(rec)) {
                    byte[] f = Arrays.copyOfRange(rec.buffer, rec.offset, rec.offset + rec.caplen);
                    boolean tagged = f[12] == (byte) 0x81 && f[13] == 0; // 802.1Q, then the ethertype
                    if (f[tagged ? 16 : 12] == 8 && f[tagged ? 17 : 13] == 0) ipv4.add(f);
                }
            }
            assertThat(mirrored).isEqualTo(ipv4.size());
            receiver.configureBlocking(false);
            ByteBuffer b = ByteBuffer.allocate(70000);
            for (byte[] frame : ipv4) {
                b.clear();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                while (receiver.receive(b) == null && System.nanoTime() < deadline) Thread.sleep(2);
                assertThat(Arrays.copyOfRange(b.array(), 0, 8)).isEqualTo(new byte[] {8, 0, 0, 0, 0x70, 0x1f, (byte) 0xd9, 0});
                assertThat(Arrays.copyOfRange(b.array(), 8, b.position())).isEqualTo(frame);
            }
        }
    }

    /**
     * SIGTERM in the middle of a replay at the recorded pace (a frame a second): the agent stops, prints counters
     * that add up, and exits 0; every packet it counted as mirrored reached the receiver, nothing more.
     */
    @Test
    void sigtermStopsWithCountersThatAddUpAndExit0(@TempDir Path dir) throws Exception {
        try (DatagramChannel receiver = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0))) {
            Process agent = replayAtRecordedPace(dir, SYNTHETIC, receiver);
            try {
                for (int i = 0; i < 3; i++) assertThat(receive(receiver, 30)).as("frame %d mirrored", i).isTrue();
                assertThat(NamespacePair.terminate(agent)).as(Files.readString(dir.resolve("agent.err"))).isZero();
            } finally {
                agent.destroyForcibly();
            }
            String err = Files.readString(dir.resolve("agent.err"));
            assertThat(err).contains("tmirror agent: SIGTERM, stopping");
            AgentReport report = AgentReport.parse(err); // checks that seen = mirrored + skipped + not mirrored
            assertThat(report.seen()).as("stopped before the capture's end").isBetween(3L, 23L);
            int received = 3;
            while (receive(receiver, 1)) received++;
            assertThat(received).as("datagrams received").isEqualTo(report.mirrored());
        }
    }

    /**
     * A second signal while the first one's stop is still under way (the replay pauses for an hour of the
     * capture's time, which the stop cuts short after a second) ends the agent at once with 128 + 15.
     */
    @Test
    void aSecondSignalEndsTheStopAtOnce(@TempDir Path dir) throws Exception {
        byte[] frame;
        try (CaptureReader reader = CaptureReader.open(SYNTHETIC)) {
            PacketRecord rec = new PacketRecord();
            assertThat(reader.next(rec)).isTrue();
            frame = Arrays.copyOfRange(rec.buffer, rec.offset, rec.offset + rec.caplen);
        }
        Path pcap = dir.resolve("gap.pcap");
        try (OutputStream out = Files.newOutputStream(pcap)) {
            PcapWriter w = new PcapWriter(out, 1, 65535, false);
            w.write(1_700_000_000L, 0, frame, 0, frame.length, frame.length);
            w.write(1_700_003_600L, 0, frame, 0, frame.length, frame.length);
            w.flush();
        }
        try (DatagramChannel receiver = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0))) {
            Process agent = replayAtRecordedPace(dir, pcap, receiver);
            try {
                assertThat(receive(receiver, 30)).as("the first frame, sent once the agent runs").isTrue();
                long start = System.nanoTime();
                agent.destroy();
                Thread.sleep(100);
                agent.destroy();
                assertThat(agent.waitFor(10, TimeUnit.SECONDS)).isTrue();
                assertThat(agent.exitValue()).as(Files.readString(dir.resolve("agent.err"))).isEqualTo(143);
                assertThat(System.nanoTime() - start).isLessThan(TimeUnit.SECONDS.toNanos(10));
            } finally {
                agent.destroyForcibly();
            }
            assertThat(Files.readString(dir.resolve("agent.err"))).contains("tmirror agent: SIGTERM, stopping")
                    .contains("tmirror agent: SIGTERM again, exiting without finishing the stop").doesNotContain("kernel drops");
        }
    }

    /** {@code tmirror agent --replay FILE --replay-speed recorded} in its own JVM, sending to {@code receiver}. */
    private static Process replayAtRecordedPace(Path dir, Path pcap, DatagramChannel receiver) throws Exception {
        Path cfg = dir.resolve("mirror.yaml");
        Files.writeString(cfg, config("eth0", "127.0.0.1", ((InetSocketAddress) receiver.getLocalAddress()).getPort()));
        return new ProcessBuilder(CollectorNetnsTest.tmirror("agent", "--replay", pcap.toString(), "--config", cfg.toString(),
                "--replay-speed", "recorded")).redirectOutput(dir.resolve("agent.out").toFile()).redirectError(dir.resolve("agent.err").toFile()).start();
    }

    /** Waits up to {@code seconds} for one datagram. */
    private static boolean receive(DatagramChannel receiver, int seconds) throws Exception {
        receiver.configureBlocking(false);
        ByteBuffer b = ByteBuffer.allocate(70000);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            if (receiver.receive(b) != null) return true;
            Thread.sleep(2);
        }
        return false;
    }

    @Test
    void aBadConfigurationIsOneLineAndExit1(@TempDir Path dir) throws Exception {
        Path cfg = dir.resolve("bad.yaml");
        Files.writeString(cfg, config("eth0", "127.0.0.1", 4789).replace("SessionNumber: 1", "SessionNumber: 0"));
        Run r = run("agent", "--replay", "x.pcap", "--config", cfg.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err().lines()).hasSize(1);
        assertThat(r.err()).startsWith("tmirror: ").contains("SessionNumber");
    }

    @Test
    void aBadThreadCountIsOneLineAndExit2(@TempDir Path dir) throws Exception {
        Path cfg = dir.resolve("mirror.yaml");
        Files.writeString(cfg, config("lo", "127.0.0.1", 4789));
        int max = 4 * Runtime.getRuntime().availableProcessors();
        for (String n : List.of("0", Integer.toString(max + 1))) {
            Run r = run("agent", "--interface", "lo", "--config", cfg.toString(), "--threads", n);
            assertThat(r.exit()).isEqualTo(2);
            assertThat(r.err()).isEqualTo("tmirror: --threads must be 1.." + max + " (4 per CPU), not " + n + "\n");
        }
        Run replay = run("agent", "--replay", "x.pcap", "--config", cfg.toString(), "--threads", "2");
        assertThat(replay.exit()).isEqualTo(2);
        assertThat(replay.err()).isEqualTo("tmirror: --threads 2 needs --interface (a replay runs on one thread)\n");
    }

    @Test
    void anUnknownInterfaceIsOneLineAndExit1(@TempDir Path dir) throws Exception {
        Path cfg = dir.resolve("mirror.yaml");
        Files.writeString(cfg, config("tmnope0", "127.0.0.1", 4789));
        Run r = run("agent", "--interface", "tmnope0", "--config", cfg.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("tmirror: no network interface 'tmnope0' in this network namespace (see: ip link)\n");
        Run wrongBinding = run("agent", "--interface", "lo", "--config", cfg.toString());
        assertThat(wrongBinding.exit()).isEqualTo(1);
        assertThat(wrongBinding.err()).contains("no AWS::EC2::NetworkInterface is bound to device lo").hasLineCount(1);
    }

    /** Without CAP_NET_RAW (dropped from the bounding set by setpriv(1)) the line names the capability. */
    @Test
    void withoutCapNetRawTheLineSaysSo(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(new java.io.File("/usr/bin/setpriv").canExecute() && "root".equals(System.getProperty("user.name"))
                || "true".equals(System.getenv("CI")), "needs root and setpriv");
        Path cfg = dir.resolve("mirror.yaml");
        Files.writeString(cfg, config("lo", "127.0.0.1", 4789));
        String java = ProcessHandle.current().info().command().orElseThrow();
        Process p = new ProcessBuilder("setpriv", "--inh-caps=-all", "--bounding-set=-net_raw", java,
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"), Tmirror.class.getName(),
                "agent", "--interface", "lo", "--config", cfg.toString()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(1);
        assertThat(output).isEqualTo("tmirror: capturing lo needs CAP_NET_RAW (run as root, or: setcap cap_net_raw+ep on the java binary);"
                + " --replay runs without it\n");
    }
}
