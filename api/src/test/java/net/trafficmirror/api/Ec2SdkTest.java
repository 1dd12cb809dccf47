package net.trafficmirror.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.CreateTrafficMirrorFilterRuleResponse;
import software.amazon.awssdk.services.ec2.model.CreateTrafficMirrorSessionResponse;
import software.amazon.awssdk.services.ec2.model.DescribeTrafficMirrorFiltersResponse;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.NetworkInterface;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;
import software.amazon.awssdk.services.ec2.model.TrafficDirection;
import software.amazon.awssdk.services.ec2.model.TrafficMirrorFilter;
import software.amazon.awssdk.services.ec2.model.TrafficMirrorFilterRule;
import software.amazon.awssdk.services.ec2.model.TrafficMirrorFilterRuleField;
import software.amazon.awssdk.services.ec2.model.TrafficMirrorNetworkService;
import software.amazon.awssdk.services.ec2.model.TrafficMirrorRuleAction;
import software.amazon.awssdk.services.ec2.model.TrafficMirrorSession;
import software.amazon.awssdk.services.ec2.model.TrafficMirrorSessionField;
import software.amazon.awssdk.services.ec2.model.TrafficMirrorTarget;
import software.amazon.awssdk.services.ec2.model.TrafficMirrorTargetType;

/**
 * Drives every action and its error paths with the AWS SDK for Java v2, a client no one here wrote: if the SDK
 * parses our XML into its model and our errors into {@link Ec2Exception} with the right code and status, the
 * wire format is EC2's.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class Ec2SdkTest {
    RunningApi api;
    Ec2Client ec2;
    String client01;
    String client02;

    @BeforeAll void start(@TempDir Path dir) throws Exception {
        api = new RunningApi(dir);
        ec2 = api.ec2();
        client01 = api.registerInterface("client01", "eth0", "10.100.0.223", "02:00:0a:64:00:df");
        client02 = api.registerInterface("client02", "eth0", "10.100.0.177", "02:00:0a:64:00:b1");
    }

    @AfterAll void stop() {
        ec2.close();
        api.close();
    }

    @Test void seedScenarioThroughTheSdk() {
        TrafficMirrorTarget target = ec2.createTrafficMirrorTarget(b -> b.networkInterfaceId(client02).description("Client02")
                .tagSpecifications(tags(ResourceType.TRAFFIC_MIRROR_TARGET, "Name", "client02-target"))).trafficMirrorTarget();
        assertThat(target.trafficMirrorTargetId()).matches("tmt-[0-9a-f]{17}");
        assertThat(target.networkInterfaceId()).isEqualTo(client02);
        assertThat(target.type()).isEqualTo(TrafficMirrorTargetType.NETWORK_INTERFACE);
        assertThat(target.ownerId()).isEqualTo("000000000000");
        assertThat(target.tags()).containsExactly(Tag.builder().key("Name").value("client02-target").build());

        TrafficMirrorFilter filter = ec2.createTrafficMirrorFilter(b -> b.description("all traffic")).trafficMirrorFilter();
        assertThat(filter.trafficMirrorFilterId()).matches("tmf-[0-9a-f]{17}");
        CreateTrafficMirrorFilterRuleResponse in = ec2.createTrafficMirrorFilterRule(b -> b.trafficMirrorFilterId(filter.trafficMirrorFilterId())
                .trafficDirection(TrafficDirection.INGRESS).ruleNumber(100).ruleAction(TrafficMirrorRuleAction.ACCEPT)
                .sourceCidrBlock("0.0.0.0/0").destinationCidrBlock("0.0.0.0/0").description("inbound"));
        assertThat(in.clientToken()).isNotEmpty(); // the SDK always sends one, and EC2 echoes it
        TrafficMirrorFilterRule out = ec2.createTrafficMirrorFilterRule(b -> b.trafficMirrorFilterId(filter.trafficMirrorFilterId())
                .trafficDirection(TrafficDirection.EGRESS).ruleNumber(100).ruleAction(TrafficMirrorRuleAction.ACCEPT).protocol(6)
                .destinationPortRange(r -> r.fromPort(80).toPort(80)).sourceCidrBlock("10.100.0.0/16").destinationCidrBlock("0.0.0.0/0"))
                .trafficMirrorFilterRule();
        assertThat(out.trafficMirrorFilterRuleId()).matches("tmfr-[0-9a-f]{17}");
        assertThat(out.protocol()).isEqualTo(6);
        assertThat(out.destinationPortRange().fromPort()).isEqualTo(80);
        assertThat(out.sourcePortRange()).isNull();

        CreateTrafficMirrorSessionResponse created = ec2.createTrafficMirrorSession(b -> b.networkInterfaceId(client01)
                .trafficMirrorTargetId(target.trafficMirrorTargetId()).trafficMirrorFilterId(filter.trafficMirrorFilterId())
                .sessionNumber(1).virtualNetworkId(7348185).description("seed"));
        TrafficMirrorSession session = created.trafficMirrorSession();
        assertThat(session.trafficMirrorSessionId()).matches("tms-[0-9a-f]{17}");
        assertThat(session.virtualNetworkId()).isEqualTo(7348185);
        assertThat(session.sessionNumber()).isEqualTo(1);
        assertThat(session.packetLength()).isNull();

        TrafficMirrorFilter described = ec2.describeTrafficMirrorFilters(b -> b.trafficMirrorFilterIds(filter.trafficMirrorFilterId()))
                .trafficMirrorFilters().getFirst();
        assertThat(described.ingressFilterRules()).extracting(TrafficMirrorFilterRule::description).containsExactly("inbound");
        assertThat(described.egressFilterRules()).extracting(TrafficMirrorFilterRule::trafficMirrorFilterRuleId)
                .containsExactly(out.trafficMirrorFilterRuleId());
        assertThat(ec2.describeTrafficMirrorSessions(b -> b.filters(filter("network-interface-id", client01))).trafficMirrorSessions())
                .extracting(TrafficMirrorSession::trafficMirrorSessionId).containsExactly(session.trafficMirrorSessionId());
        assertThat(ec2.describeTrafficMirrorTargets(b -> b.filters(filter("network-interface-id", client02))).trafficMirrorTargets())
                .extracting(TrafficMirrorTarget::trafficMirrorTargetId).containsExactly(target.trafficMirrorTargetId());

        assertThat(ec2.describeTrafficMirrorFilterRules(b -> b.trafficMirrorFilterId(filter.trafficMirrorFilterId())
                .filters(filter("traffic-direction", "egress"), filter("protocol", "6"))).trafficMirrorFilterRules())
                .extracting(TrafficMirrorFilterRule::trafficMirrorFilterRuleId).containsExactly(out.trafficMirrorFilterRuleId());
        assertThat(ec2.describeTrafficMirrorFilterRules(b -> b.trafficMirrorFilterRuleIds(in.trafficMirrorFilterRule().trafficMirrorFilterRuleId()))
                .trafficMirrorFilterRules()).extracting(TrafficMirrorFilterRule::description).containsExactly("inbound");
        assertCode(() -> ec2.describeTrafficMirrorFilterRules(b -> b.trafficMirrorFilterId("tmf-0123456789abcdef0")),
                "InvalidTrafficMirrorFilterId.NotFound", 400);

        // Modify with RemoveField, as the AWS CLI's --remove-fields sends it.
        TrafficMirrorFilterRule modified = ec2.modifyTrafficMirrorFilterRule(b -> b.trafficMirrorFilterRuleId(out.trafficMirrorFilterRuleId())
                .removeFields(TrafficMirrorFilterRuleField.DESTINATION_PORT_RANGE).ruleNumber(200)).trafficMirrorFilterRule();
        assertThat(modified.destinationPortRange()).isNull();
        assertThat(modified.ruleNumber()).isEqualTo(200);
        TrafficMirrorSession changed = ec2.modifyTrafficMirrorSession(b -> b.trafficMirrorSessionId(session.trafficMirrorSessionId())
                .packetLength(100).removeFields(TrafficMirrorSessionField.DESCRIPTION)).trafficMirrorSession();
        assertThat(changed.packetLength()).isEqualTo(100);
        assertThat(changed.description()).isNull();
        TrafficMirrorFilter dns = ec2.modifyTrafficMirrorFilterNetworkServices(b -> b.trafficMirrorFilterId(filter.trafficMirrorFilterId())
                .addNetworkServices(TrafficMirrorNetworkService.AMAZON_DNS)).trafficMirrorFilter();
        assertThat(dns.networkServices()).containsExactly(TrafficMirrorNetworkService.AMAZON_DNS);

        // A filter or target in use cannot go; after the session, both can.
        assertCode(() -> ec2.deleteTrafficMirrorFilter(b -> b.trafficMirrorFilterId(filter.trafficMirrorFilterId())), "TrafficMirrorFilterInUse", 400);
        assertCode(() -> ec2.deleteTrafficMirrorTarget(b -> b.trafficMirrorTargetId(target.trafficMirrorTargetId())),
                "TrafficMirrorTargetInUseException", 400);
        assertThat(ec2.deleteTrafficMirrorSession(b -> b.trafficMirrorSessionId(session.trafficMirrorSessionId())).trafficMirrorSessionId())
                .isEqualTo(session.trafficMirrorSessionId());
        assertThat(ec2.deleteTrafficMirrorFilterRule(b -> b.trafficMirrorFilterRuleId(in.trafficMirrorFilterRule().trafficMirrorFilterRuleId()))
                .trafficMirrorFilterRuleId()).isEqualTo(in.trafficMirrorFilterRule().trafficMirrorFilterRuleId());
        assertThat(ec2.deleteTrafficMirrorFilter(b -> b.trafficMirrorFilterId(filter.trafficMirrorFilterId())).trafficMirrorFilterId())
                .isEqualTo(filter.trafficMirrorFilterId());
        assertThat(ec2.deleteTrafficMirrorTarget(b -> b.trafficMirrorTargetId(target.trafficMirrorTargetId())).trafficMirrorTargetId())
                .isEqualTo(target.trafficMirrorTargetId());
        assertCode(() -> ec2.describeTrafficMirrorSessions(b -> b.trafficMirrorSessionIds(session.trafficMirrorSessionId())),
                "InvalidTrafficMirrorSessionId.NotFound", 400);
    }

    @Test void describeFiltersAndPagesLikeEc2() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            int n = i;
            ids.add(ec2.createTrafficMirrorFilter(b -> b.description("paged-" + n)
                    .tagSpecifications(tags(ResourceType.TRAFFIC_MIRROR_FILTER, "group", n % 2 == 0 ? "even" : "odd")))
                    .trafficMirrorFilter().trafficMirrorFilterId());
        }
        DescribeTrafficMirrorFiltersResponse first = ec2.describeTrafficMirrorFilters(b -> b.maxResults(5).filters(filter("description", "paged-*")));
        assertThat(first.trafficMirrorFilters()).hasSize(5);
        assertThat(first.nextToken()).isNotNull();
        DescribeTrafficMirrorFiltersResponse second = ec2.describeTrafficMirrorFilters(b -> b.maxResults(5).nextToken(first.nextToken())
                .filters(filter("description", "paged-*")));
        assertThat(second.nextToken()).isNull();
        List<String> seen = new ArrayList<>();
        first.trafficMirrorFilters().forEach(f -> seen.add(f.trafficMirrorFilterId()));
        second.trafficMirrorFilters().forEach(f -> seen.add(f.trafficMirrorFilterId()));
        assertThat(seen).containsExactlyElementsOf(ids);
        // The SDK's paginator follows nextToken by itself.
        assertThat(ec2.describeTrafficMirrorFiltersPaginator(b -> b.maxResults(5).filters(filter("tag:group", "even"))).trafficMirrorFilters()
                .stream().map(TrafficMirrorFilter::trafficMirrorFilterId)).containsExactly(ids.get(0), ids.get(2), ids.get(4), ids.get(6));
        assertThat(ec2.describeTrafficMirrorFilters(b -> b.filters(filter("description", "paged-1", "paged-3"), filter("tag-key", "group")))
                .trafficMirrorFilters()).extracting(TrafficMirrorFilter::trafficMirrorFilterId).containsExactly(ids.get(1), ids.get(3));
        assertCode(() -> ec2.describeTrafficMirrorFilters(b -> b.maxResults(4)), "InvalidParameterValue", 400);
        assertCode(() -> ec2.describeTrafficMirrorFilters(b -> b.filters(filter("no-such-filter", "x"))), "InvalidParameterValue", 400);
        assertCode(() -> ec2.describeTrafficMirrorFilters(b -> b.maxResults(5).nextToken("!!garbage")), "InvalidPaginationToken", 400);
        for (String id : ids) ec2.deleteTrafficMirrorFilter(b -> b.trafficMirrorFilterId(id));
    }

    @Test void dryRunChecksWithoutChanging() {
        int before = api.server.state().filters().size();
        assertCode(() -> ec2.createTrafficMirrorFilter(b -> b.dryRun(true)), "DryRunOperation", 412);
        assertThat(api.server.state().filters()).hasSize(before);
        // A DryRun that would fail reports the real error, not DryRunOperation.
        assertCode(() -> ec2.deleteTrafficMirrorFilter(b -> b.trafficMirrorFilterId("tmf-0123456789abcdef0").dryRun(true)),
                "InvalidTrafficMirrorFilterId.NotFound", 400);
        assertCode(() -> ec2.describeTrafficMirrorSessions(b -> b.dryRun(true)), "DryRunOperation", 412);
    }

    @Test void clientTokenMakesCreatesIdempotent() {
        String first = ec2.createTrafficMirrorFilter(b -> b.clientToken("token-1").description("once")).trafficMirrorFilter().trafficMirrorFilterId();
        String again = ec2.createTrafficMirrorFilter(b -> b.clientToken("token-1").description("once")).trafficMirrorFilter().trafficMirrorFilterId();
        assertThat(again).isEqualTo(first);
        assertThat(api.server.state().filters().values().stream().filter(f -> "once".equals(f.description()))).hasSize(1);
        assertCode(() -> ec2.createTrafficMirrorFilter(b -> b.clientToken("token-1").description("other")), "IdempotentParameterMismatch", 400);
        ec2.deleteTrafficMirrorFilter(b -> b.trafficMirrorFilterId(first));
    }

    @Test void registryErrorsKeepTheirAwsCodes() {
        String filter = ec2.createTrafficMirrorFilter(b -> b.description("errors")).trafficMirrorFilter().trafficMirrorFilterId();
        String target = ec2.createTrafficMirrorTarget(b -> b.networkInterfaceId(client02)).trafficMirrorTarget().trafficMirrorTargetId();
        ec2.createTrafficMirrorFilterRule(b -> b.trafficMirrorFilterId(filter).trafficDirection(TrafficDirection.INGRESS).ruleNumber(1)
                .ruleAction(TrafficMirrorRuleAction.ACCEPT).sourceCidrBlock("0.0.0.0/0").destinationCidrBlock("0.0.0.0/0"));
        assertCode(() -> ec2.createTrafficMirrorFilterRule(b -> b.trafficMirrorFilterId(filter).trafficDirection(TrafficDirection.INGRESS)
                .ruleNumber(1).ruleAction(TrafficMirrorRuleAction.REJECT).sourceCidrBlock("0.0.0.0/0").destinationCidrBlock("0.0.0.0/0")),
                "TrafficMirrorFilterRuleAlreadyExists", 400);
        assertCode(() -> ec2.createTrafficMirrorFilterRule(b -> b.trafficMirrorFilterId(filter).trafficDirection(TrafficDirection.INGRESS)
                .ruleNumber(2).ruleAction(TrafficMirrorRuleAction.ACCEPT).sourceCidrBlock("0.0.0.0/0").destinationCidrBlock("::/0")),
                "InvalidParameterValue", 400);
        assertCode(() -> ec2.createTrafficMirrorFilterRule(b -> b.trafficMirrorFilterId(filter).trafficDirection(TrafficDirection.INGRESS)
                .ruleNumber(2).ruleAction(TrafficMirrorRuleAction.ACCEPT).sourceCidrBlock("0.0.0.0/0")), "MissingParameter", 400);
        for (int n = 1; n <= 3; n++) {
            int number = n;
            ec2.createTrafficMirrorSession(b -> b.networkInterfaceId(client01).trafficMirrorTargetId(target).trafficMirrorFilterId(filter)
                    .sessionNumber(number));
        }
        assertCode(() -> ec2.createTrafficMirrorSession(b -> b.networkInterfaceId(client01).trafficMirrorTargetId(target)
                .trafficMirrorFilterId(filter).sessionNumber(4)), "TrafficMirrorSessionsPerInterfaceLimitExceeded", 400);
        assertCode(() -> ec2.createTrafficMirrorSession(b -> b.networkInterfaceId(client01).trafficMirrorTargetId(target)
                .trafficMirrorFilterId(filter).sessionNumber(40000)), "InvalidParameterValue", 400);
        assertCode(() -> ec2.createTrafficMirrorSession(b -> b.networkInterfaceId(client01).trafficMirrorTargetId("tmt-0123456789abcdef0")
                .trafficMirrorFilterId(filter).sessionNumber(5)), "InvalidTrafficMirrorTargetId.NotFound", 400);
        assertCode(() -> ec2.modifyTrafficMirrorSession(b -> b.trafficMirrorSessionId("tms-0123456789abcdef0").packetLength(100)),
                "InvalidTrafficMirrorSessionId.NotFound", 400);
        assertCode(() -> ec2.createTrafficMirrorTarget(b -> b.networkInterfaceId("eni-0123456789abcdef0")),
                "InvalidNetworkInterfaceID.NotFound", 400);
        for (TrafficMirrorSession s : ec2.describeTrafficMirrorSessions(b -> b.filters(filter("traffic-mirror-filter-id", filter))).trafficMirrorSessions()) {
            ec2.deleteTrafficMirrorSession(b -> b.trafficMirrorSessionId(s.trafficMirrorSessionId()));
        }
        ec2.deleteTrafficMirrorFilter(b -> b.trafficMirrorFilterId(filter));
        ec2.deleteTrafficMirrorTarget(b -> b.trafficMirrorTargetId(target));
    }

    @Test void tagsAndNetworkInterfaces() {
        String filter = ec2.createTrafficMirrorFilter(b -> b.description("tagged")).trafficMirrorFilter().trafficMirrorFilterId();
        ec2.createTags(b -> b.resources(filter, client01).tags(Tag.builder().key("env").value("lab").build(), Tag.builder().key("team").value("net").build()));
        assertThat(ec2.describeTags(b -> b.filters(filter("resource-id", filter))).tags())
                .extracting(t -> t.key() + "=" + t.value() + "@" + t.resourceTypeAsString())
                .containsExactly("env=lab@traffic-mirror-filter", "team=net@traffic-mirror-filter");
        ec2.deleteTags(b -> b.resources(filter).tags(Tag.builder().key("env").value("other").build()));
        assertThat(ec2.describeTrafficMirrorFilters(b -> b.trafficMirrorFilterIds(filter)).trafficMirrorFilters().getFirst().tags()).hasSize(2);
        ec2.deleteTags(b -> b.resources(filter).tags(Tag.builder().key("env").build()));
        assertThat(ec2.describeTrafficMirrorFilters(b -> b.trafficMirrorFilterIds(filter)).trafficMirrorFilters().getFirst().tags())
                .containsExactly(Tag.builder().key("team").value("net").build());
        assertCode(() -> ec2.createTags(b -> b.resources("tmf-0123456789abcdef0").tags(Tag.builder().key("k").value("v").build())),
                "InvalidTrafficMirrorFilterId.NotFound", 400);

        NetworkInterface eni = ec2.describeNetworkInterfaces(b -> b.filters(filter("tag:env", "lab"))).networkInterfaces().getFirst();
        assertThat(eni.networkInterfaceId()).isEqualTo(client01);
        assertThat(eni.privateIpAddress()).isEqualTo("10.100.0.223");
        assertThat(eni.macAddress()).isEqualTo("02:00:0a:64:00:df");
        assertThat(eni.privateIpAddresses().getFirst().primary()).isTrue();
        assertThat(ec2.describeNetworkInterfaces(b -> b.filters(filter("addresses.private-ip-address", "10.100.0.177"))).networkInterfaces())
                .extracting(NetworkInterface::networkInterfaceId).containsExactly(client02);
        assertCode(() -> ec2.describeNetworkInterfaces(b -> b.networkInterfaceIds("eni-0123456789abcdef0")), "InvalidNetworkInterfaceID.NotFound", 400);
        ec2.deleteTags(b -> b.resources(client01));
        ec2.deleteTrafficMirrorFilter(b -> b.trafficMirrorFilterId(filter));

        // An interface that is a mirror target cannot go; a source interface takes its sessions with it.
        String spare = registerQuietly("spare", "eth1", "10.100.0.50");
        String spareTarget = registerQuietly("spare-target", "eth1", "10.100.0.51");
        String target = ec2.createTrafficMirrorTarget(b -> b.networkInterfaceId(spareTarget)).trafficMirrorTarget().trafficMirrorTargetId();
        String f = ec2.createTrafficMirrorFilter(b -> b.description("spare")).trafficMirrorFilter().trafficMirrorFilterId();
        ec2.createTrafficMirrorSession(b -> b.networkInterfaceId(spare).trafficMirrorTargetId(target).trafficMirrorFilterId(f).sessionNumber(1));
        assertCode(() -> ec2.deleteNetworkInterface(b -> b.networkInterfaceId(spareTarget)), "InvalidNetworkInterface.InUse", 400);
        ec2.deleteNetworkInterface(b -> b.networkInterfaceId(spare));
        assertThat(api.server.state().sessions().values()).noneMatch(s -> s.networkInterfaceId().equals(spare));
        assertCode(() -> ec2.deleteNetworkInterface(b -> b.networkInterfaceId(spare)), "InvalidNetworkInterfaceID.NotFound", 400);
        ec2.deleteTrafficMirrorTarget(b -> b.trafficMirrorTargetId(target));
        ec2.deleteTrafficMirrorFilter(b -> b.trafficMirrorFilterId(f));
        ec2.deleteNetworkInterface(b -> b.networkInterfaceId(spareTarget));
    }

    private String registerQuietly(String host, String device, String ip) {
        try {
            return api.registerInterface(host, device, ip, null);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test void signatureFailuresAreRefused() {
        try (Ec2Client wrongSecret = api.ec2(RunningApi.KEY_ID, "not-the-secret")) {
            assertCode(() -> wrongSecret.describeTrafficMirrorFilters(b -> { }), "SignatureDoesNotMatch", 403);
        }
        try (Ec2Client unknownKey = api.ec2("AKIDUNKNOWN000000000", RunningApi.SECRET)) {
            assertCode(() -> unknownKey.describeTrafficMirrorFilters(b -> { }), "AuthFailure", 401);
        }
    }

    static TagSpecification tags(ResourceType type, String key, String value) {
        return TagSpecification.builder().resourceType(type).tags(Tag.builder().key(key).value(value).build()).build();
    }

    static Filter filter(String name, String... values) {
        return Filter.builder().name(name).values(values).build();
    }

    static void assertCode(Runnable call, String code, int status) {
        Ec2Exception e = catchThrowableOfType(Ec2Exception.class, call::run);
        assertThat(e).as("expected %s", code).isNotNull();
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo(code);
        assertThat(e.statusCode()).isEqualTo(status);
        assertThat(e.requestId()).isNotBlank();
    }
}
