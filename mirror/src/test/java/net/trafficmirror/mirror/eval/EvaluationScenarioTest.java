package net.trafficmirror.mirror.eval;

import static net.trafficmirror.mirror.Direction.EGRESS;
import static net.trafficmirror.mirror.Direction.INGRESS;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import net.trafficmirror.mirror.Cidr;
import net.trafficmirror.mirror.Direction;
import net.trafficmirror.mirror.FilterRuleRequest;
import net.trafficmirror.mirror.IdGenerator;
import net.trafficmirror.mirror.MirrorFilter;
import net.trafficmirror.mirror.MirrorRegistry;
import net.trafficmirror.mirror.MirrorSession;
import net.trafficmirror.mirror.NetworkInterface;
import net.trafficmirror.mirror.Quotas;
import net.trafficmirror.mirror.SessionRequest;
import net.trafficmirror.mirror.TargetRequest;
import net.trafficmirror.packet.FrameSummary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The AWS guide's filter scenarios (TM-PDF "Example traffic mirror filters": mirror inbound TCP traffic, mirror
 * non-local VPC traffic, HTTP to one appliance and other TCP to another), the seed's inbound-only session, the
 * amazon-dns network service, the classes AWS never mirrors and IP fragments, as tables of packet → decision.
 */
class EvaluationScenarioTest {
    static final String SRC = "eni-0000000000000000a", APPLIANCE_A = "eni-0000000000000000b", APPLIANCE_B = "eni-0000000000000000c";
    static final String ME = "10.0.0.10";

    final MirrorRegistry registry = new MirrorRegistry(Quotas.AWS, IdGenerator.sequential(), new SplittableRandom(1));

    EvaluationScenarioTest() {
        registry.registerNetworkInterface(new NetworkInterface(SRC, "h", "eth0", List.of(Cidr.parseAddress(ME)), List.of(Cidr.parseAddress("2001:db8::10")),
                null, null, Cidr.parse("10.0.0.0/16"), null, Map.of()));
        registry.registerNetworkInterface(new NetworkInterface(APPLIANCE_A, "a", "eth0", List.of(Cidr.parseAddress("10.0.0.20")), List.of(), null, null, null, null, Map.of()));
        registry.registerNetworkInterface(new NetworkInterface(APPLIANCE_B, "b", "eth0", List.of(Cidr.parseAddress("10.0.0.30")), List.of(), null, null, null, null, Map.of()));
    }

    MirrorFilter filter(String... rules) {
        MirrorFilter f = registry.createFilter(null, null);
        for (String r : rules) {
            // "direction number action protocol src dst [srcPorts|-] [dstPorts|-]"
            String[] p = r.split(" ");
            Integer proto = p[3].equals("all") ? null : Integer.valueOf(p[3]);
            Integer[] sp = ports(p.length > 6 ? p[6] : "-"), dp = ports(p.length > 7 ? p[7] : "-");
            registry.createFilterRule(new FilterRuleRequest(f.id(), p[0], Integer.valueOf(p[1]), p[2], proto, p[4], p[5], sp[0], sp[1], dp[0], dp[1], null, null));
        }
        return f;
    }

    static Integer[] ports(String s) {
        if (s.equals("-")) return new Integer[] {null, null};
        String[] p = s.split("-");
        return new Integer[] {Integer.valueOf(p[0]), Integer.valueOf(p[p.length - 1])};
    }

    MirrorSession session(int number, String targetEni, MirrorFilter f, Integer vni, Integer packetLength) {
        String target = registry.state().targets().values().stream().filter(t -> targetEni.equals(t.networkInterfaceId())).findFirst()
                .orElseGet(() -> registry.createTarget(TargetRequest.networkInterface(targetEni))).id();
        return registry.createSession(new SessionRequest(SRC, target, f.id(), number, vni, packetLength, null, null));
    }

    CompiledPlan plan() { return PlanCompiler.compile(registry.state(), SRC, EvalOptions.DEFAULT); }

    record Row(String packet, Direction direction, int expected, SessionVerdict.Outcome lastOutcome) {}

    void check(CompiledPlan plan, Row... rows) {
        for (Row r : rows) {
            FrameSummary f = TestFrames.decode(frame(r.packet()));
            assertThat(plan.decide(f, r.direction())).as(r.packet() + " " + r.direction()).isEqualTo(r.expected());
            Decision d = plan.explain(f, r.direction());
            assertThat(d.result()).isEqualTo(r.expected());
            if (r.lastOutcome() != null) assertThat(d.sessions().getLast().outcome()).as(r.packet()).isEqualTo(r.lastOutcome());
        }
    }

    /** "tcp 1.2.3.4:80 > 5.6.7.8:1000", "udp …", "icmp a > b", "frag6 a > b" (later TCP fragment), "first6 a:p > b:p", "arp". */
    static byte[] frame(String text) {
        String[] p = text.split(" ");
        if (p[0].equals("arp")) return TestFrames.arp();
        if (p[0].equals("icmp")) return TestFrames.icmp(p[1], p[3]);
        if (p[0].equals("frag")) return TestFrames.laterFragment(p[1], p[3], 6);
        String[] s = hostPort(p[1]), d = hostPort(p[3]);
        return switch (p[0]) {
            case "tcp" -> TestFrames.tcp(s[0], Integer.parseInt(s[1]), d[0], Integer.parseInt(d[1]));
            case "udp" -> TestFrames.udp(s[0], Integer.parseInt(s[1]), d[0], Integer.parseInt(d[1]));
            case "first" -> TestFrames.firstFragment(s[0], Integer.parseInt(s[1]), d[0], Integer.parseInt(d[1]), 6);
            default -> throw new IllegalArgumentException(text);
        };
    }

    static String[] hostPort(String s) {
        int i = s.lastIndexOf(':');
        String host = s.substring(0, i);
        return new String[] {host.startsWith("[") ? host.substring(1, host.length() - 1) : host, s.substring(i + 1)};
    }

    @Test void mirrorInboundTcpTraffic() {
        session(1, APPLIANCE_A, filter("ingress 100 accept 6 0.0.0.0/0 0.0.0.0/0"), null, null);
        check(plan(),
                new Row("tcp 198.51.100.7:443 > 10.0.0.10:40000", INGRESS, 0, SessionVerdict.Outcome.ACCEPTED),
                new Row("tcp 10.0.0.10:40000 > 198.51.100.7:443", EGRESS, InterfacePlan.NOT_ACCEPTED, SessionVerdict.Outcome.NO_RULES_FOR_DIRECTION),
                new Row("udp 198.51.100.7:53 > 10.0.0.10:40000", INGRESS, InterfacePlan.NOT_ACCEPTED, SessionVerdict.Outcome.NO_MATCHING_RULE),
                new Row("tcp [2001:db8::7]:443 > [2001:db8::10]:40000", INGRESS, InterfacePlan.NOT_ACCEPTED, SessionVerdict.Outcome.NO_MATCHING_RULE));
    }

    @Test void mirrorNonLocalVpcTraffic() {
        session(1, APPLIANCE_A, filter(
                "egress 10 reject all 10.0.0.0/16 10.0.0.0/16", "egress 20 accept all 0.0.0.0/0 0.0.0.0/0",
                "ingress 10 reject all 10.0.0.0/16 10.0.0.0/16", "ingress 20 accept all 0.0.0.0/0 0.0.0.0/0"), null, null);
        check(plan(),
                new Row("tcp 10.0.0.10:40000 > 10.0.5.5:22", EGRESS, InterfacePlan.NOT_ACCEPTED, SessionVerdict.Outcome.REJECTED),
                new Row("tcp 10.0.5.5:22 > 10.0.0.10:40000", INGRESS, InterfacePlan.NOT_ACCEPTED, SessionVerdict.Outcome.REJECTED),
                new Row("tcp 10.0.0.10:40000 > 93.184.216.34:80", EGRESS, 0, SessionVerdict.Outcome.ACCEPTED),
                new Row("icmp 93.184.216.34 > 10.0.0.10", INGRESS, 0, SessionVerdict.Outcome.ACCEPTED));
    }

    @Test void httpToOneApplianceOtherTcpToAnother() {
        MirrorFilter http = filter("egress 100 accept 6 0.0.0.0/0 0.0.0.0/0 - 80", "ingress 100 accept 6 0.0.0.0/0 0.0.0.0/0 80 -");
        MirrorFilter tcp = filter("egress 100 accept 6 0.0.0.0/0 0.0.0.0/0", "ingress 100 accept 6 0.0.0.0/0 0.0.0.0/0");
        session(2, APPLIANCE_B, tcp, null, null);
        session(1, APPLIANCE_A, http, null, null);
        CompiledPlan plan = plan();
        assertThat(plan.sessions()).extracting(SessionPlan::sessionNumber).containsExactly(1, 2);
        check(plan,
                new Row("tcp 10.0.0.10:40000 > 93.184.216.34:80", EGRESS, 0, SessionVerdict.Outcome.ACCEPTED),
                new Row("tcp 93.184.216.34:80 > 10.0.0.10:40000", INGRESS, 0, SessionVerdict.Outcome.ACCEPTED),
                new Row("tcp 10.0.0.10:40000 > 93.184.216.34:443", EGRESS, 1, SessionVerdict.Outcome.ACCEPTED),
                new Row("udp 10.0.0.10:40000 > 93.184.216.34:80", EGRESS, InterfacePlan.NOT_ACCEPTED, SessionVerdict.Outcome.NO_MATCHING_RULE));
    }

    @Test void aRejectInTheFirstSessionFallsThroughToTheNext() {
        session(1, APPLIANCE_A, filter("ingress 1 reject 6 0.0.0.0/0 0.0.0.0/0 - 22", "ingress 2 accept all 0.0.0.0/0 0.0.0.0/0"), null, null);
        session(2, APPLIANCE_B, filter("ingress 1 accept 6 0.0.0.0/0 0.0.0.0/0"), null, null);
        Decision d = plan().explain(TestFrames.decode(frame("tcp 203.0.113.9:5555 > 10.0.0.10:22")), INGRESS);
        assertThat(d.result()).isEqualTo(1);
        assertThat(d.sessions()).extracting(SessionVerdict::outcome).containsExactly(SessionVerdict.Outcome.REJECTED, SessionVerdict.Outcome.ACCEPTED);
        assertThat(d.sessions().getFirst().rule().ruleNumber()).isEqualTo(1);
    }

    /** The seed: Client01 (10.100.0.223) mirrored to Client02 with VNI 7348185; only inbound packets appeared. */
    @Test void seedInboundOnlySession() {
        MirrorRegistry seed = new MirrorRegistry(Quotas.AWS, IdGenerator.sequential(), new SplittableRandom(1));
        seed.registerNetworkInterface(new NetworkInterface(SRC, "client01", "eth0", List.of(Cidr.parseAddress("10.100.0.223")), List.of(), null, null, Cidr.parse("10.100.0.0/16"), null, Map.of()));
        seed.registerNetworkInterface(new NetworkInterface(APPLIANCE_A, "client02", "eth0", List.of(Cidr.parseAddress("10.100.0.177")), List.of(), null, null, Cidr.parse("10.100.0.0/16"), null, Map.of()));
        String target = seed.createTarget(TargetRequest.networkInterface(APPLIANCE_A)).id();
        MirrorFilter f = seed.createFilter(null, null);
        seed.createFilterRule(new FilterRuleRequest(f.id(), "ingress", 100, "accept", null, "0.0.0.0/0", "0.0.0.0/0", null, null, null, null, null, null));
        seed.createSession(new SessionRequest(SRC, target, f.id(), 1, 7348185, null, null, null));
        CompiledPlan plan = PlanCompiler.compile(seed.state(), SRC, EvalOptions.DEFAULT);
        assertThat(plan.decide(TestFrames.decode(frame("tcp 18.209.184.162:80 > 10.100.0.223:33962")), INGRESS)).isZero();
        assertThat(plan.decide(TestFrames.decode(frame("tcp 10.100.0.223:33962 > 18.209.184.162:80")), EGRESS)).isEqualTo(InterfacePlan.NOT_ACCEPTED);
        SessionPlan s = plan.sessions().getFirst();
        assertThat(s.vni()).isEqualTo(7348185);
        assertThat(s.targetAddress()).isEqualTo(Cidr.parseAddress("10.100.0.177"));
        assertThat(s.targetPort()).isEqualTo(4789);
    }

    static Stream<Arguments> neverMirrored() {
        return Stream.of(
                Arguments.of("arp", PacketClass.ARP),
                Arguments.of("udp 10.0.0.10:68 > 255.255.255.255:67", PacketClass.DHCP),
                Arguments.of("udp 10.0.0.1:67 > 10.0.0.10:68", PacketClass.DHCP),
                Arguments.of("udp [fe80::1]:546 > [ff02::1:2]:547", PacketClass.DHCP),
                Arguments.of("tcp 10.0.0.10:40000 > 169.254.169.254:80", PacketClass.INSTANCE_METADATA),
                Arguments.of("tcp 169.254.169.254:80 > 10.0.0.10:40000", PacketClass.INSTANCE_METADATA),
                Arguments.of("tcp [2001:db8::10]:40000 > [fd00:ec2::254]:80", PacketClass.INSTANCE_METADATA),
                Arguments.of("udp 10.0.0.10:123 > 169.254.169.123:123", PacketClass.NTP),
                Arguments.of("udp [2001:db8::10]:123 > [fd00:ec2::123]:123", PacketClass.NTP),
                Arguments.of("tcp 10.0.0.10:50000 > 169.254.169.250:1688", PacketClass.WINDOWS_ACTIVATION),
                Arguments.of("tcp 10.0.0.10:50000 > 169.254.169.251:1688", PacketClass.WINDOWS_ACTIVATION));
    }

    @ParameterizedTest
    @MethodSource
    void neverMirrored(String packet, PacketClass cls) {
        session(1, APPLIANCE_A, filter("ingress 1 accept all 0.0.0.0/0 0.0.0.0/0", "egress 1 accept all 0.0.0.0/0 0.0.0.0/0",
                "ingress 2 accept all ::/0 ::/0", "egress 2 accept all ::/0 ::/0"), null, null);
        FrameSummary f = TestFrames.decode(frame(packet));
        for (Direction d : Direction.values()) {
            Decision decision = plan().explain(f, d);
            assertThat(decision.packetClass()).isEqualTo(cls);
            assertThat(decision.result()).isEqualTo(InterfacePlan.NEVER_MIRRORED);
            assertThat(plan().decide(f, d)).isEqualTo(InterfacePlan.NEVER_MIRRORED);
        }
        // A configuration may mirror them anyway (AWS cannot); ARP carries no IP addresses, so no rule matches it.
        CompiledPlan all = PlanCompiler.compile(registry.state(), SRC, new EvalOptions(null, true));
        assertThat(all.decide(f, EGRESS)).isEqualTo(cls == PacketClass.ARP ? InterfacePlan.NOT_ACCEPTED : 0);
    }

    @Test void amazonDnsNeedsTheNetworkService() {
        MirrorFilter plain = filter("egress 1 accept all 0.0.0.0/0 0.0.0.0/0", "ingress 1 accept all 0.0.0.0/0 0.0.0.0/0");
        session(1, APPLIANCE_A, plain, null, null);
        Row[] dns = {
                new Row("udp 10.0.0.10:40000 > 10.0.0.2:53", EGRESS, InterfacePlan.AMAZON_DNS_NOT_ENABLED, SessionVerdict.Outcome.AMAZON_DNS_NOT_ENABLED),
                new Row("udp 10.0.0.2:53 > 10.0.0.10:40000", INGRESS, InterfacePlan.AMAZON_DNS_NOT_ENABLED, SessionVerdict.Outcome.AMAZON_DNS_NOT_ENABLED),
                new Row("udp 10.0.0.10:40000 > 169.254.169.253:53", EGRESS, InterfacePlan.AMAZON_DNS_NOT_ENABLED, SessionVerdict.Outcome.AMAZON_DNS_NOT_ENABLED),
                new Row("udp 10.0.0.10:40000 > 10.0.0.3:53", EGRESS, 0, SessionVerdict.Outcome.ACCEPTED)};
        check(plan(), dns);
        // With amazon-dns on the second session's filter, its traffic goes there, whatever the rules say.
        MirrorFilter withDns = filter("ingress 1 reject all 0.0.0.0/0 0.0.0.0/0");
        registry.modifyFilterNetworkServices(withDns.id(), List.of("amazon-dns"), List.of());
        session(2, APPLIANCE_B, withDns, null, null);
        check(plan(),
                new Row("udp 10.0.0.10:40000 > 10.0.0.2:53", EGRESS, 1, SessionVerdict.Outcome.AMAZON_DNS_ENABLED),
                new Row("udp 10.0.0.2:53 > 10.0.0.10:40000", INGRESS, 1, SessionVerdict.Outcome.AMAZON_DNS_ENABLED),
                new Row("tcp 10.0.0.10:40000 > 169.254.169.253:53", EGRESS, 1, SessionVerdict.Outcome.AMAZON_DNS_ENABLED));
        // A configured resolver list replaces the defaults.
        CompiledPlan custom = PlanCompiler.compile(registry.state(), SRC, new EvalOptions(List.of(Cidr.parseAddress("10.0.0.53")), false));
        assertThat(custom.decide(TestFrames.decode(frame("udp 10.0.0.10:40000 > 10.0.0.2:53")), EGRESS)).isZero();
        assertThat(custom.decide(TestFrames.decode(frame("udp 10.0.0.10:40000 > 10.0.0.53:53")), EGRESS)).isEqualTo(1);
    }

    @Test void laterFragmentsHaveNoPortsFirstFragmentsDo() {
        session(1, APPLIANCE_A, filter("ingress 1 accept 6 0.0.0.0/0 0.0.0.0/0 - 80", "ingress 2 accept 6 ::/0 ::/0 - 80"), null, null);
        session(2, APPLIANCE_B, filter("ingress 1 accept 6 0.0.0.0/0 0.0.0.0/0", "ingress 2 accept 6 ::/0 ::/0"), null, null);
        check(plan(),
                new Row("first 203.0.113.9:5555 > 10.0.0.10:80", INGRESS, 0, SessionVerdict.Outcome.ACCEPTED),
                new Row("frag 203.0.113.9 > 10.0.0.10", INGRESS, 1, SessionVerdict.Outcome.ACCEPTED),
                new Row("first [2001:db8::9]:5555 > [2001:db8::10]:80", INGRESS, 0, SessionVerdict.Outcome.ACCEPTED),
                new Row("frag 2001:db8::9 > 2001:db8::10", INGRESS, 1, SessionVerdict.Outcome.ACCEPTED));
    }

    @Test void noSessionsNoMirroring() {
        assertThat(plan().decide(TestFrames.decode(frame("tcp 1.2.3.4:1 > 10.0.0.10:2")), INGRESS)).isEqualTo(InterfacePlan.NO_SESSIONS);
    }

    @Test void truncationKeepsAwsMinimumsPerFamily() {
        MirrorSession s = session(1, APPLIANCE_A, filter("ingress 1 accept all 0.0.0.0/0 0.0.0.0/0"), null, 40);
        SessionPlan p = plan().sessions().getFirst();
        assertThat(s.packetLength()).isEqualTo(40);
        assertThat(p.truncatedLength(1514, 4)).isEqualTo(40);
        assertThat(p.truncatedLength(1514, 6)).isEqualTo(55);
        assertThat(p.truncatedLength(30, 4)).isEqualTo(30);
        assertThat(new SessionPlan("tms-x", 1, 1, 0, "tmt-x", null, 4789, 0).truncatedLength(1514, 4)).isEqualTo(1514);
    }
}
