package net.trafficmirror.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import net.trafficmirror.mirror.MirrorState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.TrafficDirection;
import software.amazon.awssdk.services.ec2.model.TrafficMirrorFilter;
import software.amazon.awssdk.services.ec2.model.TrafficMirrorRuleAction;

/** Everything acknowledged survives a clean restart and a kill -9 of the server process. */
class PersistenceTest {
    @TempDir Path dir;

    @Test void stateAndClientTokensSurviveARestart() throws Exception {
        Path db = dir.resolve("state.db");
        MirrorState before;
        String filter;
        try (RunningApi api = new RunningApi(db, net.trafficmirror.mirror.Quotas.AWS); Ec2Client ec2 = api.ec2()) {
            String client01 = api.registerInterface("client01", "eth0", "10.100.0.223", "02:00:0a:64:00:df");
            String client02 = api.registerInterface("client02", "eth0", "10.100.0.177", "02:00:0a:64:00:b1");
            String target = ec2.createTrafficMirrorTarget(b -> b.networkInterfaceId(client02)).trafficMirrorTarget().trafficMirrorTargetId();
            filter = ec2.createTrafficMirrorFilter(b -> b.clientToken("restart-token").description("kept")).trafficMirrorFilter().trafficMirrorFilterId();
            ec2.createTrafficMirrorFilterRule(b -> b.trafficMirrorFilterId(filter).trafficDirection(TrafficDirection.INGRESS).ruleNumber(10)
                    .ruleAction(TrafficMirrorRuleAction.ACCEPT).protocol(17).sourcePortRange(p -> p.fromPort(53).toPort(53))
                    .sourceCidrBlock("10.0.0.0/8").destinationCidrBlock("0.0.0.0/0"));
            ec2.createTrafficMirrorFilterRule(b -> b.trafficMirrorFilterId(filter).trafficDirection(TrafficDirection.EGRESS).ruleNumber(10)
                    .ruleAction(TrafficMirrorRuleAction.REJECT).sourceCidrBlock("::/0").destinationCidrBlock("2001:db8::/32"));
            ec2.createTrafficMirrorSession(b -> b.networkInterfaceId(client01).trafficMirrorTargetId(target).trafficMirrorFilterId(filter)
                    .sessionNumber(1).packetLength(128));
            ec2.createTags(b -> b.resources(filter).tags(t -> t.key("z").value("1"), t -> t.key("a").value("2")));
            String gone = ec2.createTrafficMirrorFilter(b -> b.description("deleted")).trafficMirrorFilter().trafficMirrorFilterId();
            ec2.deleteTrafficMirrorFilter(b -> b.trafficMirrorFilterId(gone));
            before = api.server.state();
        }
        try (RunningApi api = new RunningApi(db, net.trafficmirror.mirror.Quotas.AWS); Ec2Client ec2 = api.ec2()) {
            assertThat(api.server.state()).isEqualTo(before);
            assertThat(new String(StateJson.write(api.server.state()))).isEqualTo(new String(StateJson.write(before)));
            // The token still names the filter it created.
            TrafficMirrorFilter again = ec2.createTrafficMirrorFilter(b -> b.clientToken("restart-token").description("kept")).trafficMirrorFilter();
            assertThat(again.trafficMirrorFilterId()).isEqualTo(filter);
            assertThat(api.server.state().version()).isEqualTo(before.version());
        }
    }

    @Test void acknowledgedChangesSurviveKillDashNine() throws Exception {
        Path db = dir.resolve("killed.db");
        Path endpointFile = dir.resolve("endpoint");
        Process child = ChildApi.start(db, endpointFile);
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService writers = Executors.newFixedThreadPool(4);
        try (Ec2Client ec2 = client(URI.create(Files.readString(endpointFile)))) {
            for (int w = 0; w < 4; w++) {
                writers.submit(() -> {
                    while (!stop.get()) {
                        try {
                            acknowledged.add(ec2.createTrafficMirrorFilter(b -> b.description("durable")).trafficMirrorFilter().trafficMirrorFilterId());
                        } catch (RuntimeException killed) {
                            return; // the server died under this request: it was never acknowledged
                        }
                    }
                });
            }
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (acknowledged.size() < 25 && System.nanoTime() < deadline) Thread.sleep(20);
            child.destroyForcibly(); // SIGKILL on Linux: no shutdown hook, no clean close
            child.waitFor(10, TimeUnit.SECONDS);
            stop.set(true);
        } finally {
            writers.shutdown();
            writers.awaitTermination(20, TimeUnit.SECONDS);
            if (child.isAlive()) child.destroyForcibly();
        }
        assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(25);

        child = ChildApi.start(db, endpointFile);
        try (Ec2Client ec2 = client(URI.create(Files.readString(endpointFile)))) {
            List<String> stored = ec2.describeTrafficMirrorFiltersPaginator(b -> b.maxResults(1000)).trafficMirrorFilters().stream()
                    .map(TrafficMirrorFilter::trafficMirrorFilterId).toList();
            assertThat(stored).containsAll(acknowledged);
            assertThat(stored).doesNotHaveDuplicates();
        } finally {
            child.destroyForcibly();
            child.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static Ec2Client client(URI endpoint) {
        return Ec2Client.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                .credentialsProvider(() -> AwsBasicCredentials.create(RunningApi.KEY_ID, RunningApi.SECRET))
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry())).build();
    }
}
