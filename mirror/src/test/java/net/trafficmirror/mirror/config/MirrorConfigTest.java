package net.trafficmirror.mirror.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import net.trafficmirror.mirror.Cidr;
import net.trafficmirror.mirror.Direction;
import net.trafficmirror.mirror.MirrorSession;
import net.trafficmirror.mirror.NetworkInterface;
import net.trafficmirror.mirror.Quotas;
import net.trafficmirror.mirror.eval.CompiledPlan;
import net.trafficmirror.mirror.eval.EvalOptions;
import net.trafficmirror.mirror.eval.InterfacePlan;
import net.trafficmirror.mirror.eval.PlanCompiler;
import net.trafficmirror.mirror.cfn.TemplateException;
import net.trafficmirror.packet.FrameSummary;
import net.trafficmirror.packet.LinkType;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The CloudFormation-format mirror configuration: the seed example, determinism, and one clear error per bad field. */
class MirrorConfigTest {
    static final Path SEED = Path.of("..", "examples", "seed-mirror.yaml");

    static String seedText() throws Exception { return Files.readString(SEED); }

    @Test void seedExampleReproducesTheSeed() throws Exception {
        MirrorConfig c = MirrorConfig.load(SEED);
        NetworkInterface client01 = c.interfaceNamed("client01", "eth0").orElseThrow();
        NetworkInterface client02 = c.interfaceNamed("client02", "eth0").orElseThrow();
        assertThat(client01.primaryAddress()).isEqualTo(Cidr.parseAddress("10.100.0.223"));
        assertThat(client01.vpcCidr()).hasToString("10.100.0.0/16");
        assertThat(client01.subnetCidr()).hasToString("10.100.0.0/24");
        assertThat(c.warnings()).isEmpty();
        MirrorSession s = c.state().sessionsOf(client01.id()).getFirst();
        assertThat(s.vni()).isEqualTo(7348185);
        assertThat(c.physicalId("SeedSession")).contains(s.id());
        assertThat(c.stack().outputs().get("TargetAddress").value()).isEqualTo("10.100.0.177");
        assertThat(c.state().targets().get(s.targetId()).networkInterfaceId()).isEqualTo(client02.id());

        CompiledPlan plan = PlanCompiler.compile(c.state(), client01.id(), EvalOptions.DEFAULT);
        assertThat(plan.sessions().getFirst().targetAddress()).isEqualTo(Cidr.parseAddress("10.100.0.177"));
        byte[] synAck = tcpFrame(new byte[] {18, (byte) 209, (byte) 184, (byte) 162}, 80, new byte[] {10, 100, 0, (byte) 223}, 33962);
        byte[] request = tcpFrame(new byte[] {10, 100, 0, (byte) 223}, 33962, new byte[] {18, (byte) 209, (byte) 184, (byte) 162}, 80);
        assertThat(plan.decide(decode(synAck), Direction.INGRESS)).isZero();
        assertThat(plan.decide(decode(request), Direction.EGRESS)).isEqualTo(InterfacePlan.NOT_ACCEPTED);
        byte[] dns = udpFrame(new byte[] {10, 100, 0, (byte) 223}, 40000, new byte[] {10, 100, 0, 2}, 53);
        assertThat(plan.decide(decode(dns), Direction.EGRESS)).isEqualTo(InterfacePlan.AMAZON_DNS_NOT_ENABLED);
    }

    @Test void aMissingFileIsOneLine() {
        assertThatThrownBy(() -> MirrorConfig.load(Path.of("no-such.yaml"))).isInstanceOf(TemplateException.class)
                .hasMessage("no-such.yaml: No such file or directory");
    }

    @Test void loadingIsDeterministic() throws Exception {
        String text = seedText().replace("      VirtualNetworkId: 7348185\n", "");
        MirrorConfig a = MirrorConfig.parse(text, "a.yaml", Map.of(), Quotas.AWS);
        MirrorConfig b = MirrorConfig.parse(text, "b.yaml", Map.of(), Quotas.AWS);
        assertThat(a.state()).isEqualTo(b.state());
        assertThat(a.state().sessions().values().iterator().next().vni()).isNotEqualTo(7348185);
    }

    @Test void parametersBindOtherDevices() throws Exception {
        MirrorConfig c = MirrorConfig.load(SEED, Map.of("SourceDevice", "tmsrc0", "SourceHost", "lab"), Quotas.AWS);
        assertThat(c.interfaceNamed("lab", "tmsrc0")).isPresent();
    }

    @Test void otherResourceTypesAreIgnoredWithAWarning() throws Exception {
        String text = seedText().replace("Resources:\n", "Resources:\n  Gateway:\n    Type: AWS::EC2::InternetGateway\n");
        assertThat(MirrorConfig.parse(text, "x.yaml", Map.of(), Quotas.AWS).warnings())
                .containsExactly("Resources.Gateway: AWS::EC2::InternetGateway is not a mirror resource; ignored");
    }

    @Test void loadBalancerTargetsTakeTheirAddressFromTags() throws Exception {
        String text = seedText().replace("""
                      NetworkInterfaceId: !Ref Client02Interface
                """, """
                      NetworkLoadBalancerArn: arn:aws:elasticloadbalancing:ap-northeast-1:123456789012:loadbalancer/net/tm-nlb/0123456789abcdef
                      Tags:
                        - Key: tmirror:address
                          Value: 10.100.0.200
                        - Key: tmirror:port
                          Value: '14789'
                """);
        MirrorConfig c = MirrorConfig.parse(text, "nlb.yaml", Map.of(), Quotas.AWS);
        var t = c.state().targets().values().iterator().next();
        assertThat(t.address()).isEqualTo(Cidr.parseAddress("10.100.0.200"));
        assertThat(t.port()).isEqualTo(14789);
        assertThat(t.tags()).isEmpty();
    }

    /** Each row: text to replace in the seed, its replacement, the one-line error expected. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            SessionNumber: 1             | SessionNumber: 40000            | s.yaml:94: Resources.SeedSession.Properties.SessionNumber: 40000 is out of range 1-32766
            VirtualNetworkId: 7348185    | VirtualNetworkId: 16777216      | s.yaml:95: Resources.SeedSession.Properties.VirtualNetworkId: 16777216 is out of range 0-16777215
            SessionNumber: 1             | SessionNumber: one              | s.yaml:94: Resources.SeedSession.Properties.SessionNumber: must be an integer, got 'one'
            SessionNumber: 1             | PacketLength: 20                | s.yaml:89: Resources.SeedSession.Properties.SessionNumber: is required
            VirtualNetworkId: 7348185    | PacketLength: 20                | s.yaml:95: Resources.SeedSession.Properties.PacketLength: 20 is out of range 35-8500
            RuleNumber: 100\\n      RuleAction: reject | RuleNumber: 0\\n      RuleAction: reject | s.yaml:83: Resources.OutboundRule.Properties.RuleNumber: 0 is out of range 1-32766
            TrafficDirection: egress     | TrafficDirection: ingress       | s.yaml:83: Resources.OutboundRule.Properties.RuleNumber: TrafficMirrorFilterRuleAlreadyExists: A traffic mirror filter rule with rule number 100 already exists in the ingress direction of traffic mirror filter 'tmf-00000000000000001'.
            RuleAction: reject           | RuleAction: drop                | s.yaml:84: Resources.OutboundRule.Properties.RuleAction: InvalidParameterValue: Value (drop) for parameter ruleAction is invalid. Valid values: accept, reject.
            DestinationCidrBlock: 0.0.0.0/0\\n  OutboundRule | DestinationCidrBlock: ::/0\\n  OutboundRule | s.yaml:75: Resources.InboundRule.Properties.SourceCidrBlock: InvalidParameterValue: DestinationCidrBlock and SourceCidrBlock must both be an IPv4 range or an IPv6 range.
            SourceCidrBlock: 0.0.0.0/0\\n      DestinationCidrBlock: 0.0.0.0/0\\n  OutboundRule | SourceCidrBlock: 10.0.0.0/33\\n      DestinationCidrBlock: 0.0.0.0/0\\n  OutboundRule | s.yaml:75: Resources.InboundRule.Properties.SourceCidrBlock: InvalidParameterValue: Value (10.0.0.0/33) for parameter sourceCidrBlock is invalid. This is not a valid CIDR block.
            RuleAction: accept           | RuleAction: accept\\n      SourcePortRange: {FromPort: 80, ToPort: 80} | s.yaml:75: Resources.InboundRule.Properties.SourcePortRange: InvalidParameterValue: Port ranges can only be specified for the TCP (6) and UDP (17) protocols.
            RuleAction: accept           | RuleAction: accept\\n      Protocol: 6\\n      DestinationPortRange: {FromPort: 80} | s.yaml:76: Resources.InboundRule.Properties.DestinationPortRange.ToPort: is required
            RuleAction: accept           | RuleAction: accept\\n      Protocol: 6\\n      DestinationPortRange: {FromPort: 80, ToPort: 70000} | s.yaml:76: Resources.InboundRule.Properties.DestinationPortRange.ToPort: 70000 is out of range 0-65535
            RuleAction: accept           | RuleAction: accept\\n      Protocl: 6 | s.yaml:75: Resources.InboundRule.Properties.Protocl: unknown property (expected one of Description, DestinationCidrBlock, DestinationPortRange, Protocol, RuleAction, RuleNumber, SourceCidrBlock, SourcePortRange, Tags, TrafficDirection, TrafficMirrorFilterId)
            NetworkInterfaceId: !Ref Client01Interface | NetworkInterfaceId: eni-0123456789abcdef0 | s.yaml:91: Resources.SeedSession.Properties.NetworkInterfaceId: InvalidNetworkInterfaceID.NotFound: The networkInterface ID 'eni-0123456789abcdef0' does not exist
            NetworkInterfaceId: !Ref Client01Interface | NetworkInterfaceId: !Ref Client02Interface | s.yaml:87: Resources.SeedSession: InvalidParameterValue: The traffic mirror source and target cannot be the same network interface ('eni-00000000000000002').
            PrivateIpAddress: 10.100.0.177 | PrivateIpAddress: 10.100.0.300 | s.yaml:52: Resources.Client02Interface.Properties.PrivateIpAddress: '10.100.0.300' is not an IP address
            Description: Inbound traffic of Client01 | NetworkServices: [amazon-ntp] | s.yaml:66: Resources.SeedFilter.Properties.NetworkServices: InvalidParameterValue: Value (amazon-ntp) for parameter networkService is invalid. Valid values: amazon-dns.
            """)
    void aBadFieldIsOneLineWithItsPath(String from, String to, String error) throws Exception {
        String text = seedText();
        String f = from.replace("\\n", "\n"), t = to.replace("\\n", "\n");
        assertThat(text).contains(f);
        String bad = text.replaceFirst(java.util.regex.Pattern.quote(f), java.util.regex.Matcher.quoteReplacement(t));
        assertThatThrownBy(() -> MirrorConfig.parse(bad, "s.yaml", Map.of(), Quotas.AWS))
                .isInstanceOf(TemplateException.class).hasMessage(error);
    }

    /**
     * The example is valid CloudFormation by the real linter (cfn-lint, installed with pip on these machines: on
     * PATH, or in pyenv's shims when a non-login shell left them off PATH), not only by our reading of it.
     */
    @Test void seedExamplePassesCfnLint() throws Exception {
        Path shim = Path.of(System.getProperty("user.home"), ".pyenv", "shims", "cfn-lint");
        String cfnLint = java.util.stream.Stream.of(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
                .map(d -> Path.of(d, "cfn-lint")).filter(Files::isExecutable).findFirst()
                .orElse(Files.isExecutable(shim) ? shim : null) instanceof Path p ? p.toString() : null;
        if (cfnLint == null) {
            Assumptions.assumeTrue("true".equals(System.getenv("CI")), "cfn-lint is not installed");
            throw new AssertionError("cfn-lint is not installed (pip install cfn-lint)");
        }
        Process p = new ProcessBuilder(cfnLint, SEED.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
    }

    static FrameSummary decode(byte[] f) { return new FrameSummary().decode(f, 0, f.length, f.length, LinkType.ETHERNET); }

    static byte[] tcpFrame(byte[] src, int sp, byte[] dst, int dp) { return ipFrame(6, src, sp, dst, dp, 20); }

    static byte[] udpFrame(byte[] src, int sp, byte[] dst, int dp) { return ipFrame(17, src, sp, dst, dp, 8); }

    static byte[] ipFrame(int proto, byte[] src, int sp, byte[] dst, int dp, int l4) {
        byte[] f = new byte[14 + 20 + l4];
        f[12] = 0x08;
        f[14] = 0x45; f[14 + 9] = (byte) proto; f[14 + 8] = 64;
        System.arraycopy(src, 0, f, 26, 4);
        System.arraycopy(dst, 0, f, 30, 4);
        f[34] = (byte) (sp >> 8); f[35] = (byte) sp; f[36] = (byte) (dp >> 8); f[37] = (byte) dp;
        if (l4 == 20) f[46] = 0x50;
        return f;
    }

}
