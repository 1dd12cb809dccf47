package net.trafficmirror.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import net.trafficmirror.mirror.Cidr;
import net.trafficmirror.mirror.MirrorState;
import net.trafficmirror.mirror.NetworkInterface;
import net.trafficmirror.mirror.Quotas;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ec2.Ec2Client;

/** An agent's view: registration, changes within a second by long poll, and riding out an API restart. */
class ControlPlaneClientTest {
    @TempDir Path dir;

    @Test void changesArriveWithinASecondAndSurviveARestart() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        Path db = dir.resolve("state.db");
        ApiServer server = start(db, port);
        LinkedBlockingQueue<MirrorState> seen = new LinkedBlockingQueue<>();
        LinkedBlockingQueue<String> errors = new LinkedBlockingQueue<>();
        try (ControlPlaneClient client = new ControlPlaneClient(server.endpoint(), RunningApi.KEY_ID, RunningApi.SECRET, null)) {
            NetworkInterface eth0 = new NetworkInterface(null, "client01", "eth0", List.of(Cidr.parseAddress("10.100.0.223")), List.of(),
                    "02:00:0a:64:00:df", null, null, null, Map.of());
            NetworkInterface registered = client.register(eth0);
            assertThat(registered.id()).matches("eni-[0-9a-f]{17}");
            // Registering the same host and device again keeps the id, as an agent restarting needs.
            assertThat(client.register(eth0).id()).isEqualTo(registered.id());
            assertThat(client.fetch().networkInterfaces()).containsKey(registered.id());
            client.start(seen::add, errors::add);
            MirrorState first = seen.poll(5, TimeUnit.SECONDS);
            assertThat(first).isNotNull();
            assertThat(first.networkInterfaces()).containsKey(registered.id());

            try (Ec2Client ec2 = Ec2Client.builder().endpointOverride(server.endpoint()).region(software.amazon.awssdk.regions.Region.US_EAST_1)
                    .credentialsProvider(() -> software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create(RunningApi.KEY_ID, RunningApi.SECRET))
                    .build()) {
                ec2.describeTrafficMirrorFilters(b -> { }); // warm the SDK up, so what is timed is our path
                Thread.sleep(200); // let the client's long poll start waiting
                long asked = System.nanoTime();
                String filter = ec2.createTrafficMirrorFilter(b -> b.description("live")).trafficMirrorFilter().trafficMirrorFilterId();
                MirrorState next = seen.poll(1, TimeUnit.SECONDS);
                long latencyMillis = (System.nanoTime() - asked) / 1_000_000;
                assertThat(next).as("a change reaches the client within a second").isNotNull();
                assertThat(next.filters()).containsKey(filter);
                assertThat(latencyMillis).isLessThan(1000);
            }

            server.close();
            Thread.sleep(500);
            assertThat(client.connected()).isFalse();
            assertThat(errors.poll(5, TimeUnit.SECONDS)).contains("unreachable, keeping the last configuration");
            assertThat(client.last().filters()).hasSize(1); // the last configuration is kept
            assertThat(seen).isEmpty();

            server = start(db, port);
            try (Ec2Client ec2 = Ec2Client.builder().endpointOverride(server.endpoint()).region(software.amazon.awssdk.regions.Region.US_EAST_1)
                    .credentialsProvider(() -> software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create(RunningApi.KEY_ID, RunningApi.SECRET))
                    .build()) {
                String filter = ec2.createTrafficMirrorFilter(b -> b.description("after restart")).trafficMirrorFilter().trafficMirrorFilterId();
                MirrorState after = seen.poll(15, TimeUnit.SECONDS);
                while (after != null && !after.filters().containsKey(filter)) after = seen.poll(15, TimeUnit.SECONDS);
                assertThat(after).isNotNull();
                assertThat(after.networkInterfaces()).containsKey(registered.id());
                assertThat(client.connected()).isTrue();
            }
        } finally {
            server.close();
        }
    }

    private static ApiServer start(Path db, int port) throws Exception {
        return ApiServer.start(new ApiServer.Options(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), db,
                AccessKeys.of(RunningApi.KEY_ID, RunningApi.SECRET), null, ApiServer.Options.DEFAULT_OWNER_ID, Quotas.AWS),
                new SimpleMeterRegistry(), Clock.systemUTC());
    }
}
