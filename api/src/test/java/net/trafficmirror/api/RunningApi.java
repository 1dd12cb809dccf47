package net.trafficmirror.api;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import net.trafficmirror.mirror.Cidr;
import net.trafficmirror.mirror.NetworkInterface;
import net.trafficmirror.mirror.Quotas;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;

/** An API server on an ephemeral loopback port with a fresh database, and clients for it. */
final class RunningApi implements AutoCloseable {
    static final String KEY_ID = "AKIDTMIRRORTEST00001";
    static final String SECRET = "tmirror/test/secret/key/0123456789abcdef";

    final ApiServer server;
    final Path database;

    RunningApi(Path dir) throws IOException {
        this(dir.resolve("state.db"), Quotas.AWS);
    }

    RunningApi(Path database, Quotas quotas) throws IOException {
        this.database = database;
        this.server = ApiServer.start(new ApiServer.Options(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), database,
                AccessKeys.of(KEY_ID, SECRET), null, ApiServer.Options.DEFAULT_OWNER_ID, quotas), new SimpleMeterRegistry(), Clock.systemUTC());
    }

    Ec2Client ec2() {
        return ec2(KEY_ID, SECRET);
    }

    Ec2Client ec2(String keyId, String secret) {
        return Ec2Client.builder().endpointOverride(server.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(keyId, secret)))
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    ControlPlaneClient client() {
        return new ControlPlaneClient(server.endpoint(), KEY_ID, SECRET, null);
    }

    /** Registers an interface the way an agent does, and returns its eni- id. */
    String registerInterface(String host, String device, String ipv4, String mac) throws Exception {
        try (ControlPlaneClient c = client()) {
            return c.register(new NetworkInterface(null, host, device, List.of(Cidr.parseAddress(ipv4)), List.of(), mac,
                    Cidr.parse("10.100.0.0/24"), Cidr.parse("10.100.0.0/16"), null, Map.of())).id();
        }
    }

    @Override public void close() {
        server.close();
    }
}
