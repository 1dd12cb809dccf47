package net.trafficmirror.mirror;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every validation rule and error code of {@link MirrorRegistry}, one table row each: the ranges and constraints
 * of the EC2 API Reference, TM-PDF's quotas, and the error codes of "Error codes for the Amazon EC2 API".
 */
class MirrorRegistryValidationTest {
    static final String SRC = "eni-0000000000000000a", TGT = "eni-0000000000000000b", OTHER = "eni-0000000000000000c";

    /** The seed's resources: Client01's interface mirrored to Client02's through one accept-all filter. */
    static final class Fixture {
        final MirrorRegistry registry;
        final MirrorTarget target;
        final MirrorFilter filter;
        final FilterRule rule;
        final MirrorSession session;

        Fixture(Quotas quotas) {
            registry = new MirrorRegistry(quotas, IdGenerator.sequential(), new SplittableRandom(7));
            registry.registerNetworkInterface(eni(SRC, "10.100.0.223"));
            registry.registerNetworkInterface(eni(TGT, "10.100.0.177"));
            registry.registerNetworkInterface(eni(OTHER, "10.100.0.10"));
            target = registry.createTarget(TargetRequest.networkInterface(TGT));
            filter = registry.createFilter("seed", Map.of());
            rule = registry.createFilterRule(rule(filter.id(), "ingress", 100, "accept", null, "0.0.0.0/0", "0.0.0.0/0"));
            session = registry.createSession(new SessionRequest(SRC, target.id(), filter.id(), 1, 7348185, null, null, Map.of()));
        }
    }

    static NetworkInterface eni(String id, String ip) {
        return new NetworkInterface(id, "host", "eth0", List.of(Cidr.parseAddress(ip)), List.of(), null, null, Cidr.parse("10.100.0.0/16"), null, Map.of());
    }

    static FilterRuleRequest rule(String filter, String dir, Integer number, String action, Integer protocol, String src, String dst) {
        return new FilterRuleRequest(filter, dir, number, action, protocol, src, dst, null, null, null, null, null, Map.of());
    }

    static FilterRuleRequest ports(String filter, int number, Integer protocol, Integer sf, Integer st, Integer df, Integer dt) {
        return new FilterRuleRequest(filter, "ingress", number, "accept", protocol, "0.0.0.0/0", "0.0.0.0/0", sf, st, df, dt, null, Map.of());
    }

    static SessionRequest session(Fixture f, String eni, Integer number, Integer vni, Integer length) {
        return new SessionRequest(eni, f.target.id(), f.filter.id(), number, vni, length, null, Map.of());
    }

    record Case(String name, Consumer<Fixture> action, String code) {
        @Override public String toString() { return name; }
    }

    static Stream<Arguments> refusals() {
        List<Case> c = new ArrayList<>();
        // session ranges and references
        c.add(new Case("session number 0", f -> f.registry.createSession(session(f, OTHER, 0, null, null)), "InvalidParameterValue"));
        c.add(new Case("session number 32767", f -> f.registry.createSession(session(f, OTHER, 32767, null, null)), "InvalidParameterValue"));
        c.add(new Case("session number missing", f -> f.registry.createSession(session(f, OTHER, null, null, null)), "MissingParameter"));
        c.add(new Case("session number used on the interface", f -> f.registry.createSession(session(f, SRC, 1, null, null)), "InvalidParameterValue"));
        c.add(new Case("VNI -1", f -> f.registry.createSession(session(f, OTHER, 1, -1, null)), "InvalidParameterValue"));
        c.add(new Case("VNI 2^24", f -> f.registry.createSession(session(f, OTHER, 1, 1 << 24, null)), "InvalidParameterValue"));
        c.add(new Case("packet length 0", f -> f.registry.createSession(session(f, OTHER, 1, null, 0)), "InvalidParameterValue"));
        c.add(new Case("packet length 34 (IPv4 minimum 35)", f -> f.registry.createSession(session(f, OTHER, 1, null, 34)), "InvalidParameterValue"));
        c.add(new Case("packet length 8501", f -> f.registry.createSession(session(f, OTHER, 1, null, 8501)), "InvalidParameterValue"));
        c.add(new Case("unknown source interface", f -> f.registry.createSession(session(f, "eni-0000000000000000f", 1, null, null)), "InvalidNetworkInterfaceID.NotFound"));
        c.add(new Case("unknown target", f -> f.registry.createSession(new SessionRequest(OTHER, "tmt-0000000000000000f", f.filter.id(), 1, null, null, null, null)), "InvalidTrafficMirrorTargetId.NotFound"));
        c.add(new Case("unknown filter", f -> f.registry.createSession(new SessionRequest(OTHER, f.target.id(), "tmf-0000000000000000f", 1, null, null, null, null)), "InvalidTrafficMirrorFilterId.NotFound"));
        c.add(new Case("target interface as source", f -> f.registry.createSession(session(f, TGT, 1, null, null)), "InvalidParameterValue"));
        c.add(new Case("fourth session on an interface", f -> {
            f.registry.createSession(session(f, SRC, 2, null, null));
            f.registry.createSession(session(f, SRC, 3, null, null));
            f.registry.createSession(session(f, SRC, 4, null, null));
        }, "TrafficMirrorSessionsPerInterfaceLimitExceeded"));
        c.add(new Case("modify unknown session", f -> f.registry.modifySession(new SessionChange("tms-0000000000000000f", null, null, 2, null, null, null, null)), "InvalidTrafficMirrorSessionId.NotFound"));
        c.add(new Case("modify: bad RemoveField", f -> f.registry.modifySession(new SessionChange(f.session.id(), null, null, null, null, null, null, Set.of("session-number"))), "InvalidParameterValue"));
        c.add(new Case("modify: session number 40000", f -> f.registry.modifySession(new SessionChange(f.session.id(), null, null, 40000, null, null, null, null)), "InvalidParameterValue"));
        c.add(new Case("modify: unknown filter", f -> f.registry.modifySession(new SessionChange(f.session.id(), null, "tmf-0000000000000000f", null, null, null, null, null)), "InvalidTrafficMirrorFilterId.NotFound"));
        c.add(new Case("delete unknown session", f -> f.registry.deleteSession("tms-0000000000000000f"), "InvalidTrafficMirrorSessionId.NotFound"));
        // rules
        c.add(new Case("rule number 0", f -> f.registry.createFilterRule(rule(f.filter.id(), "ingress", 0, "accept", null, "0.0.0.0/0", "0.0.0.0/0")), "InvalidParameterValue"));
        c.add(new Case("rule number 32767", f -> f.registry.createFilterRule(rule(f.filter.id(), "ingress", 32767, "accept", null, "0.0.0.0/0", "0.0.0.0/0")), "InvalidParameterValue"));
        c.add(new Case("rule number taken in the direction", f -> f.registry.createFilterRule(rule(f.filter.id(), "ingress", 100, "reject", 6, "10.0.0.0/8", "0.0.0.0/0")), "TrafficMirrorFilterRuleAlreadyExists"));
        c.add(new Case("modify: rule number taken", f -> {
            FilterRule r = f.registry.createFilterRule(rule(f.filter.id(), "ingress", 200, "accept", null, "0.0.0.0/0", "0.0.0.0/0"));
            f.registry.modifyFilterRule(new FilterRuleChange(r.id(), null, 100, null, null, null, null, null, null, null, null, null, null));
        }, "TrafficMirrorFilterRuleAlreadyExists"));
        c.add(new Case("modify: direction change onto a taken number", f -> {
            FilterRule r = f.registry.createFilterRule(rule(f.filter.id(), "egress", 100, "accept", null, "0.0.0.0/0", "0.0.0.0/0"));
            f.registry.modifyFilterRule(new FilterRuleChange(r.id(), "ingress", null, null, null, null, null, null, null, null, null, null, null));
        }, "TrafficMirrorFilterRuleAlreadyExists"));
        c.add(new Case("direction 'inbound'", f -> f.registry.createFilterRule(rule(f.filter.id(), "inbound", 1, "accept", null, "0.0.0.0/0", "0.0.0.0/0")), "InvalidParameterValue"));
        c.add(new Case("action 'drop'", f -> f.registry.createFilterRule(rule(f.filter.id(), "ingress", 1, "drop", null, "0.0.0.0/0", "0.0.0.0/0")), "InvalidParameterValue"));
        c.add(new Case("direction missing", f -> f.registry.createFilterRule(rule(f.filter.id(), null, 1, "accept", null, "0.0.0.0/0", "0.0.0.0/0")), "MissingParameter"));
        c.add(new Case("source CIDR missing", f -> f.registry.createFilterRule(rule(f.filter.id(), "ingress", 1, "accept", null, null, "0.0.0.0/0")), "MissingParameter"));
        c.add(new Case("bad CIDR", f -> f.registry.createFilterRule(rule(f.filter.id(), "ingress", 1, "accept", null, "10.0.0.256/8", "0.0.0.0/0")), "InvalidParameterValue"));
        c.add(new Case("prefix 33", f -> f.registry.createFilterRule(rule(f.filter.id(), "ingress", 1, "accept", null, "10.0.0.0/33", "0.0.0.0/0")), "InvalidParameterValue"));
        c.add(new Case("host name, not CIDR", f -> f.registry.createFilterRule(rule(f.filter.id(), "ingress", 1, "accept", null, "localhost/32", "0.0.0.0/0")), "InvalidParameterValue"));
        c.add(new Case("mixed families", f -> f.registry.createFilterRule(rule(f.filter.id(), "ingress", 1, "accept", null, "0.0.0.0/0", "::/0")), "InvalidParameterValue"));
        c.add(new Case("protocol 256", f -> f.registry.createFilterRule(rule(f.filter.id(), "ingress", 1, "accept", 256, "0.0.0.0/0", "0.0.0.0/0")), "InvalidParameterValue"));
        c.add(new Case("ports with ICMP", f -> f.registry.createFilterRule(ports(f.filter.id(), 1, 1, null, null, 80, 80)), "InvalidParameterValue"));
        c.add(new Case("ports with all protocols", f -> f.registry.createFilterRule(ports(f.filter.id(), 1, null, 80, 80, null, null)), "InvalidParameterValue"));
        c.add(new Case("port 65536", f -> f.registry.createFilterRule(ports(f.filter.id(), 1, 6, null, null, 80, 65536)), "InvalidParameterValue"));
        c.add(new Case("from > to", f -> f.registry.createFilterRule(ports(f.filter.id(), 1, 6, 90, 80, null, null)), "InvalidParameterValue"));
        c.add(new Case("to missing", f -> f.registry.createFilterRule(ports(f.filter.id(), 1, 17, 53, null, null, null)), "MissingParameter"));
        c.add(new Case("eleventh rule", f -> {
            for (int i = 1; i <= 10; i++) f.registry.createFilterRule(rule(f.filter.id(), "egress", i, "accept", null, "0.0.0.0/0", "0.0.0.0/0"));
        }, "TrafficMirrorFilterRuleLimitExceeded"));
        c.add(new Case("rule in unknown filter", f -> f.registry.createFilterRule(rule("tmf-0000000000000000f", "ingress", 1, "accept", null, "0.0.0.0/0", "0.0.0.0/0")), "InvalidTrafficMirrorFilterId.NotFound"));
        c.add(new Case("modify unknown rule", f -> f.registry.modifyFilterRule(new FilterRuleChange("tmfr-0000000000000000f", null, 5, null, null, null, null, null, null, null, null, null, null)), "InvalidTrafficMirrorFilterRuleId.NotFound"));
        c.add(new Case("modify: ports onto an all-protocol rule", f -> f.registry.modifyFilterRule(new FilterRuleChange(f.rule.id(), null, null, null, null, null, null, null, null, 80, 80, null, null)), "InvalidParameterValue"));
        c.add(new Case("modify: IPv6 source on an IPv4 rule", f -> f.registry.modifyFilterRule(new FilterRuleChange(f.rule.id(), null, null, null, null, "::/0", null, null, null, null, null, null, null)), "InvalidParameterValue"));
        c.add(new Case("modify: bad RemoveField", f -> f.registry.modifyFilterRule(new FilterRuleChange(f.rule.id(), null, null, null, null, null, null, null, null, null, null, null, Set.of("rule-number"))), "InvalidParameterValue"));
        c.add(new Case("delete unknown rule", f -> f.registry.deleteFilterRule("tmfr-0000000000000000f"), "InvalidTrafficMirrorFilterRuleId.NotFound"));
        // filters and targets
        c.add(new Case("delete filter in use", f -> f.registry.deleteFilter(f.filter.id()), "TrafficMirrorFilterInUse"));
        c.add(new Case("delete unknown filter", f -> f.registry.deleteFilter("tmf-0000000000000000f"), "InvalidTrafficMirrorFilterId.NotFound"));
        c.add(new Case("network service 'amazon-ntp'", f -> f.registry.modifyFilterNetworkServices(f.filter.id(), List.of("amazon-ntp"), List.of()), "InvalidParameterValue"));
        c.add(new Case("delete target in use", f -> f.registry.deleteTarget(f.target.id()), "TrafficMirrorTargetInUseException"));
        c.add(new Case("delete unknown target", f -> f.registry.deleteTarget("tmt-0000000000000000f"), "InvalidTrafficMirrorTargetId.NotFound"));
        c.add(new Case("target with no attachment", f -> f.registry.createTarget(new TargetRequest(null, null, null, null, null, null, null, null)), "InvalidParameterCombination"));
        c.add(new Case("target with two attachments", f -> f.registry.createTarget(new TargetRequest(OTHER, nlbArn(), null, null, null, null, null, null)), "InvalidParameterCombination"));
        c.add(new Case("target on unknown interface", f -> f.registry.createTarget(TargetRequest.networkInterface("eni-0000000000000000f")), "InvalidNetworkInterfaceID.NotFound"));
        c.add(new Case("source interface as target", f -> f.registry.createTarget(TargetRequest.networkInterface(SRC)), "InvalidParameterValue"));
        c.add(new Case("malformed NLB ARN", f -> f.registry.createTarget(new TargetRequest(null, "arn:aws:elasticloadbalancing:nlb", null, null, addr("10.0.0.9"), null, null, null)), "InvalidNetworkLoadBalancerArn.Malformed"));
        c.add(new Case("NLB already a target", f -> {
            f.registry.createTarget(new TargetRequest(null, nlbArn(), null, null, addr("10.0.0.9"), null, null, null));
            f.registry.createTarget(new TargetRequest(null, nlbArn(), null, null, addr("10.0.0.9"), null, null, null));
        }, "NlbInUseByTrafficMirrorTargetException"));
        c.add(new Case("malformed GWLB endpoint", f -> f.registry.createTarget(new TargetRequest(null, null, "vpce-xyz", null, addr("10.0.0.9"), null, null, null)), "InvalidVpcEndpointId.Malformed"));
        c.add(new Case("target port 0", f -> f.registry.createTarget(new TargetRequest(OTHER, null, null, null, null, 0, null, null)), "InvalidParameterValue"));
        c.add(new Case("eleventh source on an interface target", f -> {
            for (int i = 0; i < 10; i++) {
                String id = "eni-00000000000000%03x".formatted(0x100 + i);
                f.registry.registerNetworkInterface(eni(id, "10.100.1." + (i + 1)));
                f.registry.createSession(session(f, id, 1, null, null));
            }
        }, "TrafficMirrorSourcesPerTargetLimitExceeded"));
        // tags and interfaces
        c.add(new Case("tag key aws:", f -> f.registry.createTags(List.of(f.filter.id()), Map.of("aws:owner", "x")), "InvalidParameterValue"));
        c.add(new Case("tag key 129 characters", f -> f.registry.createTags(List.of(f.filter.id()), Map.of("k".repeat(129), "x")), "InvalidParameterValue"));
        c.add(new Case("tag value 257 characters", f -> f.registry.createTags(List.of(f.filter.id()), Map.of("k", "v".repeat(257))), "InvalidParameterValue"));
        c.add(new Case("51st tag", f -> {
            for (int i = 0; i < 51; i++) f.registry.createTags(List.of(f.session.id()), Map.of("k" + i, "v"));
        }, "TagLimitExceeded"));
        c.add(new Case("tag an unknown id kind", f -> f.registry.createTags(List.of("vpc-12345678"), Map.of("k", "v")), "InvalidID"));
        c.add(new Case("tag an unknown rule", f -> f.registry.createTags(List.of("tmfr-0000000000000000f"), Map.of("k", "v")), "InvalidTrafficMirrorFilterRuleId.NotFound"));
        c.add(new Case("malformed interface id", f -> f.registry.registerNetworkInterface(eni("eni-xyz", "10.0.0.1")), "InvalidParameterValue"));
        c.add(new Case("deregister a target's interface", f -> f.registry.deregisterNetworkInterface(TGT), "InvalidNetworkInterface.InUse"));
        c.add(new Case("describe unknown session", f -> f.registry.describeSessions(List.of("tms-0000000000000000f")), "InvalidTrafficMirrorSessionId.NotFound"));
        c.add(new Case("describe unknown target", f -> f.registry.describeTargets(List.of("tmt-0000000000000000f")), "InvalidTrafficMirrorTargetId.NotFound"));
        c.add(new Case("describe rules of unknown filter", f -> f.registry.describeFilterRules(List.of(), "tmf-0000000000000000f"), "InvalidTrafficMirrorFilterId.NotFound"));
        return c.stream().map(Arguments::of);
    }

    static String nlbArn() { return "arn:aws:elasticloadbalancing:ap-northeast-1:123456789012:loadbalancer/net/tm-nlb/0123456789abcdef"; }

    static InetAddress addr(String s) { return Cidr.parseAddress(s); }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void refusedWithAwsErrorCodeAndStateUnchanged(Case c) {
        Fixture f = new Fixture(Quotas.AWS);
        assertThatThrownBy(() -> c.action().accept(f)).isInstanceOfSatisfying(MirrorException.class, e -> {
            assertThat(e.code()).isEqualTo(c.code());
            assertThat(e.getMessage()).isNotBlank();
        });
    }

    Fixture f;

    @BeforeEach void seed() { f = new Fixture(Quotas.AWS); }

    @Test void aRefusedChangeLeavesTheStateAsItWas() {
        MirrorState before = f.registry.state();
        assertThatThrownBy(() -> f.registry.deleteFilter(f.filter.id())).isInstanceOf(MirrorException.class);
        assertThat(f.registry.state()).isSameAs(before);
    }

    @Test void idsAreAwsShaped() {
        MirrorRegistry r = new MirrorRegistry();
        r.registerNetworkInterface(eni(SRC, "10.0.0.1"));
        assertThat(r.createFilter(null, null).id()).matches("tmf-[0-9a-f]{17}");
        assertThat(r.createTarget(TargetRequest.networkInterface(SRC)).id()).matches("tmt-[0-9a-f]{17}");
        assertThat(f.rule.id()).isEqualTo("tmfr-00000000000000001");
    }

    @Test void raisedQuotasLiftAwsLimits() {
        Fixture raised = new Fixture(new Quotas(5, 20, 10, 10_000, 10_000, 10_000));
        for (int n = 2; n <= 5; n++) raised.registry.createSession(session(raised, SRC, n, null, null));
        for (int n = 1; n <= 19; n++) raised.registry.createFilterRule(rule(raised.filter.id(), "egress", n, "accept", null, "::/0", "::/0"));
        assertThat(raised.registry.state().sessionsOf(SRC)).hasSize(5);
        assertThat(raised.registry.state().filters().get(raised.filter.id()).ruleCount()).isEqualTo(20);
    }

    @Test void accountQuotasAreEnforced() {
        Fixture small = new Fixture(new Quotas(3, 10, 10, 1, 1, 1));
        assertThatThrownBy(() -> small.registry.createFilter(null, null)).hasFieldOrPropertyWithValue("code", "TrafficMirrorFilterLimitExceeded");
        assertThatThrownBy(() -> small.registry.createTarget(TargetRequest.networkInterface(OTHER))).hasFieldOrPropertyWithValue("code", "TrafficMirrorTargetLimitExceeded");
        assertThatThrownBy(() -> small.registry.createSession(session(small, OTHER, 1, null, null))).hasFieldOrPropertyWithValue("code", "TrafficMirrorSessionLimitExceeded");
    }

    @Test void loadBalancerTargetsMayLackAnAddress() {
        MirrorTarget t = f.registry.createTarget(new TargetRequest(null, nlbArn(), null, "nlb", null, null, null, null));
        assertThat(t.kind()).isEqualTo(TargetKind.NETWORK_LOAD_BALANCER);
        assertThat(f.registry.state().targetAddress(t)).isNull();
        MirrorTarget g = f.registry.createTarget(new TargetRequest(null, null, "vpce-0123456789abcdef0", null, addr("10.0.0.9"), 6081, 8500, null));
        assertThat(f.registry.state().targetAddress(g)).isEqualTo(addr("10.0.0.9"));
        assertThat(g.kind().awsName()).isEqualTo("gateway-load-balancer-endpoint");
    }

    @Test void omittedVniIsRandomAndUnused() {
        MirrorSession a = f.registry.createSession(session(f, OTHER, 1, null, null));
        MirrorSession b = f.registry.createSession(session(f, OTHER, 2, null, null));
        assertThat(Set.of(a.vni(), b.vni(), f.session.vni())).hasSize(3);
        assertThat(a.vni()).isBetween(1, MirrorRegistry.MAX_VNI);
    }

    @Test void boundaryValuesAreAccepted() {
        f.registry.createSession(session(f, OTHER, 32766, 0, 35));
        f.registry.createSession(session(f, OTHER, 1, MirrorRegistry.MAX_VNI, 8500));
        f.registry.createFilterRule(rule(f.filter.id(), "egress", 32766, "reject", 6, "10.0.0.1/32", "0.0.0.0/0"));
        f.registry.createFilterRule(ports(f.filter.id(), 1, 17, 0, 65535, 53, 53));
        assertThat(f.registry.state().filters().get(f.filter.id()).ingressRules()).extracting(FilterRule::ruleNumber).containsExactly(1, 100);
    }

    @Test void modifyRuleWithRemoveFieldResetsToDefaults() {
        FilterRule r = f.registry.createFilterRule(new FilterRuleRequest(f.filter.id(), "egress", 5, "accept", 6, "10.0.0.0/8", "0.0.0.0/0", 1024, 65535, 80, 80, "web", Map.of()));
        FilterRule m = f.registry.modifyFilterRule(new FilterRuleChange(r.id(), null, null, "reject", null, null, null, null, null, null, null, null,
                Set.of("destination-port-range", "source-port-range", "protocol", "description")));
        assertThat(m.protocol()).isNull();
        assertThat(m.sourcePortRange()).isNull();
        assertThat(m.destinationPortRange()).isNull();
        assertThat(m.description()).isNull();
        assertThat(m.action()).isEqualTo(RuleAction.REJECT);
        assertThat(m.sourceCidr()).hasToString("10.0.0.0/8");
    }

    @Test void modifySessionWithRemoveFieldResetsToDefaults() {
        MirrorSession s = f.registry.modifySession(new SessionChange(f.session.id(), null, null, 7, null, 100, "x", null));
        assertThat(s.packetLength()).isEqualTo(100);
        MirrorSession r = f.registry.modifySession(new SessionChange(f.session.id(), null, null, null, null, null, null, Set.of("packet-length", "description", "virtual-network-id")));
        assertThat(r.packetLength()).isNull();
        assertThat(r.description()).isNull();
        assertThat(r.vni()).isNotEqualTo(7348185);
        assertThat(r.sessionNumber()).isEqualTo(7);
    }

    @Test void protocolZeroMeansAllProtocols() {
        FilterRule r = f.registry.createFilterRule(rule(f.filter.id(), "egress", 1, "accept", 0, "0.0.0.0/0", "0.0.0.0/0"));
        assertThat(r.protocol()).isNull();
    }

    @Test void deletingASourceInterfaceDeletesItsSessions() {
        f.registry.deregisterNetworkInterface(SRC);
        assertThat(f.registry.state().sessions()).isEmpty();
        f.registry.deleteFilter(f.filter.id());
        f.registry.deleteTarget(f.target.id());
        assertThat(f.registry.state().filters()).isEmpty();
    }

    @Test void tagsAreAddedOverwrittenAndDeleted() {
        Map<String, String> tags = new java.util.LinkedHashMap<>();
        tags.put("Name", "web");
        tags.put("team", "net");
        f.registry.createTags(List.of(f.session.id(), f.rule.id()), tags);
        f.registry.createTags(List.of(f.session.id()), Map.of("Name", "db"));
        assertThat(f.registry.state().sessions().get(f.session.id()).tags()).containsExactly(Map.entry("Name", "db"), Map.entry("team", "net"));
        f.registry.deleteTags(List.of(f.session.id()), List.of(new Tag("Name", "other"), new Tag("team", null)));
        assertThat(f.registry.state().sessions().get(f.session.id()).tags()).containsExactly(Map.entry("Name", "db"));
        f.registry.deleteTags(List.of(f.rule.id()), List.of());
        assertThat(f.registry.state().filterRule(f.rule.id()).orElseThrow().tags()).isEmpty();
    }

    @Test void listenersSeeEveryChangeInOrderAndCanVetoIt() {
        List<Long> seen = new ArrayList<>();
        f.registry.addListener(s -> seen.add(s.version()));
        long v = f.registry.state().version();
        f.registry.modifyFilterNetworkServices(f.filter.id(), List.of("amazon-dns"), List.of());
        assertThat(seen).containsExactly(v + 1);
        f.registry.addListener(s -> { throw new IllegalStateException("disk full"); });
        assertThatThrownBy(() -> f.registry.deleteSession(f.session.id())).hasMessage("disk full");
        assertThat(f.registry.state().sessions()).containsKey(f.session.id());
        assertThat(f.registry.state().version()).isEqualTo(v + 1);
    }

    @Test void restoreBringsBackASnapshot() {
        MirrorState saved = f.registry.state();
        MirrorRegistry other = new MirrorRegistry(Quotas.AWS, IdGenerator.sequential(), new SplittableRandom(1));
        other.restore(saved);
        assertThat(other.describeSessions(List.of())).containsExactly(f.session);
        assertThat(other.state().version()).isEqualTo(saved.version());
    }

    @Test void describeReturnsAskedOrderOrAll() {
        FilterRule second = f.registry.createFilterRule(rule(f.filter.id(), "egress", 1, "accept", null, "::/0", "::/0"));
        assertThat(f.registry.describeFilterRules(List.of(second.id(), f.rule.id()), null)).extracting(FilterRule::id).containsExactly(second.id(), f.rule.id());
        assertThat(f.registry.describeFilterRules(List.of(), f.filter.id())).hasSize(2);
        assertThat(f.registry.describeFilters(List.of())).hasSize(1);
        assertThat(f.registry.describeTargets(null)).containsExactly(f.target);
    }
}
