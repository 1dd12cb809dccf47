package net.trafficmirror.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.trafficmirror.linux.TestNamespaces;
import net.trafficmirror.packet.io.CaptureReader;
import net.trafficmirror.packet.io.PacketRecord;

/**
 * The scaffolding of the tests that run the real {@code tmirror agent} in network namespaces: hosts (namespaces
 * made by {@link TestNamespaces}, so named tm... and removed at close, with IPv6 off so that the kernel's router
 * solicitations and MLD reports stay out of the captures), the agent as its own process, stopped by SIGTERM as a
 * user stops it (exit 0 with its counter report, issue 4), and the real tcpdump writing a pcap, with what it says
 * it dropped. Files go to the test's directory.
 */
final class MirrorTestbed implements AutoCloseable {
    final TestNamespaces lab = new TestNamespaces();
    final Path dir;

    MirrorTestbed(Path dir) {
        this.dir = dir;
    }

    /** A namespace {@code tm<base><suffix>} with lo up and IPv6 off. */
    String host(String base) {
        return host(lab, base);
    }

    static String host(TestNamespaces lab, String base) {
        String ns = lab.namespace(base);
        lab.exec(ns, "sysctl", "-qw", "net.ipv6.conf.all.disable_ipv6=1", "net.ipv6.conf.default.disable_ipv6=1");
        return ns;
    }

    /** Runs {@code tmirror agent ARGS} in {@code ns} (JVM options first), log in agent.log; returns once it captures. */
    Agent agent(String ns, List<String> jvmOptions, String... args) throws IOException, InterruptedException {
        Path log = dir.resolve("agent.log");
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElseThrow(), "--enable-native-access=ALL-UNNAMED"));
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Tmirror.class.getName(), "agent"));
        cmd.addAll(List.of(args));
        Process p = lab.spawn(ns, log.toFile(), cmd.toArray(String[]::new));
        NamespacePair.awaitText(log, "tmirror agent: capturing", p);
        return new Agent(p, log);
    }

    /** {@code tcpdump -w NAME.pcap ARGS} in {@code ns}, its messages in NAME.txt; returns once it listens. */
    Capture tcpdump(String ns, String name, String... args) throws IOException, InterruptedException {
        Path pcap = dir.resolve(name + ".pcap"), log = dir.resolve(name + ".txt");
        List<String> cmd = new ArrayList<>(List.of("tcpdump", "-w", pcap.toString()));
        cmd.addAll(List.of(args));
        Process p = lab.spawn(ns, log.toFile(), cmd.toArray(String[]::new));
        NamespacePair.awaitText(log, "listening on", p);
        return new Capture(p, pcap, log);
    }

    @Override public void close() {
        lab.close();
    }

    /** A running agent. */
    record Agent(Process process, Path log) {
        /** SIGTERM; the agent must exit 0 with its counter report. */
        AgentReport stop() throws IOException, InterruptedException {
            int exit = NamespacePair.terminate(process);
            String text = Files.readString(log, StandardCharsets.UTF_8);
            assertThat(exit).as("agent exit status after SIGTERM: %s", text).isZero();
            return AgentReport.parse(text);
        }
    }

    /** A running tcpdump writing a pcap. */
    record Capture(Process process, Path pcap, Path log) {
        /** SIGTERM; returns what tcpdump says the kernel dropped of what its filter accepted (its exit statistics). */
        long stop() throws IOException, InterruptedException {
            NamespacePair.terminate(process);
            Matcher m = Pattern.compile("(?m)^(\\d+) packets? dropped by kernel").matcher(Files.readString(log, StandardCharsets.ISO_8859_1));
            assertThat(m.find()).as("tcpdump's statistics in %s", log).isTrue();
            return Long.parseLong(m.group(1));
        }

        List<byte[]> frames() throws IOException {
            return MirrorTestbed.frames(pcap);
        }
    }

    /**
     * A mirror configuration (the CloudFormation format) that mirrors every packet of the given directions
     * ({@code "ingress"}, {@code "egress"}) from interface {@code device}, whose address is {@code source}, to the
     * target interface at {@code target}, as session 1 with VNI {@code vni}.
     */
    static String mirrorEverything(String device, String source, String target, int vni, String... directions) {
        StringBuilder rules = new StringBuilder();
        for (String d : directions) {
            rules.append("""
                      %sRule:
                        Type: AWS::EC2::TrafficMirrorFilterRule
                        Properties: {TrafficMirrorFilterId: !Ref All, TrafficDirection: %s, RuleNumber: 100, RuleAction: accept,
                                     SourceCidrBlock: 0.0.0.0/0, DestinationCidrBlock: 0.0.0.0/0}
                    """.formatted(d, d));
        }
        return """
                Resources:
                  Source:
                    Type: AWS::EC2::NetworkInterface
                    Properties: {PrivateIpAddress: %s, Tags: [{Key: tmirror:interface, Value: %s}]}
                  TargetInterface:
                    Type: AWS::EC2::NetworkInterface
                    Properties: {PrivateIpAddress: %s}
                  Target:
                    Type: AWS::EC2::TrafficMirrorTarget
                    Properties: {NetworkInterfaceId: !Ref TargetInterface}
                  All:
                    Type: AWS::EC2::TrafficMirrorFilter
                %s  Session:
                    Type: AWS::EC2::TrafficMirrorSession
                    Properties: {NetworkInterfaceId: !Ref Source, TrafficMirrorTargetId: !Ref Target,
                                 TrafficMirrorFilterId: !Ref All, SessionNumber: 1, VirtualNetworkId: %d}
                """.formatted(source, device, target, rules, vni);
    }

    /** Every record of a pcap or pcapng file, as captured. */
    static List<byte[]> frames(Path file) throws IOException {
        List<byte[]> out = new ArrayList<>();
        try (CaptureReader r = CaptureReader.open(file)) {
            PacketRecord rec = new PacketRecord();
            while (r.next(rec)) out.add(Arrays.copyOfRange(rec.buffer, rec.offset, rec.offset + rec.caplen));
        }
        return out;
    }
}
