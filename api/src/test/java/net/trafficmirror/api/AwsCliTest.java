package net.trafficmirror.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import net.trafficmirror.mirror.MirrorSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seed's step 3 with the real AWS CLI ({@code aws ec2 ... --endpoint-url}), unchanged: target on Client02's
 * registered interface, a filter with inbound and outbound rules, a session from Client01's interface; then
 * describe, modify, and the errors the CLI shows. Skipped when {@code aws} is missing, unless CI=true.
 */
class AwsCliTest {
    @TempDir Path dir;

    record Result(int exit, String out, String err) {
        JsonNode json() throws IOException { return StateJson.MAPPER.readTree(out); }
    }

    static boolean awsInstalled() {
        try {
            Process p = new ProcessBuilder("aws", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    Result aws(RunningApi api, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("aws", "ec2"));
        command.addAll(List.of(args));
        command.addAll(List.of("--endpoint-url", api.server.endpoint().toString(), "--region", "us-east-1", "--output", "json"));
        ProcessBuilder pb = new ProcessBuilder(command);
        Map<String, String> env = pb.environment();
        env.put("AWS_ACCESS_KEY_ID", RunningApi.KEY_ID);
        env.put("AWS_SECRET_ACCESS_KEY", RunningApi.SECRET);
        env.remove("AWS_SESSION_TOKEN");
        env.remove("AWS_PROFILE");
        env.put("AWS_CONFIG_FILE", dir.resolve("no-config").toString());
        env.put("AWS_SHARED_CREDENTIALS_FILE", dir.resolve("no-credentials").toString());
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        env.put("AWS_PAGER", "");
        Path out = dir.resolve("aws.out");
        Path err = dir.resolve("aws.err");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("aws %s finished", command).isTrue();
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    Result ok(RunningApi api, String... args) throws Exception {
        Result r = aws(api, args);
        assertThat(r.exit()).as("aws ec2 %s: %s", args[0], r.err()).isZero();
        return r;
    }

    @Test void seedStepsWithTheAwsCli() throws Exception {
        boolean ci = "true".equals(System.getenv("CI"));
        assumeTrue(ci || awsInstalled(), "the AWS CLI (aws) is not installed");
        try (RunningApi api = new RunningApi(dir)) {
            String client01 = api.registerInterface("client01", "eth0", "10.100.0.223", "02:00:0a:64:00:df");
            String client02 = api.registerInterface("client02", "eth0", "10.100.0.177", "02:00:0a:64:00:b1");

            // "Note each instance's ENI": find Client02's by its address, as one would in the console.
            JsonNode enis = ok(api, "describe-network-interfaces", "--filters", "Name=addresses.private-ip-address,Values=10.100.0.177").json();
            assertThat(enis.path("NetworkInterfaces")).hasSize(1);
            assertThat(enis.path("NetworkInterfaces").get(0).path("NetworkInterfaceId").asText()).isEqualTo(client02);
            assertThat(enis.path("NetworkInterfaces").get(0).path("MacAddress").asText()).isEqualTo("02:00:0a:64:00:b1");

            JsonNode target = ok(api, "create-traffic-mirror-target", "--network-interface-id", client02, "--description", "Client02").json()
                    .path("TrafficMirrorTarget");
            String targetId = target.path("TrafficMirrorTargetId").asText();
            assertThat(targetId).matches("tmt-[0-9a-f]{17}");
            assertThat(target.path("Type").asText()).isEqualTo("network-interface");

            String filterId = ok(api, "create-traffic-mirror-filter", "--description", "seed filter",
                    "--tag-specifications", "ResourceType=traffic-mirror-filter,Tags=[{Key=Name,Value=seed}]").json()
                    .path("TrafficMirrorFilter").path("TrafficMirrorFilterId").asText();
            JsonNode inbound = ok(api, "create-traffic-mirror-filter-rule", "--traffic-mirror-filter-id", filterId, "--traffic-direction", "ingress",
                    "--rule-number", "100", "--rule-action", "accept", "--source-cidr-block", "0.0.0.0/0", "--destination-cidr-block", "0.0.0.0/0",
                    "--description", "all inbound").json().path("TrafficMirrorFilterRule");
            assertThat(inbound.path("TrafficDirection").asText()).isEqualTo("ingress");
            String outboundId = ok(api, "create-traffic-mirror-filter-rule", "--traffic-mirror-filter-id", filterId, "--traffic-direction", "egress",
                    "--rule-number", "100", "--rule-action", "accept", "--protocol", "6", "--destination-port-range", "FromPort=80,ToPort=80",
                    "--source-cidr-block", "0.0.0.0/0", "--destination-cidr-block", "0.0.0.0/0").json()
                    .path("TrafficMirrorFilterRule").path("TrafficMirrorFilterRuleId").asText();

            JsonNode session = ok(api, "create-traffic-mirror-session", "--network-interface-id", client01, "--traffic-mirror-target-id", targetId,
                    "--traffic-mirror-filter-id", filterId, "--session-number", "1", "--virtual-network-id", "7348185").json();
            assertThat(session.path("ClientToken").asText()).isNotEmpty();
            String sessionId = session.path("TrafficMirrorSession").path("TrafficMirrorSessionId").asText();

            JsonNode sessions = ok(api, "describe-traffic-mirror-sessions", "--filters", "Name=network-interface-id,Values=" + client01).json();
            assertThat(sessions.path("TrafficMirrorSessions")).hasSize(1);
            JsonNode s = sessions.path("TrafficMirrorSessions").get(0);
            assertThat(s.path("TrafficMirrorSessionId").asText()).isEqualTo(sessionId);
            assertThat(s.path("VirtualNetworkId").asInt()).isEqualTo(7348185);
            assertThat(s.path("TrafficMirrorTargetId").asText()).isEqualTo(targetId);
            JsonNode filters = ok(api, "describe-traffic-mirror-filters", "--traffic-mirror-filter-ids", filterId).json().path("TrafficMirrorFilters");
            assertThat(filters.get(0).path("IngressFilterRules")).hasSize(1);
            assertThat(filters.get(0).path("EgressFilterRules").get(0).path("DestinationPortRange").path("FromPort").asInt()).isEqualTo(80);
            assertThat(filters.get(0).path("Tags").get(0).path("Value").asText()).isEqualTo("seed");

            // What the agents follow is what the CLI configured.
            MirrorSession live = api.server.state().sessions().get(sessionId);
            assertThat(live.vni()).isEqualTo(7348185);
            assertThat(live.networkInterfaceId()).isEqualTo(client01);

            JsonNode modified = ok(api, "modify-traffic-mirror-filter-rule", "--traffic-mirror-filter-rule-id", outboundId,
                    "--remove-fields", "destination-port-range", "protocol").json().path("TrafficMirrorFilterRule");
            assertThat(modified.has("DestinationPortRange")).isFalse();
            assertThat(modified.has("Protocol")).isFalse();

            Result inUse = aws(api, "delete-traffic-mirror-filter", "--traffic-mirror-filter-id", filterId);
            assertThat(inUse.exit()).isNotZero();
            assertThat(inUse.err()).contains("(TrafficMirrorFilterInUse)");
            Result badSession = aws(api, "create-traffic-mirror-session", "--network-interface-id", client01, "--traffic-mirror-target-id", targetId,
                    "--traffic-mirror-filter-id", filterId, "--session-number", "1", "--packet-length", "9000");
            assertThat(badSession.exit()).isNotZero();
            assertThat(badSession.err()).contains("(InvalidParameterValue)");
            Result dryRun = aws(api, "delete-traffic-mirror-session", "--traffic-mirror-session-id", sessionId, "--dry-run");
            assertThat(dryRun.err()).contains("(DryRunOperation)");
            assertThat(api.server.state().sessions()).containsKey(sessionId);

            ok(api, "delete-traffic-mirror-session", "--traffic-mirror-session-id", sessionId);
            assertThat(api.server.state().sessions()).isEmpty();
        }
    }
}
