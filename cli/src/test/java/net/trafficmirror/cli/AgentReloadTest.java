package net.trafficmirror.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import net.trafficmirror.linux.TestNamespaces;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Live reconfiguration: with the agent capturing, the configuration file is changed (the session's VNI), then the
 * session is deleted; each change must take effect within a second, without restarting capture. The real tcpdump
 * on the target tells which VNI each ping arrived with, if any.
 */
@Tag("netns")
class AgentReloadTest {
    @Test
    void changedAndDeletedSessionsTakeEffectWithinASecond(@TempDir Path dir) throws Exception {
        TestNamespaces.requireRootAndTools("tcpdump", "ping");
        try (MirrorTestbed bed = new MirrorTestbed(dir)) {
            String s = bed.host("rs"), t = bed.host("rt");
            String ifS = "tmrs" + bed.lab.suffix, ifT = "tmrt" + bed.lab.suffix;
            bed.lab.veth(s, ifS, "10.94.0.1/24", t, ifT, "10.94.0.2/24");
            Path config = dir.resolve("mirror.yaml");
            Files.writeString(config, config(ifS, "100", true));
            MirrorTestbed.Agent agent = bed.agent(s, List.of(), "--interface", ifS, "--config", config.toString());
            MirrorTestbed.Capture tcpdump = bed.tcpdump(t, "t", "--immediate-mode", "-i", ifT, "-U", "udp", "port", "4789");
            Thread.sleep(1000);

            bed.lab.exec(s, "ping", "-c", "1", "10.94.0.2");          // VNI 100
            replace(config, config(ifS, "200", true));
            Thread.sleep(1000);
            bed.lab.exec(s, "ping", "-c", "1", "10.94.0.2");          // VNI 200
            replace(config, config(ifS, "200", false));
            Thread.sleep(1000);
            bed.lab.exec(s, "ping", "-c", "1", "10.94.0.2");          // no session: nothing
            Thread.sleep(500);
            tcpdump.stop();
            String log = agent.stop().text();

            List<Integer> vnis = new ArrayList<>();
            for (byte[] f : tcpdump.frames())
                vnis.add((f[46] & 0xff) << 16 | (f[47] & 0xff) << 8 | f[48] & 0xff);
            // each ping is a request (egress) and a reply (ingress)
            assertThat(vnis).containsExactly(100, 100, 200, 200);
            assertThat(log).contains("configuration reloaded: 1 session: tms-00000000000000001 #1 vni 200")
                    .contains("configuration reloaded: no sessions");
        }
    }

    /** As configuration tools do: write aside, then rename over the file. */
    private static void replace(Path file, String text) throws Exception {
        Path tmp = file.resolveSibling(file.getFileName() + ".new");
        Files.writeString(tmp, text);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static String config(String device, String vni, boolean withSession) {
        return """
                Resources:
                  Source:
                    Type: AWS::EC2::NetworkInterface
                    Properties: {PrivateIpAddress: 10.94.0.1, Tags: [{Key: tmirror:interface, Value: %s}]}
                  TargetInterface:
                    Type: AWS::EC2::NetworkInterface
                    Properties: {PrivateIpAddress: 10.94.0.2}
                  Target:
                    Type: AWS::EC2::TrafficMirrorTarget
                    Properties: {NetworkInterfaceId: !Ref TargetInterface}
                  Icmp:
                    Type: AWS::EC2::TrafficMirrorFilter
                  In:
                    Type: AWS::EC2::TrafficMirrorFilterRule
                    Properties: {TrafficMirrorFilterId: !Ref Icmp, TrafficDirection: ingress, RuleNumber: 100, RuleAction: accept,
                                 Protocol: 1, SourceCidrBlock: 0.0.0.0/0, DestinationCidrBlock: 0.0.0.0/0}
                  Out:
                    Type: AWS::EC2::TrafficMirrorFilterRule
                    Properties: {TrafficMirrorFilterId: !Ref Icmp, TrafficDirection: egress, RuleNumber: 100, RuleAction: accept,
                                 Protocol: 1, SourceCidrBlock: 0.0.0.0/0, DestinationCidrBlock: 0.0.0.0/0}
                """.formatted(device) + (withSession ? """
                  Session:
                    Type: AWS::EC2::TrafficMirrorSession
                    Properties: {NetworkInterfaceId: !Ref Source, TrafficMirrorTargetId: !Ref Target,
                                 TrafficMirrorFilterId: !Ref Icmp, SessionNumber: 1, VirtualNetworkId: %s}
                """.formatted(vni) : "");
    }
}
